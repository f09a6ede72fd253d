// File facts every sensor adapter and runtime enricher shares: open(2) flags, and which executable
// paths are not files on disk.

/** open(2) flags that mean the file is opened for writing. */
export const WRITE_FLAGS: readonly string[] = ['O_WRONLY', 'O_RDWR', 'O_CREAT', 'O_TRUNC', 'O_APPEND'];

/** open(2) flags as names, from "O_WRONLY|O_CREAT" text or the numeric value (x86-64). */
export function openFlags(v: unknown): string[] {
  if (typeof v === 'string') return v.split(/[|,\s]+/).filter(Boolean).slice(0, 32);
  if (typeof v !== 'number') return [];
  const f: string[] = [];
  const acc = v & 3;
  f.push(acc === 1 ? 'O_WRONLY' : acc === 2 ? 'O_RDWR' : 'O_RDONLY');
  if (v & 0o100) f.push('O_CREAT');
  if (v & 0o1000) f.push('O_TRUNC');
  if (v & 0o2000) f.push('O_APPEND');
  return f;
}

export function opensForWrite(flags: readonly string[]): boolean {
  return flags.some((f) => WRITE_FLAGS.includes(f));
}

/** Executables that are not files on disk: memfd, /proc/<pid>/fd/N, deleted files, /dev/shm. */
export function isFileless(path: string): boolean {
  return (
    path.startsWith('memfd:') ||
    path.startsWith('/memfd:') ||
    /^\/proc\/(self|\d+)\/fd\/\d+$/.test(path) ||
    path.endsWith(' (deleted)') ||
    path.startsWith('/dev/shm/')
  );
}

/** The part of a path after its last slash (the whole string when it has none). */
export function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
