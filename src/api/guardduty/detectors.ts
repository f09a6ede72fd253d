// Detectors: a GuardDuty detector is a Vigil cluster (its detectorId). CreateDetector registers a
// cluster named after the tag Name (else detector-<first 8 of the id>); the features
// EKS_AUDIT_LOGS and RUNTIME_MONITORING (or EKS_RUNTIME_MONITORING, or the legacy
// dataSources.kubernetes.auditLogs) switch the cluster's features; Enable=false turns both off
// until the detector is enabled again. findingPublishingFrequency and tags are kept in the
// detector settings. DeleteDetector deletes the cluster and its findings.

import { randomBytes } from 'node:crypto';
import { ConflictError, type Cluster, type ClusterFeatures, type DetectorSettings } from '../../store/store.js';
import { badRequest } from './errors.js';
import {
  audit, detectorOf, epochSeconds, isObject, listQuery, optBool, optEnum, optTags, paginate, reqBool,
  type GuardDutyDeps, type Operation,
} from './wire.js';

const FREQUENCIES = ['FIFTEEN_MINUTES', 'ONE_HOUR', 'SIX_HOURS'] as const;
const FEATURE_NAMES = [
  'S3_DATA_EVENTS', 'EKS_AUDIT_LOGS', 'EBS_MALWARE_PROTECTION', 'RDS_LOGIN_EVENTS', 'LAMBDA_NETWORK_LOGS',
  'EKS_RUNTIME_MONITORING', 'RUNTIME_MONITORING', 'AI_PROTECTION', 'AI_ANALYST',
] as const;
const ADDITIONAL = ['EKS_ADDON_MANAGEMENT', 'ECS_FARGATE_AGENT_MANAGEMENT', 'EC2_AGENT_MANAGEMENT'] as const;
const STATUSES = ['ENABLED', 'DISABLED'] as const;
const CLUSTER_NAME = /^[a-z0-9]([a-z0-9._-]{0,62}[a-z0-9])?$/;
const OFF: ClusterFeatures = { auditLogs: false, runtimeMonitoring: false };

/** Applies features[] and dataSources of a Create/UpdateDetector body to the current features. */
function applyFeatures(cur: ClusterFeatures, body: Record<string, unknown>): ClusterFeatures {
  const next = { ...cur };
  const ds = body.dataSources;
  if (ds !== undefined && ds !== null) {
    if (!isObject(ds)) throw badRequest('The request is rejected because the input dataSources is invalid.');
    const k8s = ds.kubernetes;
    if (k8s !== undefined && k8s !== null) {
      const logs = isObject(k8s) ? k8s.auditLogs : undefined;
      if (!isObject(logs) || typeof logs.enable !== 'boolean') throw badRequest('The request is rejected because dataSources.kubernetes.auditLogs.enable must be true or false.');
      next.auditLogs = logs.enable;
    }
  }
  const features = body.features;
  if (features === undefined || features === null) return next;
  if (!Array.isArray(features)) throw badRequest('The request is rejected because the input features must be a list.');
  const runtime = new Set<string>();
  for (const f of features) {
    if (!isObject(f)) throw badRequest('The request is rejected because each feature must be {name, status}.');
    const name = optEnum(f, 'name', FEATURE_NAMES);
    const status = optEnum(f, 'status', STATUSES);
    if (!name || !status) throw badRequest('The request is rejected because each feature needs a name and a status.');
    if (f.additionalConfiguration !== undefined && f.additionalConfiguration !== null) {
      if (!Array.isArray(f.additionalConfiguration)) throw badRequest('The request is rejected because additionalConfiguration must be a list.');
      for (const a of f.additionalConfiguration) {
        if (!isObject(a) || !optEnum(a, 'name', ADDITIONAL) || !optEnum(a, 'status', STATUSES)) throw badRequest('The request is rejected because each additionalConfiguration needs a name and a status.');
      }
    }
    if (name === 'EKS_AUDIT_LOGS') next.auditLogs = status === 'ENABLED';
    if (name === 'RUNTIME_MONITORING' || name === 'EKS_RUNTIME_MONITORING') {
      next.runtimeMonitoring = status === 'ENABLED';
      if (status === 'ENABLED') runtime.add(name);
    }
    // Other features (S3, RDS, Lambda, ...) have no Kubernetes meaning here: accepted, not kept.
  }
  if (runtime.size > 1) throw badRequest('The request is rejected because RUNTIME_MONITORING and EKS_RUNTIME_MONITORING cannot both be enabled.');
  return next;
}

/** The detector's settings; defaults for clusters registered without the GuardDuty API. */
async function settingsOf(deps: GuardDutyDeps, c: Cluster): Promise<DetectorSettings> {
  const actual = await deps.store.getClusterFeatures(c.name);
  const s = await deps.store.getDetectorSettings(c.name);
  if (!s) return { enabled: true, findingPublishingFrequency: 'SIX_HOURS', tags: {}, features: actual, updatedAt: c.createdAt };
  // While enabled the cluster's own features are the truth (they may be switched with vigil clusters features).
  return s.enabled ? { ...s, features: actual } : s;
}

