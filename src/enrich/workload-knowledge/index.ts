// Remembers which pods run privileged (a privileged container, or the host's PID, IPC or network
// namespace) from their create events, so a later exec, attach or port-forward into such a pod
// knows its target is privileged (event.targetPrivileged). Bounded state, persisted with batches.

import type { AuditEvent } from '../../core/event.js';
import { BoundedState, type StateJournal } from '../../detect/state/bounded-state.js';
import { DEFAULT_STATE_CAPACITIES } from '../../detect/state/capacities.js';
import type { Enricher } from '../enricher.js';
import { stateKey } from '../../detect/state/packed-fields.js';

function key(e: AuditEvent, namespace: string, name: string): string {
  return stateKey(e.cluster, namespace, name);
}

export function workloadKnowledgeEnricher(journal: StateJournal, capacity = DEFAULT_STATE_CAPACITIES.privilegedPods): Enricher {
  const state = new BoundedState('enrich/privileged-pods', capacity, journal);
  return {
    name: 'workload-knowledge',
    states: [state],
    enrich(e) {
      if (e.target.resource !== 'pods') return;
      const w = e.workload;
      if (w.present) {
        const privileged = w.containers.some((c) => c.privileged) || w.hostPID || w.hostIPC || w.hostNetwork;
        e.targetPrivileged = privileged;
        if (e.response.success && !e.dryRun && e.verb === 'create' && w.name) {
          if (privileged) state.set(key(e, w.namespace, w.name), '1');
        }
        return;
      }
      if (e.verb === 'delete' && e.response.success && e.target.subresource === '' && e.target.name) {
        state.delete(key(e, e.target.namespace, e.target.name));
        return;
      }
      if (e.target.name) e.targetPrivileged = state.has(key(e, e.target.namespace, e.target.name));
    },
  };
}
