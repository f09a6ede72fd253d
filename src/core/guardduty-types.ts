// GuardDuty's Kubernetes audit-log finding types with their documented default severities
// (Low 2, Medium 5, High 8). Rules that claim `catalog: guardduty` must use one of these names;
// a different severity is allowed only when the rule says why (it is then a warning at load).

export const GUARDDUTY_AUDIT_TYPES: Readonly<Record<string, number>> = {
  // Threat-intelligence IP matches
  'CredentialAccess:Kubernetes/MaliciousIPCaller': 8,
  'CredentialAccess:Kubernetes/MaliciousIPCaller.Custom': 8,
  'CredentialAccess:Kubernetes/TorIPCaller': 8,
  'DefenseEvasion:Kubernetes/MaliciousIPCaller': 8,
  'DefenseEvasion:Kubernetes/MaliciousIPCaller.Custom': 8,
  'DefenseEvasion:Kubernetes/TorIPCaller': 8,
  'Discovery:Kubernetes/MaliciousIPCaller': 5,
  'Discovery:Kubernetes/MaliciousIPCaller.Custom': 5,
  'Discovery:Kubernetes/TorIPCaller': 5,
  'Impact:Kubernetes/MaliciousIPCaller': 8,
  'Impact:Kubernetes/MaliciousIPCaller.Custom': 8,
  'Impact:Kubernetes/TorIPCaller': 8,
  'Persistence:Kubernetes/MaliciousIPCaller': 5,
  'Persistence:Kubernetes/MaliciousIPCaller.Custom': 5,
  'Persistence:Kubernetes/TorIPCaller': 5,
  // Successful anonymous access
  'CredentialAccess:Kubernetes/SuccessfulAnonymousAccess': 8,
  'DefenseEvasion:Kubernetes/SuccessfulAnonymousAccess': 8,
  'Discovery:Kubernetes/SuccessfulAnonymousAccess': 5,
  'Impact:Kubernetes/SuccessfulAnonymousAccess': 8,
  'Persistence:Kubernetes/SuccessfulAnonymousAccess': 8,
  // Rule-based policy and behaviour findings
  'Execution:Kubernetes/ExecInKubeSystemPod': 5,
  'Policy:Kubernetes/AdminAccessToDefaultServiceAccount': 8,
  'Policy:Kubernetes/AnonymousAccessGranted': 8,
  'Policy:Kubernetes/ExposedDashboard': 5,
  'Policy:Kubernetes/KubeflowDashboardExposed': 5,
  // Retired upstream, still shown by the EKS workshop
  'PrivilegeEscalation:Kubernetes/PrivilegedContainer': 5,
  'Persistence:Kubernetes/ContainerWithSensitiveMount': 5,
  // Machine-learning anomaly types (need learned baselines)
  'CredentialAccess:Kubernetes/AnomalousBehavior.SecretsAccessed': 5,
  'PrivilegeEscalation:Kubernetes/AnomalousBehavior.RoleBindingCreated': 5,
  'PrivilegeEscalation:Kubernetes/AnomalousBehavior.RoleCreated': 2,
  'Execution:Kubernetes/AnomalousBehavior.ExecInPod': 5,
  'Execution:Kubernetes/AnomalousBehavior.WorkloadDeployed': 2,
  'PrivilegeEscalation:Kubernetes/AnomalousBehavior.WorkloadDeployed!PrivilegedContainer': 8,
  'Persistence:Kubernetes/AnomalousBehavior.WorkloadDeployed!ContainerWithSensitiveMount': 8,
  'Discovery:Kubernetes/AnomalousBehavior.PermissionChecked': 2,
};

/** ThreatPurpose:ResourceTypeAffected/ThreatFamilyName.DetectionMechanism!Artifact */
export const FINDING_TYPE_PATTERN = /^[A-Z][A-Za-z]+:[A-Z][A-Za-z]+\/[A-Za-z0-9]+(\.[A-Za-z0-9]+)*(![A-Za-z]+)?$/;
