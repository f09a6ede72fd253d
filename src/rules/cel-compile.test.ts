import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Environment } from '@marcbachmann/cel-js';
import { BAIL, compileCel } from './cel-compile.js';

const LISTS = { shells: Object.freeze(['sh', 'bash']) as string[], patterns: Object.freeze(['^a+$', 'b{2}']) as string[] };
const env = new Environment({ unlistedVariablesAreDyn: true }).registerConstant('lists', 'dyn', LISTS);

function both(expr: string, ctx: Record<string, unknown>): { fast: unknown; interpreted: unknown } {
  const parsed = env.parse(expr);
  const fast = compileCel((parsed as unknown as { ast: unknown }).ast, LISTS);
  assert.ok(fast, `${expr} should compile`);
  let interpreted: unknown;
  try {
    interpreted = parsed(ctx);
  } catch (e) {
    interpreted = e instanceof Error ? 'error' : e;
  }
  return { fast: fast(ctx), interpreted };
}

test('answers like the interpreter for the operations rules use', () => {
  const ctx = { p: { name: 'bash', args: ['bash', '-c', 'id'], code: 401, uid: 1000, tags: { a: 'x' } }, s: 'ÄBC😀' };
  const cases: [string, unknown][] = [
    ['p.name in lists.shells', true],
    ['"-c" in p.args', true],
    ['"a" in p.tags && !("b" in p.tags)', true],
    ['p.code == 401 && p.code != 403', true],
    ['p.uid > 0 && p.uid <= 1000', true],
    ['p.args.exists(a, a.matches(lists.patterns[1]) || a == "id")', true],
    ['p.args.all(a, size(a) > 0)', true],
    ['p.args.exists_one(a, a.startsWith("-"))', true],
    ['p.args.filter(a, a != "bash").size() == 2', true],
    ['p.args.map(a, a.upperAscii()).join(",")', 'BASH,-C,ID'],
    ['size(s)', 4n],
    ['s.lowerAscii()', 'äbc😀'],
    ['p.name + "!"', 'bash!'],
    ['lists.patterns.filter(x, "aaa".matches(x)).size()', 1n],
    ['p.code == 401 ? "denied" : "ok"', 'denied'],
    ['"x,y".split(",")[1]', 'y'],
    ['string(size(p.args))', '3'],
  ];
  for (const [expr, want] of cases) {
    const r = both(expr, ctx);
    assert.deepEqual(r.fast, want, expr);
    assert.deepEqual(r.interpreted, want, expr);
  }
});

test('gives way to the interpreter when operands are not the types of its fast paths', () => {
  const ctx = { p: { name: 7, args: 'not a list', pid: null, n: 9223372036854775807n, pat: '(' } };
  const cases: [string, unknown][] = [
    ['p.name == "sh"', false],
    ['p.args.exists(a, a == "x")', 'error'],
    ['p.missing == "x"', 'error'],
    ['p.n + 1 > 0', 'error'],
    ['"x".matches(p.pat)', 'error'],
    ['p.pid.x == 1', 'error'],
  ];
  for (const [expr, interpreted] of cases) {
    const r = both(expr, ctx);
    assert.equal(r.fast, BAIL, expr);
    assert.equal(r.interpreted, interpreted, `${expr}: the interpreter decides`);
  }
});

test('expressions with operations it does not know are left to the interpreter', () => {
  for (const expr of ['has(p.name)', 'duration("1s") > duration("0s")', 'p.args.map(a, a != "", a)', 'int(p.uid) > 0', 'lists == {}', '"x".matches("(")']) {
    assert.equal(compileCel((env.parse(expr) as unknown as { ast: unknown }).ast, LISTS), null, expr);
  }
});
