// The package root (the folder holding package.json, rules/, intel/ and dist/), wherever the
// package is installed or run from.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
