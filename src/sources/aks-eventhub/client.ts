// The official Event Hubs client (@azure/event-hubs) for one `aks` entry: its secret read from the
// environment variable or file the configuration names (never logged), the Event Hub and consumer
// group resolved. Loaded lazily by app/aks-consumers (the SDK is only needed when configured).

import { readFileSync } from 'node:fs';
import { EventHubConsumerClient, parseEventHubConnectionString } from '@azure/event-hubs';
import { VigilError } from '../../core/errors.js';
import type { AksSpec } from './config.js';

export interface HubConnection {
  client: EventHubConsumerClient;
  /** The namespace host (xyz.servicebus.windows.net), the hub and the consumer group: names, not secrets. */
  namespace: string;
  hub: string;
  consumerGroup: string;
}

export interface SecretSources {
  env: NodeJS.ProcessEnv;
  readFile: (path: string) => string;
}

const SYSTEM: SecretSources = { env: process.env, readFile: (p) => readFileSync(p, 'utf8') };

/** `maxRetries`: the client's retries per operation (SDK default 3, 30 s apart at most); tests lower it. */
export function openHub(spec: AksSpec, secrets: SecretSources = SYSTEM, maxRetries?: number): HubConnection {
  const options = maxRetries === undefined ? {} : { retryOptions: { maxRetries } };
  const at = `aks ${spec.cluster}`;
  const c = spec.credential;
  const secret = readSecret(at, c.kind === 'connectionString' ? 'connection string' : 'shared access key', c.env, c.file, secrets);
  if (c.kind === 'sharedKey') {
    const hub = spec.eventHubName!;
    const client = new EventHubConsumerClient(spec.consumerGroup, c.fullyQualifiedNamespace, hub, { name: c.keyName, key: secret }, options);
    return { client, namespace: c.fullyQualifiedNamespace, hub, consumerGroup: spec.consumerGroup };
  }
  let parsed: ReturnType<typeof parseEventHubConnectionString>;
  try {
    parsed = parseEventHubConnectionString(secret);
  } catch (e) {
    // The SDK's message names the missing part; the secret itself is not repeated.
    throw new VigilError('VIGIL_CONFIG', `${at}: the connection string is not an Event Hubs connection string: ${(e as Error).message}`);
  }
  // The development-emulator switch turns TLS off (the SDK honours it for any host): only for local endpoints.
  if (/(^|;)\s*UseDevelopmentEmulator\s*=\s*true\s*(;|$)/i.test(secret) && !/^(127\.[\d.]+|\[?::1\]?|localhost)(:\d+)?$/i.test(parsed.fullyQualifiedNamespace)) {
    throw new VigilError('VIGIL_CONFIG', `${at}: UseDevelopmentEmulator=true turns TLS off; it is refused for ${parsed.fullyQualifiedNamespace} (only a local emulator on 127.0.0.1 or localhost)`);
  }
  const hub = parsed.eventHubName ?? spec.eventHubName;
  if (!hub) throw new VigilError('VIGIL_CONFIG', `${at}: the connection string has no EntityPath; set eventHubName`);
  if (parsed.eventHubName && spec.eventHubName && parsed.eventHubName !== spec.eventHubName) {
    throw new VigilError('VIGIL_CONFIG', `${at}: eventHubName ${spec.eventHubName} differs from the connection string's EntityPath ${parsed.eventHubName}`);
  }
  const client = parsed.eventHubName ? new EventHubConsumerClient(spec.consumerGroup, secret, options) : new EventHubConsumerClient(spec.consumerGroup, secret, hub, options);
  return { client, namespace: parsed.fullyQualifiedNamespace, hub, consumerGroup: spec.consumerGroup };
}

function readSecret(at: string, what: string, env: string | undefined, file: string | undefined, s: SecretSources): string {
  let value: string | undefined;
  if (env !== undefined) {
    value = s.env[env];
    if (value === undefined || value.trim() === '') throw new VigilError('VIGIL_CONFIG', `${at}: environment variable ${env} (the ${what}) is not set`);
  } else {
    try {
      value = s.readFile(file!);
    } catch (e) {
      throw new VigilError('VIGIL_CONFIG', `${at}: cannot read the ${what} from ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    if (value.trim() === '') throw new VigilError('VIGIL_CONFIG', `${at}: ${file} (the ${what}) is empty`);
  }
  return value.trim();
}
