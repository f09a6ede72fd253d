// Realistic findings for sink tests (test helper, not product code): an audit-log finding, a runtime
// finding and one whose attacker-controlled strings try to break out of every output format.

import type { Finding } from '../../core/finding.js';

const DETECTOR = '12c6b2b1d0c4f3b2a8e0a7b1c9d2e3aa';
let seq = 0;

function nextId(): string {
  seq++;
  return `6ec6b2b1d0c4f3b2a8e0a7b1${seq.toString(16).padStart(8, '0')}`;
}

export interface FixtureOptions {
  id?: string;
  type?: string;
  severity?: number;
  cluster?: string;
  archived?: boolean;
  count?: number;
  updatedAt?: string;
}

/** Execution:Kubernetes/ExecInKubeSystemPod, shaped like docs/findings.md and GuardDuty's sample. */
export function auditFinding(o: FixtureOptions = {}): Finding {
  const id = o.id ?? nextId();
  const cluster = o.cluster ?? 'eks-workshop';
  return {
    schemaVersion: '2.0',
    accountId: '123456789012',
    region: 'us-west-2',
    partition: 'aws',
    id,
    arn: `arn:aws:guardduty:us-west-2:123456789012:detector/${DETECTOR}/finding/${id}`,
    type: o.type ?? 'Execution:Kubernetes/ExecInKubeSystemPod',
    severity: o.severity ?? 5,
    title: 'Command executed inside a pod in kube-system namespace.',
    description: `A command was executed inside a pod in the kube-system namespace on EKS Cluster ${cluster}.`,
    createdAt: '2026-08-10T09:14:07.512Z',
    updatedAt: o.updatedAt ?? '2026-08-10T09:14:07.512Z',
    resource: {
      resourceType: 'EKSCluster',
      eksClusterDetails: { name: cluster, arn: `arn:aws:eks:us-west-2:123456789012:cluster/${cluster}`, status: 'ACTIVE' },
      kubernetesDetails: {
        kubernetesUserDetails: {
          username: 'arn:aws:sts::123456789012:assumed-role/workshop-admin/i-0abc123',
          uid: 'aws-iam-authenticator:123456789012:AROAEXAMPLEID',
          groups: ['system:masters', 'system:authenticated'],
        },
        kubernetesWorkloadDetails: {
          name: 'nginx',
          type: 'pods',
          uid: '3f9c2a64-5d1e-4b7a-9a2b-8f6e2c1d0e99',
          namespace: 'kube-system',
          containers: [{ name: 'nginx', image: 'nginx', imagePrefix: '' }],
        },
      },
    },
    service: {
      serviceName: 'guardduty',
      detectorId: DETECTOR,
      featureName: 'EksAuditLogMonitoring',
      action: {
        actionType: 'KUBERNETES_API_CALL',
        kubernetesApiCallAction: {
          requestUri: '/api/v1/namespaces/kube-system/pods/nginx/exec?command=pwd&container=nginx',
          verb: 'create',
          resource: 'pods',
          subresource: 'exec',
          namespace: 'kube-system',
          resourceName: 'nginx',
          sourceIPs: ['203.0.113.25'],
          userAgent: 'kubectl/v1.30.2 (linux/amd64) kubernetes/39683505',
          statusCode: 101,
          parameters: '{"command":["pwd"],"container":"nginx"}',
          remoteIpDetails: { ipAddressV4: '203.0.113.25' },
        },
      },
      resourceRole: 'TARGET',
      archived: o.archived ?? false,
      count: o.count ?? 1,
      eventFirstSeen: '2026-08-10T09:13:41.000Z',
      eventLastSeen: '2026-08-10T09:13:41.000Z',
      additionalInfo: { value: '{"catalog":"guardduty","ruleId":"exec-in-kube-system-pod"}', type: 'default' },
    },
  };
}

/** Execution:Runtime/NewBinaryExecuted: no Kubernetes user, a process and a container. */
export function runtimeFinding(o: FixtureOptions = {}): Finding {
  const f = auditFinding({ type: 'Execution:Runtime/NewBinaryExecuted', ...o });
  f.title = 'A newly created or recently modified binary was executed in a container.';
  f.description = 'The process curl executed a binary that was created or modified after the container crypto started.';
  f.resource.kubernetesDetails = {
    kubernetesWorkloadDetails: { name: 'crypto', type: 'pods', namespace: 'other', containers: [{ name: 'crypto', image: 'ubuntu', imagePrefix: '' }] },
  };
  f.resource.containerDetails = { containerRuntime: 'containerd', id: '0f3b9e6d2c', name: 'crypto', image: 'ubuntu', imagePrefix: '' };
  f.service = {
    ...f.service,
    featureName: 'RuntimeMonitoring',
    runtimeDetails: {
      process: { name: 'curl', executablePath: '/usr/bin/curl', pid: 23817, namespacePid: 412, userId: 0, lineage: [{ name: 'bash', executablePath: '/usr/bin/bash', pid: 23790 }] },
      context: { modifiedAt: 1754820058.8 },
    },
  };
  delete f.service.action;
  delete f.service.resourceRole;
  return f;
}

/** Every string an attacker can influence carries markup and structure characters. */
export const HOSTILE = '<script>alert(1)</script> & <!channel> "q" \\ ] ` *b* \n[x@1 a="1"]';

export function hostileFinding(o: FixtureOptions = {}): Finding {
  const f = auditFinding({ severity: 9, ...o });
  const k = f.resource.kubernetesDetails;
  if (k.kubernetesUserDetails) k.kubernetesUserDetails.username = `evil${HOSTILE}`;
  if (k.kubernetesWorkloadDetails) {
    k.kubernetesWorkloadDetails.name = `pod${HOSTILE}`;
    k.kubernetesWorkloadDetails.namespace = `ns${HOSTILE}`;
  }
  f.description = `Described ${HOSTILE}`;
  return f;
}
