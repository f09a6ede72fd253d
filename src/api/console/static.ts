// The web console's static files (built by `vite build` into dist/console): GET / serves
// index.html (no-cache), /assets/* the content-hashed bundles (cached for a year, immutable).
// No authentication: the files hold no data; the console calls the token-protected /api/v1.
// Every console response carries a strict Content-Security-Policy (no inline script or style).

import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { PACKAGE_ROOT } from '../../app/paths.js';
import { problem, sendProblem } from '../problem.js';

export const CONSOLE_DIR = join(PACKAGE_ROOT, 'dist', 'console');

export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Vigil</title></head>
<body><h1>Vigil</h1>
<p>The web console is not built. From the repository run:</p>
<pre>npm run build</pre>
<p>then restart <code>vigil serve</code>. The API is available under /api/v1 either way.</p>
</body></html>
`;

function securityHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CONSOLE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY')
    .header('cross-origin-opener-policy', 'same-origin');
}

/** Registers GET /, /index.html and /assets/* for the console in dir (default dist/console). */
export function consoleRoutes(app: FastifyInstance, opts: { dir?: string } = {}): void {
  const dir = opts.dir ?? CONSOLE_DIR;
  const assets = join(dir, 'assets');
  const index = async (_req: unknown, reply: FastifyReply) => {
    securityHeaders(reply).header('cache-control', 'no-cache');
    const file = join(dir, 'index.html');
    if (!existsSync(file)) return reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT);
    return reply.type('text/html; charset=utf-8').send(readFileSync(file));
  };
  app.get('/', index);
  app.get('/index.html', index);
  app.get<{ Params: { '*': string } }>('/assets/*', async (req, reply) => {
    const rel = req.params['*'];
    const file = normalize(join(assets, rel));
    if (!file.startsWith(assets + sep) || rel.includes('\0')) return sendProblem(reply, problem(404, 'VIGIL_NOT_FOUND', 'no such console file'));
    let isFile = false;
    try {
      isFile = statSync(file).isFile();
    } catch {
      isFile = false;
    }
    if (!isFile) return sendProblem(reply, problem(404, 'VIGIL_NOT_FOUND', 'no such console file'));
    securityHeaders(reply).header('cache-control', 'public, max-age=31536000, immutable');
    return reply.type(TYPES[extname(file)] ?? 'application/octet-stream').send(readFileSync(file));
  });
}
