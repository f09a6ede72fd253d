// A fast path for CEL conditions: the parsed expression (cel-js AST) is compiled once into nested
// JavaScript closures for the operations rules use on the plain values of our events (strings,
// booleans, lists of strings, nested objects). Rule lists are resolved at compile time (`x in
// lists.NAME` becomes a Set lookup) and constant regular expressions are compiled once.
//
// Exactness: every compiled operation returns a result only when its operands have the types its
// fast path is written for, and then the same result as cel-js. Anything else (another type, a
// missing key, an int overflow, an invalid pattern) returns BAIL, which passes up through every
// parent, and the whole expression is then evaluated by the cel-js interpreter, which gives the
// value or the error that CEL defines. Expressions are pure, so evaluating twice is safe. Operations
// the compiler does not know make the whole expression interpreted (compileCel returns null).
// Over 400 lines because it is one compiler: each operation's fast path is one case of the same
// class (value helpers and comparisons are in cel-values.ts).
// pipeline/cel-fast-path.test.ts checks compiled against interpreted results for every built-in
// rule on its fixture events and on fast-check corruptions of them.

import type { Lists } from './cel-env.js';
import { fileName } from '../normalize/runtime/files.js';
import { containsAny, matchesAny } from './matches-any.js';
import { pathWithin } from './path-within.js';
import { BAIL, INT64_MAX, INT64_MIN, celValue, compare, equal, isPlainObject, onlyStrings, patternOf, stringSize, typeable, type Value } from './cel-values.js';

export { BAIL } from './cel-values.js';

/** The cel-js AST node shape (lib/parser.js): an operator and its arguments. */
interface Node {
  op: string;
  args: unknown;
}

/** Iteration variables of enclosing macros, innermost last. */
type Scope = { name: string; slot: number }[];
type Fn = (ctx: Record<string, unknown>, vars: Value[]) => Value;

class Unsupported extends Error {}

