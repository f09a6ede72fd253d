// Live updates by polling (EventSource cannot send the Authorization header, and the token must
// not go into a URL): every few seconds the newest findings of the current view are fetched and
// compared with what the page has seen.

import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage, type VigilApi } from '../api/client.js';
import type { Finding } from '../api/types.js';
import { viewToApiQuery, type FindingView } from '../lib/filters.js';
import { useInterval } from '../hooks.js';

export const POLL_MS = 4000;

export function useLiveFindings(api: VigilApi, view: FindingView, onNews: (news: Finding[]) => void) {
  const [live, setLive] = useState(true);
  const [checkedAt, setCheckedAt] = useState<number | null>(null);
  const [error, setError] = useState('');
  /** The newest updatedAt seen; findings updated after it are news. */
  const baseline = useRef<string | null>(null);
  const key = viewToApiQuery(view);
  useEffect(() => {
    baseline.current = null;
  }, [key]);
  const poll = useCallback(() => {
    const q = viewToApiQuery({ ...view, sort: 'updatedAt', order: 'desc', limit: 25 });
    api.findings(q).then(
      (page) => {
        setCheckedAt(Date.now());
        setError('');
        const newest = page.findings[0]?.updatedAt ?? null;
        const prev = baseline.current;
        if (prev === null) {
          baseline.current = newest ?? '';
          return;
        }
        const news = page.findings.filter((f) => f.updatedAt > prev);
        if (newest && newest > prev) baseline.current = newest;
        if (news.length) onNews(news);
      },
      (e: unknown) => setError(errorMessage(e)),
    );
  }, [api, view, onNews]);
  useEffect(() => {
    if (live) poll();
    // First look at once when the view changes; then on the interval.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, live]);
  useInterval(poll, live ? POLL_MS : null);
  return { live, toggle: () => setLive((l) => !l), checkedAt, error };
}
