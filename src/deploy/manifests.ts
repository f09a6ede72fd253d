// `vigil deploy manifests`: every object, built from typed kubernetes-models classes and validated
// against the Kubernetes OpenAPI schemas before anything is written.

import { stringify } from 'yaml';
import type { Ruleset } from '../rules/load.js';
import { generateTokens, tokenSecrets, type GeneratedTokens } from './secrets.js';
import { traceeEvents } from './tracee-events.js';
import { traceeConfigMap, traceeDaemonSet, traceeNamespace, traceeNetworkPolicy, traceeServiceAccount } from './tracee-objects.js';
import type { Values } from './values.js';
import { memoryPlan, vigilConfig } from './vigil-config.js';
import { vigilConfigMap, vigilDeployment, vigilIngress, vigilNamespace, vigilNetworkPolicy, vigilService, vigilServiceAccount, vigilVolumeClaim } from './vigil-objects.js';

/** What every kubernetes-models object offers. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string };
  validate(): void;
  toJSON(): unknown;
}

export interface Manifests {
  objects: K8sObject[];
  /** The generated tokens when asked for (--generate-secrets), else null: the Secrets are referenced. */
  tokens: GeneratedTokens | null;
  traceeEvents: string[];
}

export function buildManifests(v: Values, ruleset: Ruleset, opts: { generateSecrets?: boolean } = {}): Manifests {
  const mem = memoryPlan(v);
  const config = vigilConfig(v, mem);
  const tokens = opts.generateSecrets ? generateTokens() : null;
  const events = traceeEvents(ruleset);
  const objects: K8sObject[] = [
    vigilNamespace(v),
    ...(v.tracee.enabled ? [traceeNamespace(v)] : []),
    ...(tokens ? tokenSecrets(v, tokens) : []),
    vigilServiceAccount(v),
    vigilConfigMap(v, config),
    vigilVolumeClaim(v),
    vigilDeployment(v, mem),
    vigilService(v),
    ...(v.ingress.enabled ? [vigilIngress(v)] : []),
    ...(v.networkPolicy.enabled ? [vigilNetworkPolicy(v, config)] : []),
    ...(v.tracee.enabled ? [traceeServiceAccount(v), traceeConfigMap(v, events), traceeDaemonSet(v), ...(v.networkPolicy.enabled ? [traceeNetworkPolicy(v)] : [])] : []),
  ];
  for (const o of objects) o.validate(); // throws naming the object's path that breaks the schema
  return { objects, tokens, traceeEvents: events };
}

/** One multi-document YAML stream. */
export function toYaml(objects: K8sObject[]): string {
  return objects.map((o) => stringify(o.toJSON(), { lineWidth: 0 })).join('---\n');
}

/** File name for --out DIR: NN-kind-name.yaml, in apply order. */
export function fileName(o: K8sObject, i: number): string {
  const ns = o.metadata?.namespace ? `${o.metadata.namespace}-` : '';
  return `${String(i).padStart(2, '0')}-${o.kind.toLowerCase()}-${ns}${o.metadata?.name ?? 'unnamed'}.yaml`;
}
