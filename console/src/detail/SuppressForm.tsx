// "Create suppression rule from this finding": a GuardDuty filter with action ARCHIVE whose
// criteria are the finding's own fields (each can be left out), with a name and a reason.

import { useState, type FormEvent } from 'react';
import { errorMessage } from '../api/client.js';
import type { Finding } from '../api/types.js';
import { criteriaFor, suggestedRuleName, suppressionFields } from '../lib/finding-fields.js';
import { useSession } from '../session.js';

export function SuppressForm({ finding, onDone }: { finding: Finding; onDone: () => void }) {
  const { api, notify } = useSession();
  const fields = suppressionFields(finding);
  const [on, setOn] = useState<Set<string>>(() => new Set(fields.filter((f) => f.field !== 'resource.kubernetesDetails.kubernetesWorkloadDetails.name').map((f) => f.field)));
  const [name, setName] = useState(() => suggestedRuleName(finding.type));
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError('');
    try {
      const chosen = fields.filter((f) => on.has(f.field));
      await api.createFilter({ name, action: 'ARCHIVE', reason, description: `From finding ${finding.id}`, findingCriteria: criteriaFor(chosen) });
      notify(`Suppression rule ${name} created: matching findings are archived from now on.`);
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <form className="card suppress" onSubmit={(e) => void submit(e)} data-testid="suppress-form">
      <h3>New suppression rule</h3>
      <p className="muted small">New findings matching every checked field are archived as they arrive. Existing findings stay as they are.</p>
      <fieldset>
        <legend>Match findings with</legend>
        {fields.map((f) => (
          <label key={f.field} className="check">
            <input
              type="checkbox"
              checked={on.has(f.field)}
              onChange={() =>
                setOn((s) => {
                  const n = new Set(s);
                  if (n.has(f.field)) n.delete(f.field);
                  else n.add(f.field);
                  return n;
                })
              }
            />
            {f.label}: <code>{f.value}</code>
          </label>
        ))}
      </fieldset>
      <label>
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} pattern="[A-Za-z0-9_.\-]{3,64}" required data-testid="suppress-name" />
      </label>
      <label>
        Reason (required)
        <input value={reason} onChange={(e) => setReason(e.target.value)} required placeholder="e.g. the CI runner's expected privileged builds" data-testid="suppress-reason" />
      </label>
      <div className="row">
        <button type="submit" disabled={on.size === 0 || reason.trim() === ''} data-testid="suppress-save">
          Create rule
        </button>
        <button type="button" className="ghost" onClick={onDone}>
          Cancel
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
