// GET /api/v1/whoami: the calling token's id, role, kind and description (never its secret), so a
// client such as the web console can show only the actions the role allows.

import type { FastifyInstance } from 'fastify';

export function whoamiRoutes(app: FastifyInstance): void {
  app.get('/api/v1/whoami', async (req) => {
    const t = req.token;
    return { tokenId: t?.id ?? null, role: t?.role ?? null, kind: t?.kind ?? null, description: t?.description ?? '' };
  });
}
