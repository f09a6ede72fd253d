// Typed views of the other objects rules look into: Ingress, ConfigMap, Secret, TokenRequest,
// admission webhook configurations and CertificateSigningRequests. Each is built from the
// resulting object (or request body) only when the event's resource is that kind.

import type { ConfigMapView, CsrView, IngressView, SecretView, TokenRequestView, WebhookConfigView } from '../../core/event.js';
import { arr, bool, isObject, num, obj, str, strList, strMap } from './values.js';

type Ctx = { resource: string; subresource: string; namespace: string; name: string };

export const EMPTY_INGRESS: IngressView = Object.freeze({ present: false, name: '', namespace: '', tls: false, hosts: [], ingressClassName: '' });
export const EMPTY_CONFIGMAP: ConfigMapView = Object.freeze({ present: false, name: '', namespace: '', dataKeys: [] });
export const EMPTY_SECRET: SecretView = Object.freeze({ present: false, name: '', namespace: '', type: '', annotations: {} });
export const EMPTY_TOKEN_REQUEST: TokenRequestView = Object.freeze({ present: false, expirationSeconds: 0, audiences: [], boundObjectKind: '' });
export const EMPTY_WEBHOOK_CONFIG: WebhookConfigView = Object.freeze({ present: false, kind: '', name: '', webhooks: [] });
export const EMPTY_CSR: CsrView = Object.freeze({ present: false, name: '', signerName: '', usages: [], username: '', groups: [], approved: false, denied: false });

function meta(o: Record<string, unknown>, ctx: Ctx): { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string> } {
  const m = obj(o.metadata);
  return { name: str(m.name) || ctx.name, namespace: str(m.namespace) || ctx.namespace, labels: strMap(m.labels), annotations: strMap(m.annotations) };
}

export function ingressView(o: Record<string, unknown> | null, ctx: Ctx): IngressView {
  if (!o || ctx.resource !== 'ingresses' || ctx.subresource !== '') return EMPTY_INGRESS;
  const spec = obj(o.spec);
  const m = meta(o, ctx);
  return {
    present: true,
    name: m.name,
    namespace: m.namespace,
    tls: arr(spec.tls).length > 0,
    hosts: arr(spec.rules, 256).filter(isObject).map((r) => str(r.host)).filter((h) => h !== ''),
    ingressClassName: str(spec.ingressClassName),
  };
}

export function configMapView(o: Record<string, unknown> | null, ctx: Ctx): ConfigMapView {
  if (!o || ctx.resource !== 'configmaps' || ctx.subresource !== '') return EMPTY_CONFIGMAP;
  const m = meta(o, ctx);
  return { present: true, name: m.name, namespace: m.namespace, dataKeys: [...Object.keys(obj(o.data)), ...Object.keys(obj(o.binaryData))].slice(0, 512) };
}

export function secretView(o: Record<string, unknown> | null, ctx: Ctx): SecretView {
  if (!o || ctx.resource !== 'secrets' || ctx.subresource !== '') return EMPTY_SECRET;
  const m = meta(o, ctx);
  return { present: true, name: m.name, namespace: m.namespace, type: str(o.type), annotations: m.annotations };
}

export function tokenRequestView(o: Record<string, unknown> | null, ctx: Ctx): TokenRequestView {
  if (!o || ctx.resource !== 'serviceaccounts' || ctx.subresource !== 'token') return EMPTY_TOKEN_REQUEST;
  const spec = obj(o.spec);
  return {
    present: true,
    expirationSeconds: num(spec.expirationSeconds) ?? 0,
    audiences: strList(spec.audiences),
    boundObjectKind: str(obj(spec.boundObjectRef).kind),
  };
}

export function webhookConfigView(o: Record<string, unknown> | null, ctx: Ctx): WebhookConfigView {
  const kind =
    ctx.resource === 'mutatingwebhookconfigurations' ? 'MutatingWebhookConfiguration' : ctx.resource === 'validatingwebhookconfigurations' ? 'ValidatingWebhookConfiguration' : '';
  if (!o || !kind || ctx.subresource !== '') return EMPTY_WEBHOOK_CONFIG;
  const m = meta(o, ctx);
  return {
    present: true,
    kind,
    name: m.name,
    webhooks: arr(o.webhooks, 128)
      .filter(isObject)
      .map((w) => {
        const cc = obj(w.clientConfig);
        return {
          name: str(w.name),
          failurePolicy: str(w.failurePolicy),
          url: str(cc.url),
          service: isObject(cc.service) ? `${str(cc.service.namespace)}/${str(cc.service.name)}` : '',
          resources: arr(w.rules, 64).filter(isObject).flatMap((r) => strList(r.resources)),
        };
      }),
  };
}

export function csrView(o: Record<string, unknown> | null, ctx: Ctx): CsrView {
  if (!o || ctx.resource !== 'certificatesigningrequests') return EMPTY_CSR;
  const spec = obj(o.spec);
  const conditions = arr(obj(o.status).conditions, 32).filter(isObject);
  const has = (type: string) => conditions.some((c) => c.type === type && (c.status === undefined || c.status === 'True' || bool(c.status)));
  return {
    present: true,
    name: meta(o, ctx).name,
    signerName: str(spec.signerName),
    usages: strList(spec.usages),
    username: str(spec.username),
    groups: strList(spec.groups),
    approved: has('Approved'),
    denied: has('Denied'),
  };
}
