// The top bar: pages, the role, theme switch and sign-out. Admin pages show for admins (and when
// the role is unknown).

import type { Route } from '../lib/route.js';
import type { Theme } from '../lib/storage.js';
import { allowed, useSession } from '../session.js';

const PAGES: { page: Route['page']; href: string; label: string; admin?: boolean }[] = [
  { page: 'findings', href: '#/findings', label: 'Findings' },
  { page: 'dashboard', href: '#/dashboard', label: 'Summary' },
  { page: 'coverage', href: '#/coverage', label: 'Coverage' },
  { page: 'suppression', href: '#/suppression', label: 'Suppression rules' },
  { page: 'intel', href: '#/intel', label: 'Threat intel' },
  { page: 'clusters', href: '#/clusters', label: 'Clusters' },
  { page: 'tokens', href: '#/tokens', label: 'Tokens', admin: true },
];

export function Nav({ current, theme, onTheme }: { current: Route['page']; theme: Theme; onTheme: () => void }) {
  const { role, signOut } = useSession();
  const active = current === 'investigate' ? 'findings' : current;
  return (
    <header className="topbar">
      <a className="brand" href="#/findings">
        Vigil
      </a>
      <nav aria-label="Pages">
        {PAGES.filter((p) => !p.admin || allowed(role, 'admin')).map((p) => (
          <a key={p.page} href={p.href} className={active === p.page ? 'active' : undefined} aria-current={active === p.page ? 'page' : undefined}>
            {p.label}
          </a>
        ))}
      </nav>
      <div className="topbar-right">
        <span className="role" data-testid="role" title="The role of the token you signed in with">
          {role ?? 'role unknown'}
        </span>
        <button type="button" className="ghost" onClick={onTheme} aria-label="Switch theme" data-testid="theme-toggle">
          {theme === 'dark' ? 'Light theme' : 'Dark theme'}
        </button>
        <button type="button" className="ghost" onClick={signOut} data-testid="sign-out">
          Sign out
        </button>
      </div>
    </header>
  );
}
