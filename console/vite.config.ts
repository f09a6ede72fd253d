// Builds the web console into dist/console, served by `vigil serve` at /. No inline scripts or
// styles end up in index.html, so the server's strict Content-Security-Policy holds.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    // Everything as files: a data: URL for a small asset would still be allowed (img-src data:),
    // but files keep the policy simple to reason about.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: 'es2022',
    chunkSizeWarningLimit: 800,
  },
  server: {
    // `npx vite console` during development: the API of a local `vigil serve`.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
