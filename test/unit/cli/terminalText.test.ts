// The CLI's text output is made inert for a terminal: names and messages from CI cannot drive it.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { terminalSafe } from '../../../src/cli/terminalText';
import { cli } from '../support/cli';
import { scratchDir } from '../support/scratchDir';

// eslint-disable-next-line no-control-regex -- what a terminal acts on
const ACTED_ON = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

test('control characters are shown, not acted on; newlines, tabs and other characters stay', () => {
  assert.equal(terminalSafe('a\u001b]52;c;eA==\u0007b'), 'a\u241b]52;c;eA==\u2407b');
  assert.equal(terminalSafe('TestA\rPASS'), 'TestA\u240dPASS');
  assert.equal(terminalSafe('x\u009b32my \u202eevil'), 'x\\u009b32my \\u202eevil');
  assert.equal(terminalSafe('del\u007f'), 'del\u2421');
  assert.equal(terminalSafe('ok ✓ café\tcol\nnext'), 'ok ✓ café\tcol\nnext');
  let every = '';
  for (let c = 0; c < 0x2100; c++) every += String.fromCharCode(c);
  assert.doesNotMatch(terminalSafe(every), ACTED_ON);
});

test('flakelens parse prints a hostile test name from a log inert, and JSON keeps it as read', async () => {
  // No CR: the reader reads a CR inside a line as a space, and Go names hold no space.
  const name = 'TestA/x\u0007\b\bPASS\u001b]8;;https://evil.example/\u0007click\u001b]8;;\u0007\u009b32m';
  const log = join(scratchDir('terminal-text'), 'go.log');
  writeFileSync(log, `=== RUN   TestA\n=== RUN   ${name}\n    a_test.go:3: boom\n--- FAIL: TestA (0.00s)\n    --- FAIL: ${name} (0.00s)\nFAIL\nFAIL\texample.com/a\t0.01s\n`);
  const text = await cli(['parse', log]);
  assert.equal(text.code, 0, text.stderr);
  // The log's ESC sequences are gone already (the reader strips them); what is left is shown.
  assert.ok(text.stdout.includes('TestA/x␇␈␈PASSclick\\u009b32m'), text.stdout);
  assert.doesNotMatch(text.stdout, ACTED_ON);
  const json = await cli(['parse', log, '--format', 'json']);
  const ids = (JSON.parse(json.stdout) as { files: { outcomes: { id: string }[] }[] }).files[0]?.outcomes.map((o) => o.id);
  assert.ok(ids?.includes('TestA/x\u0007\b\bPASSclick\u009b32m'), JSON.stringify(ids));
});
