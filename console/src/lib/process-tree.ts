// A runtime finding's process and its lineage as a tree (root first). GuardDuty lists the lineage
// from the parent upwards; uuid/parentUuid link entries when present, else the list order does.

import type { ProcessLineageEntry, RuntimeProcess } from '../api/types.js';

export interface ProcessNode {
  name: string;
  executablePath: string;
  pid?: number;
  namespacePid?: number;
  userId?: number;
  startTime?: number;
  /** The process the finding is about. */
  subject: boolean;
}

export function processChain(p: RuntimeProcess | undefined): ProcessNode[] {
  if (!p) return [];
  const node = (x: ProcessLineageEntry, subject: boolean): ProcessNode => ({
    name: x.name ?? '',
    executablePath: x.executablePath ?? '',
    ...(x.pid !== undefined ? { pid: x.pid } : {}),
    ...(x.namespacePid !== undefined ? { namespacePid: x.namespacePid } : {}),
    ...(x.userId !== undefined ? { userId: x.userId } : {}),
    ...(x.startTime !== undefined ? { startTime: x.startTime } : {}),
    subject,
  });
  const lineage = p.lineage ?? [];
  let ordered: ProcessLineageEntry[];
  const byUuid = new Map(lineage.filter((l) => l.uuid).map((l) => [l.uuid as string, l]));
  if (p.parentUuid && byUuid.size === lineage.length && byUuid.has(p.parentUuid)) {
    ordered = [];
    const seen = new Set<string>();
    let cur = byUuid.get(p.parentUuid);
    while (cur && !seen.has(cur.uuid as string)) {
      seen.add(cur.uuid as string);
      ordered.push(cur);
      cur = cur.parentUuid ? byUuid.get(cur.parentUuid) : undefined;
    }
    for (const l of lineage) if (!seen.has(l.uuid as string)) ordered.push(l);
  } else {
    ordered = lineage;
  }
  return [...ordered].reverse().map((l) => node(l, false)).concat(node(p, true));
}
