// The console: sign-in, then the signed-in shell with its pages (hash routes).

import { useCallback, useEffect, useMemo, useState } from 'react';
import { VigilApi } from './api/client.js';
import type { FindingType, Role } from './api/types.js';
import { Nav } from './components/Nav.js';
import { Notices, type Notice } from './components/Notices.js';
import { useRoute } from './hooks.js';
import { loadTheme, saveTheme, tokenStore, type Theme } from './lib/storage.js';
import { Pages } from './pages/Pages.js';
import { SignIn } from './pages/SignIn.js';
import { SessionContext, type Session } from './session.js';

export function App() {
  const [token, setToken] = useState<string | null>(() => tokenStore.get());
  const [theme, setTheme] = useState<Theme>(() => loadTheme());
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    saveTheme(theme);
  }, [theme]);
  const signIn = (t: string) => {
    tokenStore.set(t);
    setToken(t);
  };
  const signOut = useCallback(() => {
    tokenStore.clear();
    setToken(null);
  }, []);
  if (!token) return <SignIn onSignedIn={signIn} />;
  return <Shell token={token} theme={theme} onTheme={() => setTheme(theme === 'dark' ? 'light' : 'dark')} signOut={signOut} />;
}

function Shell({ token, theme, onTheme, signOut }: { token: string; theme: Theme; onTheme: () => void; signOut: () => void }) {
  const route = useRoute();
  const api = useMemo(() => new VigilApi(token, signOut), [token, signOut]);
  const [who, setWho] = useState<{ role: Role | null; tokenId: string | null } | null>(null);
  const [types, setTypes] = useState<Map<string, FindingType>>(() => new Map());
  const [notices, setNotices] = useState<Notice[]>([]);
  const notify = useCallback((message: string, kind: 'info' | 'error' = 'info') => {
    const id = Date.now() + Math.random();
    setNotices((n) => [...n.slice(-3), { id, message, kind }]);
    window.setTimeout(() => setNotices((n) => n.filter((x) => x.id !== id)), 6000);
  }, []);

  useEffect(() => {
    let live = true;
    api.whoami().then(
      (w) => {
        if (live) setWho({ role: w.role, tokenId: w.tokenId });
      },
      () => {
        // No /whoami on this server (or it failed): the role is unknown, every action shows.
        if (live) setWho({ role: null, tokenId: null });
      },
    );
    api.findingTypes().then(
      (r) => {
        if (live) setTypes(new Map(r.findingTypes.map((t) => [t.type, t])));
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);

  const session: Session = useMemo(
    () => ({ api, role: who?.role ?? null, tokenId: who?.tokenId ?? null, findingTypes: types, signOut, notify }),
    [api, who, types, signOut, notify],
  );
  return (
    <SessionContext.Provider value={session}>
      <Nav current={route.page} theme={theme} onTheme={onTheme} />
      <main className="content">{who ? <Pages route={route} /> : <p className="muted">Signing in…</p>}</main>
      <Notices notices={notices} />
    </SessionContext.Provider>
  );
}
