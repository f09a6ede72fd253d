// threshold: fires when `count` matching events (or `count` distinct values of `distinct`) share a
// key within `window` (tumbling, from the first event of the window, in event time). After firing
// the window starts again, so a sustained burst gives one occurrence per `count` events.
// Keys held at once are bounded by `capacity` (LRU; evictions counted).

import { parseDuration } from '../../../lib/duration.js';
import type { DetectorDefinition } from '../../detector.js';

export interface ThresholdParams {
  count: number;
  windowMs: number;
  capacity: number;
}

interface WindowState {
  start: number;
  n: number;
  /** Distinct values seen in this window (only with `distinct`). */
  seen?: string[];
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
    const capacity = raw.capacity ?? 100_000;
    if (typeof capacity !== 'number' || !Number.isInteger(capacity) || capacity < 1 || capacity > 10_000_000) errors.push({ param: 'capacity', message: 'capacity must be an integer from 1 to 10000000' });
    if (raw.distinct !== undefined && typeof raw.distinct !== 'string') errors.push({ param: 'distinct', message: 'distinct must be a CEL expression' });
    if (errors.length) return { ok: false, errors };
    return { ok: true, params: { count: count as number, windowMs: windowMs as number, capacity: capacity as number } };
  },
  judge(input, params, ctx) {
    let fired = false;
    for (const k of input.keys) {
      const key = `${input.cluster}\u0000${k}`;
      const saved = ctx.state.get(key);
      let w: WindowState = saved ? (JSON.parse(saved) as WindowState) : { start: input.time, n: 0 };
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
      ctx.state.set(key, JSON.stringify(w));
    }
    return fired;
  },
};
