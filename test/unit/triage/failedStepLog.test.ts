// The log lines that say why a step failed, read from GitHub job logs as the runner writes them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
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
