// Saved filters and suppression rules: validating what a user gives (API or CLI) into a stored
// FindingFilter. At most 100 filters, as in GuardDuty.

import { VigilError } from '../core/errors.js';
import { compileCriteria, type FindingCriteria } from '../findings/criteria.js';
import type { FindingFilter, Store } from '../store/store.js';

export const MAX_FILTERS = 100;

export interface FilterInput {
  name?: unknown;
  cluster?: unknown;
  description?: unknown;
  action?: unknown;
  rank?: unknown;
  findingCriteria?: unknown;
  reason?: unknown;
  /** Epoch ms, or null. */
  expiresAt?: unknown;
}

function bad(message: string): VigilError {
  return new VigilError('VIGIL_BAD_REQUEST', message);
}

export async function saveFilter(store: Store, input: FilterInput, now: number): Promise<FindingFilter> {
  if (typeof input.name !== 'string' || !/^[A-Za-z0-9_.-]{3,64}$/.test(input.name)) throw bad('name must be 3-64 letters, digits, ".", "_" or "-"');
  const action = input.action ?? 'NOOP';
  if (action !== 'NOOP' && action !== 'ARCHIVE') throw bad('action must be NOOP or ARCHIVE');
  try {
    compileCriteria(input.findingCriteria as FindingCriteria);
  } catch (e) {
    throw bad(`findingCriteria: ${(e as Error).message}`);
  }
  if (input.findingCriteria === undefined) throw bad('findingCriteria is required');
  if (action === 'ARCHIVE' && (typeof input.reason !== 'string' || input.reason.trim() === '')) throw bad('a suppression rule (action ARCHIVE) needs a reason');
  const existing = await store.getFilter(input.name);
  const all = await store.listFilters();
  if (!existing && all.length >= MAX_FILTERS) throw bad(`at most ${MAX_FILTERS} filters`);
  const rank = input.rank ?? existing?.rank ?? all.length + 1;
  if (typeof rank !== 'number' || !Number.isInteger(rank) || rank < 1 || rank > MAX_FILTERS) throw bad('rank must be an integer from 1 to 100');
  if (input.expiresAt !== undefined && input.expiresAt !== null && (typeof input.expiresAt !== 'number' || !Number.isFinite(input.expiresAt))) throw bad('expiresAt must be epoch milliseconds or null');
  if (input.cluster !== undefined && input.cluster !== null && (typeof input.cluster !== 'string' || !(await store.getCluster(input.cluster)))) throw bad(`no cluster named ${JSON.stringify(input.cluster)}`);
  const f: FindingFilter = {
    name: input.name,
    cluster: (input.cluster) ?? null,
    description: typeof input.description === 'string' ? input.description.slice(0, 512) : '',
    action,
    rank,
    criteria: input.findingCriteria,
    reason: typeof input.reason === 'string' ? input.reason.slice(0, 512) : '',
    expiresAt: (input.expiresAt) ?? null,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  await store.putFilter(f);
  return f;
}

/** A cheap signature of the stored filters, to notice changes made by another process. */
export async function filtersSignature(store: Store): Promise<string> {
  return (await store.listFilters()).map((f) => `${f.name}@${f.updatedAt}`).join(',');
}
