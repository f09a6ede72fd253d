// Threat intelligence for runtime events: the DNS query's domain (exact or a parent domain), the
// SHA-256 of an executed file, and the remote IP of a connection, against the same lists as the audit plane plus the built-in
// domain lists (mining pools, GuardDuty's public test domains).

import type { IntelIndex } from '../threat-intel/intel-index.js';
import type { RuntimeEnricher } from '../container-files/index.js';

export function runtimeIntelEnricher(current: () => IntelIndex): RuntimeEnricher {
  return {
    name: 'runtime-intel',
    enrich(e) {
      const intel = current();
      if (e.eventType === 'dns_request' && e.dns.query) {
        const m = intel.matchDomainWithKinds(e.dns.query);
        e.derived.domainLists = m.lists;
        e.derived.domainKinds = m.kinds;
      } else if (e.eventType === 'process_exec' && e.process.sha256) {
        const m = intel.matchHash(e.process.sha256);
        e.derived.hashLists = m.lists;
        e.derived.hashKinds = m.kinds;
      } else if ((e.eventType === 'network_connect' || e.eventType === 'network_accept') && e.network.remoteIp) {
        const m = intel.matchIps([e.network.remoteIp]);
        e.derived.ipLists = m.lists;
        e.derived.ipKinds = m.kinds;
      }
    },
  };
}
