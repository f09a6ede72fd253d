// The HTTP server: health, audit ingest (webhook, EKS via Firehose, GKE via Pub/Sub push) and the /api/v1 routes, with one error format.

import Fastify, { type FastifyInstance } from 'fastify';
import type { AuditPipeline } from '../pipeline/audit-pipeline.js';
import { auditWebhookRoutes } from '../sources/k8s-audit-webhook/route.js';
import { firehoseRoutes } from '../sources/eks-firehose/route.js';
import { gkePushRoutes } from '../sources/gke-pubsub/route.js';
import { runtimeWebhookRoutes } from '../sources/runtime-webhook/route.js';
import type { Cluster, Store } from '../store/store.js';
import { requireToken } from './auth.js';
import { limitIngestBytes } from './ingest-bytes.js';
import { rateLimiter } from './rate-limit.js';
import { problem, sendProblem, toProblem } from './problem.js';
import { clusterRoutes } from './routes/clusters.js';
import { coverageRoutes } from './routes/coverage.js';
import { findingActionRoutes } from './routes/finding-actions.js';
import { filterRoutes } from './routes/filters.js';
import { findingRoutes } from './routes/findings.js';
import { tokenRoutes } from './routes/tokens.js';
import { intelRoutes } from './routes/intel.js';
import { metricsRoutes, type ExtraMetrics } from './routes/metrics.js';
import { healthRoutes } from './routes/health.js';
import { whoamiRoutes } from './routes/whoami.js';
import { findingTypeRoutes } from './routes/finding-types.js';
import { consoleRoutes } from './console/static.js';
import type { FindingTypeInfo } from '../app/finding-types.js';
import { investigationRoutes } from './routes/investigation.js';

