// The detail panel of one finding (on the right): header with severity, type and actions, then
// the sections that apply to its kind (audit-log or runtime), and the raw JSON.

import { useState } from 'react';
import { errorMessage } from '../api/client.js';
import type { Finding } from '../api/types.js';
import { ErrorBox, Loading } from '../components/Common.js';
import { SeverityBadge } from '../components/SeverityBadge.js';
import { useAsync } from '../hooks.js';
import { isArchived } from '../lib/finding-fields.js';
import { investigateHref } from '../lib/route.js';
import { allowed, useSession } from '../session.js';
import { ActionSection } from './ActionSection.js';
import { ActorSection } from './ActorSection.js';
import { Overview } from './Overview.js';
import { ProcessSection } from './ProcessSection.js';
import { RawJson } from './RawJson.js';
import { ResourceSection } from './ResourceSection.js';
import { SuppressForm } from './SuppressForm.js';

export function DetailPanel({ id, onClose, onChanged }: { id: string; onClose: () => void; onChanged: () => void }) {
  const { api } = useSession();
  const f = useAsync(() => api.finding(id), `finding/${id}`);
  return (
    <aside className="panel" aria-label="Finding details" data-testid="detail-panel">
      <button type="button" className="panel-close ghost" onClick={onClose} aria-label="Close details (Esc)" data-testid="panel-close">
        ×
      </button>
      {f.error !== undefined && <ErrorBox error={f.error} />}
      {!f.data && f.loading && <Loading what="the finding" />}
      {f.data && (
        <FindingDetail
          finding={f.data}
          onChanged={() => {
            f.reload();
            onChanged();
          }}
        />
      )}
    </aside>
  );
}

function FindingDetail({ finding, onChanged }: { finding: Finding; onChanged: () => void }) {
  const { api, role, notify } = useSession();
  const [suppressing, setSuppressing] = useState(false);
  const archived = isArchived(finding);
  const act = async (what: () => Promise<unknown>, done: string) => {
    try {
      await what();
      notify(done);
      onChanged();
    } catch (e) {
      notify(errorMessage(e), 'error');
    }
  };
  const runtime = finding.service?.runtimeDetails?.process !== undefined;
  return (
    <div className="detail" data-finding-id={finding.id}>
      <div className="detail-head">
        <SeverityBadge value={finding.severity} />
        {archived && <span className="tag">archived</span>}
        <h2 data-testid="detail-type">{finding.type}</h2>
        <p className="detail-title" data-testid="detail-title">
          {finding.title}
        </p>
      </div>
      <div className="detail-actions">
        {allowed(role, 'analyst') &&
          (archived ? (
            <button type="button" onClick={() => void act(() => api.unarchive([finding.id]), 'Finding moved back to current.')} data-testid="unarchive">
              Unarchive
            </button>
          ) : (
            <button type="button" onClick={() => void act(() => api.archive([finding.id]), 'Finding archived.')} data-testid="archive">
              Archive
            </button>
          ))}
        {allowed(role, 'analyst') && (
          <>
            <button type="button" className={finding.service?.userFeedback === 'USEFUL' ? 'ghost on' : 'ghost'} aria-pressed={finding.service?.userFeedback === 'USEFUL'} onClick={() => void act(() => api.feedback([finding.id], 'USEFUL'), 'Thanks: marked useful.')} data-testid="feedback-useful">
              Useful
            </button>
            <button type="button" className={finding.service?.userFeedback === 'NOT_USEFUL' ? 'ghost on' : 'ghost'} aria-pressed={finding.service?.userFeedback === 'NOT_USEFUL'} onClick={() => void act(() => api.feedback([finding.id], 'NOT_USEFUL'), 'Thanks: marked not useful.')} data-testid="feedback-not-useful">
              Not useful
            </button>
            <button type="button" className="ghost" onClick={() => setSuppressing((s) => !s)} aria-expanded={suppressing} data-testid="suppress">
              Create suppression rule
            </button>
          </>
        )}
        <a className="button ghost" href={investigateHref(finding.id)} data-testid="investigate">
          Investigate
        </a>
      </div>
      {suppressing && <SuppressForm finding={finding} onDone={() => setSuppressing(false)} />}
      <Overview finding={finding} />
      <ResourceSection finding={finding} />
      {finding.service?.action && <ActionSection finding={finding} />}
      {finding.resource?.kubernetesDetails?.kubernetesUserDetails && <ActorSection finding={finding} />}
      {runtime && <ProcessSection finding={finding} />}
      <RawJson value={finding} />
    </div>
  );
}
