// Browser storage: the API token in sessionStorage (gone when the tab closes; never in a URL or
// in localStorage); the theme and saved views in localStorage (no secrets).

import { DEFAULT_VIEW, viewFromQuery, viewToQuery, type FindingView } from './filters.js';

const TOKEN_KEY = 'vigil.token';
const THEME_KEY = 'vigil.theme';
const VIEWS_KEY = 'vigil.savedViews';

export type Theme = 'dark' | 'light';

export interface SavedView {
  name: string;
  query: string;
}

function safe<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}

export const tokenStore = {
  get: (): string | null => safe(() => sessionStorage.getItem(TOKEN_KEY), null),
  set: (t: string): void => safe(() => sessionStorage.setItem(TOKEN_KEY, t), undefined),
  clear: (): void => safe(() => sessionStorage.removeItem(TOKEN_KEY), undefined),
};

export function loadTheme(): Theme {
  const t = safe(() => localStorage.getItem(THEME_KEY), null);
  if (t === 'dark' || t === 'light') return t;
  return safe(() => (matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark'), 'dark');
}

export function saveTheme(t: Theme): void {
  safe(() => localStorage.setItem(THEME_KEY, t), undefined);
}

/** Saved views hold only filter queries; they are re-read through viewFromQuery. */
export function loadSavedViews(): SavedView[] {
  const raw = safe(() => localStorage.getItem(VIEWS_KEY), null);
  if (!raw) return [];
  const parsed = safe(() => JSON.parse(raw) as unknown, []);
  if (!Array.isArray(parsed)) return [];
  return parsed
    .filter((x): x is SavedView => typeof x === 'object' && x !== null && typeof (x as SavedView).name === 'string' && typeof (x as SavedView).query === 'string')
    .map((x) => ({ name: x.name.slice(0, 80), query: viewToQuery(viewFromQuery(x.query)) }));
}

export function storeSavedViews(views: SavedView[]): void {
  safe(() => localStorage.setItem(VIEWS_KEY, JSON.stringify(views)), undefined);
}

export function viewOf(saved: SavedView): FindingView {
  return saved.query ? viewFromQuery(saved.query) : DEFAULT_VIEW;
}
