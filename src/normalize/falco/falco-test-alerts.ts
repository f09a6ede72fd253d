// Builders of Falco alerts for tests (test-only): Falco's JSON output and falcosidekick's webhook
// payload. Outputs are short, written for the tests; only the rule names are Falco's.

export const NODE = 'ip-10-0-12-34.us-west-2.compute.internal';

/** output_fields of a process in container 70d15473d801 (pod other/crypto, ubuntu). */
export function containerFields(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    'container.id': '70d15473d801',
    'container.image.repository': 'docker.io/library/ubuntu',
    'container.image.tag': 'latest',
    'container.name': 'crypto',
    'evt.time': 1771321358116160000,
    'evt.type': 'execve',
    'k8s.ns.name': 'other',
    'k8s.pod.name': 'crypto',
    'proc.cmdline': 'curl -s -o /dev/null http://example.org',
    'proc.exepath': '/usr/bin/curl',
    'proc.name': 'curl',
    'proc.pid': 32059,
    'proc.pname': 'bash',
    'proc.ppid': 32056,
    'user.name': 'root',
    'user.uid': 0,
    ...over,
  };
}

/** A Falco alert as Falco's json_output writes it (keys in Falco's order). */
export function falcoAlert(rule: string, priority: string, fields: Record<string, unknown> = containerFields(), over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    hostname: NODE,
    output: `09:42:38.116160000: ${priority} test alert for ${rule}`,
    output_fields: fields,
    priority,
    rule,
    source: 'syscall',
    tags: ['test'],
    time: '2026-02-17T09:42:38.116160000Z',
    ...over,
  };
}

/** The same alert as falcosidekick's webhook output posts it: uuid added, time re-encoded. */
export function sidekickAlert(rule: string, priority: string, fields: Record<string, unknown> = containerFields(), over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    uuid: '3f0b7d52-9a41-4c1e-8e27-5b6d9c0a1f24',
    output: `09:42:38.116160000: ${priority} test alert for ${rule}`,
    priority,
    rule,
    time: '2026-02-17T09:42:38.11616Z',
    output_fields: fields,
    source: 'syscall',
    tags: ['test'],
    hostname: NODE,
    ...over,
  };
}