async function save(deps: GuardDutyDeps, c: Cluster, s: DetectorSettings): Promise<void> {
  await deps.store.putDetectorSettings(c.name, s);
  await deps.store.setClusterFeatures(c.name, s.enabled ? s.features : OFF, s.updatedAt);
}

const status = (on: boolean): 'ENABLED' | 'DISABLED' => (on ? 'ENABLED' : 'DISABLED');

export const detectorOperations: Operation[] = [
  {
    name: 'CreateDetector',
    method: 'POST',
    path: '/detector',
    role: 'admin',
    async run(deps, { body, caller }) {
      const enable = reqBool(body, 'enable');
      const frequency = optEnum(body, 'findingPublishingFrequency', FREQUENCIES) ?? 'SIX_HOURS';
      const tags = optTags(body) ?? {};
      const features = applyFeatures({ auditLogs: true, runtimeMonitoring: true }, body);
      const detectorId = randomBytes(16).toString('hex');
      const name = tags.Name ?? `detector-${detectorId.slice(0, 8)}`;
      if (!CLUSTER_NAME.test(name)) throw badRequest('The request is rejected because the tag Name names the Vigil cluster and must be 1-64 lower-case letters, digits, ".", "_" or "-".');
      const now = deps.now();
      const cluster: Cluster = { name, detectorId, createdAt: now, platform: 'self-managed', arn: null };
      try {
        await deps.store.addCluster(cluster);
      } catch (e) {
        if (e instanceof ConflictError) throw badRequest(`The request is rejected because a detector already exists for the cluster ${name}.`);
        throw e;
      }
      await save(deps, cluster, { enabled: enable, findingPublishingFrequency: frequency, tags, features, updatedAt: now });
      await audit(deps, caller, 'clusters.add', { cluster: name, detectorId, enabled: enable, ...features });
      return { detectorId };
    },
  },
  {
    name: 'GetDetector',
    method: 'GET',
    path: '/detector/:DetectorId',
    role: 'viewer',
    async run(deps, input) {
      const c = await detectorOf(deps, input);
      const s = await settingsOf(deps, c);
      const at = epochSeconds(s.updatedAt);
      const disabled = { status: 'DISABLED' };
      return {
        createdAt: new Date(c.createdAt).toISOString(),
        updatedAt: new Date(s.updatedAt).toISOString(),
        findingPublishingFrequency: s.findingPublishingFrequency,
        serviceRole: `arn:aws:iam::${deps.accountId}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
        status: status(s.enabled),
        // Vigil reads no CloudTrail, DNS, flow or S3 logs.
        dataSources: { cloudTrail: disabled, dnsLogs: disabled, flowLogs: disabled, s3Logs: disabled, kubernetes: { auditLogs: { status: status(s.features.auditLogs) } } },
        features: [
          { name: 'EKS_AUDIT_LOGS', status: status(s.features.auditLogs), updatedAt: at },
          {
            name: 'RUNTIME_MONITORING',
            status: status(s.features.runtimeMonitoring),
            updatedAt: at,
            // Vigil installs no agent: sensors (Tracee) are deployed by the user.
            additionalConfiguration: [{ name: 'EKS_ADDON_MANAGEMENT', status: 'DISABLED', updatedAt: at }],
          },
        ],
        tags: s.tags,
      };
    },
  },
  {
    name: 'UpdateDetector',
    method: 'POST',
    path: '/detector/:DetectorId',
    role: 'admin',
    async run(deps, input) {
      const c = await detectorOf(deps, input);
      const cur = await settingsOf(deps, c);
      const next: DetectorSettings = {
        enabled: optBool(input.body, 'enable') ?? cur.enabled,
        findingPublishingFrequency: optEnum(input.body, 'findingPublishingFrequency', FREQUENCIES) ?? cur.findingPublishingFrequency,
        tags: cur.tags,
        features: applyFeatures(cur.features, input.body),
        updatedAt: deps.now(),
      };
      await save(deps, c, next);
      await audit(deps, input.caller, 'clusters.features', { cluster: c.name, enabled: next.enabled, findingPublishingFrequency: next.findingPublishingFrequency, ...next.features });
      return {};
    },
  },
  {
    name: 'DeleteDetector',
    method: 'DELETE',
    path: '/detector/:DetectorId',
    role: 'admin',
    async run(deps, input) {
      const c = await detectorOf(deps, input);
      await deps.store.deleteCluster(c.name);
      await deps.onFiltersChange();
      await audit(deps, input.caller, 'clusters.delete', { cluster: c.name, detectorId: c.detectorId });
      return {};
    },
  },
  {
    name: 'ListDetectors',
    method: 'GET',
    path: '/detector',
    role: 'viewer',
    async run(deps, input) {
      const { maxResults, nextToken } = listQuery(input);
      const ids = (await deps.store.listClusters()).map((c) => c.detectorId);
      const p = paginate(ids, maxResults, nextToken);
      return { detectorIds: p.page, nextToken: p.nextToken };
    },
  },
];
