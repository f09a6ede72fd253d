// Empty states of the findings list: nothing at all yet (how to connect a cluster, with the
// README's commands), nothing matching the filters, nothing archived.

export function EmptyFindings({ filtered, archived, onClear }: { filtered: boolean; archived: boolean; onClear: () => void }) {
  if (filtered) {
    return (
      <div className="empty" data-testid="empty-filtered">
        <h3>No findings match these filters.</h3>
        <button type="button" onClick={onClear}>
          Clear filters
        </button>
      </div>
    );
  }
  if (archived) {
    return (
      <div className="empty" data-testid="empty-archived">
        <h3>No archived findings.</h3>
        <p className="muted">Findings you archive, and those a suppression rule archives, show here.</p>
      </div>
    );
  }
  return (
    <div className="empty" data-testid="empty-findings">
      <h3>No findings yet: here is how to connect a cluster.</h3>
      <ol>
        <li>
          Register the cluster; the last line printed is its ingest token:
          <pre>./bin/vigil clusters add prod --platform self-managed</pre>
        </li>
        <li>
          Make the kube-apiserver audit webhook configuration and policy, and pass them to kube-apiserver with{' '}
          <code>--audit-webhook-config-file</code> and <code>--audit-policy-file</code>:
          <pre>./bin/vigil clusters webhook-config prod --url https://vigil.example:8443/ingest/k8s-audit --token {'<TOKEN>'}</pre>
        </li>
        <li>
          Runtime monitoring: point Tracee&apos;s webhook output at <code>https://HOST:PORT/ingest/runtime/tracee?node=$(NODE_NAME)</code> with the same token.
        </li>
        <li>
          Or try Vigil on the recorded EKS workshop without a cluster:
          <pre>./bin/vigil replay --audit test/fixtures/audit/workshop.jsonl</pre>
        </li>
      </ol>
      <p className="muted">
        New findings appear here on their own: this list checks for them every few seconds. See <a href="#/coverage">Coverage</a> for what Vigil is receiving.
      </p>
    </div>
  );
}
