// What an HTTP route receiving pushed audit events (Firehose, Pub/Sub push) needs from the server.

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BatchResult, UnjudgedCounts } from '../pipeline/audit-pipeline.js';
import type { Cluster, Store } from '../store/store.js';

export interface AuditPushDeps {
  store: Store;
  /** Per-token rate limit, run after authentication. */
  limit?: (req: FastifyRequest, reply: FastifyReply) => Promise<void>;
  /** Commits a batch of audit items with the counts of what was skipped before judging. */
  submit(cluster: Cluster, items: unknown[], source: string, unjudged: UnjudgedCounts): Promise<BatchResult>;
  /** Records events refused because the cluster's audit-log feature is disabled. */
  refuse(cluster: Cluster, source: string, n: number, reason: string): Promise<void>;
  /** Largest request body. */
  maxBodyBytes: number;
}
