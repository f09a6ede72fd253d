// Summary: findings over time by severity, top types, clusters, namespaces and actors, and the
// newest high-severity findings (GET /api/v1/summary). A server without /summary gets the parts
// that /findings/statistics can give, and says so.

import { useState } from 'react';
import type { FindingStatistics, KeyCount } from '../api/types.js';
import { ErrorBox, Loading, NotAvailable } from '../components/Common.js';
import { SeverityBadge } from '../components/SeverityBadge.js';
import { SeverityChart } from '../components/SeverityChart.js';
import { TopList } from '../components/TopList.js';
import { useAsync } from '../hooks.js';
import { ApiError } from '../api/client.js';
import { DEFAULT_VIEW, viewToQuery } from '../lib/filters.js';
import { clusterOf, lastSeenOf, userEntity } from '../lib/finding-fields.js';
import { timeAgo } from '../lib/format.js';
import { entityHref, findingsHref } from '../lib/route.js';
import { SEVERITY_LABELS, severityTitle } from '../lib/severity.js';
import { useSession } from '../session.js';

const top = (r: Record<string, number>, n = 8): KeyCount[] =>
  Object.entries(r)
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count)
    .slice(0, n);

const typeHref = (t: string) => findingsHref(viewToQuery({ ...DEFAULT_VIEW, types: [t] }));
const clusterHref = (c: string) => findingsHref(viewToQuery({ ...DEFAULT_VIEW, clusters: [c] }));
const nsHref = (n: string) => findingsHref(viewToQuery({ ...DEFAULT_VIEW, namespaces: [n] }));
const actorHref = (u: string) => {
  const e = userEntity(u);
  return entityHref(e.kind, e.id);
};

function Counts({ stats }: { stats: FindingStatistics }) {
  return (
    <div className="counts" data-testid="severity-counts">
      {SEVERITY_LABELS.map((s) => (
        <a key={s} className={`count-card sev-${s}`} href={findingsHref(viewToQuery({ ...DEFAULT_VIEW, severities: [s] }))}>
          <span className="count-num">{stats.bySeverity[s]}</span>
          <span>{severityTitle(s)}</span>
        </a>
      ))}
      <span className="count-card">
        <span className="count-num">{stats.total}</span>
        <span>current findings</span>
      </span>
    </div>
  );
}

export function Dashboard() {
  const { api } = useSession();
  const [days, setDays] = useState(14);
  const summary = useAsync(() => api.summary(days, ''), `summary/${days}`);
  const stats = useAsync(() => api.statistics(false), 'statistics');
  const missing = summary.error instanceof ApiError && summary.error.notAvailable;
  return (
    <div className="dashboard" data-testid="dashboard">
      <div className="page-head">
        <h1>Summary</h1>
        <label className="inline">
          Days
          <select value={days} onChange={(e) => setDays(Number(e.target.value))} aria-label="Days shown">
            {[7, 14, 30, 90].map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
      </div>
      {stats.data && <Counts stats={stats.data} />}
      {stats.error !== undefined && <ErrorBox error={stats.error} />}
      {summary.loading && !summary.data && <Loading what="the summary" />}
      {missing && <NotAvailable feature="The summary (findings over time, top namespaces and actors)" />}
      {summary.error !== undefined && !missing && <ErrorBox error={summary.error} />}
      {summary.data && (
        <>
          <div className="card">
            <h3>Findings over time by severity</h3>
            <SeverityChart series={summary.data.series} />
          </div>
          <div className="grid4">
            <TopList title="Top finding types" items={summary.data.topTypes} href={typeHref} testId="top-types" />
            <TopList title="Top clusters" items={summary.data.topClusters} href={clusterHref} />
            <TopList title="Top namespaces" items={summary.data.topNamespaces} href={nsHref} />
            <TopList title="Top actors" items={summary.data.topActors} href={actorHref} />
          </div>
          <div className="card">
            <h3>Newest high-severity findings</h3>
            {summary.data.newestHigh.length === 0 ? (
              <p className="muted">None.</p>
            ) : (
              <ul className="plain newest">
                {summary.data.newestHigh.map((f) => (
                  <li key={f.id}>
                    <SeverityBadge value={f.severity} /> <a href={findingsHref('', f.id)}>{f.type}</a> <span className="muted">{clusterOf(f)} · {timeAgo(lastSeenOf(f))}</span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </>
      )}
      {missing && stats.data && (
        <div className="grid4">
          <TopList title="Top finding types" items={top(stats.data.byType)} href={typeHref} testId="top-types" />
          <TopList title="Top clusters" items={top(stats.data.byCluster)} href={clusterHref} />
          <TopList title="Findings by day updated" items={top(stats.data.byDay, 14).sort((a, b) => (a.key < b.key ? 1 : -1))} />
        </div>
      )}
    </div>
  );
}
