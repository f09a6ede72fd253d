// The values file of `vigil deploy manifests`: documented defaults, merged with the user's YAML,
// checked key by key; every error names its key.

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { VigilError } from '../core/errors.js';
import { parseQuantity } from './quantity.js';

export interface Resources {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
}

export interface EgressRule {
  /** Destination network in CIDR notation. */
  cidr: string;
  /** TCP ports. */
  ports: number[];
}

export interface Values {
  /** Namespace of Vigil's own objects (Pod Security "restricted"). */
  namespace: string;
  /** The cluster Vigil runs in, registered at start: Tracee's events (and an audit webhook) belong to it. */
  cluster: { name: string; platform: string };
  clusterDomain: string;
  image: { repository: string; tag: string; pullPolicy: 'Always' | 'IfNotPresent' | 'Never' };
  /** Secrets holding the tokens (keys admin-token and ingest-token); see docs/deploy.md. */
  tokens: { secretName: string };
  storage: { size: string; storageClassName: string };
  resources: Resources;
  service: { type: 'ClusterIP' | 'NodePort' | 'LoadBalancer'; port: number };
  /** kubernetes.io/tls Secret Vigil serves HTTPS with; caBundle: PEM CA Tracee verifies it with. */
  tls: { secretName: string; caBundle: string };
  ingress: { enabled: boolean; host: string; className: string; tlsSecretName: string; annotations: Record<string, string> };
  networkPolicy: { enabled: boolean; ingressFrom: unknown[]; egress: EgressRule[] };
  /** More of Vigil's configuration (docs/configuration.md), except the keys the manifests own. */
  config: Record<string, unknown>;
  tracee: {
    enabled: boolean;
    namespace: string;
    image: string;
    /** Only events from containers (Tracee scope "container"); false: the hosts' processes too. */
    containersOnly: boolean;
    resources: Resources;
  };
}

export const DEFAULT_VALUES: Values = {
  namespace: 'vigil',
  cluster: { name: 'local', platform: 'self-managed' },
  clusterDomain: 'cluster.local',
  image: { repository: 'vigil', tag: '0.1.0', pullPolicy: 'IfNotPresent' },
  tokens: { secretName: 'vigil-tokens' },
  storage: { size: '20Gi', storageClassName: '' },
  resources: { requests: { cpu: '250m', memory: '1Gi' }, limits: { cpu: '2', memory: '1Gi' } },
  service: { type: 'ClusterIP', port: 8080 },
  tls: { secretName: '', caBundle: '' },
  ingress: { enabled: false, host: '', className: '', tlsSecretName: '', annotations: {} },
  networkPolicy: { enabled: true, ingressFrom: [], egress: [] },
  config: {},
  tracee: {
    enabled: true,
    namespace: 'vigil-sensor',
    image: 'docker.io/aquasec/tracee:0.24.1',
    containersOnly: false,
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
  },
};

/** Vigil configuration keys the manifests set themselves, and where to change them instead. */
const OWNED_CONFIG: Record<string, string> = { data: 'the PersistentVolumeClaim', host: 'the manifests', port: 'service.port', tls: 'tls.secretName' };
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const PLATFORMS = ['eks', 'gke', 'aks', 'self-managed', 'other'];

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Overlays user values on the defaults; unknown keys and wrong types are errors naming the key. */
function merge(def: unknown, user: unknown, path: string, errors: string[]): unknown {
  if (user === undefined) return def;
  if (path === 'config' || path === 'networkPolicy.ingressFrom' || path === 'ingress.annotations' || path === 'networkPolicy.egress') return user;
  if (isMap(def)) {
    if (!isMap(user)) {
      errors.push(`${path || 'values'} must be a mapping`);
      return def;
    }
    const out: Record<string, unknown> = { ...def };
    for (const [k, v] of Object.entries(user)) {
      const p = path ? `${path}.${k}` : k;
      if (!(k in def)) errors.push(`unknown key ${p}`);
      else out[k] = merge(def[k], v, p, errors);
    }
    return out;
  }
  if (typeof def !== typeof user) {
    errors.push(`${path} must be a ${typeof def}`);
    return def;
  }
  return user;
}

function checkResources(r: Resources, path: string, errors: string[]): void {
  for (const kind of ['requests', 'limits'] as const) {
    if (parseQuantity(r[kind].cpu) === null) errors.push(`${path}.${kind}.cpu ${JSON.stringify(r[kind].cpu)} is not a Kubernetes quantity (e.g. 500m or 2)`);
    if (parseQuantity(r[kind].memory) === null) errors.push(`${path}.${kind}.memory ${JSON.stringify(r[kind].memory)} is not a Kubernetes quantity (e.g. 512Mi or 1Gi)`);
  }
  const [rm, lm] = [parseQuantity(r.requests.memory), parseQuantity(r.limits.memory)];
  if (rm !== null && lm !== null && rm > lm) errors.push(`${path}.requests.memory must not exceed ${path}.limits.memory`);
}

