// Reading the documents a printed setup script contains: the files it writes with heredocs, the
// JSON given inline in single quotes, and commented-out blocks.

/** Files written with `cat > PATH <<'EOF'`, by path, in order. */
export function heredocs(script: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of script.matchAll(/^cat > (\S+) <<'EOF'\n([\s\S]*?)^EOF$/gm)) out.set(m[1] as string, m[2] as string);
  return out;
}

/** Objects or arrays given as single-quoted shell arguments, with the flag before each. */
export function inlineArgs(script: string): { flag: string; text: string }[] {
  return [...script.matchAll(/(--[a-z-]+)[ =]'(\{[^']*\}|\[[^']*\])'/g)].map((m) => ({ flag: m[1] as string, text: m[2] as string }));
}

/** The lines starting with PREFIX, prefix removed (commented YAML or Terraform blocks). */
export function prefixed(script: string, prefix: string): string {
  return script.split('\n').filter((l) => l.startsWith(prefix)).map((l) => l.slice(prefix.length)).join('\n');
}

/** Commands (lines) that are not comments or heredoc bodies. */
export function commands(script: string): string[] {
  const bodies = /^cat > \S+ <<'EOF'\n[\s\S]*?^EOF$/gm;
  return script.replace(bodies, '').split('\n').filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
}
