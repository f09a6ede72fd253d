// Coverage: per cluster, the audit stream's freshness and the nodes with runtime sensors.

import { ErrorBox, Loading } from '../components/Common.js';
import { useAsync } from '../hooks.js';
import { formatTime, timeAgo } from '../lib/format.js';
import { useSession } from '../session.js';

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
