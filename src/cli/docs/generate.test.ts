// The generated docs in docs/ must match the rules and the field catalog.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { loadRuleset } from '../../app/open.js';
import { DOC_FILES, detectionsMarkdown, fieldsMarkdown } from './generate.js';

test('docs/detections.md is up to date with the rules (run: vigil rules docs --write)', () => {
  const rs = loadRuleset([]);
  assert.equal(readFileSync(DOC_FILES.detections, 'utf8'), detectionsMarkdown(rs));
});

test('docs/fields.md is up to date with the field catalog (run: vigil rules docs --write)', () => {
  assert.equal(readFileSync(DOC_FILES.fields, 'utf8'), fieldsMarkdown());
});

test('every rule appears in docs/detections.md with its type and severity', () => {
  const rs = loadRuleset([]);
  const md = detectionsMarkdown(rs);
  for (const r of rs.rules) assert.ok(md.includes(`| \`${r.type}\` |`) && md.includes(`\`${r.id}\``), r.id);
});
