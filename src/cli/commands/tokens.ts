// vigil tokens create|list|revoke: API tokens with a role (viewer, analyst, admin). The secret is
// printed once; only its SHA-256 is stored. Changes are recorded in the audit trail (actor "cli").

import { dataDirSecretBox, issueAccessKey } from '../../api/guardduty/index.js';
import { openStore } from '../../app/open.js';
import { issueToken } from '../../app/tokens.js';
import { systemClock } from '../../core/clock.js';
import type { TokenRole } from '../../store/store.js';
import { UsageError, parse, str } from '../args.js';

export const TOKENS_HELP = `Usage:
  vigil tokens create --role viewer|analyst|admin [--description TEXT] [--json] [--data DIR]
      prints the new token (last line of stdout; with --json: {"token": "...", "id": "..."})
  vigil tokens create --sigv4 --role viewer|analyst|admin [--description TEXT] [--json] [--data DIR]
      an access key for the GuardDuty-compatible API (AWS Signature V4; docs/guardduty-api.md);
      prints the access key id and secret (with --json: {"accessKeyId": "...", "secretAccessKey": "..."})
  vigil tokens list [--json] [--data DIR]
  vigil tokens revoke ID|ACCESS_KEY_ID [--data DIR]
Roles: viewer reads findings; analyst also archives and gives feedback; admin manages tokens,
clusters and threat intelligence. Ingest tokens come from "vigil clusters add".`;

const ROLES = new Set(['viewer', 'analyst', 'admin']);

export async function tokensCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parse(`tokens ${sub ?? ''}`.trim(), rest, {
    data: { type: 'string' },
    role: { type: 'string' },
    description: { type: 'string' },
    json: { type: 'boolean' },
    sigv4: { type: 'boolean' },
  });
  if (values.help || sub === undefined || sub === 'help') {
    process.stdout.write(TOKENS_HELP + '\n');
    return sub === undefined ? 2 : 0;
  }
  const store = openStore(str(values.data) ?? './data');
  const now = systemClock.now();
  try {
    if (sub === 'create') {
      const role = str(values.role);
      if (!role || !ROLES.has(role)) throw new UsageError('tokens create: --role must be viewer, analyst or admin');
      if (values.sigv4) {
        const box = dataDirSecretBox(str(values.data) ?? './data');
        const k = await issueAccessKey(store, box, { role: role as TokenRole, description: str(values.description) ?? '', now });
        await store.recordAudit({ at: now, actor: 'cli', action: 'tokens.create', details: { id: k.accessKeyId, kind: 'sigv4', role } });
        if (values.json) process.stdout.write(JSON.stringify({ accessKeyId: k.accessKeyId, secretAccessKey: k.secretAccessKey }) + '\n');
        else process.stdout.write(`Created ${role} SigV4 access key (the secret is shown once):\naccessKeyId     ${k.accessKeyId}\nsecretAccessKey ${k.secretAccessKey}\n`);
        return 0;
      }
      const { secret, record } = await issueToken(store, 'api', { role: role as TokenRole, description: str(values.description) ?? '', now });
      await store.recordAudit({ at: now, actor: 'cli', action: 'tokens.create', details: { id: record.id, kind: 'api', role } });
      if (values.json) process.stdout.write(JSON.stringify({ token: secret, id: record.id, role }) + '\n');
      else process.stdout.write(`Created ${role} token ${record.id} (shown once; Vigil stores only its hash):\n${secret}\n`);
      return 0;
    }
    if (sub === 'list') {
      const tokens = await store.listTokens();
      const accessKeys = await store.listAccessKeys();
      if (values.json) process.stdout.write(JSON.stringify({ tokens, accessKeys }) + '\n');
      else {
        for (const t of tokens)
          process.stdout.write(`${t.id}\t${t.kind === 'api' ? t.role ?? '' : `ingest:${t.cluster ?? ''}`}\t${t.revokedAt ? `revoked ${new Date(t.revokedAt).toISOString()}` : 'active'}\tcreated ${new Date(t.createdAt).toISOString()}\t${t.description}\n`);
        for (const k of accessKeys)
          process.stdout.write(`${k.accessKeyId}\tsigv4:${k.role}\t${k.revokedAt ? `revoked ${new Date(k.revokedAt).toISOString()}` : 'active'}\tcreated ${new Date(k.createdAt).toISOString()}\t${k.description}\n`);
      }
      return 0;
    }
    if (sub === 'revoke') {
      const id = positionals[0];
      if (!id) throw new UsageError('tokens revoke: give the token ID (see vigil tokens list)');
      if (!(await store.revokeToken(id, now)) && !(await store.revokeAccessKey(id, now))) {
        process.stderr.write(`vigil tokens revoke: no active token with id ${id}\n`);
        return 1;
      }
      await store.recordAudit({ at: now, actor: 'cli', action: 'tokens.revoke', details: { id } });
      process.stdout.write(`revoked ${id}\n`);
      return 0;
    }
    throw new UsageError(`tokens: unknown subcommand ${JSON.stringify(sub)}\n${TOKENS_HELP}`);
  } finally {
    await store.close();
  }
}
