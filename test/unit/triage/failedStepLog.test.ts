// The log lines that say why a step failed, read from GitHub job logs as the runner writes them.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { JobLogReader, parseJobLog } from '../../../src/core/logs/jobLogReader';
import { LineSplitter } from '../../../src/core/logs/logLines';
import { EXCERPT_LINES, FailedStepLog, MAX_FAILED_STEPS, failureReason } from '../../../src/core/triage/failedStepLog';

function read(lines: readonly string[]) {
  const log = new FailedStepLog();
  for (const line of lines) log.line(`2026-10-25T11:53:24.8463740Z ${line}`);
  return log.result();
}

test('a failed step keeps its title and its last lines, not its header', () => {
  const steps = read([
    '##[group]Run actions/checkout@v4',
    'with:',
    '##[endgroup]',
    'Syncing repository: acme/sample',
    '##[group]Run rustup update stable --no-self-update && rustup default stable',
    'rustup update stable --no-self-update && rustup default stable',
    'shell: /usr/bin/bash -e {0}',
    '##[endgroup]',
    "info: syncing channel updates for 'stable-x86_64-unknown-linux-gnu'",
    'error: could not download file: dns error: failed to lookup address information: Temporary failure in name resolution',
    '##[error]Process completed with exit code 1.',
    '##[group]Run go test -v ./...',
    '##[endgroup]',
    'ok  \tgithub.com/acme/sample/sysfs\t0.05s',
  ]);
  assert.deepEqual(steps, [
    {
      title: 'Run rustup update stable --no-self-update && rustup default stable',
      lines: ["info: syncing channel updates for 'stable-x86_64-unknown-linux-gnu'", 'error: could not download file: dns error: failed to lookup address information: Temporary failure in name resolution'],
    },
  ]);
});

test('an action\'s own error annotation is kept, and the reason is the line before it that says why', () => {
  const steps = read([
    '##[group]Run actions/checkout@v4',
    '##[endgroup]',
    '[command]/usr/bin/git -c protocol.version=2 fetch --no-tags --prune origin',
    "fatal: unable to access 'https://github.com/acme/sample/': Could not resolve host: github.com",
    "##[error]The process '/usr/bin/git' failed with exit code 128",
  ]);
  assert.equal(steps.length, 1);
  assert.equal(steps[0]?.lines.at(-1), "Error: The process '/usr/bin/git' failed with exit code 128");
  assert.equal(failureReason(steps[0]?.lines ?? []), "fatal: unable to access 'https://github.com/acme/sample/': Could not resolve host: github.com");
});

test('errors before the first step are the set-up job\'s', () => {
  const steps = read(['Current runner version: 2.337.0', '##[error]Unable to resolve action `actions/checkout@v99`, unable to find version `v99`']);
  assert.equal(steps[0]?.title, 'Set up job');
  assert.match(failureReason(steps[0]?.lines ?? []), /Unable to resolve action/);
});

test('memory stays bounded: the last lines of a step and the first failed steps only', () => {
  const lines: string[] = [];
  for (let s = 0; s < MAX_FAILED_STEPS + 2; s++) {
    lines.push(`##[group]Run step ${s}`, '##[endgroup]');
    for (let i = 0; i < 100; i++) lines.push(`line ${s}.${i} ${'x'.repeat(i === 99 ? 2000 : 1)}`);
    lines.push('##[error]Process completed with exit code 2.');
  }
  const steps = read(lines);
  assert.equal(steps.length, MAX_FAILED_STEPS);
  for (const step of steps) {
    assert.equal(step.lines.length, EXCERPT_LINES);
    assert.ok(step.lines.every((l) => l.length <= 501));
  }
  assert.match(steps[0]?.lines[0] ?? '', /^line 0\.88 /);
});

test('the reason is the last line that names an error, else the last line', () => {
  assert.equal(failureReason(['Downloading', 'error: connection refused', 'retrying', 'giving up']), 'error: connection refused');
  assert.equal(failureReason(['Downloading', 'giving up']), 'giving up');
  assert.equal(failureReason([]), '');
});

test('read in the job log reader\'s one pass (onLine), the excerpts are those of a reading of their own, whatever the chunks', () => {
  const dir = join(__dirname, '..', '..', 'fixtures', 'logs');
  let compared = 0;
  for (const name of readdirSync(dir).sort()) {
    const fixture = readFileSync(join(dir, name), 'utf8');
    // Each fixture as the step of a failed job, between other steps, with colours and CRLFs, as GitHub writes it.
    const stamp = '2026-10-25T11:53:24.8463740Z ';
    const log = [
      'Current runner version: 2.337.0',
      '##[group]Run actions/checkout@v4',
      'with: repository: acme/sample',
      '##[endgroup]',
      'Syncing repository: acme/sample',
      '##[group]Run the tests',
      'shell: /usr/bin/bash -e {0}',
      '##[endgroup]',
      ...fixture.split('\n'),
      '\x1b[31merror: the step failed\x1b[0m\r',
      '##[error]Process completed with exit code 101.',
      '##[group]Run actions/upload-artifact@v4',
      '##[endgroup]',
      '##[error]No files were found with the provided path: report.xml',
    ]
      // A fixture that is a GitHub log already keeps its own timestamps (and steps and errors).
      .map((line) => (/^\uFEFF?\d{4}-\d\d-\d\dT/.test(line) ? `${line.replace(/^\uFEFF/, '')}\n` : `${stamp}${line}\n`))
      .join('');
    const bytes = Buffer.from(log);
    const own = new FailedStepLog();
    const splitter = new LineSplitter((line) => own.line(line));
    splitter.push(bytes);
    splitter.end();
    for (const chunk of [7, 4093, 65_536]) {
      const inReader = new FailedStepLog();
      const reader = new JobLogReader({ onLine: (text, kind) => inReader.cleanLine(text, kind) });
      for (let at = 0; at < bytes.length; at += chunk) reader.push(bytes.subarray(at, at + chunk));
      const result = reader.end();
      assert.deepEqual(inReader.result(), own.result(), `${name}, chunks of ${chunk}`);
      assert.equal(reader.skippedLines, 0, 'a listener gets every line');
      assert.deepEqual(result.outcomes, parseJobLog(bytes).outcomes, `${name}: the same outcomes as without a listener`);
    }
    assert.ok(own.result().length >= 2, name);
    compared++;
  }
  assert.ok(compared >= 50, `${compared} fixtures`);
});
