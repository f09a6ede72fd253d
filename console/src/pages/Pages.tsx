// Route -> page.

import type { Route } from '../lib/route.js';
import { ClustersPage } from './ClustersPage.js';
import { CoveragePage } from './CoveragePage.js';
import { Dashboard } from './Dashboard.js';
import { EntityPage } from './EntityPage.js';
import { FindingsPage } from './FindingsPage.js';
import { IntelPage } from './IntelPage.js';
import { Investigate } from './Investigate.js';
import { SuppressionPage } from './SuppressionPage.js';
import { TokensPage } from './TokensPage.js';

export function Pages({ route }: { route: Route }) {
  switch (route.page) {
    case 'findings':
      return <FindingsPage query={route.query} findingId={route.findingId} />;
    case 'investigate':
      return <Investigate findingId={route.findingId} />;
    case 'dashboard':
      return <Dashboard />;
    case 'entity':
      return <EntityPage kind={route.kind} id={route.id} />;
    case 'coverage':
      return <CoveragePage />;
    case 'intel':
      return <IntelPage />;
    case 'suppression':
      return <SuppressionPage />;
    case 'tokens':
      return <TokensPage />;
    case 'clusters':
      return <ClustersPage />;
    default:
      return (
        <div className="card">
          <h2>Page not found</h2>
          <p>
            There is no page at this address. <a href="#/findings">Go to findings</a>.
          </p>
        </div>
      );
  }
}
