// The findings table: severity badge, type, resource, cluster, namespace, count, last seen; row
// selection for bulk actions; the keyboard cursor (active row) is kept by the page.

import { useEffect, useRef } from 'react';
import type { Finding } from '../api/types.js';
import { clusterOf, countOf, lastSeenOf, namespaceOf, resourceOf } from '../lib/finding-fields.js';
import type { FindingView, SortField } from '../lib/filters.js';
import { formatTime, splitType, timeAgo } from '../lib/format.js';
import { SeverityBadge } from './SeverityBadge.js';

export function FindingsTable({ findings, view, active, openId, selected, fresh, onSort, onOpen, onActivate, onToggle, onToggleAll }: {
  findings: Finding[];
  view: FindingView;
  active: number;
  openId: string | null;
  selected: ReadonlySet<string>;
  fresh: ReadonlySet<string>;
  onSort: (s: SortField) => void;
  onOpen: (f: Finding) => void;
  onActivate: (i: number) => void;
  onToggle: (id: string) => void;
  onToggleAll: (on: boolean) => void;
}) {
  const activeRow = useRef<HTMLTableRowElement | null>(null);
  useEffect(() => {
    activeRow.current?.scrollIntoView({ block: 'nearest' });
  }, [active]);
  const allOn = findings.length > 0 && findings.every((f) => selected.has(f.id));
  const sortHeader = (field: SortField, label: string) => (
    <button type="button" className="th-sort" onClick={() => onSort(field)} aria-label={`Sort by ${label}`}>
      {label}
      {view.sort === field ? (view.order === 'desc' ? ' ↓' : ' ↑') : ''}
    </button>
  );
  return (
    <table className="findings" data-testid="findings-table" aria-rowcount={findings.length}>
      <thead>
        <tr>
          <th className="col-check">
            <input type="checkbox" aria-label="Select all findings on this page" checked={allOn} onChange={(e) => onToggleAll(e.target.checked)} data-testid="select-all" />
          </th>
          <th aria-sort={view.sort === 'severity' ? (view.order === 'desc' ? 'descending' : 'ascending') : undefined}>{sortHeader('severity', 'Severity')}</th>
          <th>Finding type</th>
          <th>Resource</th>
          <th className="col-opt">Cluster</th>
          <th className="col-opt">Namespace</th>
          <th className="num col-opt">{sortHeader('count', 'Count')}</th>
          <th className="nowrap">{sortHeader('eventLastSeen', 'Last seen')}</th>
        </tr>
      </thead>
      <tbody>
        {findings.map((f, i) => {
          const t = splitType(f.type);
          const classes = [i === active ? 'active' : '', f.id === openId ? 'open' : '', fresh.has(f.id) ? 'fresh' : ''].filter(Boolean).join(' ');
          return (
            <tr
              key={f.id}
              ref={i === active ? activeRow : undefined}
              className={classes || undefined}
              aria-selected={i === active}
              data-finding-id={f.id}
              data-testid="finding-row"
              onClick={() => {
                onActivate(i);
                onOpen(f);
              }}
            >
              <td className="col-check" onClick={(e) => e.stopPropagation()}>
                <input type="checkbox" aria-label={`Select finding ${f.type}`} checked={selected.has(f.id)} onChange={() => onToggle(f.id)} />
              </td>
              <td>
                <SeverityBadge value={f.severity} />
              </td>
              <td className="type" title={f.type}>
                <span className="tactic">{t.tactic}:{t.resource}/</span>
                <span className="type-name">{t.name}</span>
              </td>
              <td className="ellipsis" title={resourceOf(f)}>
                {resourceOf(f)}
              </td>
              <td className="col-opt">{clusterOf(f)}</td>
              <td className="col-opt">{namespaceOf(f)}</td>
              <td className="num col-opt">{countOf(f)}</td>
              <td className="nowrap" title={formatTime(lastSeenOf(f))}>
                {timeAgo(lastSeenOf(f))}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
