// Investigation of one finding: the actor's and the target workload's other findings and the raw
// events around it, as one timeline (GET /api/v1/findings/{id}/timeline), with links to the
// entity pages of everything involved.

import { useState } from 'react';
import type { Timeline } from '../api/types.js';
import { EntityLink, ErrorBox, Loading } from '../components/Common.js';
import { EventRow } from '../components/EventRow.js';
import { SeverityBadge } from '../components/SeverityBadge.js';
import { useAsync } from '../hooks.js';
import { userEntity } from '../lib/finding-fields.js';
import { formatTime } from '../lib/format.js';
import { findingsHref } from '../lib/route.js';
import { useSession } from '../session.js';

function Entities({ e }: { e: Timeline['entities'] }) {
  const actor = e.actor ? userEntity(e.actor) : null;
  return (
    <div className="entities card" data-testid="timeline-entities">
      <h3>Involved</h3>
      <ul className="plain">
        {actor && (
          <li>
            Actor: <EntityLink kind={actor.kind} id={actor.id} />
          </li>
        )}
        {e.workload && <li>Workload: {e.workload}</li>}
        {e.pod && (
          <li>
            Pod: <EntityLink kind="pod" id={e.pod} />
          </li>
        )}
        {e.image && (
          <li>
            Image: <EntityLink kind="image" id={e.image} />
          </li>
        )}
        {e.node && (
          <li>
            Node: <EntityLink kind="node" id={e.node} />
          </li>
        )}
        {(e.sourceIps ?? []).map((ip) => (
          <li key={ip}>
            Source IP: <EntityLink kind="ip" id={ip} />
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Investigate({ findingId }: { findingId: string }) {
  const { api } = useSession();
  const [windowMinutes, setWindow] = useState(60);
  const t = useAsync(() => api.timeline(findingId, windowMinutes), `timeline/${findingId}/${windowMinutes}`);
  const f = useAsync(() => api.finding(findingId), `finding/${findingId}`);
  return (
    <div className="investigate" data-testid="investigate">
      <div className="page-head">
        <h1>Investigation</h1>
        <a href={findingsHref('', findingId)}>← back to the finding</a>
      </div>
      {f.data && (
        <p>
          <SeverityBadge value={f.data.severity} /> <strong>{f.data.type}</strong> <span className="muted">{f.data.title}</span>
        </p>
      )}
      <label className="inline">
        Window
        <select value={windowMinutes} onChange={(e) => setWindow(Number(e.target.value))} aria-label="Time window around the finding">
          {[15, 60, 360, 1440].map((m) => (
            <option key={m} value={m}>
              ±{m < 60 ? `${m} min` : `${m / 60} h`}
            </option>
          ))}
        </select>
      </label>
      {t.loading && !t.data && <Loading what="the timeline" />}
      {t.error !== undefined && <ErrorBox error={t.error} feature="The investigation timeline" />}
      {t.data && (
        <div className="timeline-layout">
          <Entities e={t.data.entities} />
          <ol className="timeline" data-testid="timeline">
            {t.data.entries.map((e, i) => (
              <li key={`${e.time}-${i}`} className={`tl-${e.kind}${e.finding?.id === findingId ? ' tl-self' : ''}`}>
                <time>{formatTime(e.time)}</time>
                {e.relation && <span className="tag">{e.relation}</span>}
                {e.finding && (
                  <span>
                    <SeverityBadge value={e.finding.severity} /> <a href={findingsHref('', e.finding.id)}>{e.finding.type}</a> <span className="muted">{e.finding.title}</span>
                  </span>
                )}
                {e.event && <EventRow event={e.event} />}
              </li>
            ))}
          </ol>
          {t.data.truncated && <p className="muted">The timeline is cut short; narrow the window to see everything.</p>}
        </div>
      )}
    </div>
  );
}
