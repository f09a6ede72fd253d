// vigil findings list|show: read findings from the store in --data DIR.

import { DEFAULT_CONFIG } from '../../app/config.js';
import { openStore, openVigil } from '../../app/open.js';
import { parseFindingQuery } from '../../api/routes/findings.js';
import { systemClock } from '../../core/clock.js';
import { UsageError, parse, str } from '../args.js';
import { findingsTable } from '../format.js';

export const FINDINGS_HELP = `Usage:
  vigil findings list [--severity low|medium|high|critical] [--type TYPE] [--cluster NAME]
                      [--namespace NS] [--archived | --all] [--sort FIELD] [--limit N] [--json] [--data DIR]
      current (not archived) findings, newest update first; --archived for archived ones, --all for both
  vigil findings show ID [--data DIR]
  vigil findings archive ID... | unarchive ID... [--data DIR]
  vigil findings feedback ID... --useful | --not-useful [--data DIR]
  vigil findings sample [--types TYPE...] [--cluster NAME] [--data DIR]
      one realistic sample finding per type (every type when none given), marked {"sample": true}`;

export async function findingsCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parse(`findings ${sub ?? ''}`.trim(), rest, {
    data: { type: 'string' },
    severity: { type: 'string', multiple: true },
    type: { type: 'string', multiple: true },
    cluster: { type: 'string', multiple: true },
    namespace: { type: 'string', multiple: true },
    archived: { type: 'boolean' },
    all: { type: 'boolean' },
    sort: { type: 'string' },
    order: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
    useful: { type: 'boolean' },
    types: { type: 'string', multiple: true },
    'not-useful': { type: 'boolean' },
  });
  if (values.help || sub === undefined || sub === 'help') {
    process.stdout.write(FINDINGS_HELP + '\n');
    return sub === undefined ? 2 : 0;
  }
  const store = openStore(str(values.data) ?? './data');
  try {
    if (sub === 'list') {
      const q: Record<string, unknown> = {};
      for (const k of ['severity', 'type', 'cluster', 'namespace', 'sort', 'order', 'limit'] as const) if (values[k] !== undefined) q[k] = values[k];
      if (!values.all) q.archived = values.archived ? 'true' : 'false';
      let query;
      try {
        query = parseFindingQuery(q);
      } catch (e) {
        throw new UsageError(`findings list: ${(e as Error).message}`);
      }
      const page = await store.listFindings(query);
      if (values.json) for (const f of page.findings) process.stdout.write(JSON.stringify(f) + '\n');
      else process.stdout.write(findingsTable(page.findings) + '\n');
      if (page.nextToken && !values.json) process.stderr.write(`(more findings: raise --limit, or page through GET /api/v1/findings)\n`);
      return 0;
    }
    if (sub === 'show') {
      const id = positionals[0];
      if (!id) throw new UsageError('findings show: give a finding ID');
      const f = /^[0-9a-f]{32}$/.test(id) ? await store.getFinding(id) : null;
      if (!f) {
        process.stderr.write(`vigil findings show: no finding with id ${id}\n`);
        return 1;
      }
      process.stdout.write(JSON.stringify(f, null, 2) + '\n');
      return 0;
    }
    if (sub === 'sample') {
      await store.close();
      const vigil = await openVigil(DEFAULT_CONFIG, str(values.data) ?? './data', systemClock);
      try {
        const clusters = await vigil.store.listClusters();
        const name = (values.cluster as string[] | undefined)?.[0];
        const cluster = name ? clusters.find((c) => c.name === name) : clusters[0];
        if (!cluster) throw new UsageError(`findings sample: ${name ? `no cluster named ${name}` : 'register a cluster first (vigil clusters add NAME)'}`);
        const r = await vigil.samples(cluster, (values.types as string[] | undefined) ?? []);
        await vigil.store.recordAudit({ at: systemClock.now(), actor: 'cli', action: 'findings.samples', details: { cluster: cluster.name, created: r.created } });
        process.stdout.write(`created ${r.created} sample finding(s) in cluster ${cluster.name}\n`);
        for (const t of r.unknown) process.stderr.write(`no sample for ${t}: not a type Vigil detects\n`);
        return r.unknown.length ? 1 : 0;
      } finally {
        await vigil.close();
      }
    }
    if (sub === 'archive' || sub === 'unarchive' || sub === 'feedback') {
      if (positionals.length === 0 || !positionals.every((id) => /^[0-9a-f]{32}$/.test(id))) throw new UsageError(`findings ${sub}: give one or more finding IDs (32 hex characters)`);
      const now = systemClock.now();
      let n: number;
      if (sub === 'feedback') {
        if (values.useful === values['not-useful']) throw new UsageError('findings feedback: give --useful or --not-useful');
        const feedback = values.useful ? 'USEFUL' : 'NOT_USEFUL';
        n = await store.setFeedback(positionals, feedback);
        await store.recordAudit({ at: now, actor: 'cli', action: 'findings.feedback', details: { findingIds: positionals, feedback } });
      } else {
        n = await store.setArchived(positionals, sub === 'archive');
        await store.recordAudit({ at: now, actor: 'cli', action: `findings.${sub}`, details: { findingIds: positionals, found: n } });
      }
      process.stdout.write(`${sub}: ${n} of ${positionals.length} finding(s)\n`);
      return n === positionals.length ? 0 : 1;
    }
    throw new UsageError(`findings: unknown subcommand ${JSON.stringify(sub)}\n${FINDINGS_HELP}`);
  } finally {
    await store.close();
  }
}
