// vigil filters create|list|delete: saved filters and suppression rules (GuardDuty filters).

import { saveFilter } from '../../app/filters.js';
import { openStore } from '../../app/open.js';
import { systemClock } from '../../core/clock.js';
import { parseDuration } from '../../lib/duration.js';
import { UsageError, parse, str } from '../args.js';

export const FILTERS_HELP = `Usage:
  vigil filters create NAME (--type TYPE... | --criteria JSON) [--archive --reason TEXT] [--expires 30d]
                       [--cluster NAME] [--rank N] [--description TEXT] [--data DIR]
      --archive makes it a suppression rule: matching new and repeated findings are stored archived
      and not sent to outputs. --criteria takes GuardDuty FindingCriteria JSON, e.g.
      '{"criterion":{"resource.kubernetesDetails.kubernetesWorkloadDetails.namespace":{"eq":["ci"]}}}'
  vigil filters list [--json] [--data DIR]
  vigil filters delete NAME [--data DIR]
A running vigil serve picks up changes within 10 seconds.`;

export async function filtersCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parse(`filters ${sub ?? ''}`.trim(), rest, {
    data: { type: 'string' },
    type: { type: 'string', multiple: true },
    criteria: { type: 'string' },
    archive: { type: 'boolean' },
    reason: { type: 'string' },
    expires: { type: 'string' },
    cluster: { type: 'string' },
    rank: { type: 'string' },
    description: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help || sub === undefined || sub === 'help') {
    process.stdout.write(FILTERS_HELP + '\n');
    return sub === undefined ? 2 : 0;
  }
  const store = openStore(str(values.data) ?? './data');
  const now = systemClock.now();
  try {
    if (sub === 'create') {
      const name = positionals[0];
      let criteria: unknown;
      if (str(values.criteria)) {
        try {
          criteria = JSON.parse(str(values.criteria) as string);
        } catch (e) {
          throw new UsageError(`filters create: --criteria is not JSON: ${(e as Error).message}`);
        }
      } else if (values.type) criteria = { criterion: { type: { eq: values.type } } };
      else throw new UsageError('filters create: give --type TYPE or --criteria JSON');
      const expires = str(values.expires);
      const ms = expires ? parseDuration(expires) : null;
      if (expires && ms === null) throw new UsageError('filters create: --expires must be a duration such as 7d or 12h');
      const f = await saveFilter(
        store,
        {
          name,
          findingCriteria: criteria,
          action: values.archive ? 'ARCHIVE' : 'NOOP',
          reason: str(values.reason),
          expiresAt: ms === null ? null : now + ms,
          cluster: str(values.cluster) ?? null,
          description: str(values.description),
          ...(str(values.rank) ? { rank: Number(str(values.rank)) } : {}),
        },
        now,
      );
      await store.recordAudit({ at: now, actor: 'cli', action: 'filters.put', details: { name: f.name, action: f.action, criteria: f.criteria, reason: f.reason } });
      process.stdout.write(`saved ${f.action === 'ARCHIVE' ? 'suppression rule' : 'filter'} ${f.name} (rank ${f.rank})\n`);
      return 0;
    }
    if (sub === 'list') {
      const filters = await store.listFilters();
      if (values.json) process.stdout.write(JSON.stringify({ filters }) + '\n');
      else for (const f of filters) process.stdout.write(`${f.rank}\t${f.name}\t${f.action}\t${f.expiresAt ? `expires ${new Date(f.expiresAt).toISOString()}` : 'no expiry'}\t${JSON.stringify(f.criteria)}\t${f.reason}\n`);
      return 0;
    }
    if (sub === 'delete') {
      const name = positionals[0];
      if (!name) throw new UsageError('filters delete: give the filter NAME');
      if (!(await store.deleteFilter(name))) {
        process.stderr.write(`vigil filters delete: no filter named ${name}\n`);
        return 1;
      }
      await store.recordAudit({ at: now, actor: 'cli', action: 'filters.delete', details: { name } });
      process.stdout.write(`deleted ${name}\n`);
      return 0;
    }
    throw new UsageError(`filters: unknown subcommand ${JSON.stringify(sub)}\n${FILTERS_HELP}`);
  } finally {
    await store.close();
  }
}
