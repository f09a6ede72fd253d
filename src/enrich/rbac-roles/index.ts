// RBAC knowledge for binding rules (binding.roleIsAdmin):
// - cluster-admin and admin are admin ClusterRoles by definition;
// - Roles/ClusterRoles seen granting * on * (create/update/patch events) are admin roles;
// - bindings seen referring to an admin role are remembered, because roleRef is immutable and a
//   later patch that only adds subjects (kubectl patch ... -p '{"subjects":[...]}') does not repeat it.
//   The built-in ClusterRoleBinding cluster-admin always refers to ClusterRole cluster-admin.
// State is bounded and persisted like detector state.

import type { AuditEvent } from '../../core/event.js';
import { BoundedState, type StateJournal } from '../../detect/state/bounded-state.js';
import { DEFAULT_STATE_CAPACITIES } from '../../detect/state/capacities.js';
import type { Enricher } from '../enricher.js';
import { stateKey } from '../../detect/state/packed-fields.js';

const ADMIN_CLUSTER_ROLES = new Set(['cluster-admin', 'admin']);
const WRITE_VERBS = new Set(['create', 'update', 'patch']);

function key(cluster: string, kind: string, namespace: string, name: string): string {
  return stateKey(cluster, kind, kind.startsWith('Cluster') ? '' : namespace, name);
}

export function rbacRolesEnricher(journal: StateJournal, capacity = DEFAULT_STATE_CAPACITIES.rbacRoles): Enricher {
  const state = new BoundedState('enrich/rbac-roles', capacity, journal);

  function onRole(e: AuditEvent): void {
    if (!e.response.success || e.dryRun || e.target.subresource !== '') return;
    const k = key(e.cluster, e.target.resource === 'roles' ? 'Role' : 'ClusterRole', e.target.namespace, e.target.name);
    if (e.verb === 'delete') state.delete(k);
    else if (WRITE_VERBS.has(e.verb) && e.role.present) {
      if (e.role.wildcardAdmin) state.set(k, 'admin-role');
      else if (e.verb !== 'patch' || e.responseObject !== null) state.delete(k);
    }
  }

  function onBinding(e: AuditEvent): void {
    const kind = e.target.resource === 'rolebindings' ? 'RoleBinding' : 'ClusterRoleBinding';
    const bk = key(e.cluster, kind, e.target.namespace, e.target.name);
    if (e.verb === 'delete' && e.response.success) {
      state.delete(bk);
      return;
    }
    const b = e.binding;
    if (!b.present) return;
    const ref = b.roleRef;
    if (ref.name === '') {
      b.roleIsAdmin = state.has(bk) || (kind === 'ClusterRoleBinding' && e.target.name === 'cluster-admin');
      return;
    }
    b.roleIsAdmin =
      (ref.kind === 'ClusterRole' && ADMIN_CLUSTER_ROLES.has(ref.name)) ||
      state.has(key(e.cluster, ref.kind, b.namespace || e.target.namespace, ref.name));
    if (e.response.success && !e.dryRun && WRITE_VERBS.has(e.verb)) {
      if (b.roleIsAdmin) state.set(bk, 'admin-binding');
      else state.delete(bk);
    }
  }

  return {
    name: 'rbac-roles',
    states: [state],
    enrich(e: AuditEvent) {
      const res = e.target.resource;
      if (res === 'roles' || res === 'clusterroles') onRole(e);
      else if (res === 'rolebindings' || res === 'clusterrolebindings') onBinding(e);
    },
  };
}
