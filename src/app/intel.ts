// Threat-intelligence lists for a running Vigil: the built-in lists shipped in intel/, the lists
// users added (kept in the store), and lists given on the command line (replay). Adding a list
// reads a file or fetches a URL, parses it, and stores the text with its counts.

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { VigilError } from '../core/errors.js';
import { BUILTIN_LISTS, builtinListInputs } from '../enrich/threat-intel/builtin.js';
import { detectFormat, type ListFormat } from '../enrich/threat-intel/formats.js';

export { BUILTIN_LISTS };
import { IntelIndex, type IntelListInput } from '../enrich/threat-intel/intel-index.js';
import type { IntelKind, IntelList, IntelListInfo, Store } from '../store/store.js';

export const INTEL_KINDS: readonly IntelKind[] = ['threat', 'trusted', 'tor', 'malicious'];
const FORMATS: readonly ListFormat[] = ['txt', 'csv', 'stix'];
const MAX_LIST_BYTES = 64 * 1024 * 1024;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Reads a list's text from a file path or an http(s) URL (size-capped, 30 s timeout). */
export async function readListSource(source: string): Promise<string> {
  if (/^https?:\/\//i.test(source)) {
    let res: Response;
    try {
      res = await fetch(source, { signal: AbortSignal.timeout(30_000), redirect: 'follow' });
    } catch (e) {
      throw new VigilError('VIGIL_BAD_REQUEST', `cannot fetch ${source}: ${(e as Error).message}`);
    }
    if (!res.ok) throw new VigilError('VIGIL_BAD_REQUEST', `cannot fetch ${source}: HTTP ${res.status}`);
    const text = await res.text();
    if (text.length > MAX_LIST_BYTES) throw new VigilError('VIGIL_BAD_REQUEST', `${source} is larger than ${MAX_LIST_BYTES} bytes`);
    return text;
  }
  try {
    const buf = readFileSync(source);
    if (buf.length > MAX_LIST_BYTES) throw new VigilError('VIGIL_BAD_REQUEST', `${source} is larger than ${MAX_LIST_BYTES} bytes`);
    return buf.toString('utf8');
  } catch (e) {
    if (e instanceof VigilError) throw e;
    throw new VigilError('VIGIL_BAD_REQUEST', `cannot read ${source}: ${(e as Error).message}`);
  }
}

export interface ListReport {
  info: IntelListInfo;
  errors: { line: number; reason: string }[];
}

/** Validates, parses and stores a list given as text. */
export async function putList(
  store: Store,
  opts: { name: string; kind: string; format?: string; source: string; content: string },
  now: number,
): Promise<ListReport> {
  if (!NAME.test(opts.name)) throw new VigilError('VIGIL_BAD_REQUEST', 'list name must be 1-64 letters, digits, ".", "_" or "-"');
  if (!INTEL_KINDS.includes(opts.kind as IntelKind)) throw new VigilError('VIGIL_BAD_REQUEST', `list kind must be one of ${INTEL_KINDS.join(', ')}`);
  const format = (opts.format ?? detectFormat(basename(opts.source), opts.content)) as ListFormat;
  if (!FORMATS.includes(format)) throw new VigilError('VIGIL_BAD_REQUEST', `format must be one of ${FORMATS.join(', ')}`);
  const { parsed } = IntelIndex.build([{ name: opts.name, kind: opts.kind as IntelKind, format, content: opts.content }]);
  const p = parsed.get(opts.name);
  const entries = p?.entries ?? 0;
  const errors = p?.errors ?? [];
  if (entries === 0 && errors.length > 0) {
    throw new VigilError('VIGIL_BAD_REQUEST', `no usable entry in the list; first problems: ${errors.slice(0, 3).map((e) => `line ${e.line}: ${e.reason}`).join('; ')}`);
  }
  const existing = await store.getIntelList(opts.name);
  const list: IntelList = {
    name: opts.name,
    kind: opts.kind as IntelKind,
    format,
    source: opts.source,
    entries,
    rejected: errors.length,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    content: opts.content,
  };
  await store.putIntelList(list);
  const { content: _c, ...info } = list;
  return { info, errors };
}

/** Built-in lists (unless a stored list has the same name), stored lists, then `extra`. */
export async function loadIntelIndex(store: Store, extra: IntelListInput[] = []): Promise<IntelIndex> {
  const stored = await store.listIntelLists();
  const storedNames = new Set(stored.map((l) => l.name));
  const inputs: IntelListInput[] = builtinListInputs(new Set([...storedNames, ...extra.map((x) => x.name)]));
  for (const info of stored) {
    const l = await store.getIntelList(info.name);
    if (l) inputs.push({ name: l.name, kind: l.kind, format: l.format as ListFormat, content: l.content });
  }
  inputs.push(...extra);
  return IntelIndex.build(inputs).index;
}

/** A cheap signature of the stored lists, to notice changes made by another process. */
export async function intelSignature(store: Store): Promise<string> {
  return (await store.listIntelLists()).map((l) => `${l.name}@${l.updatedAt}`).join(',');
}
