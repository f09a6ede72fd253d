// The GuardDuty-compatible API (restJson1 + SigV4) on its own port; see docs/guardduty-api.md.

export { buildGuardDutyServer, OPERATIONS, type GuardDutyServerOptions } from './server.js';
export { dataDirSecretBox, issueAccessKey, lookupAccessKey, secretBox, SIGV4_KEY_FILE, type SecretBox } from './access-keys.js';
export { GuardDutyError } from './errors.js';
export { LIST_DIR, startGuardDutyApi } from './start.js';
export { verifySigV4 } from './sigv4.js';
export type { GuardDutyDeps, Operation } from './wire.js';
