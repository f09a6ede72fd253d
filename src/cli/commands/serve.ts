// vigil serve: the service. Opens DIR/vigil.db, makes sure DIR/admin.token exists, listens, and on
// SIGTERM/SIGINT stops accepting, lets in-flight batches commit, and closes the store.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type VigilConfig } from '../../app/config.js';
import { filtersSignature } from '../../app/filters.js';
import { intelSignature, loadIntelIndex } from '../../app/intel.js';
import { openVigil } from '../../app/open.js';
import { findingTypeCatalog } from '../../app/finding-types.js';
import { applyRetention } from '../../app/retention.js';
import { ADMIN_TOKEN_FILE, ensureAdminToken } from '../../app/tokens.js';
import { buildServer } from '../../api/server.js';
import { startGuardDutyApi } from '../../api/guardduty/index.js';
import { FindingDispatcher, loadSinks } from '../../sinks/index.js';
import { sinkMetrics } from '../../sinks/metrics.js';
import { systemClock } from '../../core/clock.js';
import { startCloudWatchPollers } from '../../app/cloudwatch-pollers.js';
import { startGkeSubscribers } from '../../app/gke-subscribers.js';
import { startAksConsumers } from '../../app/aks-consumers.js';
import { startTailers } from '../../app/tailers.js';
import { num, parse, str } from '../args.js';

export const SERVE_HELP = `Usage: vigil serve [--data DIR] [--host HOST] [--port N] [--config FILE] [--rules DIR]

Runs the Vigil service: audit ingest at POST /ingest/k8s-audit and the API under /api/v1.
  --data DIR     data folder: vigil.db and admin.token (default ./data)
  --host HOST    listen address (default 127.0.0.1)
  --port N       listen port (default 8080)
  --config FILE  YAML configuration file (see docs/configuration.md)
  --rules DIR    extra rule directory (repeatable)
  --tls-cert F --tls-key F [--tls-client-ca F]
                 serve HTTPS; with a client CA, ingest also accepts a verified client certificate
                 whose CN is a registered cluster name (kube-apiserver's webhook client certificate)
  --guardduty-port M
                 also serve the GuardDuty-compatible API (AWS SigV4; keys from vigil tokens create
                 --sigv4) on HOST:M (see docs/guardduty-api.md)
  --log-level L  fatal, error, warn, info (default), debug`;

