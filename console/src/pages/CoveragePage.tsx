// Coverage: per cluster, the audit stream's freshness, each source feeding it with its lag, and the
// nodes with runtime sensors.

import { ErrorBox, Loading } from '../components/Common.js';
import { useAsync } from '../hooks.js';
import { formatTime, timeAgo } from '../lib/format.js';
import { useSession } from '../session.js';

function formatLag(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s} s` : s < 7200 ? `${Math.round(s / 60)} min` : `${Math.round(s / 3600)} h`;
}

export function CoveragePage() {
  const { api } = useSession();
  const c = useAsync(() => api.coverage(), 'coverage');
  return (
    <div data-testid="coverage-page">
      <div className="page-head">
        <h1>Coverage</h1>
        <button type="button" className="ghost" onClick={c.reload}>
          Refresh
        </button>
      </div>
      {c.loading && !c.data && <Loading what="coverage" />}
      {c.error !== undefined && <ErrorBox error={c.error} />}
      {c.data && c.data.clusters.length === 0 && (
        <div className="empty">
          <h3>No clusters yet.</h3>
          <pre>./bin/vigil clusters add prod --platform self-managed</pre>
        </div>
      )}
      {c.data?.clusters.map((cl) => (
        <div className="card" key={cl.name} data-testid="coverage-cluster">
          <h3>
            {cl.name} <span className="muted small">{cl.platform}</span>
          </h3>
          <p>
            Audit stream: <span className={`status status-${cl.audit.status}`}>{cl.audit.status}</span>{' '}
            <span className="muted">
              {cl.audit.lastEventAt ? `newest event ${timeAgo(cl.audit.lastEventAt)} (${formatTime(cl.audit.lastEventAt)})` : 'no audit event received yet'}
              {cl.audit.sources.length ? ` · sources ${cl.audit.sources.join(', ')}` : ''}
            </span>
          </p>
          {cl.sources.length > 0 && (
            <table className="simple" data-testid="coverage-sources">
              <thead>
                <tr>
                  <th>Source</th>
                  <th>Feeds</th>
                  <th>Status</th>
                  <th title="How far the newest event of the last batch was behind when it arrived">Lag</th>
                  <th>Last delivery</th>
                  <th className="num">Accepted</th>
                  <th className="num">Rejected</th>
                </tr>
              </thead>
              <tbody>
                {cl.sources.map((s) => (
                  <tr key={s.source}>
                    <td title={s.source}>{s.label}</td>
                    <td>{s.plane}</td>
                    <td>
                      <span className={`status status-${s.status}`}>{s.status}</span>
                    </td>
                    <td>{s.lagMs === null ? '—' : formatLag(s.lagMs)}</td>
                    <td title={s.lastReceivedAt ? formatTime(s.lastReceivedAt) : ''}>{s.lastReceivedAt ? timeAgo(s.lastReceivedAt) : '—'}</td>
                    <td className="num">{s.accepted}</td>
                    <td className="num">{s.rejected}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p>
            Runtime monitoring: <span className={`status status-${cl.runtime.status.toLowerCase()}`}>{cl.runtime.status}</span> <span className="muted">{cl.runtime.issue}</span>
          </p>
          {cl.runtime.nodes.length > 0 && (
            <table className="simple">
              <thead>
                <tr>
                  <th>Node</th>
                  <th>Sensor</th>
                  <th>Version</th>
                  <th>Status</th>
                  <th className="num">Events</th>
                  <th>Last event</th>
                </tr>
              </thead>
              <tbody>
                {cl.runtime.nodes.map((n) => (
                  <tr key={`${n.node}-${n.sensor}`}>
                    <td>{n.node || '(unnamed node)'}</td>
                    <td>{n.sensor}</td>
                    <td>{n.version || '—'}</td>
                    <td>
                      <span className={`status status-${n.status}`}>{n.status}</span>
                    </td>
                    <td className="num">{n.events}</td>
                    <td title={formatTime(n.lastEventAt)}>{timeAgo(n.lastEventAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ))}
      {c.data && <p className="muted small">A node is stale after {Math.round(c.data.staleAfterSeconds / 60)} minutes without events.</p>}
    </div>
  );
}
