// Suppression rules and saved filters (GuardDuty filters): list and delete. New rules are made
// from a finding's detail panel ("Create suppression rule").

import { errorMessage } from '../api/client.js';
import { ErrorBox, Loading } from '../components/Common.js';
import { useAsync } from '../hooks.js';
import { formatTime } from '../lib/format.js';
import { allowed, useSession } from '../session.js';

export function SuppressionPage() {
  const { api, role, notify } = useSession();
  const f = useAsync(() => api.filters(), 'filters');
  const remove = async (name: string) => {
    if (!window.confirm(`Delete the rule ${name}?`)) return;
    try {
      await api.deleteFilter(name);
      notify(`Rule ${name} deleted.`);
      f.reload();
    } catch (e) {
      notify(errorMessage(e), 'error');
    }
  };
  return (
    <div data-testid="suppression-page">
      <div className="page-head">
        <h1>Suppression rules</h1>
      </div>
      <p className="muted">
        A rule with action ARCHIVE archives new findings that match its criteria as they arrive. Create one from a finding (open it, then
        &quot;Create suppression rule&quot;), or with <code>./bin/vigil filters</code>.
      </p>
      {f.loading && !f.data && <Loading what="rules" />}
      {f.error !== undefined && <ErrorBox error={f.error} />}
      {f.data && f.data.filters.length === 0 && <p className="empty">No suppression rules or saved filters.</p>}
      {f.data && f.data.filters.length > 0 && (
        <table className="simple" data-testid="rules-table">
          <thead>
            <tr>
              <th>Rank</th>
              <th>Name</th>
              <th>Action</th>
              <th>Cluster</th>
              <th>Criteria</th>
              <th>Reason</th>
              <th>Expires</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {f.data.filters.map((r) => (
              <tr key={r.name}>
                <td className="num">{r.rank}</td>
                <td>{r.name}</td>
                <td>{r.action === 'ARCHIVE' ? 'archive (suppress)' : 'none (saved filter)'}</td>
                <td>{r.cluster ?? 'all'}</td>
                <td>
                  <code className="small">{JSON.stringify((r.criteria as { criterion?: unknown } | null)?.criterion ?? r.criteria)}</code>
                </td>
                <td>{r.reason}</td>
                <td>{r.expiresAt ? formatTime(r.expiresAt) : 'never'}</td>
                <td>
                  {allowed(role, 'analyst') && (
                    <button type="button" className="ghost small" onClick={() => void remove(r.name)}>
                      Delete
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
