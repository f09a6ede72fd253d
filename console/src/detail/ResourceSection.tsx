// Resource affected: the cluster, the workload (containers with image and securityContext,
// volumes with host paths) or, for runtime findings, the container the process ran in.

import type { Finding, FindingContainer } from '../api/types.js';
import { EntityLink, Fields, Section, yesNo } from '../components/Common.js';
import { additionalInfo, clusterOf } from '../lib/finding-fields.js';

function Container({ c }: { c: FindingContainer }) {
  const sc = c.securityContext;
  return (
    <li className="container" data-testid="container">
      <Fields
        rows={[
          ['Container', c.name],
          ['Image', c.image ? <EntityLink kind="image" id={c.image} /> : undefined],
          ['Image prefix', c.imagePrefix],
          ['Runtime', c.containerRuntime],
          ['Container ID', c.id],
          ['Privileged', yesNo(sc?.privileged)],
          ['Allow privilege escalation', yesNo(sc?.allowPrivilegeEscalation)],
          ['Volume mounts', c.volumeMounts?.map((m) => `${m.name ?? '?'} → ${m.mountPath ?? '?'}`).join(', ')],
        ]}
      />
    </li>
  );
}

export function ResourceSection({ finding: f }: { finding: Finding }) {
  const w = f.resource?.kubernetesDetails?.kubernetesWorkloadDetails;
  const rc = f.resource?.containerDetails;
  const nodeInfo = additionalInfo(f).node;
  const node = typeof nodeInfo === 'string' ? nodeInfo : '';
  return (
    <Section title="Resource affected" testId="section-resource">
      <Fields
        rows={[
          ['Cluster', clusterOf(f)],
          ['Cluster ARN', f.resource?.eksClusterDetails?.arn],
          ['Namespace', w?.namespace],
          ['Workload', w?.name ? `${w.type ?? 'workload'}/${w.name}` : undefined],
          ['Pod', w?.name && w.type === 'pods' ? <EntityLink kind="pod" id={`${w.namespace ?? ''}/${w.name}`}>{w.name}</EntityLink> : undefined],
          ['Service account', w?.serviceAccountName],
          ['Host network', yesNo(w?.hostNetwork)],
          ['Host PID', yesNo(w?.hostPID)],
          ['Host IPC', yesNo(w?.hostIPC)],
          ['Node', node ? <EntityLink kind="node" id={node} /> : undefined],
        ]}
      />
      {w?.containers && w.containers.length > 0 && (
        <>
          <h4>Containers</h4>
          <ul className="plain">
            {w.containers.map((c, i) => (
              <Container key={`${c.name ?? ''}-${i}`} c={c} />
            ))}
          </ul>
        </>
      )}
      {w?.volumes && w.volumes.length > 0 && (
        <>
          <h4>Volumes</h4>
          <ul className="plain" data-testid="volumes">
            {w.volumes.map((v, i) => (
              <li key={`${v.name ?? ''}-${i}`}>
                {v.name}
                {v.hostPath?.path ? <span className="warn-text"> hostPath {v.hostPath.path}</span> : null}
              </li>
            ))}
          </ul>
        </>
      )}
      {rc && (
        <>
          <h4>Container</h4>
          <ul className="plain">
            <Container c={rc} />
          </ul>
        </>
      )}
    </Section>
  );
}