/** A compiled condition, or null when the expression uses something the fast path does not cover. */
export function compileCel(ast: unknown, lists: Lists): ((ctx: object) => Value) | null {
  const c = new Compiler(lists);
  let fn: Fn;
  try {
    fn = c.node(ast as Node, []);
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
  const slots = c.slots;
  return (ctx) => fn(ctx as Record<string, unknown>, new Array<Value>(slots));
}

class Compiler {
  slots = 0;
  readonly #lists: Lists;
  readonly #sets = new Map<string[], Set<string>>();

  constructor(lists: Lists) {
    this.#lists = lists;
  }

  /** The rule list a node names (`lists.NAME`), if it is one. */
  #list(n: Node): string[] | undefined {
    if (n.op !== '.') return undefined;
    const [left, name] = n.args as [Node, string];
    if (left.op !== 'id' || left.args !== 'lists') return undefined;
    const l = this.#lists[name];
    if (!l) throw new Unsupported(`unknown list ${name}`);
    return l;
  }

  /** A string known at compile time: a literal or an element of a rule list. */
  #constString(n: Node): string | undefined {
    if (n.op === 'value') return typeof n.args === 'string' ? n.args : undefined;
    if (n.op === '[]') {
      const [l, i] = n.args as [Node, Node];
      const list = this.#list(l);
      if (list && i.op === 'value' && typeof i.args === 'bigint' && i.args >= 0n && i.args < BigInt(list.length)) return list[Number(i.args)];
    }
    return undefined;
  }

  node(n: Node, scope: Scope): Fn {
    const a = n.args;
    switch (n.op) {
      case 'value': {
        const v = a;
        return () => v;
      }
      case 'id':
        return this.#id(a as string, scope);
      case '.': {
        const list = this.#list(n);
        if (list) return () => list;
        const [l, name] = a as [Node, string];
        const left = this.node(l, scope);
        return (c, v) => {
          const o = left(c, v);
          if (!isPlainObject(o) || !Object.hasOwn(o, name)) return BAIL;
          const x = o[name];
          return x === undefined ? BAIL : celValue(x);
        };
      }
      case '[]': {
        const [l, r] = a as [Node, Node];
        const left = this.node(l, scope);
        const right = this.node(r, scope);
        return (c, v) => {
          const o = left(c, v);
          const k = right(c, v);
          if (Array.isArray(o) && typeof k === 'bigint') return k >= 0n && k < BigInt(o.length) ? celValue(o[Number(k)]) : BAIL;
          if (isPlainObject(o) && typeof k === 'string' && Object.hasOwn(o, k)) return o[k] === undefined ? BAIL : celValue(o[k]);
          return BAIL;
        };
      }
      case 'list': {
        const items = (a as Node[]).map((x) => this.node(x, scope));
        return (c, v) => {
          const out: Value[] = [];
          for (const f of items) {
            const x = f(c, v);
            if (x === BAIL) return BAIL;
            out.push(x);
          }
          return out;
        };
      }
      case '&&':
      case '||':
        return this.#logical(n.op, a as [Node, Node], scope);
      case '!_': {
        const x = this.node((a as Node[])[0] ?? (a as Node), scope);
        return (c, v) => {
          const b = x(c, v);
          return typeof b === 'boolean' ? !b : BAIL;
        };
      }
      case '-_': {
        const x = this.node((a as Node[])[0] ?? (a as Node), scope);
        return (c, v) => {
          const b = x(c, v);
          if (typeof b === 'number') return -b;
          if (typeof b === 'bigint' && b !== INT64_MIN) return -b;
          return BAIL;
        };
      }
      case '?:': {
        const [cond, yes, no] = (a as Node[]).map((x) => this.node(x, scope)) as [Fn, Fn, Fn];
        return (c, v) => {
          const b = cond(c, v);
          return b === true ? yes(c, v) : b === false ? no(c, v) : BAIL;
        };
      }
      case '==':
      case '!=': {
        const [l, r] = (a as Node[]).map((x) => this.node(x, scope)) as [Fn, Fn];
        const negate = n.op === '!=';
        return (c, v) => {
          const eq = equal(l(c, v), r(c, v));
          return eq === BAIL ? BAIL : negate ? !eq : eq;
        };
      }
      case '<':
      case '<=':
      case '>':
      case '>=': {
        const op = n.op;
        const [l, r] = (a as Node[]).map((x) => this.node(x, scope)) as [Fn, Fn];
        return (c, v) => compare(op, l(c, v), r(c, v));
      }
      case 'in':
        return this.#in(a as [Node, Node], scope);
      case '+': {
        const [l, r] = (a as Node[]).map((x) => this.node(x, scope)) as [Fn, Fn];
        return (c, v) => {
          const x = l(c, v);
          const y = r(c, v);
          if (typeof x === 'string' && typeof y === 'string') return x + y;
          if (typeof x === 'bigint' && typeof y === 'bigint') {
            const s = x + y;
            return s >= INT64_MIN && s <= INT64_MAX ? s : BAIL;
          }
          return BAIL;
        };
      }
      case 'rcall': {
        const [name, recv, args] = a as [string, Node, Node[]];
        if (name === 'exists' || name === 'all' || name === 'exists_one' || name === 'filter' || name === 'map') return this.#macro(name, recv, args, scope);
        return this.#method(name, recv, args, scope);
      }
      case 'call': {
        const [name, args] = a as [string, Node[]];
        return this.#call(name, args, scope);
      }
      default:
        throw new Unsupported(n.op);
    }
  }

  #id(name: string, scope: Scope): Fn {
    for (let i = scope.length - 1; i >= 0; i--) {
      if (scope[i]!.name === name) {
        const slot = scope[i]!.slot;
        return (_c, v) => v[slot];
      }
    }
    if (name === 'lists') throw new Unsupported('lists as a value');
    return (c) => {
      const x = c[name];
      return x === undefined ? BAIL : celValue(x);
    };
  }

  #logical(op: '&&' | '||', [l, r]: [Node, Node], scope: Scope): Fn {
    const left = this.node(l, scope);
    const right = this.node(r, scope);
    const stop = op === '||';
    return (c, v) => {
      const x = left(c, v);
      if (x === stop) return stop;
      if (x !== !stop) return BAIL;
      const y = right(c, v);
      return typeof y === 'boolean' ? y : BAIL;
    };
  }

  #in([l, r]: [Node, Node], scope: Scope): Fn {
    const left = this.node(l, scope);
    const list = this.#list(r);
    if (list) {
      let set = this.#sets.get(list);
      if (!set) this.#sets.set(list, (set = new Set(list)));
      const s = set;
      // A rule list holds only strings, so a string is in it exactly when the set has it.
      return (c, v) => {
        const x = left(c, v);
        return typeof x === 'string' ? s.has(x) : BAIL;
      };
    }
    const right = this.node(r, scope);
    return (c, v) => {
      const x = left(c, v);
      const xs = right(c, v);
      // A key of a map (a plain object): present with a value.
      if (typeof x === 'string' && isPlainObject(xs)) return typeable(xs) ? Object.hasOwn(xs, x) && xs[x] !== undefined : BAIL;
      // cel-js types a list by its first element: a string and a list of strings (or an empty
      // list) compare by identity of value.
      if (typeof x !== 'string' || !Array.isArray(xs) || (xs.length > 0 && typeof xs[0] !== 'string')) return BAIL;
      return xs.includes(x);
    };
  }

  #macro(name: string, recv: Node, args: Node[], scope: Scope): Fn {
    if (args.length !== 2 || args[0]!.op !== 'id') throw new Unsupported(`${name} with ${args.length} arguments`);
    const slot = this.slots++;
    const over = this.node(recv, scope);
    const body = this.node(args[1]!, [...scope, { name: args[0]!.args as string, slot }]);
    switch (name) {
      case 'exists':
      case 'all': {
        const want = name === 'exists';
        return (c, v) => {
          const xs = over(c, v);
          if (!Array.isArray(xs) || !typeable(xs)) return BAIL;
          for (const x of xs) {
            v[slot] = celValue(x);
            const b = body(c, v);
            if (b === want) return want;
            if (b !== !want) return BAIL;
          }
          return !want;
        };
      }
      case 'exists_one':
        return (c, v) => {
          const xs = over(c, v);
          if (!Array.isArray(xs) || !typeable(xs)) return BAIL;
          let n = 0;
          for (const x of xs) {
            v[slot] = celValue(x);
            const b = body(c, v);
            if (typeof b !== 'boolean') return BAIL;
            if (b) n++;
          }
          return n === 1;
        };
      case 'filter':
        return (c, v) => {
          const xs = over(c, v);
          if (!Array.isArray(xs) || !typeable(xs)) return BAIL;
          const out: Value[] = [];
          for (const x of xs) {
            const e = celValue(x);
            v[slot] = e;
            const b = body(c, v);
            if (typeof b !== 'boolean') return BAIL;
            if (b) out.push(e);
          }
          return out;
        };
      default:
        return (c, v) => {
          const xs = over(c, v);
          if (!Array.isArray(xs) || !typeable(xs)) return BAIL;
          const out: Value[] = [];
          for (const x of xs) {
            v[slot] = celValue(x);
            const y = body(c, v);
            if (y === BAIL) return BAIL;
            out.push(y);
          }
          return out;
        };
    }
  }

  #method(name: string, recv: Node, args: Node[], scope: Scope): Fn {
    const self = this.node(recv, scope);
    if (args.length === 0) {
      switch (name) {
        case 'lowerAscii':
        case 'upperAscii': {
          const lower = name === 'lowerAscii';
          return (c, v) => {
            const s = self(c, v);
            return typeof s === 'string' ? (lower ? s.toLowerCase() : s.toUpperCase()) : BAIL;
          };
        }
        case 'size':
          return (c, v) => {
            const s = self(c, v);
            return typeof s === 'string' ? stringSize(s) : Array.isArray(s) && typeable(s) ? BigInt(s.length) : BAIL;
          };
        case 'join':
          return (c, v) => {
            const s = self(c, v);
            return onlyStrings(s) ? s.join('') : BAIL;
          };
      }
      throw new Unsupported(`${name}()`);
    }
    if (args.length !== 1) throw new Unsupported(`${name} with ${args.length} arguments`);
    if (name === 'matches') return this.#matches(self, args[0]!, scope);
    const list = this.#list(args[0]!);
    if (list && (name === 'matchesAny' || name === 'containsAny')) {
      const f = name === 'matchesAny' ? matchesAny : containsAny;
      return (c, v) => {
        const s = self(c, v);
        if (typeof s !== 'string') return BAIL;
        try {
          return f(s, list);
        } catch {
          return BAIL; // an invalid pattern: the interpreter reports it
        }
      };
    }
    const arg = this.node(args[0]!, scope);
    const stringOp = (f: (s: string, t: string) => Value): Fn => (c, v) => {
      const s = self(c, v);
      const t = arg(c, v);
      return typeof s === 'string' && typeof t === 'string' ? f(s, t) : BAIL;
    };
    switch (name) {
      case 'startsWith':
        return stringOp((s, t) => s.startsWith(t));
      case 'endsWith':
        return stringOp((s, t) => s.endsWith(t));
      case 'contains':
        return stringOp((s, t) => s.includes(t));
      case 'split':
        return stringOp((s, t) => s.split(t));
      case 'join':
        return (c, v) => {
          const s = self(c, v);
          const sep = arg(c, v);
          return onlyStrings(s) && typeof sep === 'string' ? s.join(sep) : BAIL;
        };
    }
    throw new Unsupported(`${name}(...)`);
  }

  #matches(self: Fn, pattern: Node, scope: Scope): Fn {
    const constant = this.#constString(pattern);
    if (constant !== undefined) {
      let re: RegExp;
      try {
        re = new RegExp(constant);
      } catch {
        throw new Unsupported('invalid constant pattern'); // the interpreter reports it
      }
      return (c, v) => {
        const s = self(c, v);
        return typeof s === 'string' ? re.test(s) : BAIL;
      };
    }
    const p = this.node(pattern, scope);
    return (c, v) => {
      const s = self(c, v);
      const t = p(c, v);
      if (typeof s !== 'string' || typeof t !== 'string') return BAIL;
      const re = patternOf(t);
      return re === null ? BAIL : re.test(s);
    };
  }

  #call(name: string, args: Node[], scope: Scope): Fn {
    const fs = args.map((x) => this.node(x, scope));
    if (name === 'size' && fs.length === 1) {
      const x = fs[0]!;
      return (c, v) => {
        const s = x(c, v);
        return typeof s === 'string' ? stringSize(s) : Array.isArray(s) && typeable(s) ? BigInt(s.length) : BAIL;
      };
    }
    if (name === 'string' && fs.length === 1) {
      const x = fs[0]!;
      return (c, v) => {
        const s = x(c, v);
        return typeof s === 'string' ? s : typeof s === 'bigint' || typeof s === 'boolean' ? `${s}` : BAIL;
      };
    }
    if (name === 'pathBase' && fs.length === 1) {
      const x = fs[0]!;
      return (c, v) => {
        const s = x(c, v);
        return typeof s === 'string' ? fileName(s) : BAIL;
      };
    }
    if (name === 'pathWithin' && fs.length === 2) {
      const [x, y] = fs as [Fn, Fn];
      return (c, v) => {
        const s = x(c, v);
        const l = y(c, v);
        return typeof s === 'string' && onlyStrings(l) ? pathWithin(s, l) : BAIL;
      };
    }
    throw new Unsupported(`${name}(...)`);
  }
}
