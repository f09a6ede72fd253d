// The command line of the acting process, joined once per event: process.commandLine is argv
// joined by spaces and process.commandLineLower the same with ASCII letters lower-cased (as CEL's
// lowerAscii), and process.executableName the executable's file name. Rules read these instead of joining and lower-casing argv in every condition, which
// was the largest single cost of the runtime rules.

import type { RuntimeEvent } from '../../core/runtime-event.js';
import { fileName } from '../../normalize/runtime/files.js';
import type { RuntimeEnricher } from '../container-files/index.js';

const NON_ASCII = /[^\t\n\r\x20-\x7e]/;

/** Lower-cases A-Z only, leaving every other character as it is (CEL lowerAscii). */
export function lowerAscii(s: string): string {
  // Printable ASCII (the usual command line): toLowerCase changes exactly A-Z.
  if (!NON_ASCII.test(s)) return s.toLowerCase();
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

export function commandLineEnricher(): RuntimeEnricher {
  return {
    name: 'command-line',
    enrich(e: RuntimeEvent) {
      const line = e.process.args.length === 0 ? '' : e.process.args.join(' ');
      e.process.commandLine = line;
      e.process.commandLineLower = lowerAscii(line);
      e.process.executableName = fileName(e.process.executablePath);
    },
  };
}
