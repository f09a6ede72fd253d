// What kind of source an ingest source name is, for coverage: the names sources give the pipeline
// (see sources/*) mapped to a label people recognise and to the plane it feeds.

export interface SourceKind {
  /** audit: Kubernetes audit events; runtime: sensor events. */
  plane: 'audit' | 'runtime';
  label: string;
}

const PREFIXES: [prefix: string, kind: SourceKind][] = [
  ['k8s-audit-webhook', { plane: 'audit', label: 'audit webhook' }],
  ['eks-firehose', { plane: 'audit', label: 'EKS via Firehose' }],
  ['cloudwatch:', { plane: 'audit', label: 'EKS via CloudWatch Logs' }],
  ['gke', { plane: 'audit', label: 'GKE via Pub/Sub' }],
  ['aks', { plane: 'audit', label: 'AKS via Event Hubs' }],
  ['file:', { plane: 'audit', label: 'tailed log file' }],
  ['replay', { plane: 'audit', label: 'replayed file' }],
  ['runtime/', { plane: 'runtime', label: 'runtime sensor' }],
];

export function sourceKind(source: string): SourceKind {
  for (const [prefix, kind] of PREFIXES) {
    if (source.startsWith(prefix)) return kind.plane === 'runtime' ? { plane: 'runtime', label: `${kind.label} (${source.slice(prefix.length)})` } : kind;
  }
  return { plane: 'audit', label: source };
}
