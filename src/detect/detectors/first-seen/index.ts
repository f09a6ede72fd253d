// first-seen: fires the first time a key value is seen in a cluster (for example the first time an
// image is launched privileged). Remembered values are bounded (LRU, `capacity`, default
// state.detectorDefault, 50000); a value evicted and seen again fires again, and evictions are counted.

import type { DetectorDefinition } from '../../detector.js';
import { stateKey } from '../../state/packed-fields.js';

export interface FirstSeenParams {
  /** undefined: the configured default (state.detectorDefault). */
  capacity: number | undefined;
}

export const firstSeen: DetectorDefinition<FirstSeenParams> = {
  name: 'first-seen',
  description: 'Fires when any key value has not been seen before in this cluster; remembers every value.',
  parseParams(raw) {
    const unknown = Object.keys(raw).filter((k) => k !== 'capacity');
    if (unknown.length > 0) return { ok: false, errors: unknown.map((k) => ({ param: k, message: `unknown parameter ${JSON.stringify(k)} (first-seen takes capacity)` })) };
    const cap = raw.capacity;
    if (cap !== undefined && (typeof cap !== 'number' || !Number.isInteger(cap) || cap < 1 || cap > 10_000_000))
      return { ok: false, errors: [{ param: 'capacity', message: 'capacity must be an integer from 1 to 10000000' }] };
    return { ok: true, params: { capacity: cap } };
  },
  judge(input, _params, ctx) {
    let fresh = false;
    for (const k of input.keys) {
      const key = stateKey(input.cluster, k);
      if (ctx.state.has(key)) {
        ctx.state.get(key);
        continue;
      }
      ctx.state.set(key, String(input.time));
      fresh = true;
    }
    return fresh;
  },
};
