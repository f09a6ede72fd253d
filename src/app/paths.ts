// Where the package's own files are, wherever it is installed or run from.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (the folder holding package.json, rules/ and dist/). */
export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Built-in rules shipped with the package. */
export const BUILTIN_RULES_DIR = join(PACKAGE_ROOT, 'rules');