export function checkValues(v: Values): string[] {
  const errors: string[] = [];
  if (!DNS_LABEL.test(v.namespace)) errors.push('namespace must be a DNS label (lower-case letters, digits, "-")');
  if (!DNS_LABEL.test(v.tracee.namespace)) errors.push('tracee.namespace must be a DNS label');
  if (v.tracee.enabled && v.tracee.namespace === v.namespace) errors.push('tracee.namespace must differ from namespace: Tracee is privileged, Vigil\'s namespace enforces the restricted Pod Security level');
  if (!/^[a-z0-9]([a-z0-9._-]{0,62}[a-z0-9])?$/.test(v.cluster.name)) errors.push('cluster.name must be 1-64 lower-case letters, digits, ".", "_" or "-"');
  if (!PLATFORMS.includes(v.cluster.platform)) errors.push(`cluster.platform must be one of ${PLATFORMS.join(', ')}`);
  if (!v.image.repository || !v.image.tag) errors.push('image.repository and image.tag must be set');
  if (!['Always', 'IfNotPresent', 'Never'].includes(v.image.pullPolicy)) errors.push('image.pullPolicy must be Always, IfNotPresent or Never');
  if (!DNS_LABEL.test(v.tokens.secretName)) errors.push('tokens.secretName must be a DNS label');
  if (parseQuantity(v.storage.size) === null) errors.push(`storage.size ${JSON.stringify(v.storage.size)} is not a Kubernetes quantity (e.g. 20Gi)`);
  checkResources(v.resources, 'resources', errors);
  checkResources(v.tracee.resources, 'tracee.resources', errors);
  const mem = parseQuantity(v.resources.limits.memory);
  if (mem !== null && mem < 512 * 2 ** 20) errors.push('resources.limits.memory must be at least 512Mi (Vigil\'s state alone takes up to 160 MB of heap)');
  if (!['ClusterIP', 'NodePort', 'LoadBalancer'].includes(v.service.type)) errors.push('service.type must be ClusterIP, NodePort or LoadBalancer');
  if (!Number.isInteger(v.service.port) || v.service.port < 1 || v.service.port > 65535) errors.push('service.port must be an integer from 1 to 65535');
  if (v.tls.caBundle && !v.tls.caBundle.includes('-----BEGIN CERTIFICATE-----')) errors.push('tls.caBundle must be PEM (-----BEGIN CERTIFICATE-----)');
  if (v.tls.caBundle && !v.tls.secretName) errors.push('tls.caBundle needs tls.secretName (Vigil serves plain HTTP without it)');
  if (v.ingress.enabled && !v.ingress.host) errors.push('ingress.host is required when ingress.enabled is true');
  if (!Array.isArray(v.networkPolicy.ingressFrom)) errors.push('networkPolicy.ingressFrom must be a list of NetworkPolicy peers');
  if (!isMap(v.ingress.annotations) || !Object.values(v.ingress.annotations).every((a) => typeof a === 'string')) errors.push('ingress.annotations must map names to strings');
  if (!Array.isArray(v.networkPolicy.egress)) errors.push('networkPolicy.egress must be a list of {cidr, ports}');
  else {
    v.networkPolicy.egress.forEach((e, i) => {
      const ok = isMap(e) && typeof e.cidr === 'string' && /^[0-9a-fA-F.:]+\/\d{1,3}$/.test(e.cidr) && Array.isArray(e.ports) && e.ports.every((p) => Number.isInteger(p) && p > 0 && p < 65536);
      if (!ok) errors.push(`networkPolicy.egress[${i}] must be {cidr: "10.0.0.0/8", ports: [443]}`);
    });
  }
  if (!isMap(v.config)) errors.push('config must be a mapping of Vigil configuration keys');
  else for (const k of Object.keys(v.config)) if (k in OWNED_CONFIG) errors.push(`config.${k} is set by the manifests; use ${OWNED_CONFIG[k]}`);
  return errors;
}

/** Defaults overlaid with the user's values (an object from YAML); throws with every problem named. */
export function resolveValues(user: unknown, source = 'values'): Values {
  const errors: string[] = [];
  const v = merge(DEFAULT_VALUES, user ?? {}, '', errors) as Values;
  if (!errors.length) errors.push(...checkValues(v));
  if (errors.length) throw new VigilError('VIGIL_CONFIG', `${source}: ${errors.join('; ')}`);
  return v;
}

export function loadValues(file: string | undefined): Values {
  if (!file) return resolveValues({});
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new VigilError('VIGIL_CONFIG', `cannot read values ${file}: ${(e as Error).message}`);
  }
  return resolveValues(raw, file);
}
