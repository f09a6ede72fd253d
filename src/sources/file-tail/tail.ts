// Tailing a log file that another program appends to (the kube-apiserver log backend,
// --audit-log-path; a sensor's JSON output file): JSON lines are read as they are written, handed to
// the pipeline in batches, and the position after each batch is committed in the batch's own
// transaction (store cursors), so a restart resumes where it stopped: not from the start, not from
// the end, and no batch twice.
//
// Rotation: when the path names a new file (rename rotation, as kube-apiserver's
// --audit-log-maxsize does), the old file is read to its end before the new one is opened at 0;
// when the file shrinks under the saved offset (copytruncate), reading starts again at 0. If Vigil
// was down during a rotation, the rotated file is found in the same folder by its inode and its
// rest read first. A line that is not JSON or not an event is skipped and counted with its reason;
// a line over maxLineBytes is skipped whole. A partial last line waits for its newline.

import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { auditItems, parseJson, type EnvelopeResult } from '../../normalize/k8s-audit/envelope.js';
import type { UnjudgedCounts } from '../../pipeline/audit-pipeline.js';
import type { CursorWrite } from '../../store/store.js';

export interface TailCursor {
  /** Device and inode of the file the offset belongs to. */
  dev: number;
  ino: number;
  offset: number;
}

export interface TailStats {
  lines: number;
  items: number;
  /** Lines skipped, by code: not_json, not_audit_event, line_too_long. */
  rejected: Record<string, number>;
  bytes: number;
  rotations: number;
  truncations: number;
}

export interface TailOptions {
  path: string;
  /** Cursor name in the store, e.g. file:/var/log/kubernetes/audit.log. */
  source: string;
  cursors: { getCursor(source: string): Promise<string | null>; setCursor(source: string, value: string, now: number): Promise<void> };
  /**
   * Hands one batch to the pipeline; resolves once it is committed, rejects when it was not.
   * `unjudged`: the lines skipped since the last batch, by code, to commit with its counters.
   */
  /** Commits a batch; `cursor`, when given, is the source's position after it, saved in the batch's transaction. */
  submit: (items: unknown[], unjudged: UnjudgedCounts, cursor?: CursorWrite) => Promise<void>;
  /** How a parsed line holds events (default: audit Event or EventList). */
  envelope?: (doc: unknown) => EnvelopeResult;
  now?: () => number;
  pollMs?: number;
  /** Items per submitted batch. Default 500. */
  batchSize?: number;
  /** Longest accepted line. Default 8 MiB. */
  maxLineBytes?: number;
  /** Wait after a failed submit (overload, store error) before trying the same batch again. */
  retryMs?: number;
  log?: (level: 'info' | 'warn', msg: string, fields: Record<string, unknown>) => void;
}

const READ_BYTES = 1024 * 1024;

interface Open {
  fh: FileHandle;
  dev: number;
  ino: number;
  offset: number;
}

export class FileTailer {
  readonly stats: TailStats = { lines: 0, items: 0, rejected: {}, bytes: 0, rotations: 0, truncations: 0 };
  readonly #o: TailOptions;
  #file: Open | null = null;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> = Promise.resolve();
  #stopped = false;
  /** Bytes of a line longer than maxLineBytes still being skipped. */
  #skipping = false;
  /** Lines skipped since the last submitted batch, by code. */
  #unjudged: Record<string, number> = {};

  constructor(opts: TailOptions) {
    this.#o = opts;
  }

  /** Starts reading (what is there now, then every pollMs) until stop(); does not wait for the first pass. */
  start(): void {
    void this.#tick().finally(() => this.#schedule());
  }

