// Small shared pieces: loading, errors, "not available on this server", key/value lists, links
// to entities. Everything is rendered as text.

import type { ReactNode } from 'react';
import { ApiError, errorMessage } from '../api/client.js';
import { entityHref, type EntityKind } from '../lib/route.js';

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status">
      Loading {what}…
    </p>
  );
}

export function NotAvailable({ feature }: { feature: string }) {
  return (
    <div className="notice" data-testid="not-available" role="status">
      <strong>{feature}: not available on this server.</strong> This Vigil does not have the API for it
      yet; update the server to a version that has it.
    </div>
  );
}

export function ErrorBox({ error, feature }: { error: unknown; feature?: string }) {
  if (error instanceof ApiError && error.notAvailable) return <NotAvailable feature={feature ?? 'This view'} />;
  return (
    <div className="error" role="alert">
      {errorMessage(error)}
    </div>
  );
}

export function Fields({ rows }: { rows: [string, ReactNode][] }) {
  const shown = rows.filter(([, v]) => v !== undefined && v !== null && v !== '');
  if (shown.length === 0) return <p className="muted">Nothing recorded.</p>;
  return (
    <dl className="fields">
      {shown.map(([k, v]) => (
        <div key={k} className="field">
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function EntityLink({ kind, id, children }: { kind: EntityKind; id: string; children?: ReactNode }) {
  if (!id) return null;
  return (
    <a href={entityHref(kind, id)} className="entity" title={`${kind} ${id}`}>
      {children ?? id}
    </a>
  );
}

export function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section className="section" data-testid={testId}>
      <h3>{title}</h3>
      {children}
    </section>
  );
}

export function yesNo(v: boolean | undefined): string | undefined {
  return v === undefined ? undefined : v ? 'yes' : 'no';
}
