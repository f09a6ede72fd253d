// Sets event.intel from the threat-intelligence lists: which source IP is on which list (custom
// threat lists, Tor exit nodes, Vigil's malicious-IP list), and whether a source IP is trusted.
// Rules decide what a match means; this only looks up.

import type { Enricher } from '../enricher.js';
import type { IntelIndex } from './intel-index.js';

export function threatIntelEnricher(current: () => IntelIndex): Enricher {
  return {
    name: 'threat-intel',
    enrich(e) {
      e.intel = current().matchIps(e.sourceIps);
    },
  };
}
