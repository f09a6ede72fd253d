// The Sigma condition language: tokenizer and recursive-descent parser.
//
//   or-expr   := and-expr ("or" and-expr)*
//   and-expr  := not-expr ("and" not-expr)*
//   not-expr  := "not" not-expr | primary
//   primary   := "(" or-expr ")" | ("1" | "any" | "all") "of" (pattern | "them") | identifier
//
// Precedence, least to most binding: or, and, not, "x of", parentheses. Keywords are matched
// case-insensitively. Errors carry the 0-based offset of the offending token.

export type ConditionNode =
  | { kind: 'id'; name: string; offset: number }
  | { kind: 'of'; quantifier: 'any' | 'all'; pattern: string | null; offset: number; patternOffset: number }
  | { kind: 'not'; operand: ConditionNode }
  | { kind: 'and' | 'or'; operands: ConditionNode[] };

export type ConditionParse = { ok: true; node: ConditionNode } | { ok: false; message: string; offset: number };

interface Token {
  kind: 'lparen' | 'rparen' | 'word' | 'pipe' | 'end';
  text: string;
  offset: number;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'of', 'them']);

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === '|') {
      out.push({ kind: c === '(' ? 'lparen' : c === ')' ? 'rparen' : 'pipe', text: c, offset: i });
      i++;
    } else {
      const start = i;
      while (i < text.length && !/[\s()|]/.test(text[i] as string)) i++;
      out.push({ kind: 'word', text: text.slice(start, i), offset: start });
    }
  }
  out.push({ kind: 'end', text: '', offset: text.length });
  return out;
}

class ConditionError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

class Parser {
  #pos = 0;
  constructor(readonly tokens: Token[]) {}

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.#pos + ahead, this.tokens.length - 1)] as Token;
  }
  next(): Token {
    const t = this.peek();
    if (this.#pos < this.tokens.length - 1) this.#pos++;
    return t;
  }
  isWord(t: Token, kw: string): boolean {
    return t.kind === 'word' && t.text.toLowerCase() === kw;
  }

  parseOr(): ConditionNode {
    const operands = [this.parseAnd()];
    while (this.isWord(this.peek(), 'or')) {
      this.next();
      operands.push(this.parseAnd());
    }
    return operands.length === 1 ? (operands[0] as ConditionNode) : { kind: 'or', operands };
  }

  parseAnd(): ConditionNode {
    const operands = [this.parseNot()];
    while (this.isWord(this.peek(), 'and')) {
      this.next();
      operands.push(this.parseNot());
    }
    return operands.length === 1 ? (operands[0] as ConditionNode) : { kind: 'and', operands };
  }

  parseNot(): ConditionNode {
    if (this.isWord(this.peek(), 'not')) {
      this.next();
      return { kind: 'not', operand: this.parseNot() };
    }
    return this.parsePrimary();
  }

  parsePrimary(): ConditionNode {
    const t = this.next();
    if (t.kind === 'lparen') {
      const inner = this.parseOr();
      const close = this.next();
      if (close.kind !== 'rparen') throw new ConditionError(`expected ")" to close "("${describe(close)}`, close.offset);
      return inner;
    }
    if (t.kind === 'end') throw new ConditionError('the condition ends where a search identifier, "not" or "(" was expected', t.offset);
    if (t.kind === 'rparen') throw new ConditionError('unexpected ")"', t.offset);
    if (t.kind === 'pipe') throw new ConditionError('aggregations ("| count() ...") are not supported; a Vigil rule with the threshold detector counts events', t.offset);
    const lower = t.text.toLowerCase();
    if (this.isWord(this.peek(), 'of')) {
      this.next();
      if (lower !== '1' && lower !== 'any' && lower !== 'all') throw new ConditionError(`only "1 of" and "all of" are supported, not "${t.text} of"`, t.offset);
      const target = this.next();
      if (target.kind !== 'word' || (KEYWORDS.has(target.text.toLowerCase()) && target.text.toLowerCase() !== 'them'))
        throw new ConditionError(`expected a search identifier pattern or "them" after "${t.text} of"${describe(target)}`, target.offset);
      const pattern = target.text.toLowerCase() === 'them' ? null : target.text;
      return { kind: 'of', quantifier: lower === 'all' ? 'all' : 'any', pattern, offset: t.offset, patternOffset: target.offset };
    }
    if (KEYWORDS.has(lower)) throw new ConditionError(`unexpected "${t.text}" where a search identifier was expected`, t.offset);
    if (t.text.includes('*')) throw new ConditionError(`wildcards in "${t.text}" are only allowed after "1 of" or "all of"`, t.offset);
    return { kind: 'id', name: t.text, offset: t.offset };
  }
}

function describe(t: Token): string {
  return t.kind === 'end' ? ', but the condition ends' : `, found "${t.text}"`;
}

export function parseCondition(text: string): ConditionParse {
  const p = new Parser(tokenize(text));
  try {
    if (p.peek().kind === 'end') return { ok: false, message: 'the condition is empty', offset: 0 };
    const node = p.parseOr();
    const rest = p.peek();
    if (rest.kind === 'pipe') throw new ConditionError('aggregations ("| count() ...") are not supported; a Vigil rule with the threshold detector counts events', rest.offset);
    if (rest.kind === 'rparen') throw new ConditionError('unexpected ")" without a matching "("', rest.offset);
    if (rest.kind !== 'end') throw new ConditionError(`expected "and", "or" or the end of the condition, found "${rest.text}"`, rest.offset);
    return { ok: true, node };
  } catch (e) {
    if (e instanceof ConditionError) return { ok: false, message: e.message, offset: e.offset };
    throw e;
  }
}

/** Search identifiers matched by a `1 of` / `all of` pattern (`*` matches any run of characters). */
export function matchIdentifiers(pattern: string | null, names: readonly string[]): string[] {
  if (pattern === null) return names.filter((n) => !n.startsWith('_'));
  const re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return names.filter((n) => re.test(n));
}
