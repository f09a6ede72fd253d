// API and ingest tokens (admins): list, create (the secret is shown once, here only) and revoke.

import { useState, type FormEvent } from 'react';
import { errorMessage } from '../api/client.js';
import type { Role } from '../api/types.js';
import { ErrorBox, Loading } from '../components/Common.js';
import { useAsync } from '../hooks.js';
import { formatTime } from '../lib/format.js';
import { useSession } from '../session.js';

export function TokensPage() {
  const { api, notify, tokenId } = useSession();
  const t = useAsync(() => api.tokens(), 'tokens');
  const [role, setRole] = useState<Role>('viewer');
  const [description, setDescription] = useState('');
  const [secret, setSecret] = useState('');
  const create = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const r = await api.createToken({ role, description });
      setSecret(r.token);
      setDescription('');
      t.reload();
    } catch (err) {
      notify(errorMessage(err), 'error');
    }
  };
  const revoke = async (id: string) => {
    if (!window.confirm(`Revoke token ${id}? Whoever uses it is refused at once.`)) return;
    try {
      await api.revokeToken(id);
      notify(`Token ${id} revoked.`);
      t.reload();
    } catch (err) {
      notify(errorMessage(err), 'error');
    }
  };
  return (
    <div data-testid="tokens-page">
      <div className="page-head">
        <h1>Tokens</h1>
      </div>
      {t.loading && !t.data && <Loading what="tokens" />}
      {t.error !== undefined && <ErrorBox error={t.error} />}
      {t.data && (
        <table className="simple">
          <thead>
            <tr>
              <th>ID</th>
              <th>Kind</th>
              <th>Role / cluster</th>
              <th>Description</th>
              <th>Created</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {t.data.tokens.map((k) => (
              <tr key={k.id}>
                <td>
                  <code>{k.id}</code>
                  {k.id === tokenId ? <span className="tag">this session</span> : null}
                </td>
                <td>{k.kind}</td>
                <td>{k.role ?? k.cluster}</td>
                <td>{k.description}</td>
                <td>{formatTime(k.createdAt)}</td>
                <td>{k.revokedAt ? `revoked ${formatTime(k.revokedAt)}` : 'active'}</td>
                <td>
                  {!k.revokedAt && k.id !== tokenId && (
                    <button type="button" className="ghost small" onClick={() => void revoke(k.id)}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="card" onSubmit={(e) => void create(e)}>
        <h3>Create an API token</h3>
        <div className="row">
          <label>
            Role
            <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
              <option value="viewer">viewer (reads)</option>
              <option value="analyst">analyst (archives, feedback, suppression rules)</option>
              <option value="admin">admin (everything)</option>
            </select>
          </label>
          <label>
            Description
            <input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={200} />
          </label>
        </div>
        <button type="submit">Create token</button>
        {secret && (
          <div className="notice">
            <p>The new token, shown this once (Vigil keeps only its hash):</p>
            <pre className="secret">{secret}</pre>
            <button type="button" className="ghost small" onClick={() => setSecret('')}>
              I have copied it
            </button>
          </div>
        )}
      </form>
      <p className="muted small">Ingest tokens for a cluster come from <code>./bin/vigil clusters add NAME</code>.</p>
    </div>
  );
}
