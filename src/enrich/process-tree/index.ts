// The process tree per node, from exec events: each process by its sensor id (Tracee entity id,
// Tetragon exec_id), so every runtime event can carry its lineage (parent first, at most 8 deep).
// Bounded (LRU); a process whose parent was evicted or never seen has a shorter lineage.

import type { LineageEntry, RuntimeEvent } from '../../core/runtime-event.js';
import { BoundedState, type StateJournal } from '../../detect/state/bounded-state.js';
import { DEFAULT_STATE_CAPACITIES } from '../../detect/state/capacities.js';
import { isPacked, numField, packFields, stateKey, unpackFields } from '../../detect/state/packed-fields.js';
import type { RuntimeEnricher } from '../container-files/index.js';

const MAX_DEPTH = 8;

function pack(p: LineageEntry): string {
  return packFields([p.name, p.executablePath, p.pid, p.hostPid, p.uniqueId, p.parentUniqueId, p.startTime, p.userId]);
}

function unpack(saved: string): LineageEntry {
  if (!isPacked(saved)) return JSON.parse(saved) as LineageEntry;
  const f = unpackFields(saved);
  return { name: f[0] ?? '', executablePath: f[1] ?? '', pid: numField(f, 2), hostPid: numField(f, 3), uniqueId: f[4] ?? '', parentUniqueId: f[5] ?? '', startTime: numField(f, 6), userId: numField(f, 7) };
}

function idOf(e: RuntimeEvent, uniqueId: string, hostPid: number): string {
  return stateKey(e.cluster, e.node, uniqueId || `pid:${hostPid}`);
}

export function processTreeEnricher(journal: StateJournal, capacity = DEFAULT_STATE_CAPACITIES.processTree): RuntimeEnricher {
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
        tree.set(idOf(e, p.uniqueId, p.hostPid), pack(entry));
      }
      const lineage: LineageEntry[] = [];
      let parent = p.parentUniqueId || (p.hostPpid ? `pid:${p.hostPpid}` : '');
      const seen = new Set<string>();
      while (parent && lineage.length < MAX_DEPTH && !seen.has(parent)) {
        seen.add(parent);
        const saved = tree.get(stateKey(e.cluster, e.node, parent));
        if (!saved) break;
        const entry = unpack(saved);
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