export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parse('serve', argv, {
    data: { type: 'string' },
    host: { type: 'string' },
    port: { type: 'string' },
    config: { type: 'string' },
    rules: { type: 'string', multiple: true },
    'log-level': { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    'tls-client-ca': { type: 'string' },
    'guardduty-port': { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(SERVE_HELP + '\n');
    return 0;
  }
  const overrides: Partial<VigilConfig> = {};
  if (str(values.data)) overrides.data = str(values.data);
  if (str(values.host)) overrides.host = str(values.host);
  const port = num('port', values.port);
  if (port !== undefined) overrides.port = port;
  const gdPort = num('guardduty-port', values['guardduty-port']);
  if (gdPort !== undefined) overrides.guarddutyPort = gdPort;
  if (values.rules) overrides.rules = values.rules as string[];
  if (str(values['tls-cert']) || str(values['tls-key'])) overrides.tls = { cert: str(values['tls-cert']) ?? '', key: str(values['tls-key']) ?? '', clientCa: str(values['tls-client-ca']) ?? '' };
  const config = loadConfig(str(values.config), overrides);
  const vigil = await openVigil(config, config.data, systemClock);
  // Finding outputs: validated before anything listens; every problem named with its path.
  const sinkSpecs = loadSinks(config.sinks ?? [], { clock: systemClock });
  const admin = await ensureAdminToken(vigil.store, config.data, systemClock.now());
  let intelSig = await intelSignature(vigil.store);
  const reloadIntel = async () => {
    intelSig = await intelSignature(vigil.store);
    vigil.pipeline.setIntel(await loadIntelIndex(vigil.store));
  };
  const tls = config.tls
    ? { key: readFileSync(config.tls.key), cert: readFileSync(config.tls.cert), ...(config.tls.clientCa ? { clientCa: readFileSync(config.tls.clientCa) } : {}) }
    : undefined;
  let log: ((level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown>) => void) | null = null;
  const dispatcher = new FindingDispatcher({
    sinks: sinkSpecs,
    clock: systemClock,
    deadLetterPath: join(config.data, 'sinks-dead-letter.jsonl'),
    log: (level, msg, fields) => log?.(level, msg, fields),
  });
  const catalog = findingTypeCatalog(vigil.ruleset);
  const app = await buildServer({
    ...(tls ? { tls } : {}),
    extraMetrics: { families: () => sinkMetrics(dispatcher.stats()) },
    rateLimit: config.rateLimit,
    store: vigil.store,
    pipeline: vigil.pipeline,
    maxBodyBytes: config.ingest.maxBodyBytes,
    maxInFlightBytes: config.ingest.maxInFlightBytes,
    logger: { level: str(values['log-level']) ?? 'info' },
    onIntelChange: reloadIntel,
    samples: vigil.samples,
    findingTypes: () => catalog,
  });
  log = (level, msg, fields) => app.log[level](fields, msg);
  vigil.pipeline.onCommitted((created, updated) => dispatcher.offer(created, updated));
  const address = await app.listen({ host: config.host, port: config.port });
  app.log.info(
    { address, data: config.data, rules: vigil.ruleset.rules.length, adminToken: join(config.data, ADMIN_TOKEN_FILE), adminTokenCreated: admin.created, sinks: sinkSpecs.map((x) => x.sink.name) },
    'vigil serving',
  );
  const guardduty = config.guarddutyPort === null ? null
    : await startGuardDutyApi(vigil, config, { port: config.guarddutyPort, logger: { level: str(values['log-level']) ?? 'info' }, onIntelChange: reloadIntel, ...(tls ? { tls: { key: tls.key, cert: tls.cert } } : {}) });
  if (guardduty) app.log.info({ address: guardduty.address }, 'GuardDuty-compatible API serving');
  // Hourly housekeeping: forget old request keys; delete findings and archived events past retention.
  const housekeeping = async () => {
    await vigil.pipeline.prune();
    const r = await applyRetention(vigil.store, config, systemClock.now());
    if (r.findings > 0) app.log.info({ deleted: r.findings, before: r.findingsBefore }, 'findings past retention deleted');
    if (r.events > 0) app.log.info({ deleted: r.events, before: r.eventsBefore }, 'archived events past retention deleted');
  };
  await housekeeping();
  const prune = setInterval(() => {
    housekeeping().catch((e: unknown) => app.log.warn({ err: e }, 'housekeeping failed'));
  }, 3_600_000);
  prune.unref();
  // Lists and filters changed by `vigil intel` / `vigil filters` in another process: noticed within 10 s.
  let filterSig = await filtersSignature(vigil.store);
  const intelPoll = setInterval(() => {
    Promise.all([intelSignature(vigil.store), filtersSignature(vigil.store)])
      .then(async ([sig, fsig]) => {
        if (sig !== intelSig) {
          await reloadIntel();
          app.log.info('threat-intelligence lists reloaded');
        }
        if (fsig !== filterSig) {
          filterSig = fsig;
          vigil.pipeline.setFilters(await vigil.store.listFilters());
          app.log.info('filters reloaded');
        }
      })
      .catch((e: unknown) => app.log.warn({ err: e }, 'reloading threat-intelligence lists failed'));
  }, 10_000);
  intelPoll.unref();

  const tailers = await startTailers(vigil, config, (level, msg, fields) => app.log[level](fields, msg));
  const pollers = await startCloudWatchPollers(vigil, config, (level, msg, fields) => app.log[level](fields, msg));
  const subscribers = await startGkeSubscribers(vigil, config, (level, msg, fields) => app.log[level](fields, msg));
  const consumers = await startAksConsumers(vigil, config, (level, msg, fields) => app.log[level](fields, msg));

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      app.log.info({ signal }, 'shutting down: draining in-flight batches');
      clearInterval(prune);
      clearInterval(intelPoll);
      // Tailed files, CloudWatch pollers, Pub/Sub subscribers and Event Hub consumers first: each
      // finishes the batch in flight and saves its position (a subscriber acks what it committed and
      // gives back the rest).
      Promise.all([...tailers.map((t) => t.stop()), ...pollers.map((p) => p.stop()), ...subscribers.map((s) => s.stop()), ...consumers.map((c) => c.stop())])
        .then(() => app.close())
        .then(() => guardduty?.app.close())
        .then(() => dispatcher.close())
        .then(() => vigil.close())
        .catch((e: unknown) => app.log.error({ err: e }, 'shutdown error'))
        .finally(resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  return 0;
}
