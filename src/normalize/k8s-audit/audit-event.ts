// raw audit.k8s.io/v1 Event (untrusted JSON) -> AuditEvent, or a rejection with a reason.
// Every later stage reads the typed AuditEvent; nothing downstream touches the raw JSON.

import type {
  AuditEvent,
  IntelInfo,
  AuditStage,
  BindingView,
  ConfigMapView,
  CsrView,
  IngressView,
  SecretView,
  TokenRequestView,
  WebhookConfigView,
  RoleView,
  ServiceView,
  TargetRef,
  UserInfo,
  WorkloadView,
} from '../../core/event.js';
import { requestBody, resultingObject } from './resulting-object.js';
import { configMapView, csrView, ingressView, secretView, tokenRequestView, webhookConfigView } from './misc-views.js';
import { bindingView, roleView } from './rbac-view.js';
import { serviceView } from './service-view.js';
import { isObject, num, obj, str, strList, strListMap, strMap } from './values.js';
import { workloadView } from './workload-view.js';
import { parseQuery, parseTime } from './request-parts.js';

/** code: a short stable reason for counters and metrics; reason: the message for people. */
export type NormalizeResult = { ok: true; event: AuditEvent } | { ok: false; code: string; reason: string };

function reject(code: string, reason: string): NormalizeResult {
  return { ok: false, code, reason };
}

const NO_INTEL: IntelInfo = Object.freeze({ ip: '', lists: [], kinds: [], threatLists: [], tor: false, malicious: false, trusted: false });

const EMPTY_LIST = Object.freeze([]) as unknown as string[];
const EMPTY_MAP = Object.freeze({});
const EMPTY_USER: UserInfo = Object.freeze({ username: '', uid: '', groups: EMPTY_LIST, extra: EMPTY_MAP as Record<string, string[]> });
const EMPTY_TARGET: TargetRef = Object.freeze({ resource: '', subresource: '', namespace: '', name: '', apiGroup: '', apiVersion: '', uid: '' });
const EMPTY_RESPONSE = Object.freeze({ code: 0, success: false, reason: '', message: '' });

const STAGES = new Set<string>(['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic']);
const API_VERSIONS = new Set(['audit.k8s.io/v1', 'audit.k8s.io/v1beta1']);

function userInfo(v: Record<string, unknown>): UserInfo {
  return { username: str(v.username), uid: str(v.uid), groups: strList(v.groups), extra: strListMap(v.extra) };
}

/** 2xx, or 101 Switching Protocols (exec, attach and port-forward upgrades). */
export function isSuccessCode(code: number): boolean {
  return (code >= 200 && code < 300) || code === 101;
}

class NormalizedAuditEvent implements AuditEvent {
  readonly kind = 'k8s.audit' as const;
  cluster = '';
  auditId = '';
  stage: AuditStage = 'ResponseComplete';
  level = '';
  verb = '';
  requestUri = '';
  path = '';
  // Defaults are shared frozen values: normalizeAuditEvent replaces them (events are never changed in place).
  user: UserInfo = EMPTY_USER;
  impersonatedUser: UserInfo | null = null;
  sourceIps: string[] = EMPTY_LIST;
  sourceIp = '';
  userAgent = '';
  nonResource = true;
  target: TargetRef = EMPTY_TARGET;
  response: AuditEvent['response'] = EMPTY_RESPONSE;
  decision = '';
  annotations: Record<string, string> = EMPTY_MAP;
  time = 0;
  timestamp = '';
  requestObject: unknown = null;
  responseObject: unknown = null;
  tactic = '';
  intel: IntelInfo = NO_INTEL;
  targetPrivileged = false;
  #query: Record<string, string[]> | undefined;
  /** The request body asks for a dry run (DeleteOptions.dryRun). */
  #bodyDryRun = false;
  #object: Record<string, unknown> | null | undefined;
  #workload: WorkloadView | undefined;
  #binding: BindingView | undefined;
  #service: ServiceView | undefined;
  #role: RoleView | undefined;
  #ingress: IngressView | undefined;
  #configMap: ConfigMapView | undefined;
  #secret: SecretView | undefined;
  #tokenRequest: TokenRequestView | undefined;
  #webhookConfig: WebhookConfigView | undefined;
  #csr: CsrView | undefined;

