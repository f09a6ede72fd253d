// A strict RFC 5424 reader for tests (test helper, not product code): it proves the structure a
// receiver will see, failing on an unescaped ']' or '"' inside a parameter value.

import assert from 'node:assert/strict';

export interface Parsed {
  pri: number;
  version: string;
  timestamp: string;
  hostname: string;
  appName: string;
  procId: string;
  msgId: string;
  elements: { id: string; params: Record<string, string> }[];
  msg: string;
}

export function parse5424(line: string): Parsed {
  const m = /^<(\d{1,3})>(\d) (\S+) (\S+) (\S+) (\S+) (\S+) /.exec(line);
  assert.ok(m, `header of ${line.slice(0, 80)}`);
  let i = m[0].length;
  const elements: Parsed['elements'] = [];
  if (line[i] === '-') i++;
  else {
    while (line[i] === '[') {
      i++;
      const idEnd = line.slice(i).search(/[ \]]/);
      const el = { id: line.slice(i, i + idEnd), params: {} as Record<string, string> };
      i += idEnd;
      while (line[i] === ' ') {
        i++;
        const eq = line.indexOf('=', i);
        const name = line.slice(i, eq);
        assert.match(name, /^[^= \]"]{1,32}$/);
        assert.equal(line[eq + 1], '"');
        i = eq + 2;
        let v = '';
        for (;;) {
          const c = line[i];
          assert.ok(c !== undefined, 'unterminated PARAM-VALUE');
          if (c === '\\' && ['"', '\\', ']'].includes(line[i + 1] ?? '')) {
            v += line[i + 1];
            i += 2;
          } else if (c === '"') {
            i++;
            break;
          } else {
            assert.notEqual(c, ']', 'an unescaped ] inside a PARAM-VALUE');
            v += c;
            i++;
          }
        }
        el.params[name] = v;
      }
      assert.equal(line[i], ']');
      i++;
      elements.push(el);
    }
  }
  assert.equal(line[i], ' ');
  return { pri: Number(m[1]), version: m[2] as string, timestamp: m[3] as string, hostname: m[4] as string, appName: m[5] as string, procId: m[6] as string, msgId: m[7] as string, elements, msg: line.slice(i + 1) };
}

