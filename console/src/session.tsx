// The signed-in session: the API client, the token's role (from /whoami when the server has it)
// and the finding-type descriptions, shared by every page.

import { createContext, useContext } from 'react';
import type { VigilApi } from './api/client.js';
import type { FindingType, Role } from './api/types.js';

export interface Session {
  api: VigilApi;
  /** null: unknown (no /whoami on this server): every action shows and the API decides. */
  role: Role | null;
  tokenId: string | null;
  findingTypes: Map<string, FindingType>;
  signOut: () => void;
  notify: (message: string, kind?: 'info' | 'error') => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in session');
  return s;
}

const RANK: Record<Role, number> = { viewer: 1, analyst: 2, admin: 3 };

/** Whether to show an action that needs the given role. */
export function allowed(role: Role | null, min: Role): boolean {
  return role === null || RANK[role] >= RANK[min];
}
