// threshold: fires when `count` matching events (or `count` distinct values of `distinct`) share a
// key within `window` (tumbling, from the first event of the window, in event time). After firing
// the window starts again, so a sustained burst gives one occurrence per `count` events.
// Keys held at once are bounded by `capacity` (LRU; evictions counted; default state.detectorDefault).

import { parseDuration } from '../../../lib/duration.js';
import type { DetectorDefinition } from '../../detector.js';
import { isPacked, numField, packFields, stateKey, unpackFields } from '../../state/packed-fields.js';

export interface ThresholdParams {
  count: number;
  windowMs: number;
  /** undefined: the configured default (state.detectorDefault). */
  capacity: number | undefined;
}

interface WindowState {
  start: number;
  n: number;
  /** Distinct values seen in this window (only with `distinct`). */
  seen?: string[];
}

/** start, n, then the distinct values (with `distinct`). */
function pack(w: WindowState): string {
  return packFields(w.seen ? [w.start, w.n, ...w.seen] : [w.start, w.n]);
}

function unpack(saved: string, distinct: boolean): WindowState {
  if (!isPacked(saved)) return JSON.parse(saved) as WindowState;
  const f = unpackFields(saved);
  const w: WindowState = { start: numField(f, 0), n: numField(f, 1) };
  if (distinct) w.seen = f.slice(2);
  return w;
}

const KNOWN = new Set(['count', 'window', 'capacity', 'distinct']);

export const threshold: DetectorDefinition<ThresholdParams> = {
  name: 'threshold',
  description: 'Fires when count events (or count distinct values) share a key within a time window.',
  parseParams(raw) {
    const errors: { param: string; message: string }[] = [];
    for (const k of Object.keys(raw)) if (!KNOWN.has(k)) errors.push({ param: k, message: `unknown parameter ${JSON.stringify(k)} (threshold takes count, window, distinct, capacity)` });
    const count = raw.count;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 2 || count > 100_000) errors.push({ param: 'count', message: 'count must be an integer from 2 to 100000' });
    const windowMs = parseDuration(raw.window);
    if (windowMs === null || windowMs > 7 * 86_400_000) errors.push({ param: 'window', message: 'window must be a duration such as 30s, 5m or 1h, at most 7d' });
    const capacity = raw.capacity;
    if (capacity !== undefined && (typeof capacity !== 'number' || !Number.isInteger(capacity) || capacity < 1 || capacity > 10_000_000)) errors.push({ param: 'capacity', message: 'capacity must be an integer from 1 to 10000000' });
    if (raw.distinct !== undefined && typeof raw.distinct !== 'string') errors.push({ param: 'distinct', message: 'distinct must be a CEL expression' });
    if (errors.length) return { ok: false, errors };
    return { ok: true, params: { count: count as number, windowMs: windowMs as number, capacity: capacity as number | undefined } };
  },
  judge(input, params, ctx) {
    let fired = false;
    for (const k of input.keys) {
      const key = stateKey(input.cluster, k);
      const saved = ctx.state.get(key);
      let w: WindowState = saved ? unpack(saved, input.distinct !== undefined) : { start: input.time, n: 0 };
      if (input.time - w.start > params.windowMs || input.time < w.start - params.windowMs) w = { start: input.time, n: 0 };
      if (input.distinct) {
        const seen = new Set(w.seen ?? []);
        for (const v of input.distinct) seen.add(v);
        w.seen = [...seen].slice(0, params.count);
        w.n = w.seen.length;
      } else w.n++;
      if (w.n >= params.count) {
        fired = true;
        w = { start: input.time, n: 0 };
        if (input.distinct) w.seen = [];
      }
      ctx.state.set(key, pack(w));
    }
    return fired;
  },
};
