// string.matchesAny(list) for CEL conditions: one test against a list of regular expressions, each
// list compiled once. cel-js's matches() builds a new RegExp on every call, and the runtime rules
// try lists of twenty patterns on every exec.

/** Compiled lists, by list identity (rule lists are constants, so this holds one entry per list). */
const compiled = new WeakMap<string[], RegExp[]>();

function compile(patterns: string[]): RegExp[] {
  return patterns.map((p) => {
    try {
      return new RegExp(p);
    } catch {
      throw new Error(`matchesAny: invalid regular expression ${JSON.stringify(p)}`);
    }
  });
}

export function matchesAny(s: string, patterns: string[]): boolean {
  let res = compiled.get(patterns);
  if (!res) {
    res = compile(patterns);
    // Only lists that are never changed afterwards are cached (rule lists are frozen at load).
    if (Object.isFrozen(patterns)) compiled.set(patterns, res);
  }
  for (const r of res) if (r.test(s)) return true;
  return false;
}

/** string.containsAny(list): true when the string contains one of the strings. */
export function containsAny(s: string, parts: string[]): boolean {
  for (const p of parts) if (s.includes(p)) return true;
  return false;
}
