// Builds BindingView and RoleView from RBAC objects.

import type { BindingView, RoleView } from '../../core/event.js';
import { arr, isObject, obj, str, strList } from './values.js';

export const EMPTY_BINDING: BindingView = Object.freeze({
  present: false,
  kind: '',
  name: '',
  namespace: '',
  roleRef: { kind: '', name: '', apiGroup: '' },
  subjects: [],
  roleIsAdmin: false,
});

export const EMPTY_ROLE: RoleView = Object.freeze({
  present: false,
  kind: '',
  name: '',
  namespace: '',
  rules: [],
  wildcardAdmin: false,
});

const BINDING_KIND: Record<string, string> = { rolebindings: 'RoleBinding', clusterrolebindings: 'ClusterRoleBinding' };
const ROLE_KIND: Record<string, string> = { roles: 'Role', clusterroles: 'ClusterRole' };

export function bindingView(
  object: Record<string, unknown> | null,
  ctx: { resource: string; subresource: string; namespace: string; name: string },
): BindingView {
  const kind = BINDING_KIND[ctx.resource];
  if (!object || !kind || ctx.subresource !== '') return EMPTY_BINDING;
  const meta = obj(object.metadata);
  const ref = obj(object.roleRef);
  return {
    present: true,
    kind,
    name: str(meta.name) || ctx.name,
    namespace: str(meta.namespace) || ctx.namespace,
    roleRef: { kind: str(ref.kind), name: str(ref.name), apiGroup: str(ref.apiGroup) },
    subjects: arr(object.subjects, 256)
      .filter(isObject)
      .map((s) => ({ kind: str(s.kind), name: str(s.name), namespace: str(s.namespace), apiGroup: str(s.apiGroup) })),
    roleIsAdmin: false,
  };
}

export function roleView(
  object: Record<string, unknown> | null,
  ctx: { resource: string; subresource: string; namespace: string; name: string },
): RoleView {
  const kind = ROLE_KIND[ctx.resource];
  if (!object || !kind || ctx.subresource !== '') return EMPTY_ROLE;
  const meta = obj(object.metadata);
  const rules = arr(object.rules, 256)
    .filter(isObject)
    .map((r) => ({
      apiGroups: strList(r.apiGroups),
      resources: strList(r.resources),
      verbs: strList(r.verbs),
      resourceNames: strList(r.resourceNames),
      nonResourceURLs: strList(r.nonResourceURLs),
    }));
  return {
    present: true,
    kind,
    name: str(meta.name) || ctx.name,
    namespace: str(meta.namespace) || ctx.namespace,
    rules,
    wildcardAdmin: rules.some(
      (r) => r.verbs.includes('*') && r.resources.includes('*') && (r.apiGroups.length === 0 || r.apiGroups.includes('*')),
    ),
  };
}
