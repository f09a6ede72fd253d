// Filters of a detector: Vigil's saved filters and suppression rules (app/filters.ts) scoped to the
// detector's cluster. A filter with action ARCHIVE archives matching new findings (and sample
// findings) from then on. Filters saved for every cluster (cluster null, from the CLI or /api) are
// visible through every detector. Filter names are unique across Vigil, not per detector.

import { saveFilter } from '../../app/filters.js';
import { VigilError } from '../../core/errors.js';
import type { Cluster, FindingFilter } from '../../store/store.js';
import { badRequest, noSuchResource } from './errors.js';
import { readCriteria } from './findings.js';
import {
  audit, detectorOf, epochSeconds, listQuery, optEnum, optInt, optString, optTags, paginate, reqString,
  type GuardDutyDeps, type Operation, type OperationInput,
} from './wire.js';

const ACTIONS = ['NOOP', 'ARCHIVE'] as const;

const visible = (f: FindingFilter, c: Cluster): boolean => f.cluster === null || f.cluster === c.name;

async function filterOf(deps: GuardDutyDeps, input: OperationInput, c: Cluster): Promise<FindingFilter> {
  const name = input.params.FilterName ?? '';
  const f = await deps.store.getFilter(name);
  if (!f || !visible(f, c)) throw noSuchResource(`filter ${name}`);
  return f;
}

/** saveFilter's VigilErrors become BadRequestExceptions. */
async function save(deps: GuardDutyDeps, input: Parameters<typeof saveFilter>[1]): Promise<FindingFilter> {
  try {
    return await saveFilter(deps.store, input, deps.now());
  } catch (e) {
    if (e instanceof VigilError && e.status < 500) throw badRequest(`The request is rejected because ${e.message}.`);
    throw e;
  }
}

function reasonFor(description: string, caller: string): string {
  return description.trim() !== '' ? description : `suppression rule saved through the GuardDuty API by ${caller}`;
}

export const filterOperations: Operation[] = [
  {
    name: 'CreateFilter',
    method: 'POST',
    path: '/detector/:DetectorId/filter',
    role: 'analyst',
    async run(deps, input) {
      const c = await detectorOf(deps, input);
      const b = input.body;
      const name = reqString(b, 'name', 3, 64);
      const description = optString(b, 'description', 0, 512) ?? '';
      const action = optEnum(b, 'action', ACTIONS) ?? 'NOOP';
      const rank = optInt(b, 'rank', 1, 100);
      optTags(b); // validated; Vigil keeps no filter tags
      const { criteria } = readCriteria(b);
      if (!criteria) throw badRequest('The request is rejected because the required input findingCriteria is missing.');
      if (await deps.store.getFilter(name)) throw badRequest(`The request is rejected because a filter named ${name} already exists.`);
      const f = await save(deps, { name, cluster: c.name, description, action, ...(rank !== undefined ? { rank } : {}), findingCriteria: criteria, reason: reasonFor(description, input.caller.accessKeyId) });
      await deps.onFiltersChange();
      await audit(deps, input.caller, 'filters.put', { name: f.name, cluster: c.name, action: f.action, criteria: f.criteria });
      return { name: f.name };
    },
  },
  {
    name: 'GetFilter',
    method: 'GET',
    path: '/detector/:DetectorId/filter/:FilterName',
    role: 'viewer',
    async run(deps, input) {
      const f = await filterOf(deps, input, await detectorOf(deps, input));
      return {
        name: f.name,
        description: f.description,
        action: f.action,
        rank: f.rank,
        findingCriteria: f.criteria,
        createdAt: epochSeconds(f.createdAt),
        updatedAt: epochSeconds(f.updatedAt),
      };
    },
  },
  {
    name: 'ListFilters',
    method: 'GET',
    path: '/detector/:DetectorId/filter',
    role: 'viewer',
    async run(deps, input) {
      const c = await detectorOf(deps, input);
      const { maxResults, nextToken } = listQuery(input);
      const names = (await deps.store.listFilters()).filter((f) => visible(f, c)).map((f) => f.name);
      const p = paginate(names, maxResults, nextToken);
      return { filterNames: p.page, nextToken: p.nextToken };
    },
  },
  {
    name: 'UpdateFilter',
    method: 'POST',
    path: '/detector/:DetectorId/filter/:FilterName',
    role: 'analyst',
    async run(deps, input) {
      const c = await detectorOf(deps, input);
      const cur = await filterOf(deps, input, c);
      const b = input.body;
      const description = optString(b, 'description', 0, 512) ?? cur.description;
      const action = optEnum(b, 'action', ACTIONS) ?? cur.action;
      const rank = optInt(b, 'rank', 1, 100) ?? cur.rank;
      const criteria = readCriteria(b).criteria ?? cur.criteria;
      const reason = action === 'ARCHIVE' && cur.reason.trim() === '' ? reasonFor(description, input.caller.accessKeyId) : cur.reason;
      const f = await save(deps, { name: cur.name, cluster: cur.cluster, description, action, rank, findingCriteria: criteria, reason, expiresAt: cur.expiresAt });
      await deps.onFiltersChange();
      await audit(deps, input.caller, 'filters.put', { name: f.name, cluster: f.cluster, action: f.action, criteria: f.criteria });
      return { name: f.name };
    },
  },
  {
    name: 'DeleteFilter',
    method: 'DELETE',
    path: '/detector/:DetectorId/filter/:FilterName',
    role: 'analyst',
    async run(deps, input) {
      const f = await filterOf(deps, input, await detectorOf(deps, input));
      await deps.store.deleteFilter(f.name);
      await deps.onFiltersChange();
      await audit(deps, input.caller, 'filters.delete', { name: f.name });
      return {};
    },
  },
];
