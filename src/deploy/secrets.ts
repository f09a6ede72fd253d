// The token Secrets: by default referenced (created by the operator, never printed); with
// --generate-secrets, created here with fresh random tokens. Vigil's namespace holds the admin and
// ingest tokens; Tracee's namespace a copy of the ingest token (a pod can only read Secrets of its
// own namespace).

import { Secret } from 'kubernetes-models/v1';
import { newSecret } from '../app/tokens.js';
import { ADMIN_TOKEN_KEY, INGEST_TOKEN_KEY } from './labels.js';
import type { Values } from './values.js';

export interface GeneratedTokens {
  admin: string;
  ingest: string;
}

export function generateTokens(): GeneratedTokens {
  return { admin: newSecret('admin'), ingest: newSecret('ingest') };
}

export function tokenSecrets(v: Values, t: GeneratedTokens): Secret[] {
  const labels = { 'app.kubernetes.io/part-of': 'vigil' };
  const out = [new Secret({ metadata: { name: v.tokens.secretName, namespace: v.namespace, labels }, type: 'Opaque', stringData: { [ADMIN_TOKEN_KEY]: t.admin, [INGEST_TOKEN_KEY]: t.ingest } })];
  if (v.tracee.enabled) out.push(new Secret({ metadata: { name: v.tokens.secretName, namespace: v.tracee.namespace, labels }, type: 'Opaque', stringData: { [INGEST_TOKEN_KEY]: t.ingest } }));
  return out;
}

/** The kubectl commands that create the referenced Secrets (tokens made with openssl). */
export function secretCommands(v: Values): string {
  const lines = [
    'INGEST=vgl_ingest_$(openssl rand -hex 24); ADMIN=vgl_admin_$(openssl rand -hex 24)',
    `kubectl create namespace ${v.namespace} --dry-run=client -o yaml | kubectl apply -f -`,
    `kubectl -n ${v.namespace} create secret generic ${v.tokens.secretName} --from-literal=${ADMIN_TOKEN_KEY}="$ADMIN" --from-literal=${INGEST_TOKEN_KEY}="$INGEST"`,
  ];
  if (v.tracee.enabled) {
    lines.push(`kubectl create namespace ${v.tracee.namespace} --dry-run=client -o yaml | kubectl apply -f -`);
    lines.push(`kubectl -n ${v.tracee.namespace} create secret generic ${v.tokens.secretName} --from-literal=${INGEST_TOKEN_KEY}="$INGEST"`);
  }
  return lines.join('\n');
}
