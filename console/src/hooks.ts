// Small hooks: loading data from the API, the current hash route, intervals.

import { useCallback, useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import { parseRoute, type Route } from './lib/route.js';

export interface Async<T> {
  /** The answer for the current key (kept while the same key reloads); undefined before it. */
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * Runs load() whenever key changes (and on reload()). key must name everything load depends on.
 * A stale answer never overwrites a newer one; data of another key is never shown.
 */
export function useAsync<T>(load: () => Promise<T>, key: string): Async<T> {
  const [tick, setTick] = useState(0);
  const [state, setState] = useState<{ key: string; req: string; data: T | undefined; error: unknown }>({ key: '', req: '', data: undefined, error: undefined });
  const loadRef = useRef(load);
  useLayoutEffect(() => {
    loadRef.current = load;
  });
  const req = `${key}#${tick}`;
  useEffect(() => {
    let current = true;
    loadRef.current().then(
      (data) => {
        if (current) setState({ key, req, data, error: undefined });
      },
      (error: unknown) => {
        if (current) setState({ key, req, data: undefined, error });
      },
    );
    return () => {
      current = false;
    };
  }, [key, req]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const same = state.key === key;
  return { data: same ? state.data : undefined, error: same ? state.error : undefined, loading: state.req !== req, reload };
}

function subscribeHash(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribeHash, () => window.location.hash);
  return parseRoute(hash);
}

export function navigate(href: string, replace = false): void {
  if (replace) window.history.replaceState(null, '', href);
  else window.location.hash = href.replace(/^#/, '');
  if (replace) window.dispatchEvent(new HashChangeEvent('hashchange'));
}

export function useInterval(fn: () => void, ms: number | null): void {
  const ref = useRef(fn);
  useEffect(() => {
    ref.current = fn;
  }, [fn]);
  useEffect(() => {
    if (ms === null) return undefined;
    const id = window.setInterval(() => ref.current(), ms);
    return () => window.clearInterval(id);
  }, [ms]);
}
