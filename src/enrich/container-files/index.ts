// What happened to files inside each container, so an exec or a library load can be judged:
// - a file written, created or renamed into place after the container started is remembered with
//   the process that wrote it (bounded per Vigil, LRU; evictions counted);
// - an executed file or loaded library is "modified in the container" when such a write was seen,
//   or when its ctime (given by Tracee) is later than the container's start;
// - executions from memory or deleted files are fileless.
// The container's start is the sensor's when given, else the first event seen from the container.

import type { RuntimeEvent } from '../../core/runtime-event.js';
import { isFileless } from '../../normalize/runtime/files.js';
import { BoundedState, type StateJournal } from '../../detect/state/bounded-state.js';
import { DEFAULT_STATE_CAPACITIES } from '../../detect/state/capacities.js';
import { isPacked, numField, packFields, stateKey, unpackFields } from '../../detect/state/packed-fields.js';

export interface RuntimeEnricher {
  name: string;
  enrich(e: RuntimeEvent): void;
  /** Bounded state to persist with each batch and reload on start, if the enricher keeps any. */
  states?: BoundedState[];
}


interface WriteRecord {
  n: string; // process name
  p: string; // executable path
  pid: number;
  hpid: number;
  u: string; // unique id
  t: number; // time
}

function unpackWrite(saved: string): WriteRecord {
  if (!isPacked(saved)) return JSON.parse(saved) as WriteRecord;
  const f = unpackFields(saved);
  return { n: f[0] ?? '', p: f[1] ?? '', pid: numField(f, 2), hpid: numField(f, 3), u: f[4] ?? '', t: numField(f, 5) };
}

export function containerFilesEnricher(journal: StateJournal, capacity = DEFAULT_STATE_CAPACITIES.containerFiles, startsCapacity = DEFAULT_STATE_CAPACITIES.containerStarts): RuntimeEnricher {
  const writes = new BoundedState('enrich/container-files', capacity, journal);
  const starts = new BoundedState('enrich/container-starts', startsCapacity, journal);
  const fileKey = (e: RuntimeEvent, path: string) => stateKey(e.cluster, e.container.id, path);

  function containerStart(e: RuntimeEvent): number {
    if (e.container.startedAt) return e.container.startedAt;
    const k = stateKey(e.cluster, e.container.id);
    const saved = starts.get(k);
    if (saved !== undefined) return Number(saved);
    starts.set(k, String(e.time));
    return e.time;
  }

  function remember(e: RuntimeEvent, path: string): void {
    if (!path || !e.container.id) return;
    const p = e.process;
    writes.set(fileKey(e, path), packFields([p.name, p.executablePath, p.pid, p.hostPid, p.uniqueId, e.time]));
  }

  function judgeFile(e: RuntimeEvent, path: string): void {
    const start = containerStart(e);
    const saved = writes.get(fileKey(e, path));
    if (saved) {
      const w = unpackWrite(saved);
      e.derived.modifiedInContainer = true;
      e.derived.modifyingProcess = { name: w.n, executablePath: w.p, pid: w.pid, hostPid: w.hpid, uniqueId: w.u };
      e.derived.modifiedAt = w.t;
    } else if (e.file.ctime > 0 && start > 0 && e.file.ctime > start) {
      e.derived.modifiedInContainer = true;
      e.derived.modifiedAt = e.file.ctime;
    }
  }

  return {
    name: 'container-files',
    states: [writes, starts],
    enrich(e) {
      if (!e.container.id) return;
      switch (e.eventType) {
        case 'file_write':
          containerStart(e);
          remember(e, e.file.path);
          break;
        case 'file_rename': {
          containerStart(e);
          const k = fileKey(e, e.file.path);
          const prior = writes.get(k);
          if (prior) {
            writes.set(fileKey(e, e.file.newPath), prior);
            writes.delete(k);
          } else remember(e, e.file.newPath);
          break;
        }
        case 'file_unlink':
          writes.delete(fileKey(e, e.file.path));
          break;
        case 'process_exec':
          e.derived.fileless = isFileless(e.file.path) || isFileless(e.process.executablePath);
          if (!e.derived.fileless) judgeFile(e, e.file.path || e.process.executablePath);
          break;
        case 'library_load':
          judgeFile(e, e.file.path);
          break;
        default:
          containerStart(e);
      }
    },
  };
}
