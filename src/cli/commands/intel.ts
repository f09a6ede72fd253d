// vigil intel add|list|remove|refresh: threat-intelligence lists kept in the store.

import { BUILTIN_LISTS, INTEL_KINDS, putList, readListSource } from '../../app/intel.js';
import { openStore } from '../../app/open.js';
import { systemClock } from '../../core/clock.js';
import { UsageError, parse, str } from '../args.js';

export const INTEL_HELP = `Usage:
  vigil intel add --list threat|trusted|tor|malicious --name NAME [--format txt|csv|stix] FILE|URL [--data DIR]
      loads a list (one IP, CIDR block or domain a line; CSV with a header; or a STIX 2.1 bundle)
  vigil intel list [--json] [--data DIR]
  vigil intel remove NAME [--data DIR]
  vigil intel refresh NAME [--data DIR]      re-reads the list from where it was loaded (file or URL)
A running vigil serve picks up changes within 10 seconds. Trusted IPs never produce IP-based findings.`;

export async function intelCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parse(`intel ${sub ?? ''}`.trim(), rest, {
    data: { type: 'string' },
    list: { type: 'string' },
    name: { type: 'string' },
    format: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help || sub === undefined || sub === 'help') {
    process.stdout.write(INTEL_HELP + '\n');
    return sub === undefined ? 2 : 0;
  }
  const store = openStore(str(values.data) ?? './data');
  try {
    if (sub === 'add') {
      const source = positionals[0];
      const kind = str(values.list);
      const name = str(values.name);
      if (!source || !kind || !name) throw new UsageError('intel add: give --list KIND, --name NAME and a FILE or URL');
      if (!INTEL_KINDS.includes(kind as never)) throw new UsageError(`intel add: --list must be one of ${INTEL_KINDS.join(', ')}`);
      const content = await readListSource(source);
      const r = await putList(store, { name, kind, source, content, ...(str(values.format) ? { format: str(values.format) } : {}) }, systemClock.now());
      process.stdout.write(`${r.info.name}: ${r.info.entries} entries (${r.info.kind}, ${r.info.format}) from ${source}; ${r.errors.length} line(s) refused\n`);
      for (const e of r.errors.slice(0, 20)) process.stderr.write(`  ${source}:${e.line}: ${e.reason}\n`);
      if (r.errors.length > 20) process.stderr.write(`  ... and ${r.errors.length - 20} more\n`);
      return 0;
    }
    if (sub === 'list') {
      const stored = await store.listIntelLists();
      const builtins = BUILTIN_LISTS.filter((b) => !stored.some((s) => s.name === b.name)).map((b) => ({ name: b.name, kind: b.kind, source: `built-in (${b.file})` }));
      if (values.json) process.stdout.write(JSON.stringify({ lists: stored, builtin: builtins }) + '\n');
      else {
        for (const l of stored) process.stdout.write(`${l.name}\t${l.kind}\t${l.entries} entries\t${l.rejected} refused\tupdated ${new Date(l.updatedAt).toISOString()}\t${l.source}\n`);
        for (const b of builtins) process.stdout.write(`${b.name}\t${b.kind}\t${b.source}\n`);
      }
      return 0;
    }
    if (sub === 'remove') {
      const name = positionals[0];
      if (!name) throw new UsageError('intel remove: give the list NAME');
      if (!(await store.deleteIntelList(name))) {
        process.stderr.write(`vigil intel remove: no stored list named ${name}\n`);
        return 1;
      }
      process.stdout.write(`removed ${name}\n`);
      return 0;
    }
    if (sub === 'refresh') {
      const name = positionals[0];
      if (!name) throw new UsageError('intel refresh: give the list NAME');
      const stored = await store.getIntelList(name);
      const builtin = BUILTIN_LISTS.find((b) => b.name === name);
      const source = stored?.source ?? builtin?.url;
      const kind = stored?.kind ?? builtin?.kind;
      if (!source || !kind) throw new UsageError(`intel refresh: no list named ${name} with a source to read again`);
      const r = await putList(store, { name, kind, source, content: await readListSource(source), ...(stored ? { format: stored.format } : {}) }, systemClock.now());
      process.stdout.write(`${name}: ${r.info.entries} entries from ${source}; ${r.errors.length} line(s) refused\n`);
      return 0;
    }
    throw new UsageError(`intel: unknown subcommand ${JSON.stringify(sub)}\n${INTEL_HELP}`);
  } finally {
    await store.close();
  }
}
