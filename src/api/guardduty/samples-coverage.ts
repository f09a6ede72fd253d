// CreateSampleFindings: one sample finding per requested type (every type Vigil can sample when
// none is given), built like Vigil's own samples (app/samples.ts) and stored through the pipeline;
// the detector's suppression rules apply to them, so a type an ARCHIVE filter matches comes back
// archived. ListCoverage / GetCoverageStatistics: Vigil's coverage report (app/coverage.ts) as
// GuardDuty CoverageResources, one EKS resource per cluster: HEALTHY while every runtime sensor
// node of the cluster reports, coveredNodes = reporting nodes, compatibleNodes = all nodes seen.

import { coverageReport, type ClusterCoverage } from '../../app/coverage.js';
import { sampleOccurrences } from '../../app/samples.js';
import type { Cluster } from '../../store/store.js';
import { badRequest } from './errors.js';
import {
  audit, detectorOf, epochSeconds, isObject, optEnum, optInt, optString, optStringList, paginate,
  type GuardDutyDeps, type Operation,
} from './wire.js';

interface CoverageRow {
  resource: Record<string, unknown>;
  /** CoverageFilterCriterion and sort keys -> value. */
  fields: Record<string, string>;
}

async function coverageOf(deps: GuardDutyDeps, c: Cluster): Promise<CoverageRow> {
  const now = deps.now();
  const report = (await coverageReport(deps.store, now, deps.staleAfterMs)).find((r) => r.name === c.name);
  const features = await deps.store.getClusterFeatures(c.name);
  const nodes = report?.runtime.nodes ?? [];
  const covered = nodes.filter((n) => n.status === 'healthy').length;
  const versions = [...new Set(nodes.map((n) => (n.version ? `${n.sensor} ${n.version}` : n.sensor)))].sort();
  const runtime: ClusterCoverage['runtime'] = report?.runtime ?? { status: 'UNHEALTHY', issue: 'No runtime sensor has sent events', nodes: [] };
  const status = features.runtimeMonitoring ? runtime.status : 'UNHEALTHY';
  const issue = !features.runtimeMonitoring ? 'Runtime Monitoring is not enabled for this detector' : runtime.status === 'HEALTHY' ? undefined : runtime.issue;
  const updatedAt = Math.max(c.createdAt, ...nodes.map((n) => n.lastEventAt));
  const managementType = features.runtimeMonitoring ? 'MANUAL' : 'DISABLED';
  const addonVersion = versions.join(', ');
  return {
    resource: {
      resourceId: c.name,
      detectorId: c.detectorId,
      accountId: deps.accountId,
      coverageStatus: status,
      ...(issue ? { issue } : {}),
      updatedAt: epochSeconds(updatedAt),
      resourceDetails: {
        resourceType: 'EKS',
        eksClusterDetails: {
          clusterName: c.name,
          coveredNodes: covered,
          compatibleNodes: nodes.length,
          ...(addonVersion ? { addonDetails: { addonVersion, addonStatus: status === 'HEALTHY' ? 'ACTIVE' : 'DEGRADED' } } : {}),
          managementType,
        },
      },
    },
    fields: {
      ACCOUNT_ID: deps.accountId,
      RESOURCE_TYPE: 'EKS',
      COVERAGE_STATUS: status,
      ADDON_VERSION: addonVersion,
      CLUSTER_NAME: c.name,
      EKS_CLUSTER_NAME: c.name,
      MANAGEMENT_TYPE: managementType,
      ISSUE: issue ?? '',
      UPDATED_AT: String(updatedAt).padStart(16, '0'),
    },
  };
}

const CRITERION_KEYS = ['ACCOUNT_ID', 'RESOURCE_TYPE', 'COVERAGE_STATUS', 'ADDON_VERSION', 'CLUSTER_NAME', 'ECS_CLUSTER_NAME', 'MANAGEMENT_TYPE', 'EKS_CLUSTER_NAME', 'AGENT_VERSION', 'INSTANCE_ID', 'CLUSTER_ARN'] as const;
const SORT_KEYS = ['ACCOUNT_ID', 'COVERAGE_STATUS', 'ISSUE', 'ADDON_VERSION', 'UPDATED_AT', 'CLUSTER_NAME', 'EKS_CLUSTER_NAME', 'ECS_CLUSTER_NAME', 'INSTANCE_ID'] as const;