export interface ServerDeps {
  store: Store;
  pipeline: AuditPipeline;
  maxBodyBytes: number;
  /** HTTPS: PEM key and certificate; clientCa: request client certificates and accept verified ones for ingest. */
  tls?: { key: Buffer; cert: Buffer; clientCa?: Buffer };
  /** Requests per minute per token. */
  rateLimit?: { apiPerMinute: number; ingestPerMinute: number };
  logger?: boolean | { level: string };
  /** Epoch ms; defaults to Date.now. */
  now?: () => number;
  /** Called after the threat-intelligence lists changed through the API. */
  onIntelChange?: () => Promise<void>;
  /** More /metrics families (finding outputs). */
  extraMetrics?: ExtraMetrics;
  /** Creates and stores sample findings (POST /api/v1/findings/samples). */
  samples?: (cluster: Cluster, types: string[]) => Promise<{ created: number; unknown: string[] }>;
  /** Called after filters changed through the API. */
  onFiltersChange?: () => Promise<void>;
  /** Bytes of ingest requests in flight at once (503 with Retry-After beyond). Default 256 MiB. */
  maxInFlightBytes?: number;
  /** A runtime node is stale after this silence (coverage). Default 10 minutes. */
  staleAfterMs?: number;
  /** The finding types of the loaded rules (GET /api/v1/finding-types); empty when not given. */
  findingTypes?: () => FindingTypeInfo[];
  /** The web console's built files; default dist/console. false: no console. */
  consoleDir?: string | false;
}

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const https = deps.tls
    ? { key: deps.tls.key, cert: deps.tls.cert, ...(deps.tls.clientCa ? { ca: deps.tls.clientCa, requestCert: true, rejectUnauthorized: false } : {}) }
    : null;
  const app = Fastify({
    ...(https ? { https } : {}),
    logger: deps.logger ?? false,
    bodyLimit: 1024 * 1024,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // One line per request would be ten lines a second per cluster; errors are still logged.
    disableRequestLogging: true,
  });
  // JSON bodies: fastify's parser (rejects __proto__/constructor keys), but an empty body is allowed
  // (clients send Content-Type: application/json on bodiless DELETEs).
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (body === '') {
      done(null, undefined);
      return;
    }
    void json(req, typeof body === 'string' ? body : body.toString('utf8'), done);
  });
  app.setErrorHandler(async (err, req, reply) => {
    const p = toProblem(err);
    if (p.status >= 500 && p.code === 'VIGIL_INTERNAL') req.log.error({ err }, 'request failed');
    return sendProblem(reply, p);
  });
  app.setNotFoundHandler(async (req, reply) => sendProblem(reply, problem(404, 'VIGIL_NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`)));

  healthRoutes(app, { store: deps.store });
  if (deps.consoleDir !== false) consoleRoutes(app, deps.consoleDir ? { dir: deps.consoleDir } : {});
  const ingestBytes = limitIngestBytes(app, { maxInFlightBytes: deps.maxInFlightBytes ?? 256 * 1024 * 1024, maxBodyBytes: deps.maxBodyBytes });
  const limits = deps.rateLimit ?? { apiPerMinute: 600, ingestPerMinute: 6000 };
  const ingestLimit = rateLimiter({ perMinute: limits.ingestPerMinute, ...(deps.now ? { now: deps.now } : {}) });
  await auditWebhookRoutes(app, {
    limit: ingestLimit,
    store: deps.store,
    submit: (c, items, source) => deps.pipeline.ingest(c, items, source),
    refuse: (c, source, n, reason) => deps.pipeline.recordRefused(c, source, n, reason),
    maxBodyBytes: deps.maxBodyBytes,
  });
  await firehoseRoutes(app, {
    limit: ingestLimit,
    store: deps.store,
    submit: (c, items, source, unjudged) => deps.pipeline.ingest(c, items, source, 'k8s-audit', '', '', unjudged),
    refuse: (c, source, n, reason) => deps.pipeline.recordRefused(c, source, n, reason),
    maxBodyBytes: deps.maxBodyBytes,
    ...(deps.now ? { now: deps.now } : {}),
  });
  await gkePushRoutes(app, {
    limit: ingestLimit,
    store: deps.store,
    submit: (c, items, source, unjudged) => deps.pipeline.ingest(c, items, source, 'k8s-audit', '', '', unjudged),
    refuse: (c, source, n, reason) => deps.pipeline.recordRefused(c, source, n, reason),
    maxBodyBytes: deps.maxBodyBytes,
  });
  await runtimeWebhookRoutes(app, {
    limit: ingestLimit,
    store: deps.store,
    submit: (c, items, source, format, node, version, unjudged) => deps.pipeline.ingest(c, items, source, format, node, version, unjudged),
    refuse: (c, source, n, reason) => deps.pipeline.recordRefused(c, source, n, reason),
    maxBodyBytes: deps.maxBodyBytes,
  });
  await app.register(async (api) => {
    api.addHook('preHandler', requireToken(deps.store, 'api'));
    api.addHook('preHandler', rateLimiter({ perMinute: limits.apiPerMinute, ...(deps.now ? { now: deps.now } : {}) }));
    findingRoutes(api, { store: deps.store });
    whoamiRoutes(api);
    findingTypeRoutes(api, { findingTypes: deps.findingTypes ?? (() => []) });
    clusterRoutes(api, { store: deps.store, now: deps.now ?? Date.now });
    findingActionRoutes(api, {
      store: deps.store,
      now: deps.now ?? Date.now,
      ...(deps.samples ? { samples: deps.samples } : {}),
    });
    tokenRoutes(api, { store: deps.store, now: deps.now ?? Date.now });
    metricsRoutes(api, { store: deps.store, pipeline: deps.pipeline, ingestBytes, ...(deps.extraMetrics ? { extra: deps.extraMetrics } : {}) });
    filterRoutes(api, {
      store: deps.store,
      now: deps.now ?? Date.now,
      onChange: deps.onFiltersChange ?? (async () => deps.pipeline.setFilters(await deps.store.listFilters())),
    });
    coverageRoutes(api, { store: deps.store, now: deps.now ?? Date.now, staleAfterMs: deps.staleAfterMs ?? 600_000 });
    intelRoutes(api, { store: deps.store, now: deps.now ?? Date.now, onChange: deps.onIntelChange ?? (async () => undefined) });
    investigationRoutes(api, { store: deps.store, now: deps.now ?? Date.now });
  });
  return app;
}
