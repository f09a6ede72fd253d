// Running the real CLI (bin/vigil) as a child process in tests.

import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../app/paths.js';

export const VIGIL_BIN = join(PACKAGE_ROOT, 'bin', 'vigil');
export const FIXTURES = join(PACKAGE_ROOT, 'test', 'fixtures');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runVigil(args: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [VIGIL_BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Starts `vigil serve` and waits until /healthz answers. */
export async function startServe(args: string[], port: number): Promise<{ child: ChildProcess; logs: () => string }> {
  const child = spawn(process.execPath, [VIGIL_BIN, 'serve', '--port', String(port), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let logs = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (logs += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (logs += d));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vigil serve exited with ${child.exitCode}:\n${logs}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`vigil serve did not become healthy:\n${logs}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, logs: () => logs };
}

export function waitForExit(child: ChildProcess, timeoutMs = 15_000): Promise<number | null> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null) {
      resolve(child.exitCode);
      return;
    }
    const timer = setTimeout(() => reject(new Error('process did not exit in time')), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}
