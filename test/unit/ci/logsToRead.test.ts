// Which logs the sync reads: failed jobs, one inventory per configuration, and every successful job where the test
// runner retries tests (a passing job may hide a runner-confirmed flake there).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { logsToRead } from '../../../src/ci/sync';
import type { StoredJob, StoredRun, TestOutcome } from '../../../src/core/model';

let nextId = 1;

function job(name: string, conclusion: 'success' | 'failure', options: { logState?: StoredJob['logState']; step?: string; outcomes?: TestOutcome[] } = {}): StoredJob {
  return {
    id: nextId++,
    runId: 0,
    runAttempt: 1,
    name,
    workflowName: 'CI',
    labels: [],
    conclusion,
    startedAt: null,
    completedAt: null,
    url: '',
    steps: [{ number: 1, name: options.step ?? 'Run npm test', conclusion }],
    logState: options.logState ?? 'pending',
    outcomes: options.outcomes ?? [],
  };
}

function runs(...jobsPerRun: StoredJob[][]): StoredRun[] {
  return jobsPerRun.map((jobs, i) => ({
    id: 100 + i,
    workflowId: 1,
    workflowName: 'CI',
    branch: 'main',
    sha: `sha${i}`,
    event: 'push',
    runNumber: i,
    runAttempt: 1,
    conclusion: jobs.some((j) => j.conclusion === 'failure') ? 'failure' : 'success',
    createdAt: `2026-10-${String(10 + i).padStart(2, '0')}T08:00:00Z`,
    updatedAt: `2026-10-${String(10 + i).padStart(2, '0')}T08:10:00Z`,
    url: '',
    jobs: jobs.map((j) => ({ ...j, runId: 100 + i })),
  }));
}

const flakyPytest: TestOutcome = { framework: 'pytest', suite: 'tests/t.py', id: 'tests/t.py::test_a', outcome: 'flaky', attempt: 2 };

test('without retries: failed jobs and the newest successful job per configuration', () => {
  const history = runs([job('test (ubuntu)', 'success'), job('test (windows)', 'failure')], [job('test (ubuntu)', 'success'), job('test (windows)', 'success')]);
  const names = logsToRead(history).map((j) => `${j.runId} ${j.name}`);
  assert.deepEqual(names.sort(), ['100 test (windows)', '101 test (ubuntu)', '101 test (windows)']);
});

test('a configuration whose read log shows the runner retrying has every successful job read, its matrix siblings too', () => {
  const history = runs(
    [job('test (ubuntu)', 'success'), job('test (windows)', 'success')],
    [job('test (ubuntu)', 'success'), job('test (windows)', 'success', { logState: 'inferred' })],
    [job('test (ubuntu)', 'success', { logState: 'parsed', outcomes: [flakyPytest] }), job('test (windows)', 'success', { logState: 'parsed' })],
  );
  assert.deepEqual(logsToRead(history).map((j) => `${j.runId} ${j.name}`).sort(), ['100 test (ubuntu)', '100 test (windows)', '101 test (ubuntu)', '101 test (windows)']);
});

test('a step that runs a retrying runner is enough to read every successful job', () => {
  const history = runs([job('nextest', 'success', { step: 'Run cargo nextest run --profile ci' })], [job('nextest', 'success', { step: 'Run cargo nextest run --profile ci' })]);
  assert.equal(logsToRead(history).length, 2);
  const reruns = runs([job('py', 'success', { step: 'Run pytest -v --reruns 2' })], [job('py', 'success', { step: 'Run pytest -v --reruns 2' })]);
  assert.equal(logsToRead(reruns).length, 2);
});

test('another job of the workflow that does not retry keeps the inventory rule', () => {
  const history = runs(
    [job('lint', 'success'), job('unit (ubuntu)', 'success', { step: 'Run cargo nextest run' })],
    [job('lint', 'success'), job('unit (ubuntu)', 'success', { step: 'Run cargo nextest run' })],
  );
  assert.deepEqual(logsToRead(history).map((j) => `${j.runId} ${j.name}`).sort(), ['100 unit (ubuntu)', '101 lint', '101 unit (ubuntu)']);
});
