// Hook readers for files: opens and writes, truncation, executable mappings (library loads),
// renames and unlinks.

import { join, pathList, valueAfterPath, type Fill } from './hook-context.js';
import { openFlags, opensForWrite } from '../runtime/files.js';

const MAY_WRITE = 2;
const MAY_APPEND = 8;
const MAY_FLAGS: readonly (readonly [number, string])[] = [[1, 'MAY_EXEC'], [MAY_WRITE, 'MAY_WRITE'], [4, 'MAY_READ'], [MAY_APPEND, 'MAY_APPEND']];
const PROT_EXEC = 4;

export const filePermission: Fill = (c) => {
  const path = pathList(c)[0];
  if (!path) return 'no file path in the arguments';
  const mask = valueAfterPath(c, 'mask');
  const m = typeof mask === 'number' ? mask : 0;
  c.e.file.path = path;
  c.e.file.flags = MAY_FLAGS.flatMap(([bit, name]) => (m & bit ? [name] : []));
  if (m & (MAY_WRITE | MAY_APPEND)) c.e.eventType = 'file_write';
  return null;
};

export const fileOpen: Fill = (c) => {
  const path = pathList(c)[0];
  if (!path) return 'no file path in the arguments';
  const flags = valueAfterPath(c, 'flag');
  c.e.file.path = path;
  c.e.file.flags = flags === null ? [] : openFlags(flags);
  if (opensForWrite(c.e.file.flags)) c.e.eventType = 'file_write';
  return null;
};

export const fileTruncate: Fill = (c) => {
  const path = pathList(c)[0];
  if (!path) return 'no file path in the arguments';
  c.e.file.path = path;
  c.e.file.flags = ['O_TRUNC'];
  return null;
};

export const mmapFile: Fill = (c) => {
  const path = pathList(c)[0];
  const prot = valueAfterPath(c, 'prot');
  if (!path || typeof prot !== 'number' || !(prot & PROT_EXEC)) return 'not an executable mapping of a file';
  // The kernel maps the executed binary itself while loading it: that is the exec, not a library.
  if (path === c.e.process.executablePath) return 'mapping of the executed binary';
  c.e.file.path = path;
  c.e.file.flags = ['PROT_EXEC'];
  return null;
};

export const rename: Fill = (c) => {
  const p = pathList(c);
  const [a, b, d, f] = p;
  if (p.length >= 4 && a && b && d && f && !b.startsWith('/') && !f.startsWith('/')) {
    c.e.file.path = join(a, b);
    c.e.file.newPath = join(d, f);
  } else if (a && b) {
    c.e.file.path = a;
    c.e.file.newPath = b;
  } else return 'no old and new path in the arguments';
  return null;
};

export const unlink: Fill = (c) => {
  const [a, b] = pathList(c);
  if (!a) return 'no file path in the arguments';
  c.e.file.path = b && !b.startsWith('/') ? join(a, b) : a;
  return null;
};