/** filterCriteria {filterCriterion: [{criterionKey, filterCondition: {equals, notEquals}}]}; ECS/EC2 keys never match an EKS resource's value. */
function coverageFilter(body: Record<string, unknown>): (r: CoverageRow) => boolean {
  const fc = body.filterCriteria;
  if (fc === undefined || fc === null) return () => true;
  const list = isObject(fc) ? fc.filterCriterion : undefined;
  if (list !== undefined && !Array.isArray(list)) throw badRequest('The request is rejected because filterCriteria.filterCriterion must be a list.');
  const tests = (list ?? []).map((c: unknown) => {
    if (!isObject(c)) throw badRequest('The request is rejected because each filterCriterion must be {criterionKey, filterCondition}.');
    const key = optEnum(c, 'criterionKey', CRITERION_KEYS);
    const cond = c.filterCondition;
    if (!key || !isObject(cond)) throw badRequest('The request is rejected because each filterCriterion needs a criterionKey and a filterCondition.');
    const eq = optStringList(cond, 'equals', 50, 1024);
    const neq = optStringList(cond, 'notEquals', 50, 1024);
    return (r: CoverageRow) => {
      const v = r.fields[key];
      return (eq === undefined || (v !== undefined && eq.includes(v))) && (neq === undefined || v === undefined || !neq.includes(v));
    };
  });
  return (r) => tests.every((t) => t(r));
}

export const sampleCoverageOperations: Operation[] = [
  {
    name: 'CreateSampleFindings',
    method: 'POST',
    path: '/detector/:DetectorId/findings/create',
    role: 'analyst',
    async run(deps, input) {
      const c = await detectorOf(deps, input);
      const types = optStringList(input.body, 'findingTypes', 50, 100) ?? [];
      const now = deps.now();
      const ctx = { accountId: deps.accountId, region: deps.region, partition: 'aws', now, severityModifiers: deps.ruleset.severityModifiers };
      const { occurrences, unknown } = sampleOccurrences(deps.ruleset, c, types, ctx);
      if (types.length > 0 && unknown.length > 0) {
        throw badRequest(`The request is rejected because Vigil cannot create sample findings of these types: ${unknown.join(', ')}.`);
      }
      const r = await deps.pipeline.commitOccurrences(c, occurrences, 'samples');
      await audit(deps, input.caller, 'findings.samples', { cluster: c.name, created: r.created.length, types });
      return {};
    },
  },
  {
    name: 'ListCoverage',
    method: 'POST',
    path: '/detector/:DetectorId/coverage',
    role: 'viewer',
    async run(deps, input) {
      const c = await detectorOf(deps, input);
      const maxResults = optInt(input.body, 'maxResults', 1, 50) ?? 50;
      const token = optString(input.body, 'nextToken', 0, 4096);
      const keep = coverageFilter(input.body);
      const rows = [await coverageOf(deps, c)].filter(keep);
      const sc = input.body.sortCriteria;
      if (sc !== undefined && sc !== null) {
        if (!isObject(sc)) throw badRequest('The request is rejected because the input sortCriteria is invalid.');
        const attr = optEnum(sc, 'attributeName', SORT_KEYS) ?? 'UPDATED_AT';
        const desc = optEnum(sc, 'orderBy', ['ASC', 'DESC'] as const) === 'DESC';
        rows.sort((a, b) => {
          const x = a.fields[attr] ?? '';
          const y = b.fields[attr] ?? '';
          return (x < y ? -1 : x > y ? 1 : 0) * (desc ? -1 : 1);
        });
      }
      const p = paginate(rows.map((r) => r.resource), maxResults, token);
      return { resources: p.page, nextToken: p.nextToken };
    },
  },
  {
    name: 'GetCoverageStatistics',
    method: 'POST',
    path: '/detector/:DetectorId/coverage/statistics',
    role: 'viewer',
    async run(deps, input) {
      const c = await detectorOf(deps, input);
      const types = optStringList(input.body, 'statisticsType', 10);
      if (!types?.length || types.some((t) => t !== 'COUNT_BY_RESOURCE_TYPE' && t !== 'COUNT_BY_COVERAGE_STATUS')) {
        throw badRequest('The request is rejected because statisticsType must list COUNT_BY_RESOURCE_TYPE and/or COUNT_BY_COVERAGE_STATUS.');
      }
      const rows = [await coverageOf(deps, c)].filter(coverageFilter(input.body));
      const stats: Record<string, Record<string, number>> = {};
      if (types.includes('COUNT_BY_RESOURCE_TYPE')) stats.countByResourceType = rows.length ? { EKS: rows.length } : {};
      if (types.includes('COUNT_BY_COVERAGE_STATUS')) {
        const by: Record<string, number> = {};
        for (const r of rows) by[String(r.resource.coverageStatus)] = (by[String(r.resource.coverageStatus)] ?? 0) + 1;
        stats.countByCoverageStatus = by;
      }
      return { coverageStatistics: stats };
    },
  },
];
