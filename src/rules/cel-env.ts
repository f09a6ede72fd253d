// The CEL environments rules run in. Two environments share one set of functions:
// - the check environment declares every field with its type (normalize/k8s-audit/fields.ts), so a
//   typo or a type error in a rule is a load error with a position;
// - the eval environment declares the same variables as dyn, so evaluation reads our plain objects
//   directly without converting them on every event.

import { Environment } from '@marcbachmann/cel-js';
import { AUDIT_FIELDS, AUDIT_TYPES, type FieldDoc, type FieldType } from '../normalize/k8s-audit/fields.js';
import { RUNTIME_FIELDS, RUNTIME_TYPES } from '../normalize/runtime/fields.js';
import { fileName } from '../normalize/runtime/files.js';
import { containsAny, matchesAny } from './matches-any.js';
import { pathWithin } from './path-within.js';

export type Lists = Record<string, string[]>;

const LIMITS = { maxAstNodes: 2000, maxDepth: 64, maxListElements: 1000, maxMapEntries: 1000, maxCallArguments: 16 };

function registerFunctions(env: Environment): Environment {
  return env
    .registerFunction('pathWithin(string, list<string>): bool', (p: string, list: string[]) => pathWithin(p, list), {
      description: 'True when the path equals one of the listed paths or lies below one (a listed "/" matches only "/" itself).',
    })
    .registerFunction('pathBase(string): string', fileName, {
      description: 'The part of a path after its last slash (the whole string when it has none).',
    })
    .registerFunction('string.matchesAny(list<string>): bool', (s: string, patterns: string[]) => matchesAny(s, patterns), {
      description: 'True when the string matches one of the regular expressions (as list.exists(p, s.matches(p)), with each list compiled once).',
    })
    .registerFunction('string.containsAny(list<string>): bool', containsAny, {
      description: 'True when the string contains one of the strings (as list.exists(p, s.contains(p))).',
    });
}

/** CEL schema object for a field catalog entry. */
function schemaOf(t: FieldType): unknown {
  if (typeof t === 'string') return t;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(t)) out[k] = schemaOf(v);
  return out;
}

export interface CelEnvironments {
  check: Environment;
  evaluate: Environment;
  /** The rule lists, constant for the environments' lifetime (the compiled fast path resolves them). */
  lists: Lists;
}

/** The variables and named types one event kind exposes to CEL. */
export interface FieldCatalog {
  fields: Record<string, FieldDoc>;
  types: Record<string, Record<string, string>>;
}

export const AUDIT_CATALOG: FieldCatalog = { fields: AUDIT_FIELDS, types: AUDIT_TYPES };
export const RUNTIME_CATALOG: FieldCatalog = { fields: RUNTIME_FIELDS, types: RUNTIME_TYPES };

export function buildCelEnvironments(lists: Lists, catalog: FieldCatalog = AUDIT_CATALOG): CelEnvironments {
  const check = new Environment({ limits: LIMITS, homogeneousAggregateLiterals: false });
  for (const [name, fields] of Object.entries(catalog.types)) check.registerType(name, { fields });
  for (const [name, f] of Object.entries(catalog.fields)) {
    if (typeof f.type === 'string') check.registerVariable(name, f.type);
    else check.registerVariable({ name, schema: schemaOf(f.type) as Record<string, string> });
  }
  const listSchema: Record<string, string> = {};
  for (const name of Object.keys(lists)) listSchema[name] = 'list<string>';
  if (Object.keys(listSchema).length > 0) check.registerVariable({ name: 'lists', schema: listSchema });
  else check.registerVariable('lists', 'map<string, list<string>>');
  registerFunctions(check);

  const evaluate = new Environment({ limits: LIMITS, homogeneousAggregateLiterals: false });
  for (const name of Object.keys(catalog.fields)) evaluate.registerVariable(name, 'dyn');
  evaluate.registerConstant('lists', 'dyn', lists);
  registerFunctions(evaluate);
  return { check, evaluate, lists };
}
