// Overview: the type in plain words (from the rule that raises it), severity, counts, times.

import type { Finding } from '../api/types.js';
import { Fields, Section } from '../components/Common.js';
import { additionalInfo, countOf } from '../lib/finding-fields.js';
import { formatTime, splitType } from '../lib/format.js';
import { severityText } from '../lib/severity.js';
import { useSession } from '../session.js';

export function Overview({ finding: f }: { finding: Finding }) {
  const { findingTypes } = useSession();
  const info = findingTypes.get(f.type);
  const extra = additionalInfo(f);
  const t = splitType(f.type);
  const tags = Array.isArray(extra.tags) ? extra.tags.filter((x): x is string => typeof x === 'string') : [];
  return (
    <Section title="Overview" testId="section-overview">
      {info ? (
        <p className="explain" data-testid="type-explained">
          <strong>What this means:</strong> {info.description}
          {info.notes ? <span className="muted"> {info.notes}</span> : null}
        </p>
      ) : null}
      <p className="description">{f.description}</p>
      <Fields
        rows={[
          ['Severity', severityText(f.severity)],
          ['Threat purpose', t.tactic],
          ['Catalog', typeof extra.catalog === 'string' ? (extra.catalog === 'guardduty' ? 'GuardDuty type' : `${extra.catalog} (Vigil's own detection)`) : undefined],
          ['Rule', typeof extra.ruleId === 'string' ? extra.ruleId : undefined],
          ['Count', String(countOf(f))],
          ['First seen', formatTime(f.service?.eventFirstSeen)],
          ['Last seen', formatTime(f.service?.eventLastSeen)],
          ['Created', formatTime(f.createdAt)],
          ['Updated', formatTime(f.updatedAt)],
          ['Feature', f.service?.featureName],
          ['MITRE ATT&CK', tags.join(', ')],
          ['Feedback', f.service?.userFeedback === 'USEFUL' ? 'useful' : f.service?.userFeedback === 'NOT_USEFUL' ? 'not useful' : undefined],
          ['Finding ID', <code key="id">{f.id}</code>],
        ]}
      />
    </Section>
  );
}
