// A rule match on a runtime event -> one Occurrence in GuardDuty's Finding format (runtime findings:
// featureName RuntimeMonitoring, runtimeDetails.process with lineage, runtimeDetails.context, the
// pod in kubernetesWorkloadDetails and the container in containerDetails; no resourceRole).

import { isIPv4, isIPv6 } from 'node:net';
import type { Finding, FindingAction, Occurrence, RuntimeProcessDetails } from '../core/finding.js';
import type { RuntimeEvent } from '../core/runtime-event.js';
import type { CompiledRule } from '../rules/compiled-rule.js';
import { assessSeverity } from '../rules/severity-modifiers.js';
import type { Cluster } from '../store/store.js';
import { findingHeader, fingerprint, imagePrefix, newFindingId, type FindingContext } from './build-finding.js';

const THREAT_NAMES: Record<string, string> = { threat: 'CustomThreatList', tor: 'TorExitNode', malicious: 'MaliciousDomainOrIP' };

function seconds(ms: number): number | undefined {
  return ms > 0 ? ms / 1000 : undefined;
}

function processDetails(e: RuntimeEvent): RuntimeProcessDetails {
  const p = e.process;
  const d: RuntimeProcessDetails = { name: p.name, executablePath: p.executablePath };
  if (p.sha256) d.executableSha256 = p.sha256;
  if (p.pid) d.namespacePid = p.pid;
  if (p.hostPid) d.pid = p.hostPid;
  if (p.pwd) d.pwd = p.pwd;
  const start = seconds(p.startTime);
  if (start !== undefined) d.startTime = start;
  if (p.uniqueId) d.uuid = p.uniqueId;
  if (p.parentUniqueId) d.parentUuid = p.parentUniqueId;
  if (p.uid >= 0) d.userId = p.uid;
  if (p.euid >= 0) d.euid = p.euid;
  d.lineage = e.derived.lineage.map((l) => ({
    name: l.name,
    executablePath: l.executablePath,
    pid: l.hostPid,
    namespacePid: l.pid,
    uuid: l.uniqueId,
    parentUuid: l.parentUniqueId,
    startTime: l.startTime / 1000,
    userId: l.userId,
  }));
  return d;
}

/** runtimeDetails.context: the fields GuardDuty fills for each kind of detection. */
function context(e: RuntimeEvent): Record<string, unknown> {
  const c: Record<string, unknown> = {};
  const m = e.derived.modifyingProcess;
  if (e.derived.modifiedInContainer) {
    if (m) c.modifyingProcess = { name: m.name, executablePath: m.executablePath, pid: m.hostPid || undefined, namespacePid: m.pid || undefined, uuid: m.uniqueId || undefined };
    if (e.derived.modifiedAt) c.modifiedAt = e.derived.modifiedAt / 1000;
  }
  if (e.eventType === 'library_load') c.libraryPath = e.file.path;
  if (e.eventType === 'mount') Object.assign(c, { mountSource: e.mount.source, mountTarget: e.mount.target, fileSystemType: e.mount.fsType, flags: e.mount.flags });
  if (e.eventType === 'module_load') Object.assign(c, { moduleName: e.module.name, moduleFilePath: e.module.path });
  if (e.eventType === 'ptrace' || e.eventType === 'process_vm_write') c.targetProcess = { pid: e.targetProcess.pid, name: e.targetProcess.name };
  if (e.derived.fileless) c.memoryRegions = [e.file.path || e.process.executablePath];
  if (e.process.args.length) c.commandLineExample = e.process.args.join(' ').slice(0, 1024);
  if (e.derived.hashLists.length) c.threatFilePath = e.process.executablePath;
  return c;
}

function action(e: RuntimeEvent): FindingAction | undefined {
  if (e.eventType === 'dns_request') {
    const labels = e.dns.query.split('.');
    return { actionType: 'DNS_REQUEST', dnsRequestAction: { domain: e.dns.query, domainWithSuffix: labels.slice(-2).join('.'), protocol: 'UDP', blocked: false } };
  }
  if (e.eventType === 'network_connect' || e.eventType === 'network_accept') {
    const ip = e.network.remoteIp;
    return {
      actionType: 'NETWORK_CONNECTION',
      networkConnectionAction: {
        connectionDirection: e.eventType === 'network_connect' ? 'OUTBOUND' : 'INBOUND',
        protocol: e.network.protocol,
        blocked: false,
        remoteIpDetails: isIPv4(ip) ? { ipAddressV4: ip } : isIPv6(ip) ? { ipAddressV6: ip } : {},
        remotePortDetails: { port: e.network.remotePort },
      },
    };
  }
  return undefined;
}

export function buildRuntimeOccurrence(rule: CompiledRule, e: RuntimeEvent, cluster: Cluster, ctx: FindingContext): Occurrence {
  const id = newFindingId();
  const seen = new Date(e.time).toISOString();
  const lists = [...e.derived.domainLists, ...e.derived.ipLists, ...e.derived.hashLists];
  const kinds = [...e.derived.domainKinds, ...e.derived.ipKinds, ...e.derived.hashKinds];
  const info: Record<string, unknown> = { catalog: rule.catalog, ruleId: rule.id, source: `runtime/${e.sensor}`, sensorEvent: e.sensorEvent, node: e.node };
  if (lists.length) info.threatListName = lists[0];
  const { severity, reasons } = assessSeverity(rule, e, ctx.severityModifiers ?? []);
  if (reasons.length) info.severityReasons = reasons;
  if (rule.tags.length) info.tags = rule.tags;
  const container = { name: e.container.name, image: e.container.image, imagePrefix: imagePrefix(e.container.image), ...(e.container.id ? { id: e.container.id } : {}) };
  const act = action(e);
  const { eksClusterDetails, ...header } = findingHeader(rule, cluster, ctx, { id, severity, title: rule.title(e), description: rule.description(e) });
  const finding: Finding = {
    ...header,
    resource: {
      resourceType: 'EKSCluster',
      eksClusterDetails,
      kubernetesDetails: {
        kubernetesWorkloadDetails: { name: e.pod.name, type: 'pods', namespace: e.pod.namespace, ...(e.pod.uid ? { uid: e.pod.uid } : {}), containers: [container] },
      },
      containerDetails: container,
    },
    service: {
      serviceName: 'guardduty',
      detectorId: cluster.detectorId,
      featureName: 'RuntimeMonitoring',
      ...(act ? { action: act } : {}),
      runtimeDetails: { process: processDetails(e), context: context(e) },
      archived: false,
      count: 1,
      eventFirstSeen: seen,
      eventLastSeen: seen,
      additionalInfo: { value: JSON.stringify(info), type: 'default' },
      ...(lists.length ? { evidence: { threatIntelligenceDetails: lists.map((name, i) => ({ threatListName: name, threatNames: [THREAT_NAMES[kinds[i] ?? ''] ?? 'Listed'], ...(e.derived.hashLists.includes(name) ? { threatFileSha256: e.process.sha256 } : {}) })) } } : {}),
    },
  };
  return { fingerprint: fingerprint(rule, e), finding, time: e.time };
}
