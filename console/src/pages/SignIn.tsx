// Sign in with an API token. The token is checked against the server, then kept in
// sessionStorage for this tab only; it never goes into a URL.

import { useState, type FormEvent } from 'react';
import { ApiError, VigilApi, errorMessage } from '../api/client.js';

export function SignIn({ onSignedIn }: { onSignedIn: (token: string) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const t = token.trim();
    if (!t) return;
    setBusy(true);
    setError('');
    const api = new VigilApi(t);
    try {
      await api.whoami();
      onSignedIn(t);
    } catch (err) {
      if (err instanceof ApiError && err.notAvailable) {
        // An older server without /whoami: check the token with a one-finding list instead.
        try {
          await api.findings('limit=1');
          onSignedIn(t);
          return;
        } catch (err2) {
          setError(errorMessage(err2));
        }
      } else setError(err instanceof ApiError && err.status === 401 ? 'That token was refused: it is unknown or revoked.' : errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="signin">
      <form onSubmit={(e) => void submit(e)} className="card" aria-labelledby="signin-title">
        <h1 id="signin-title">Vigil</h1>
        <p className="muted">Kubernetes threat detection. Sign in with an API token.</p>
        <label htmlFor="token">API token</label>
        <input id="token" name="token" type="password" autoComplete="off" spellCheck={false} value={token} onChange={(e) => setToken(e.target.value)} placeholder="vgl_…" autoFocus />
        <button type="submit" disabled={busy || token.trim() === ''} data-testid="sign-in">
          {busy ? 'Checking…' : 'Sign in'}
        </button>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <p className="muted small">
          The admin token is in <code>data/admin.token</code> after the first <code>vigil serve</code>; make others with{' '}
          <code>./bin/vigil tokens create --role viewer</code> (or analyst, admin). The token stays in this tab only.
        </p>
      </form>
    </main>
  );
}
