// The command line as a shell sees it, apart from any GitHub: a reader that closes the pipe early, help, and
// arguments that cannot work.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI, ROOT } from '../support/cli';
import { scratchDir } from '../support/scratchDir';

/** A saved libtest log of `count` passing tests: its JSON outcomes are far more than a pipe holds. */
function bigLog(count: number): string {
  const file = join(scratchDir('cli-pipe'), 'libtest.txt');
  const lines = ['running tests', ...Array.from({ length: count }, (_, i) => `test mod_${i}::test_${i} ... ok`), '', `test result: ok. ${count} passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.10s`, ''];
  writeFileSync(file, lines.join('\n'));
  return file;
}

test('a reader that closes the pipe early (| head) ends the command quietly, with its own exit code (it was an EPIPE stack trace)', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'parse', bigLog(20_000), '--format', 'json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  // The first bytes arrive, then the reader goes away, as `head -c 1` does.
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  child.stdout.destroy();
  const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
  assert.equal(stderr, '');
  assert.equal(code, 0);
});
