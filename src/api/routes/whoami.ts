// GET /api/v1/whoami: the calling token's id, role, kind and description, so a client (the web
// console) can show only the actions the token may take.

import type { FastifyInstance } from 'fastify';

export function whoamiRoutes(app: FastifyInstance): void {
  app.get('/api/v1/whoami', async (req) => {
    const t = req.token!; // requireToken ran first
    return { tokenId: t.id, role: t.role, kind: t.kind, description: t.description };
  });
}
