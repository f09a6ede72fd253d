// The Sigma condition parser: precedence, parentheses, quantifiers and exact error offsets.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchIdentifiers, parseCondition, type ConditionNode } from './condition.js';

/** A compact rendering of the tree: ids by name, (and a b), (or a b), (not a), (1 of p), (all of them). */
function show(n: ConditionNode): string {
  switch (n.kind) {
    case 'id':
      return n.name;
    case 'not':
      return `(not ${show(n.operand)})`;
    case 'of':
      return `(${n.quantifier === 'all' ? 'all' : '1'} of ${n.pattern ?? 'them'})`;
    default:
      return `(${n.kind} ${n.operands.map(show).join(' ')})`;
  }
}

function tree(text: string): string {
  const p = parseCondition(text);
  assert.ok(p.ok, p.ok ? '' : `${p.message} at ${p.offset}`);
  return show(p.node);
}

function failure(text: string): { message: string; offset: number } {
  const p = parseCondition(text);
  assert.ok(!p.ok, `expected ${JSON.stringify(text)} to fail`);
  return p;
}

test('a single identifier', () => {
  assert.equal(tree('selection'), 'selection');
});

test('and binds tighter than or', () => {
  assert.equal(tree('a or b and c'), '(or a (and b c))');
  assert.equal(tree('a and b or c and d'), '(or (and a b) (and c d))');
});

test('not binds tighter than and', () => {
  assert.equal(tree('selection and not filter'), '(and selection (not filter))');
  assert.equal(tree('not a or b'), '(or (not a) b)');
  assert.equal(tree('not not a'), '(not (not a))');
});

test('parentheses override precedence', () => {
  assert.equal(tree('(a or b) and c'), '(and (or a b) c)');
  assert.equal(tree('not (a or b)'), '(not (or a b))');
  assert.equal(tree('((a))'), 'a');
});

test('quantifiers: 1 of pattern, all of them, any of', () => {
  assert.equal(tree('1 of selection*'), '(1 of selection*)');
  assert.equal(tree('all of them'), '(all of them)');
  assert.equal(tree('1 of them and not 1 of filter_*'), '(and (1 of them) (not (1 of filter_*)))');
  assert.equal(tree('any of sel_*'), '(1 of sel_*)');
  assert.equal(tree('all of selection_* and not filter'), '(and (all of selection_*) (not filter))');
});

test('keywords are case-insensitive', () => {
  assert.equal(tree('a AND NOT b OR c'), '(or (and a (not b)) c)');
  assert.equal(tree('ALL OF Them'), '(all of them)');
});

test('the SigmaHQ enumeration rule condition parses as written', () => {
  assert.equal(
    tree('(selection_uri_shells_encoded or selection_uri_shells_plain or selection_user_agent) and selection_status'),
    '(and (or selection_uri_shells_encoded selection_uri_shells_plain selection_user_agent) selection_status)',
  );
});

test('errors point at the offending token', () => {
  assert.deepEqual(failure('selection and'), { ok: false, message: 'the condition ends where a search identifier, "not" or "(" was expected', offset: 13 });
  const missingClose = failure('(a or b and c');
  assert.equal(missingClose.offset, 13);
  assert.match(missingClose.message, /expected "\)"/);
  const extraClose = failure('a or b)');
  assert.equal(extraClose.offset, 6);
  assert.match(extraClose.message, /without a matching/);
  const juxtaposed = failure('sel1 sel2');
  assert.equal(juxtaposed.offset, 5);
  assert.match(juxtaposed.message, /expected "and", "or"/);
  assert.equal(failure('a and or b').offset, 6);
  assert.equal(failure('').offset, 0);
  assert.equal(failure('   ').offset, 0);
});

test('quantifier errors', () => {
  const two = failure('2 of sel*');
  assert.equal(two.offset, 0);
  assert.match(two.message, /only "1 of" and "all of"/);
  const noPattern = failure('1 of');
  assert.equal(noPattern.offset, 4);
  const keyword = failure('all of and');
  assert.equal(keyword.offset, 7);
  const wildcard = failure('a and sel*');
  assert.equal(wildcard.offset, 6);
  assert.match(wildcard.message, /only allowed after/);
});

test('aggregations are rejected at the pipe', () => {
  const p = failure('selection | count() by user > 5');
  assert.equal(p.offset, 10);
  assert.match(p.message, /aggregations/);
});

test('identifier patterns: * anywhere; them skips identifiers starting with _', () => {
  const names = ['selection_a', 'selection_b', 'filter_x', '_helper', 'sel.dot'];
  assert.deepEqual(matchIdentifiers('selection_*', names), ['selection_a', 'selection_b']);
  assert.deepEqual(matchIdentifiers('*_x', names), ['filter_x']);
  assert.deepEqual(matchIdentifiers('sel.*', names), ['sel.dot']);
  assert.deepEqual(matchIdentifiers('*', names), names);
  assert.deepEqual(matchIdentifiers(null, names), ['selection_a', 'selection_b', 'filter_x', 'sel.dot']);
  assert.deepEqual(matchIdentifiers('nothing*', names), []);
});
