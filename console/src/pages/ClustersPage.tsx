// Clusters: registered clusters with their ingest counters and detector features (admins switch
// audit-log and runtime monitoring on or off). Registering a cluster prints a secret, so it stays
// a CLI step; the page shows the command.

import { errorMessage } from '../api/client.js';
import type { ClusterStatus } from '../api/types.js';
import { ErrorBox, Loading } from '../components/Common.js';
import { useAsync } from '../hooks.js';
import { formatTime, timeAgo } from '../lib/format.js';
import { allowed, useSession } from '../session.js';

function Feature({ cluster, name, label, onChanged }: { cluster: ClusterStatus; name: 'auditLogs' | 'runtimeMonitoring'; label: string; onChanged: () => void }) {
  const { api, role, notify } = useSession();
  const on = cluster.features[name];
  const flip = async () => {
    try {
      await api.setFeatures(cluster.name, { [name]: !on });
      notify(`${label} ${on ? 'disabled' : 'enabled'} for ${cluster.name}.`);
      onChanged();
    } catch (e) {
      notify(errorMessage(e), 'error');
    }
  };
  return (
    <label className="check">
      <input type="checkbox" checked={on} disabled={!allowed(role, 'admin')} onChange={() => void flip()} />
      {label}
    </label>
  );
}

export function ClustersPage() {
  const { api } = useSession();
  const c = useAsync(() => api.clusters(), 'clusters');
  return (
    <div data-testid="clusters-page">
      <div className="page-head">
        <h1>Clusters</h1>
      </div>
      {c.loading && !c.data && <Loading what="clusters" />}
      {c.error !== undefined && <ErrorBox error={c.error} />}
      {c.data?.clusters.map((cl) => (
        <div className="card" key={cl.name}>
          <h3>
            {cl.name} <span className="muted small">{cl.platform} · registered {formatTime(cl.createdAt)}</span>
          </h3>
          <div className="row">
            <Feature cluster={cl} name="auditLogs" label="Audit-log monitoring" onChanged={c.reload} />
            <Feature cluster={cl} name="runtimeMonitoring" label="Runtime monitoring" onChanged={c.reload} />
          </div>
          <table className="simple">
            <thead>
              <tr>
                <th>Source</th>
                <th className="num">Judged</th>
                <th className="num">Skipped</th>
                <th className="num">Duplicates</th>
                <th>Rejected</th>
                <th>Newest event</th>
              </tr>
            </thead>
            <tbody>
              {cl.ingest.map((s) => (
                <tr key={s.source}>
                  <td>{s.source}</td>
                  <td className="num">{s.accepted}</td>
                  <td className="num">{s.skipped}</td>
                  <td className="num">{s.duplicates}</td>
                  <td>{Object.entries(s.rejected).map(([k, v]) => `${k} ${v}`).join(', ') || '—'}</td>
                  <td>{s.lastEventAt ? timeAgo(s.lastEventAt) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      <div className="card">
        <h3>Connect another cluster</h3>
        <pre>{`./bin/vigil clusters add prod --platform self-managed     # prints the cluster's ingest token (last line)
./bin/vigil clusters webhook-config prod --url https://vigil.example:8443/ingest/k8s-audit --token <TOKEN>`}</pre>
      </div>
    </div>
  );
}