  /** Stops polling; resolves after the batch in flight is committed and its cursor saved. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
    await this.#file?.fh.close();
    this.#file = null;
  }

  /** One pass: read everything appended since the last pass (exposed for tests). */
  async poll(): Promise<void> {
    await this.#tick();
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      void this.#tick().finally(() => this.#schedule());
    }, this.#o.pollMs ?? 1000);
    this.#timer.unref();
  }

  #tick(): Promise<void> {
    const run = this.#running.then(() => this.#pass()).catch((e: unknown) => this.#o.log?.('warn', 'tailing failed; retrying', { path: this.#o.path, error: (e as Error).message }));
    this.#running = run;
    return run;
  }

  async #pass(): Promise<void> {
    if (this.#stopped) return;
    const st = await stat(this.#o.path).catch(() => null);
    if (!this.#file) {
      if (!st) return; // not there yet
      await this.#openFirst(st.dev, st.ino, st.size);
    }
    const f = this.#file!;
    if (st && (st.ino !== f.ino || st.dev !== f.dev)) {
      // Rotated: finish the old file, then follow the path to the new one.
      await this.#drain(f);
      await f.fh.close();
      this.stats.rotations++;
      this.#o.log?.('info', 'log file rotated; following the new file', { path: this.#o.path });
      this.#file = { fh: await open(this.#o.path, 'r'), dev: st.dev, ino: st.ino, offset: 0 };
      this.#skipping = false;
      await this.#save(this.#file);
    } else if (st && st.size < f.offset) {
      this.stats.truncations++;
      this.#o.log?.('warn', 'log file shrank below the saved offset (truncated); reading from its start', { path: this.#o.path, offset: f.offset, size: st.size });
      f.offset = 0;
      this.#skipping = false;
    }
    await this.#drain(this.#file!);
  }

  /** Opens the file at the saved position; first drains a file rotated away while Vigil was down. */
  async #openFirst(dev: number, ino: number, size: number): Promise<void> {
    const raw = await this.#o.cursors.getCursor(this.#o.source);
    const saved = raw ? (JSON.parse(raw) as TailCursor) : null;
    if (saved && (saved.ino !== ino || saved.dev !== dev)) {
      const rotated = await this.#findByInode(saved.dev, saved.ino);
      if (rotated) {
        this.#o.log?.('info', 'reading the rest of the rotated file first', { path: rotated, offset: saved.offset });
        const old: Open = { fh: await open(rotated, 'r'), dev: saved.dev, ino: saved.ino, offset: saved.offset };
        try {
          await this.#drain(old, false);
        } finally {
          await old.fh.close();
        }
        this.stats.rotations++;
      } else this.#o.log?.('warn', 'the file the saved position belongs to is gone; reading the current file from its start', { path: this.#o.path });
    }
    let offset = saved && saved.ino === ino && saved.dev === dev ? saved.offset : 0;
    if (offset > size) {
      this.stats.truncations++;
      offset = 0;
    }
    this.#file = { fh: await open(this.#o.path, 'r'), dev, ino, offset };
    if (saved && (saved.ino !== ino || saved.dev !== dev)) await this.#save(this.#file);
  }

  async #findByInode(dev: number, ino: number): Promise<string | null> {
    const dir = dirname(this.#o.path);
    const prefix = basename(this.#o.path);
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      if (!name.startsWith(prefix) || name === prefix) continue;
      const st = await stat(join(dir, name)).catch(() => null);
      if (st && st.ino === ino && st.dev === dev) return join(dir, name);
    }
    return null;
  }

  /** Reads complete lines from f.offset to the end, submitting batches and saving the cursor. */
  async #drain(f: Open, saveCursor = true): Promise<void> {
    const buf = Buffer.alloc(READ_BYTES);
    const max = this.#o.maxLineBytes ?? 8 * 1024 * 1024;
    const batchSize = this.#o.batchSize ?? 500;
    let items: unknown[] = [];
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    /** Offset after the last complete line taken into `items`. */
    let lineEnd = f.offset;
    let readAt = f.offset;
    for (;;) {
      if (this.#stopped && items.length === 0) break;
      const { bytesRead } = await f.fh.read(buf, 0, buf.length, readAt);
      if (bytesRead === 0) break;
      readAt += bytesRead;
      this.stats.bytes += bytesRead;
      let start = 0;
      for (let nl = buf.indexOf(10, 0); nl !== -1 && nl < bytesRead; nl = buf.indexOf(10, start)) {
        const piece = buf.subarray(start, nl);
        const lineBytes = pendingBytes + piece.length;
        if (!this.#skipping && lineBytes <= max) {
          const line = pending.length ? Buffer.concat([...pending, piece]).toString('utf8') : piece.toString('utf8');
          this.#take(line, items);
        } else if (!this.#skipping) this.#reject('line_too_long', `line longer than ${max} bytes`);
        this.#skipping = false;
        pending = [];
        pendingBytes = 0;
        start = nl + 1;
        lineEnd = readAt - bytesRead + start;
        if (items.length >= batchSize) {
          await this.#submit(items, saveCursor ? this.#cursorAt(f, lineEnd) : undefined);
          items = [];
          f.offset = lineEnd;
        }
      }
      if (start < bytesRead) {
        // A line continues past this read: keep it (or skip it, when it is already too long).
        const rest = buf.subarray(start, bytesRead);
        if (pendingBytes + rest.length > max) {
          if (!this.#skipping) this.#reject('line_too_long', `line longer than ${max} bytes`);
          this.#skipping = true;
          pending = [];
          pendingBytes = 0;
          // Skipped bytes are consumed: the line's end will move lineEnd on.
        } else {
          pending.push(Buffer.from(rest));
          pendingBytes += rest.length;
        }
      }
    }
    const submit = items.length > 0 || Object.keys(this.#unjudged).length > 0;
    if (submit) await this.#submit(items, saveCursor ? this.#cursorAt(f, lineEnd) : undefined);
    if (lineEnd !== f.offset || items.length > 0) {
      // Committed with the batch above; blank lines alone move the offset without a batch.
      if (saveCursor && !submit) await this.#save({ ...f, offset: lineEnd });
      f.offset = lineEnd;
    }
  }

  #take(raw: string, items: unknown[]): void {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    this.stats.lines++;
    const parsed = parseJson(line);
    if (!parsed.ok) return this.#reject('not_json', parsed.reason);
    const env = (this.#o.envelope ?? auditItems)(parsed.value);
    if (!env.ok) return this.#reject('not_audit_event', env.reason);
    for (const it of env.items) items.push(it);
    this.stats.items += env.items.length;
  }

  #reject(code: string, reason: string): void {
    this.stats.rejected[code] = (this.stats.rejected[code] ?? 0) + 1;
    this.#unjudged[code] = (this.#unjudged[code] ?? 0) + 1;
    this.#o.log?.('warn', 'log line skipped', { path: this.#o.path, code, reason: reason.slice(0, 200) });
  }

  /** Submits until committed (a refused batch is retried after retryMs; stop() ends the wait). */
  async #submit(items: unknown[], cursor?: CursorWrite): Promise<void> {
    const unjudged: UnjudgedCounts = { skipped: 0, rejected: this.#unjudged };
    for (;;) {
      try {
        await this.#o.submit(items, unjudged, cursor);
        this.#unjudged = {};
        return;
      } catch (e) {
        this.#o.log?.('warn', 'batch from the log file not taken; retrying', { path: this.#o.path, error: (e as Error).message });
        if (this.#stopped) throw e;
        await new Promise((r) => setTimeout(r, this.#o.retryMs ?? 1000));
      }
    }
  }

  async #save(f: Open): Promise<void> {
    const c = this.#cursorAt(f, f.offset);
    await this.#o.cursors.setCursor(c.source, c.value, (this.#o.now ?? Date.now)());
  }

  /** The file's position at `offset`, as saved in the store's cursors. */
  #cursorAt(f: Open, offset: number): CursorWrite {
    const c: TailCursor = { dev: f.dev, ino: f.ino, offset };
    return { source: this.#o.source, value: JSON.stringify(c) };
  }
}
