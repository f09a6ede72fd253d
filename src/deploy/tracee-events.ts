// Which Tracee events the sensor must trace: those whose Vigil event type a runtime rule matches
// (rules' match.events), plus what the enrichers read to judge them (the process tree needs every
// exec; "modified in the container" needs the writes and renames). Derived from the loaded rules,
// so a new rule on a new event type changes the DaemonSet's policy.

import type { RuntimeEventType } from '../core/runtime-event.js';
import { TRACEE_EVENTS } from '../normalize/tracee/event-types.js';
import type { Ruleset } from '../rules/load.js';

/** Read by the process-tree and container-files enrichers whatever the rules match. */
const ENRICHER_TYPES: RuntimeEventType[] = ['process_exec', 'file_write', 'file_rename'];

/**
 * Tracee events left out although they map to a needed type, and why: vfs_write fires on every
 * write(2) of every process; security_file_open with write flags and magic_write already report
 * files being written.
 */
export const NOISY_EVENTS: Readonly<Record<string, string>> = { vfs_write: 'every write(2); security_file_open (write flags) and magic_write cover file writes' };

/** Vigil event types the rules need ('sensor_alert' excluded: alerts come from sensors' own rules). */
export function neededTypes(ruleset: Ruleset): Set<string> {
  const types = new Set<string>(ENRICHER_TYPES);
  for (const r of ruleset.rules) {
    if (r.source !== 'runtime' || r.enabled === false) continue;
    const events = r.pattern.events;
    if (!events) for (const t of Object.values(TRACEE_EVENTS)) types.add(t);
    else for (const t of events) if (t !== 'sensor_alert') types.add(t);
  }
  return types;
}

/** The Tracee event names to trace, sorted. security_file_open is how Tracee reports writes (file_open becomes file_write). */
export function traceeEvents(ruleset: Ruleset): string[] {
  const types = neededTypes(ruleset);
  const out = Object.entries(TRACEE_EVENTS)
    .filter(([name, type]) => !(name in NOISY_EVENTS) && (types.has(type) || (type === 'file_open' && types.has('file_write'))))
    .map(([name]) => name);
  return out.sort();
}
