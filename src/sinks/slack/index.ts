// The Slack incoming-webhook sink type for the registry.

import type { SinkDefinition } from '../definition.js';
import { FINDINGS_PER_MESSAGE } from './render.js';
import { SlackSink } from './sink.js';

export const slackDefinition: SinkDefinition = {
  type: 'slack',
  description: 'Posts readable messages to a Slack incoming webhook',
  fields: {
    webhookUrl: { kind: 'secret', required: true },
    timeout: { kind: 'duration', default: 10_000, max: 300_000 },
  },
  check: (o) => {
    try {
      const u = new URL(o.webhookUrl as string);
      return u.protocol === 'https:' || u.protocol === 'http:' ? [] : [['webhookUrl', 'must be an http or https URL']];
    } catch {
      return [['webhookUrl', 'must be an http or https URL']];
    }
  },
  laneDefaults: { maxBatchSize: FINDINGS_PER_MESSAGE },
  build: (name, o) => new SlackSink({ name, webhookUrl: o.webhookUrl as string, timeoutMs: o.timeout as number }),
};
