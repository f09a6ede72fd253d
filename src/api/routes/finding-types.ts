// GET /api/v1/finding-types: every finding type the loaded rules can raise, with its severity,
// catalog (guardduty, vigil or sigma), whether audit or runtime events raise it, and a plain-words
// description taken from the rule itself (the same text docs/detections.md is generated from).

import type { FastifyInstance } from 'fastify';
import type { FindingTypeInfo } from '../../app/finding-types.js';

export function findingTypeRoutes(app: FastifyInstance, deps: { findingTypes: () => FindingTypeInfo[] }): void {
  app.get('/api/v1/finding-types', async () => ({ findingTypes: deps.findingTypes() }));
}
