// The CLI's text output is made inert for a terminal: names and messages from CI cannot drive it.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { commandSafe, jsonCommandSafe, terminalSafe } from '../../../src/cli/terminalText';
import { runnerCommands } from '../support/actionsRunner';
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

const HOSTILE = [
  't\n::add-mask::secret',
  'x ##[error]forged',
  '  \t::warning file=a.rs,line=1::x',
  'a\n  ##[stop-commands]tok',
  ':::x::y',
  'm\n::error::boom\n##[group]g',
  // The runner knows its commands in any case, and reads a `::` line that names none of them for a legacy one.
  'x ##[ERROR]forged',
  '::not-a-command::y ##[Warning]forged',
];

test('text for a CI job holds no workflow command, and shows the same', () => {
  for (const text of HOSTILE) {
    assert.ok(runnerCommands(text).length > 0, `the model of the runner finds the command in ${JSON.stringify(text)}`);
    const safe = commandSafe(text);
    assert.deepEqual(runnerCommands(safe), [], JSON.stringify(safe));
    assert.equal(safe.replace(/\u200b/g, ''), text);
  }
  assert.equal(commandSafe('a::b ## [x] #[y] :x'), 'a::b ## [x] #[y] :x');
});

test('JSON for a CI job holds no workflow command, and parses to the same value', () => {
  const value = { names: HOSTILE, '##[error]key': '\\##[warning]x' };
  const json = jsonCommandSafe(JSON.stringify(value, null, 2));
  assert.deepEqual(runnerCommands(json), []);
  assert.deepEqual(JSON.parse(json), value);
});

test('flakelens parse, run in a CI job, hands the runner no command from a hostile report, in either format', async () => {
  const report = join(scratchDir('terminal-text'), 'hostile.xml');
  writeFileSync(
    report,
    '<?xml version="1.0"?>\n<testsuites><testsuite name="s" tests="1"><testcase classname="a.B&#10;::warning::x" name="t&#10;::add-mask::secret ##[stop-commands]tok"><failure message="m&#10;::error::boom ##[error]forged">x</failure></testcase></testsuite></testsuites>\n',
  );
  const text = await cli(['parse', report]);
  assert.equal(text.code, 0, text.stderr);
  assert.ok(text.stdout.includes('add-mask'), text.stdout);
  assert.deepEqual(runnerCommands(text.stdout), []);
  const json = await cli(['parse', report, '--format', 'json']);
  assert.equal(json.code, 0, json.stderr);
  assert.deepEqual(runnerCommands(json.stdout), []);
  const outcome = (JSON.parse(json.stdout) as { files: { outcomes: { id: string; suite: string; message: string }[] }[] }).files[0]?.outcomes[0];
  assert.equal(outcome?.id, 't\n::add-mask::secret ##[stop-commands]tok');
  assert.ok(outcome?.message.startsWith('m\n::error::boom ##[error]forged'), outcome?.message);
});

test('flakelens classify, run in a CI job, quotes a source line holding a command inert', async () => {
  const source = join(scratchDir('terminal-text'), 'NetTest.java');
  writeFileSync(source, 'class NetTest {\n  @Test void fetch() throws Exception {\n    new URL("https://example.com/##[error]x").openStream(); // ::warning::y\n  }\n}\n');
  const result = await cli(['classify', source]);
  assert.equal(result.code, 0, result.stderr);
  assert.ok(result.stdout.includes('example.com'), result.stdout);
  assert.deepEqual(runnerCommands(result.stdout), []);
});
