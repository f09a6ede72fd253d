// Enrichers add derived facts to an event before detection (tactic class, RBAC role knowledge, and
// later threat intelligence). They never decide findings: rules do.

import type { AuditEvent } from '../core/event.js';
import type { BoundedState } from '../detect/state/bounded-state.js';

export interface Enricher {
  name: string;
  enrich(e: AuditEvent): void;
  /** Bounded state to persist with each batch, if the enricher keeps any. */
  states?: BoundedState[];
}
