// The process tree per node, from exec events: each process by its sensor id (Tracee entity id,
// Tetragon exec_id), so every runtime event can carry its lineage (parent first, at most 8 deep).
// Bounded (LRU); a process whose parent was evicted or never seen has a shorter lineage.

import type { LineageEntry, RuntimeEvent } from '../../core/runtime-event.js';
import { BoundedState, type StateJournal } from '../../detect/state/bounded-state.js';
import type { RuntimeEnricher } from '../container-files/index.js';

const MAX_DEPTH = 8;

function idOf(e: RuntimeEvent, uniqueId: string, hostPid: number): string {
  return `${e.cluster}\u0000${e.node}\u0000${uniqueId || `pid:${hostPid}`}`;
}

export function processTreeEnricher(journal: StateJournal, capacity = 200_000): RuntimeEnricher {
  const tree = new BoundedState('enrich/process-tree', capacity, journal);
  return {
    name: 'process-tree',
    states: [tree],
    enrich(e) {
      const p = e.process;
      if (e.eventType === 'process_exec') {
        const entry: LineageEntry = {
          name: p.name,
          executablePath: p.executablePath,
          pid: p.pid,
          hostPid: p.hostPid,
          uniqueId: p.uniqueId,
          parentUniqueId: p.parentUniqueId || (p.hostPpid ? `pid:${p.hostPpid}` : ''),
          startTime: p.startTime || e.time,
          userId: p.uid,
        };
        tree.set(idOf(e, p.uniqueId, p.hostPid), JSON.stringify(entry));
      }
      const lineage: LineageEntry[] = [];
      let parent = p.parentUniqueId || (p.hostPpid ? `pid:${p.hostPpid}` : '');
      const seen = new Set<string>();
      while (parent && lineage.length < MAX_DEPTH && !seen.has(parent)) {
        seen.add(parent);
        const saved = tree.get(`${e.cluster}\u0000${e.node}\u0000${parent}`);
        if (!saved) break;
        const entry = JSON.parse(saved) as LineageEntry;
        lineage.push(entry);
        parent = entry.parentUniqueId;
      }
      e.derived.lineage = lineage;
      if (!p.parentName && lineage[0]) {
        p.parentName = lineage[0].name;
        p.parentPath = lineage[0].executablePath;
      }
    },
  };
}
