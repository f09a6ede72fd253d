// An entity (user, service account, pod, image, node, IP): its findings and activity
// (GET /api/v1/entities/{kind}/{id}).

import type { Finding } from '../api/types.js';
import { ErrorBox, Fields, Loading } from '../components/Common.js';
import { EventRow } from '../components/EventRow.js';
import { SeverityBadge } from '../components/SeverityBadge.js';
import { useAsync } from '../hooks.js';
import { clusterOf, lastSeenOf } from '../lib/finding-fields.js';
import { formatTime, timeAgo } from '../lib/format.js';
import { findingsHref, type EntityKind } from '../lib/route.js';
import { useSession } from '../session.js';

const KIND_NAMES: Record<EntityKind, string> = { user: 'User', serviceaccount: 'Service account', pod: 'Pod', image: 'Image', node: 'Node', ip: 'IP address' };

function FindingList({ findings }: { findings: Finding[] }) {
  if (findings.length === 0) return <p className="muted">No findings.</p>;
  return (
    <ul className="plain">
      {findings.map((f) => (
        <li key={f.id}>
          <SeverityBadge value={f.severity} /> <a href={findingsHref('', f.id)}>{f.type}</a> <span className="muted">{clusterOf(f)} · {timeAgo(lastSeenOf(f))}</span>
        </li>
      ))}
    </ul>
  );
}

export function EntityPage({ kind, id }: { kind: EntityKind; id: string }) {
  const { api } = useSession();
  const e = useAsync(() => api.entity(kind, id), `entity/${kind}/${id}`);
  return (
    <div className="entity-page" data-testid="entity-page">
      <div className="page-head">
        <h1>
          {KIND_NAMES[kind]}: <span className="entity-id">{id}</span>
        </h1>
      </div>
      {e.loading && !e.data && <Loading what={KIND_NAMES[kind].toLowerCase()} />}
      {e.error !== undefined && <ErrorBox error={e.error} feature="Entity pages" />}
      {e.data && (
        <>
          <div className="card">
            <Fields
              rows={[
                ['First seen', formatTime(e.data.firstSeen ?? null)],
                ['Last seen', formatTime(e.data.lastSeen ?? null)],
                ['Findings by severity', Object.entries(e.data.findingCounts?.bySeverity ?? {}).map(([k, v]) => `${v} ${k}`).join(', ')],
                ['Findings by type', Object.entries(e.data.findingCounts?.byType ?? {}).map(([k, v]) => `${k} ×${v}`).join(', ')],
              ]}
            />
          </div>
          <div className="card">
            <h3>Findings</h3>
            <FindingList findings={e.data.findings} />
          </div>
          <div className="card">
            <h3>Activity</h3>
            {(e.data.events ?? []).length === 0 ? <p className="muted">No recorded events.</p> : (e.data.events ?? []).map((ev) => <EventRow key={ev.id} event={ev} />)}
          </div>
          {e.data.related && Object.keys(e.data.related).length > 0 && (
            <div className="card">
              <h3>Related</h3>
              <pre>{JSON.stringify(e.data.related, null, 2)}</pre>
            </div>
          )}
        </>
      )}
    </div>
  );
}
