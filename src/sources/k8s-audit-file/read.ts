// Reads recorded logs (audit logs; with `envelope: sensorItems`, runtime sensor output): JSON lines (the kube-apiserver log backend: one Event per line; a line
// may also hold an EventList), or one whole JSON document (an EventList or Event, pretty-printed or
// not); plain or gzip-compressed (detected by magic bytes). Yields chunks of raw items with the line
// each came from, and every unreadable line with its number and reason; one bad line never stops
// the file.

import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Transform, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { auditItems, isSingleEvent, parseJson, type EnvelopeResult } from '../../normalize/k8s-audit/envelope.js';

export interface FileChunk {
  items: unknown[];
  /** 1-based line number of each item (for a whole-document file, the document's first line). */
  lines: number[];
  /** Lines that could not be read as audit events. */
  errors: { line: number; reason: string }[];
}

export interface ReadOptions {
  chunkSize?: number;
  /** Cap on decompressed bytes (gzip bombs). Default 16 GiB. */
  maxBytes?: number;
  /** Cap on a whole-document file. Default 512 MiB. */
  maxDocumentBytes?: number;
  /** Called with the number of file bytes consumed so far. */
  onProgress?: (bytes: number) => void;
  /** How a JSON document holds events; default: audit EventList or Event. */
  envelope?: (doc: unknown) => EnvelopeResult;
}

/** Runtime sensors' files: one event object a line, or a JSON array of events. */
export function sensorItems(doc: unknown): EnvelopeResult {
  if (Array.isArray(doc)) return { ok: true, items: doc };
  if (typeof doc === 'object' && doc !== null) return { ok: true, items: [doc] };
  return { ok: false, reason: `expected a JSON object (one event), got ${doc === null ? 'null' : typeof doc}` };
}

async function isGzip(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(2);
    const { bytesRead } = await fh.read(buf, 0, 2, 0);
    return bytesRead === 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

/** The decoded byte stream of a file, with a cap on its size. */
async function openDecoded(path: string, opts: ReadOptions): Promise<Readable> {
  const gz = await isGzip(path);
  const raw = createReadStream(path);
  let consumed = 0;
  raw.on('data', (b: Buffer | string) => {
    consumed += b.length;
    opts.onProgress?.(consumed);
  });
  const max = opts.maxBytes ?? 16 * 1024 ** 3;
  // A plain file cannot expand: its size is checked once; only a gzip stream needs counting.
  if (!gz) {
    const { size } = await stat(path);
    if (size > max) {
      raw.destroy();
      throw new Error(`file size ${size} exceeds ${max} bytes; refusing to read it`);
    }
    return raw;
  }
  let total = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      total += chunk.length;
      if (total > max) cb(new Error(`decompressed size exceeds ${max} bytes; refusing to read further`));
      else cb(null, chunk);
    },
  });
  const src = raw.pipe(createGunzip());
  src.on('error', (e: Error) => cap.destroy(e));
  return src.pipe(cap);
}

function firstLineParses(line: string): boolean {
  return parseJson(line).ok;
}

export async function* readAuditFile(path: string, opts: ReadOptions = {}): AsyncGenerator<FileChunk> {
  const size = opts.chunkSize ?? 1000;
  const envelope = opts.envelope ?? auditItems;
  let chunk: FileChunk = { items: [], lines: [], errors: [] };
  let lineNo = 0;
  let mode: 'lines' | 'document' | null = null;
  const docParts: string[] = [];
  let docBytes = 0;
  let docStart = 0;
  const maxDoc = opts.maxDocumentBytes ?? 512 * 1024 * 1024;
  const stream = await openDecoded(path, opts);
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    for await (const rawLine of rl) {
      lineNo++;
      const line = lineNo === 1 && rawLine.charCodeAt(0) === 0xfeff ? rawLine.slice(1) : rawLine;
      if (mode === null) {
        if (line.trim() === '') continue;
        mode = firstLineParses(line) ? 'lines' : 'document';
        docStart = lineNo;
      }
      if (mode === 'document') {
        docBytes += line.length + 1;
        if (docBytes > maxDoc) throw new Error(`a whole-document file larger than ${maxDoc} bytes is not supported; convert it to JSON lines`);
        docParts.push(line);
        continue;
      }
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line.charCodeAt(0) === 0xfeff ? line.slice(1) : line);
      } catch (e) {
        chunk.errors.push({ line: lineNo, reason: `not valid JSON: ${(e as Error).message}` });
        continue;
      }
      // The common case, one Event a line, without the envelope's result objects.
      if (envelope === auditItems && isSingleEvent(value)) {
        chunk.items.push(value);
        chunk.lines.push(lineNo);
        if (chunk.items.length >= size) {
          yield chunk;
          chunk = { items: [], lines: [], errors: [] };
        }
        continue;
      }
      const env = envelope(value);
      if (!env.ok) {
        chunk.errors.push({ line: lineNo, reason: env.reason });
        continue;
      }
      for (const item of env.items) {
        chunk.items.push(item);
        chunk.lines.push(lineNo);
      }
      if (chunk.items.length >= size) {
        yield chunk;
        chunk = { items: [], lines: [], errors: [] };
      }
    }
  } finally {
    rl.close();
    stream.destroy();
  }
  if (mode === 'document') {
    const parsed = parseJson(docParts.join('\n'));
    const env = parsed.ok ? envelope(parsed.value) : parsed;
    if (!env.ok) chunk.errors.push({ line: docStart, reason: env.reason });
    else {
      for (let i = 0; i < env.items.length; i += size) {
        const items = env.items.slice(i, i + size);
        yield { items, lines: items.map(() => docStart), errors: i === 0 ? chunk.errors : [] };
      }
      return;
    }
  }
  if (chunk.items.length > 0 || chunk.errors.length > 0) yield chunk;
}

