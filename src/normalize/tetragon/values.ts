// Small readers for Tetragon's protojson export: 64-bit integers arrive as strings, wrapper ints as
// plain numbers, unset fields are omitted (or null with some exporters). Nothing here throws.

const MAX_STRING = 8192;
const MAX_ARGS = 256;

export function str(v: unknown, max = MAX_STRING): string {
  return typeof v === 'string' ? v.slice(0, max) : '';
}

/** A number, or a decimal string (protojson int64/uint64); null when absent or unreadable. */
export function numOrNull(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d{1,20}$/.test(v)) {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

export function num(v: unknown, fallback = 0): number {
  return numOrNull(v) ?? fallback;
}

export function basename(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  const i = trimmed.lastIndexOf('/');
  return i >= 0 ? trimmed.slice(i + 1) : trimmed;
}

/**
 * Tetragon's `arguments`: argv[1..] joined by spaces, an argument that contains a space wrapped in
 * double quotes, with no escaping of quotes inside it (pkg/process ArgsDecoder). So a quoted run
 * opens with a `"` at the start of a token and closes at the first `"` followed by whitespace or
 * the end: inner quotes (`-c "perl -e 'exec {"/proc/self/fd/3"} "x"'"`) stay in the argument.
 * An argument that itself holds `" ` cannot be recovered exactly. Never throws.
 */
export function splitArguments(s: string): string[] {
  const text = s.slice(0, MAX_STRING * 4);
  const out: string[] = [];
  const space = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n';
  let i = 0;
  while (i < text.length && out.length < MAX_ARGS) {
    while (space(text[i])) i++;
    if (i >= text.length) break;
    let end: number;
    if (text[i] === '"') {
      end = i + 1;
      while (end < text.length && !(text[end] === '"' && (end + 1 === text.length || space(text[end + 1])))) end++;
      out.push(text.slice(i + 1, end));
      end++;
    } else {
      end = i;
      while (end < text.length && !space(text[end])) end++;
      out.push(text.slice(i, end));
    }
    i = end;
  }
  return out.map((a) => a.slice(0, 4096));
}

/**
 * The hook name without the prefixes that only say how it was attached, so one table serves
 * kprobes on syscalls (`__x64_sys_renameat2`, `sys_renameat2`), kernel functions
 * (`__sys_setuid`, `security_file_permission`) and LSM hooks (`file_permission`, `bpf_lsm_...`).
 */
export function canonicalFunction(name: string): string {
  let n = name.trim().toLowerCase();
  n = n.replace(/^(__x64_|__arm64_|__ia32_|__s390x_|__riscv_|__se_|__do_)/, '');
  n = n.replace(/^(sys_|__sys_|ksys_|compat_sys_)/, '');
  n = n.replace(/^(bpf_lsm_|security_)/, '');
  return n;
}

