// Actor: the Kubernetes user (groups, session name, impersonation).

import type { Finding } from '../api/types.js';
import { EntityLink, Fields, Section } from '../components/Common.js';
import { userEntity } from '../lib/finding-fields.js';

export function ActorSection({ finding: f }: { finding: Finding }) {
  const u = f.resource?.kubernetesDetails?.kubernetesUserDetails;
  if (!u) return null;
  const who = u.username ? userEntity(u.username) : null;
  const imp = u.impersonatedUser;
  return (
    <Section title="Actor" testId="section-actor">
      <Fields
        rows={[
          ['User', who ? <EntityLink key="u" kind={who.kind} id={who.id}><span data-testid="actor-user">{u.username}</span></EntityLink> : undefined],
          ['UID', u.uid],
          ['Groups', u.groups?.join(', ')],
          ['Session name', u.sessionName?.join(', ')],
          ['Impersonated user', imp?.username ? <EntityLink key="i" kind={userEntity(imp.username).kind} id={imp.username} /> : undefined],
          ['Impersonated groups', imp?.groups?.join(', ')],
        ]}
      />
    </Section>
  );
}