  /** The requestURI's query parameters, parsed when first read (most events are never asked). */
  get query(): Record<string, string[]> {
    return (this.#query ??= parseQuery(this.requestUri).query);
  }
  set query(q: Record<string, string[]>) {
    this.#query = q;
  }
  /** ?dryRun=All on writes; for deletes kubectl --dry-run=server sends it in the DeleteOptions body. */
  get dryRun(): boolean {
    return this.#bodyDryRun || this.query.dryRun !== undefined;
  }
  /** Normalization only: the body asked for a dry run. */
  markBodyDryRun(): void {
    this.#bodyDryRun = true;
  }
  /** The object the request resulted in (see resulting-object.ts); null when the event carries none. */
  get object(): Record<string, unknown> | null {
    if (this.#object === undefined) this.#object = resultingObject(this.requestObject, this.responseObject);
    return this.#object;
  }
  private get ctx() {
    const t = this.target;
    return { resource: t.resource, subresource: t.subresource, namespace: t.namespace, name: t.name, username: this.user.username };
  }
  get workload(): WorkloadView {
    return (this.#workload ??= workloadView(this.object, this.ctx));
  }
  get binding(): BindingView {
    return (this.#binding ??= bindingView(this.object, this.ctx));
  }
  get service(): ServiceView {
    return (this.#service ??= serviceView(this.object, requestBody(this.requestObject), this.ctx));
  }
  get role(): RoleView {
    return (this.#role ??= roleView(this.object, this.ctx));
  }
  get ingress(): IngressView {
    return (this.#ingress ??= ingressView(this.object, this.ctx));
  }
  get configMap(): ConfigMapView {
    return (this.#configMap ??= configMapView(this.object, this.ctx));
  }
  get secret(): SecretView {
    return (this.#secret ??= secretView(this.object, this.ctx));
  }
  get tokenRequest(): TokenRequestView {
    return (this.#tokenRequest ??= tokenRequestView(this.object, this.ctx));
  }
  get webhookConfig(): WebhookConfigView {
    return (this.#webhookConfig ??= webhookConfigView(this.object, this.ctx));
  }
  get csr(): CsrView {
    return (this.#csr ??= csrView(this.object, this.ctx));
  }
}

/** Normalizes one raw audit Event. Never throws. */
export function normalizeAuditEvent(raw: unknown, cluster: string): NormalizeResult {
  if (!isObject(raw)) return reject('not_object', 'not a JSON object');
  if (raw.kind !== undefined && raw.kind !== 'Event') return reject('bad_kind', `kind is ${JSON.stringify(str(raw.kind, 64))}, expected "Event"`);
  if (raw.apiVersion !== undefined && !API_VERSIONS.has(raw.apiVersion as string))
    return reject('bad_api_version', `unsupported apiVersion ${JSON.stringify(str(raw.apiVersion, 64))}`);
  const auditId = str(raw.auditID, 128);
  if (!auditId) return reject('missing_audit_id', 'missing auditID');
  if (typeof raw.stage !== 'string' || !STAGES.has(raw.stage)) return reject('bad_stage', 'missing or unknown stage');
  const verb = str(raw.verb, 64);
  if (!verb) return reject('missing_verb', 'missing verb');
  if (typeof raw.requestURI !== 'string') return reject('missing_request_uri', 'missing requestURI');
  if (!isObject(raw.user)) return reject('missing_user', 'missing user');
  const time = parseTime(raw.stageTimestamp) ?? parseTime(raw.requestReceivedTimestamp);
  if (time === null) return reject('bad_timestamp', 'missing or invalid stageTimestamp');

  const e = new NormalizedAuditEvent();
  e.cluster = cluster;
  e.auditId = auditId;
  e.stage = raw.stage as AuditStage;
  e.level = str(raw.level, 32);
  e.verb = verb;
  e.requestUri = str(raw.requestURI);
  const q = e.requestUri.indexOf('?');
  e.path = q < 0 ? e.requestUri : e.requestUri.slice(0, q);
  if (isObject(raw.requestObject) && Array.isArray(raw.requestObject.dryRun) && raw.requestObject.dryRun.length > 0) e.markBodyDryRun();
  e.user = userInfo(raw.user);
  e.impersonatedUser = isObject(raw.impersonatedUser) ? userInfo(raw.impersonatedUser) : null;
  const ips = strList(raw.sourceIPs, 32);
  e.sourceIps = ips.every((ip) => ip.length <= 64) ? ips : ips.map((ip) => ip.slice(0, 64));
  e.sourceIp = e.sourceIps[0] ?? '';
  e.userAgent = str(raw.userAgent, 1100);
  if (isObject(raw.objectRef)) {
    const r = raw.objectRef;
    e.nonResource = false;
    e.target = {
      resource: str(r.resource, 253),
      subresource: str(r.subresource, 253),
      namespace: str(r.namespace, 253),
      name: str(r.name, 253),
      apiGroup: str(r.apiGroup, 253),
      apiVersion: str(r.apiVersion, 64),
      uid: str(r.uid, 64),
    };
  }
  const rs = obj(raw.responseStatus);
  const code = num(rs.code) ?? 0;
  e.response = { code, success: isSuccessCode(code), reason: str(rs.reason, 256), message: str(rs.message, 1024) };
  e.annotations = strMap(raw.annotations, 128);
  e.decision = e.annotations['authorization.k8s.io/decision'] ?? '';
  e.time = time;
  e.timestamp = str(raw.stageTimestamp, 64) || str(raw.requestReceivedTimestamp, 64);
  e.requestObject = raw.requestObject ?? null;
  e.responseObject = raw.responseObject ?? null;
  return { ok: true, event: e };
}
