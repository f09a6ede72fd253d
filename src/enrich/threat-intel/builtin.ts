// The threat-intelligence lists shipped in intel/ (see intel/README.md for sources and dates).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../lib/package-root.js';
import type { IntelKind } from '../../store/store.js';
import type { IntelListInput } from './intel-index.js';

export const BUILTIN_LISTS: readonly { name: string; kind: IntelKind; file: string; url: string | null }[] = [
  { name: 'tor-exit-nodes', kind: 'tor', file: join(PACKAGE_ROOT, 'intel', 'tor-exit-nodes.txt'), url: 'https://check.torproject.org/torbulkexitlist' },
  { name: 'vigil-malicious-ips', kind: 'malicious', file: join(PACKAGE_ROOT, 'intel', 'malicious-ips.txt'), url: null },
  { name: 'vigil-mining-pools', kind: 'malicious', file: join(PACKAGE_ROOT, 'intel', 'mining-pools.txt'), url: null },
  { name: 'guardduty-test-c2', kind: 'malicious', file: join(PACKAGE_ROOT, 'intel', 'guardduty-test-c2.txt'), url: null },
  { name: 'guardduty-test-blackhole', kind: 'malicious', file: join(PACKAGE_ROOT, 'intel', 'guardduty-test-blackhole.txt'), url: null },
  { name: 'guardduty-test-droppoint', kind: 'malicious', file: join(PACKAGE_ROOT, 'intel', 'guardduty-test-droppoint.txt'), url: null },
  { name: 'guardduty-test-dga', kind: 'malicious', file: join(PACKAGE_ROOT, 'intel', 'guardduty-test-dga.txt'), url: null },
  { name: 'guardduty-test-driveby', kind: 'malicious', file: join(PACKAGE_ROOT, 'intel', 'guardduty-test-driveby.txt'), url: null },
  { name: 'guardduty-test-phishing', kind: 'malicious', file: join(PACKAGE_ROOT, 'intel', 'guardduty-test-phishing.txt'), url: null },
  { name: 'guardduty-test-abused-rep', kind: 'malicious', file: join(PACKAGE_ROOT, 'intel', 'guardduty-test-abused-rep.txt'), url: null },
  { name: 'guardduty-test-crypto-rep', kind: 'malicious', file: join(PACKAGE_ROOT, 'intel', 'guardduty-test-crypto-rep.txt'), url: null },
  { name: 'guardduty-test-malicious-rep', kind: 'malicious', file: join(PACKAGE_ROOT, 'intel', 'guardduty-test-malicious-rep.txt'), url: null },
  { name: 'guardduty-test-suspicious-rep', kind: 'malicious', file: join(PACKAGE_ROOT, 'intel', 'guardduty-test-suspicious-rep.txt'), url: null },
];

/** The built-in lists as index inputs, leaving out the names in `replaced`. */
export function builtinListInputs(replaced: ReadonlySet<string> = new Set()): IntelListInput[] {
  return BUILTIN_LISTS.filter((b) => !replaced.has(b.name)).map((b) => ({ name: b.name, kind: b.kind, format: 'txt', content: readFileSync(b.file, 'utf8') }));
}
