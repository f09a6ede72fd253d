// IP sets and threat intel sets: Vigil's threat-intelligence lists of kind trusted (IPSet: activity
// from these addresses raises no IP-based finding) and threat (ThreatIntelSet: the .Custom
// findings). Lists apply to every detector. The location is an http(s) URL or a file under the
// configured list folder; there is no S3 here, so s3:// locations are refused. Formats: TXT, STIX
// (Vigil reads STIX 2.1 JSON bundles, not STIX 1.x XML), OTX_CSV, PROOF_POINT and FIRE_EYE (read
// by Vigil's CSV reader through their header: ip, cidr, indicator, domain, ...); ALIEN_VAULT is refused.
// A list's id is derived from its name, so ids are stable across restarts and processes.

import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { putList, readListSource } from '../../app/intel.js';
import { VigilError } from '../../core/errors.js';
import type { IntelKind } from '../../store/store.js';
import { badRequest } from './errors.js';
import {
  audit, detectorOf, listQuery, optEnum, optString, optTags, paginate, reqBool, reqString,
  type GuardDutyDeps, type Operation,
} from './wire.js';

const FORMATS = ['TXT', 'STIX', 'OTX_CSV', 'ALIEN_VAULT', 'PROOF_POINT', 'FIRE_EYE'] as const;
const VIGIL_FORMAT: Record<(typeof FORMATS)[number], 'txt' | 'stix' | 'csv' | null> = {
  TXT: 'txt',
  STIX: 'stix',
  OTX_CSV: 'csv',
  PROOF_POINT: 'csv',
  FIRE_EYE: 'csv',
  ALIEN_VAULT: null,
};
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The GuardDuty id of a stored list: 32 hex characters derived from its name. */
export function listId(name: string): string {
  return createHash('sha256').update(`vigil-intel-list:${name}`, 'utf8').digest('hex').slice(0, 32);
}

/** Resolves a location to what readListSource reads: an http(s) URL, or a file inside listDir. */
function source(deps: GuardDutyDeps, location: string): string {
  if (/^https?:\/\//i.test(location)) return location;
  if (/^s3:\/\//i.test(location)) throw badRequest('The request is rejected because Vigil has no S3: give the list as an http(s) URL or as a file in the list folder (DIR/lists).');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location) && !/^file:\/\//i.test(location)) throw badRequest('The request is rejected because the location must be an http(s) URL or a file path.');
  if (deps.listDir === null) throw badRequest('The request is rejected because this Vigil reads lists only from http(s) URLs.');
  const path = /^file:\/\//i.test(location) ? fileURLToPath(location) : location;
  const root = resolve(deps.listDir);
  let real: string;
  try {
    real = realpathSync(isAbsolute(path) ? path : resolve(root, path));
  } catch {
    throw badRequest(`The request is rejected because the location ${location} cannot be read.`);
  }
  const rootReal = (() => {
    try {
      return realpathSync(root);
    } catch {
      return root;
    }
  })();
  const rel = relative(rootReal, real);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) {
    throw badRequest(`The request is rejected because local list files must be inside ${root}.`);
  }
  return real;
}

function createOperation(name: 'CreateIPSet' | 'CreateThreatIntelSet', kind: IntelKind, idMember: string, path: string): Operation {
  return {
    name,
    method: 'POST',
    path,
    role: 'admin',
    async run(deps, input) {
      await detectorOf(deps, input);
      const b = input.body;
      const listName = reqString(b, 'name', 1, 300);
      if (!NAME.test(listName)) throw badRequest('The request is rejected because Vigil list names are 1-64 letters, digits, ".", "_" or "-" (the name appears in findings as threatListName).');
      const format = optEnum(b, 'format', FORMATS);
      if (!format) throw badRequest(`The request is rejected because the required input format (${FORMATS.join(', ')}) is missing.`);
      const vigilFormat = VIGIL_FORMAT[format];
      if (!vigilFormat) throw badRequest('The request is rejected because Vigil does not read the ALIEN_VAULT format; use TXT, STIX (2.1 JSON), OTX_CSV, PROOF_POINT or FIRE_EYE.');
      const location = reqString(b, 'location', 1, 300);
      if (!reqBool(b, 'activate')) throw badRequest('The request is rejected because Vigil applies a list as soon as it is added: activate must be true.');
      optTags(b);
      optString(b, 'expectedBucketOwner', 12, 12);
      if (await deps.store.getIntelList(listName)) throw badRequest(`The request is rejected because a list named ${listName} already exists.`);
      let content: string;
      try {
        content = await readListSource(source(deps, location));
        if (vigilFormat === 'stix' && content.trimStart().startsWith('<')) throw badRequest('The request is rejected because Vigil reads STIX 2.1 JSON bundles; STIX 1.x XML is not supported.');
        const r = await putList(deps.store, { name: listName, kind, format: vigilFormat, source: location, content }, deps.now());
        await deps.onIntelChange();
        await audit(deps, input.caller, 'intel.put', { name: r.info.name, kind, entries: r.info.entries, rejected: r.info.rejected });
      } catch (e) {
        if (e instanceof VigilError && e.status < 500) throw badRequest(`The request is rejected because ${e.message}.`);
        throw e;
      }
      return { [idMember]: listId(listName) };
    },
  };
}

function listOperation(name: 'ListIPSets' | 'ListThreatIntelSets', kind: IntelKind, member: string, path: string): Operation {
  return {
    name,
    method: 'GET',
    path,
    role: 'viewer',
    async run(deps, input) {
      await detectorOf(deps, input);
      const { maxResults, nextToken } = listQuery(input);
      const ids = (await deps.store.listIntelLists()).filter((l) => l.kind === kind).map((l) => listId(l.name));
      const p = paginate(ids, maxResults, nextToken);
      return { [member]: p.page, nextToken: p.nextToken };
    },
  };
}

export const listOperations: Operation[] = [
  createOperation('CreateIPSet', 'trusted', 'ipSetId', '/detector/:DetectorId/ipset'),
  listOperation('ListIPSets', 'trusted', 'ipSetIds', '/detector/:DetectorId/ipset'),
  createOperation('CreateThreatIntelSet', 'threat', 'threatIntelSetId', '/detector/:DetectorId/threatintelset'),
  listOperation('ListThreatIntelSets', 'threat', 'threatIntelSetIds', '/detector/:DetectorId/threatintelset'),
];
