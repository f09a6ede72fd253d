// One HTTP POST for the HTTP sinks, classified the same way everywhere: 2xx ok; 408, 429, 5xx,
// timeouts and network errors retryable; redirects and other 4xx not (a person must fix the config).
// Error texts never contain the URL: Slack webhook URLs are secrets.

import { OK, describeError, failure, type SendResult } from './sink.js';

export interface PostOptions {
  headers?: Record<string, string>;
  /** Per request. */
  timeoutMs: number;
  /** Aborts the request (sink closed). */
  signal?: AbortSignal;
}

export const USER_AGENT = 'vigil-sinks/0.1';

function retryAfterMs(v: string | null): number | undefined {
  if (v === null || !/^\d{1,6}$/.test(v.trim())) return undefined;
  return Number(v.trim()) * 1000;
}

/** The first characters of a response body, on one line (receivers put their reason there). */
function snippet(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim().slice(0, 200);
  return t ? `: ${t}` : '';
}

export async function postJson(url: string, body: string, o: PostOptions): Promise<SendResult> {
  const timeout = AbortSignal.timeout(o.timeoutMs);
  const signal = o.signal ? AbortSignal.any([o.signal, timeout]) : timeout;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT, ...o.headers },
      redirect: 'manual',
      signal,
    });
  } catch (err) {
    if (o.signal?.aborted) return failure(false, 'request aborted: sink closed');
    if (timeout.aborted) return failure(true, `no response within ${o.timeoutMs} ms`);
    return failure(true, `request failed: ${describeError(err)}`);
  }
  let text = '';
  try {
    text = await res.text();
  } catch {
    // The status is what counts; a body cut short does not change it.
  }
  if (res.status >= 200 && res.status < 300) return OK;
  const error = `HTTP ${res.status}${snippet(text)}`;
  if (res.status === 408 || res.status === 429 || res.status >= 500) {
    const after = retryAfterMs(res.headers.get('retry-after'));
    return failure(true, error, after === undefined ? {} : { retryAfterMs: after });
  }
  return failure(false, res.status >= 300 && res.status < 400 ? `${error} (redirects are not followed)` : error);
}
