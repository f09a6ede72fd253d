// How many entries each bounded state may hold (config `state`, docs/configuration.md). The
// defaults keep all detector and enricher state of one Vigil within about 100 MB of heap
// (bench: detector-state): an entry costs about 200 to 300 bytes.

export interface StateCapacities {
  /** A stateful rule's keys when the rule does not set `capacity` (users, source IPs, images). */
  detectorDefault: number;
  /** Processes remembered for lineage, across all nodes. */
  processTree: number;
  /** Files written inside containers, with the process that wrote them. */
  containerFiles: number;
  /** Start times of containers whose sensor does not report one. */
  containerStarts: number;
  /** Pods known to be privileged (for exec into privileged pods). */
  privilegedPods: number;
  /** Roles and bindings known to grant admin rights. */
  rbacRoles: number;
}

export const DEFAULT_STATE_CAPACITIES: StateCapacities = {
  detectorDefault: 50_000,
  processTree: 100_000,
  containerFiles: 100_000,
  containerStarts: 20_000,
  privilegedPods: 50_000,
  rbacRoles: 20_000,
};

/** Errors for values that are not integers from 1 to 10,000,000. */
export function capacityErrors(c: Partial<StateCapacities>, path = 'state'): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(c)) {
    if (!(k in DEFAULT_STATE_CAPACITIES)) out.push(`unknown key ${path}.${k}`);
    else if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 10_000_000) out.push(`${path}.${k} must be an integer from 1 to 10000000`);
  }
  return out;
}
