// Where the package's own files are, wherever it is installed or run from.

import { join } from 'node:path';
import { PACKAGE_ROOT } from '../lib/package-root.js';

export { PACKAGE_ROOT };

/** Built-in rules shipped with the package. */
export const BUILTIN_RULES_DIR = join(PACKAGE_ROOT, 'rules');
