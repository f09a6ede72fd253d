// Retry delays: exponential growth from an initial delay up to a cap, with "equal jitter" (half
// fixed, half random) so sinks failing together do not retry in lockstep.

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** Returns a number in [0, 1); injectable for tests. */
  random?: () => number;
}

/** The wait before retry number `retry` (1 = first retry); at least `retryAfterMs` when the receiver gave one. */
export function backoffDelay(retry: number, o: BackoffOptions, retryAfterMs?: number): number {
  const cap = Math.min(o.maxMs, o.initialMs * 2 ** Math.max(0, retry - 1));
  const jittered = cap / 2 + (o.random ?? Math.random)() * (cap / 2);
  return Math.round(Math.min(o.maxMs, Math.max(jittered, retryAfterMs ?? 0)));
}
