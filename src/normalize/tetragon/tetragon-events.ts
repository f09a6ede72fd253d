// Builders of Tetragon export lines for tests (test-only; the twin of testing/tracee-events.ts).

export const NODE = 'ip-10-0-7-21.eu-west-1.compute.internal';
export const CONTAINER = '3f1c9d0e5b7a4c2e8f6d1a0b9c8e7d6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d';
export const POD_UID = 'c2b1d7e4-58a3-4f6e-9d21-7a0e3b5c8f14';
export const EXEC_ID = Buffer.from(`${NODE}:88213497714233:40417`).toString('base64');
export const PARENT_EXEC_ID = Buffer.from(`${NODE}:88213489900112:40411`).toString('base64');

type Obj = Record<string, unknown>;

export function tetragonProcess(over: Obj = {}): Obj {
  return {
    exec_id: EXEC_ID,
    pid: 40417,
    uid: 0,
    cwd: '/srv',
    binary: '/usr/bin/curl',
    arguments: '-s -o /dev/null "http://files.example.org/a b"',
    flags: 'execve clone',
    start_time: '2026-03-02T10:15:30.118204551Z',
    auid: 4294967295,
    pod: {
      namespace: 'payments',
      name: 'ledger-6d8f7b9c5-q2w7x',
      uid: POD_UID,
      container: {
        id: `containerd://${CONTAINER}`,
        name: 'ledger',
        image: { id: 'registry.example/ledger@sha256:9b1e4c2a7d3f5e6b8a0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a', name: 'registry.example/ledger:3.2.1' },
        start_time: '2026-03-02T09:58:11Z',
        pid: 57,
      },
      pod_labels: { app: 'ledger' },
      workload: 'ledger',
      workload_kind: 'Deployment',
    },
    docker: CONTAINER.slice(0, 31),
    parent_exec_id: PARENT_EXEC_ID,
    tid: 40417,
    in_init_tree: false,
    ...over,
  };
}

export function tetragonParent(over: Obj = {}): Obj {
  const pod = tetragonProcess().pod as Obj;
  return {
    exec_id: PARENT_EXEC_ID,
    pid: 40411,
    uid: 0,
    cwd: '/srv',
    binary: '/usr/bin/bash',
    arguments: '-c "curl -s -o /dev/null \'http://files.example.org/a b\'"',
    flags: 'execve clone',
    start_time: '2026-03-02T10:15:30.110377203Z',
    pod: { ...pod, container: { ...(pod.container as Obj), pid: 51 } },
    docker: CONTAINER.slice(0, 31),
    parent_exec_id: Buffer.from(`${NODE}:88213400012345:40380`).toString('base64'),
    tid: 40411,
    ...over,
  };
}

let seconds = 0;

/** One export line: {<key>: {process, parent, ...body}, node_name, time}. */
export function tetragonEvent(key: string, body: Obj = {}, over: Obj = {}): Obj {
  seconds += 1;
  const time = new Date(Date.UTC(2026, 2, 2, 10, 16, seconds % 60)).toISOString().replace('.000Z', `.${String(100_000_000 + seconds).slice(1)}Z`);
  return { [key]: { process: tetragonProcess(), parent: tetragonParent(), ...body }, node_name: NODE, time, ...over };
}

export function kprobe(functionName: string, args: Obj[], body: Obj = {}): Obj {
  return tetragonEvent('process_kprobe', { function_name: functionName, args, action: 'KPROBE_ACTION_POST', policy_name: 'vigil-runtime', ...body });
}

export function lsm(functionName: string, args: Obj[], body: Obj = {}): Obj {
  return tetragonEvent('process_lsm', { function_name: functionName, args, action: 'KPROBE_ACTION_POST', policy_name: 'vigil-lsm', ...body });
}
