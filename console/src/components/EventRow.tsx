// One raw event (audit or runtime) in a timeline or an entity's activity, with its JSON on demand.

import type { RawEvent } from '../api/types.js';
import { formatTime } from '../lib/format.js';

export function EventRow({ event: e }: { event: RawEvent }) {
  return (
    <div className="event-row">
      <span className={`plane plane-${e.plane}`}>{e.plane}</span> <span>{e.summary ?? e.id}</span>
      <span className="muted small">
        {' '}
        {[e.actor, e.namespace && e.pod ? `${e.namespace}/${e.pod}` : e.pod, e.image, e.node, e.sourceIp].filter(Boolean).join(' · ')}
      </span>
      {e.raw !== undefined && (
        <details>
          <summary className="small">event JSON · {formatTime(e.time)}</summary>
          <pre>{JSON.stringify(e.raw, null, 2)}</pre>
        </details>
      )}
    </div>
  );
}
