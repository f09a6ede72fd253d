// The findings list: filters, saved views, the table with keyboard navigation, paging with
// nextToken (one page at a time), bulk archive/unarchive, live updates, and the detail panel of
// the finding in the URL.

import { useCallback, useMemo, useRef, useState } from 'react';
import type { Finding } from '../api/types.js';
import { errorMessage } from '../api/client.js';
import { EmptyFindings } from '../components/EmptyFindings.js';
import { ErrorBox, Loading } from '../components/Common.js';
import { FilterBar } from '../components/FilterBar.js';
import { FindingsTable } from '../components/FindingsTable.js';
import { LiveIndicator } from '../components/LiveIndicator.js';
import { SavedViews } from '../components/SavedViews.js';
import { useLiveFindings } from '../components/useLiveFindings.js';
import { useTableKeys } from '../components/useTableKeys.js';
import { DetailPanel } from '../detail/DetailPanel.js';
import { navigate, useAsync } from '../hooks.js';
import { clearFilters, viewChips, viewFromQuery, viewToApiQuery, viewToQuery, type FindingView, type SortField } from '../lib/filters.js';
import { findingsHref } from '../lib/route.js';
import { allowed, useSession } from '../session.js';

export function FindingsPage({ query, findingId }: { query: string; findingId: string | null }) {
  const { api, role, notify, findingTypes } = useSession();
  const view = useMemo(() => viewFromQuery(query), [query]);
  const viewKey = viewToQuery(view);
  // Page tokens: [null, token of page 2, ...]; the last is the page shown.
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [active, setActive] = useState(-1);
  const [fresh, setFresh] = useState<Set<string>>(() => new Set());
  const [newCount, setNewCount] = useState(0);
  const filterInput = useRef<HTMLInputElement | null>(null);
  const pageToken = pages[pages.length - 1] ?? null;

  // A new view starts at its first page with nothing selected (state adjusted during render, as
  // React recommends over an effect).
  const [shownKey, setShownKey] = useState(viewKey);
  if (shownKey !== viewKey) {
    setShownKey(viewKey);
    setPages([null]);
    setSelected(new Set());
    setActive(-1);
    setNewCount(0);
  }

  const apiQuery = viewToApiQuery(view, pageToken);
  const list = useAsync(() => api.findings(apiQuery), `findings?${apiQuery}`);
  const clusters = useAsync(() => api.clusters(), 'clusters');
  const findings = useMemo(() => list.data?.findings ?? [], [list.data]);
  const onFirstPage = pages.length === 1;

  const onNews = useCallback(
    (news: Finding[]) => {
      if (onFirstPage) {
        setFresh(new Set(news.map((f) => f.id)));
        list.reload();
      } else setNewCount((n) => n + news.length);
    },
    [onFirstPage, list],
  );
  const liveState = useLiveFindings(api, view, onNews);

  const setView = (v: FindingView) => navigate(findingsHref(viewToQuery(v), findingId));
  const open = (f: Finding) => navigate(findingsHref(viewKey, f.id));
  const close = () => {
    if (findingId) navigate(findingsHref(viewKey, null));
  };
  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });

  useTableKeys({
    count: findings.length,
    active,
    setActive,
    open: (i) => {
      const f = findings[i];
      if (f) open(f);
    },
    toggle: (i) => {
      const f = findings[i];
      if (f) toggle(f.id);
    },
    close,
    focusFilter: () => filterInput.current?.focus(),
  });

  const bulk = async (archive: boolean) => {
    const ids = [...selected];
    try {
      if (archive) await api.archive(ids);
      else await api.unarchive(ids);
      notify(`${ids.length} finding${ids.length === 1 ? '' : 's'} ${archive ? 'archived' : 'moved back to current'}.`);
      setSelected(new Set());
      list.reload();
    } catch (e) {
      notify(errorMessage(e), 'error');
    }
  };

  const sortBy = (s: SortField) => setView({ ...view, sort: s, order: view.sort === s && view.order === 'desc' ? 'asc' : 'desc' });
  const filtered = viewChips(view).length > 0;
  const suggestions = {
    types: [...findingTypes.keys()],
    clusters: clusters.data?.clusters.map((c) => c.name) ?? [],
  };

  return (
    <div className={`findings-page${findingId ? ' with-panel' : ''}`}>
      <div className="list-pane">
        <div className="page-head">
          <h1>{view.archived ? 'Archived findings' : 'Findings'}</h1>
          <LiveIndicator
            live={liveState.live}
            onToggle={liveState.toggle}
            checkedAt={liveState.checkedAt}
            error={liveState.error}
            newCount={newCount}
            onShowNew={
              newCount > 0
                ? () => {
                    setNewCount(0);
                    setPages([null]);
                  }
                : null
            }
          />
        </div>
        <FilterBar view={view} onChange={setView} suggestions={suggestions} inputRef={filterInput} />
        <SavedViews view={view} onApply={setView} />
        {allowed(role, 'analyst') && selected.size > 0 && (
          <div className="bulkbar" data-testid="bulkbar">
            <span>{selected.size} selected</span>
            {view.archived ? (
              <button type="button" onClick={() => void bulk(false)} data-testid="bulk-unarchive">
                Unarchive
              </button>
            ) : (
              <button type="button" onClick={() => void bulk(true)} data-testid="bulk-archive">
                Archive
              </button>
            )}
            <button type="button" className="ghost" onClick={() => setSelected(new Set())}>
              Clear selection
            </button>
          </div>
        )}
        {list.error !== undefined && <ErrorBox error={list.error} />}
        {list.loading && !list.data && <Loading what="findings" />}
        {list.data && findings.length === 0 && onFirstPage && <EmptyFindings filtered={filtered} archived={view.archived} onClear={() => setView(clearFilters(view))} />}
        {findings.length > 0 && (
          <FindingsTable
            findings={findings}
            view={view}
            active={active}
            openId={findingId}
            selected={selected}
            fresh={fresh}
            onSort={sortBy}
            onOpen={open}
            onActivate={setActive}
            onToggle={toggle}
            onToggleAll={(on) => setSelected(on ? new Set(findings.map((f) => f.id)) : new Set())}
          />
        )}
        <div className="pager" data-testid="pager">
          <button type="button" className="ghost" disabled={onFirstPage} onClick={() => setPages((p) => p.slice(0, -1))} data-testid="page-prev">
            ← Previous
          </button>
          <span className="muted">
            Page {pages.length}
            {list.data ? ` · ${findings.length} shown` : ''}
          </span>
          <button type="button" className="ghost" disabled={!list.data?.nextToken} onClick={() => setPages((p) => [...p, list.data?.nextToken ?? null])} data-testid="page-next">
            Next →
          </button>
          <span className="muted small keys-hint">Keys: j/k or ↑/↓ move · Enter open · x select · / filter · Esc close</span>
        </div>
      </div>
      {findingId && <DetailPanel id={findingId} onClose={close} onChanged={list.reload} />}
    </div>
  );
}
