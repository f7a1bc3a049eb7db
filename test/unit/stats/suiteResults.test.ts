// Suite-level passes of every framework (a file or class that passed without naming its tests), JavaScript ids
// written with other separators by another source, and jobs known only from their test reports.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectExecutions, collectingExecutions, expandSuiteResults } from '../../../src/core/history/executions';
import type { Framework, History, OutcomeSource, StoredJob, StoredRun, TestOutcome } from '../../../src/core/model';
import { testKey } from '../../../src/core/model';
import { testReports } from '../../../src/core/stats/flakeStats';

type Row = readonly [framework: Framework, suite: string, id: string, outcome: TestOutcome['outcome'], message?: string];

interface JobRow {
  readonly name?: string;
  readonly outcomes: readonly Row[];
  readonly logState?: StoredJob['logState'];
  readonly conclusion?: string;
  readonly outcomeSources?: readonly OutcomeSource[];
}

const BASE = Date.UTC(2026, 9, 1, 10, 0, 0);

function outcome([framework, suite, id, result, message]: Row): TestOutcome {
  return { framework, suite, id, outcome: result, ...(message ? { message } : {}), ...(id === '' ? { packageResult: true } : {}) };
}

/** One run per entry, each with the jobs given (one job named `test` unless named). */
function history(runs: readonly (readonly JobRow[])[]): History {
  let jobId = 500;
  const stored: StoredRun[] = runs.map((jobs, index) => {
    const id = index + 1;
    const createdAt = new Date(BASE + index * 3_600_000).toISOString();
    return {
      id,
      workflowId: 1,
      workflowName: 'CI',
      branch: 'main',
      sha: `sha${index}`,
      event: 'push',
      runNumber: id,
      runAttempt: 1,
      conclusion: 'success',
      createdAt,
      updatedAt: createdAt,
      url: `https://github.com/acme/shop/actions/runs/${id}`,
      jobs: jobs.map((job): StoredJob => {
        const outcomes = job.outcomes.map(outcome);
        return {
          id: jobId++,
          runId: id,
          runAttempt: 1,
          name: job.name ?? 'test (ubuntu-latest)',
          workflowName: 'CI',
          labels: ['ubuntu-latest'],
          conclusion: job.conclusion ?? (outcomes.some((o) => o.outcome === 'fail') ? 'failure' : 'success'),
          startedAt: createdAt,
          completedAt: null,
          url: `https://github.com/acme/shop/actions/runs/${id}/job/${jobId}`,
          steps: [],
          logState: job.logState ?? 'parsed',
          outcomes,
          ...(job.outcomeSources ? { outcomeSources: job.outcomeSources } : {}),
        };
      }),
    };
  });
  return { version: 1, repository: 'acme/shop', defaultBranch: 'main', runs: stored };
}

function outcomesOf(h: History, framework: Framework, suite: string, id: string): string[] {
  const series = collectExecutions(h.runs).tests.get(testKey({ framework, suite, id }));
  return (series?.executions ?? []).map((e) => `${e.runId}:${e.outcome}`);
}

test('a jest file that passed without naming its tests is a pass of every test known in that file', () => {
  const h = history([
    [{ outcomes: [['jest', 'src/cart.test.ts', 'Cart › adds an item', 'pass'], ['jest', 'src/cart.test.ts', 'Cart › totals › rounds', 'fail', 'Expected: 0.3']] }],
    [{ outcomes: [['jest', 'src/cart.test.ts', '', 'pass']] }],
  ]);
  assert.deepEqual(outcomesOf(h, 'jest', 'src/cart.test.ts', 'Cart › adds an item'), ['1:pass', '2:pass']);
  assert.deepEqual(outcomesOf(h, 'jest', 'src/cart.test.ts', 'Cart › totals › rounds'), ['1:fail', '2:pass']);
});

test('a vitest file line with counts only is a pass of the tests known in that file, not of other files', () => {
  const h = history([
    [{ outcomes: [['vitest', 'test/a.test.ts', 'A › one', 'pass'], ['vitest', 'test/b.test.ts', 'B › two', 'pass']] }],
    [{ outcomes: [['vitest', 'test/a.test.ts', '', 'pass'], ['vitest', 'test/b.test.ts', 'B › two', 'fail', 'boom']] }],
  ]);
  assert.deepEqual(outcomesOf(h, 'vitest', 'test/a.test.ts', 'A › one'), ['1:pass', '2:pass']);
  assert.deepEqual(outcomesOf(h, 'vitest', 'test/b.test.ts', 'B › two'), ['1:pass', '2:fail']);
});

test('a pytest file of dots without failures is a pass of every test of that file seen in verbose runs', () => {
  const h = history([
    [{ outcomes: [['pytest', 'tests/test_api.py', 'tests/test_api.py::test_get', 'pass'], ['pytest', 'tests/test_api.py', 'tests/test_api.py::TestRetry::test_backoff[3]', 'pass']] }],
    [{ outcomes: [['pytest', 'tests/test_api.py', '', 'pass'], ['pytest', 'tests/test_db.py', 'tests/test_db.py::test_x', 'fail', 'E assert 1 == 2']] }],
  ]);
  assert.deepEqual(outcomesOf(h, 'pytest', 'tests/test_api.py', 'tests/test_api.py::TestRetry::test_backoff[3]'), ['1:pass', '2:pass']);
  assert.deepEqual(outcomesOf(h, 'pytest', 'tests/test_db.py', 'tests/test_db.py::test_x'), ['2:fail']);
});

test('a Surefire class without failures is a pass of every method known in that class', () => {
  const h = history([
    [{ outcomes: [['junit', 'com.acme.CartTest', 'roundsToCents', 'fail', 'expected 0.3'], ['junit', 'com.acme.CartTest', 'quantity(int)[3]', 'pass']] }],
    [{ outcomes: [['junit', 'com.acme.CartTest', '', 'pass']] }],
  ]);
  assert.deepEqual(outcomesOf(h, 'junit', 'com.acme.CartTest', 'roundsToCents'), ['1:fail', '2:pass']);
  assert.deepEqual(outcomesOf(h, 'junit', 'com.acme.CartTest', 'quantity(int)[3]'), ['1:pass', '2:pass']);
});

test('Go’s package-level ok still passes the package’s known tests', () => {
  const h = history([[{ outcomes: [['gotest', 'example.com/poll', 'TestPoll/timeout', 'fail', 'too slow']] }], [{ outcomes: [['gotest', 'example.com/poll', '', 'pass']] }]]);
  assert.deepEqual(outcomesOf(h, 'gotest', 'example.com/poll', 'TestPoll/timeout'), ['1:fail', '2:pass']);
});

test('a suite-level pass covers only its own framework’s tests of a suite with the same name', () => {
  const expanded = expandSuiteResults([outcome(['jest', 'src/a.test.ts', '', 'pass'])], new Map([
    ['jest\u001fsrc/a.test.ts', new Set(['A › one'])],
    ['vitest\u001fsrc/a.test.ts', new Set(['A › other'])],
  ]));
  assert.deepEqual(expanded.map((o) => `${o.framework} ${o.id} ${o.outcome}`), ['jest A › one pass']);
});

test('tests only ever seen skipped are not made to pass by a suite-level pass', () => {
  const h = history([
    [{ outcomes: [['jest', 'src/a.test.ts', 'A › todo later', 'skip'], ['jest', 'src/a.test.ts', 'A › runs', 'pass']] }],
    [{ outcomes: [['jest', 'src/a.test.ts', '', 'pass']] }],
  ]);
  assert.deepEqual(outcomesOf(h, 'jest', 'src/a.test.ts', 'A › todo later'), []);
  assert.deepEqual(outcomesOf(h, 'jest', 'src/a.test.ts', 'A › runs'), ['1:pass', '2:pass']);
});

test('a suite-level pass does not repeat a test the job named itself', () => {
  const expanded = expandSuiteResults(
    [outcome(['pytest', 'tests/t.py', 'tests/t.py::test_a', 'fail', 'E boom']), outcome(['pytest', 'tests/t.py', '', 'pass'])],
    new Map([['pytest\u001ftests/t.py', new Set(['tests/t.py::test_a', 'tests/t.py::test_b'])]]),
  );
  assert.deepEqual(expanded.map((o) => `${o.id} ${o.outcome}`), ['tests/t.py::test_a fail', 'tests/t.py::test_b pass']);
});

test('a successful job whose log was not read takes its passes from an inventory of suite-level results', () => {
  const h = history([
    [{ outcomes: [['jest', 'src/a.test.ts', 'A › one', 'fail', 'boom']] }],
    [{ outcomes: [['jest', 'src/a.test.ts', '', 'pass']] }],
    [{ outcomes: [], logState: 'inferred', conclusion: 'success' }],
  ]);
  assert.deepEqual(outcomesOf(h, 'jest', 'src/a.test.ts', 'A › one'), ['1:fail', '2:pass', '3:pass']);
});

test('the flake rate of a jest test counts the runs where its file passed as a whole', () => {
  const runs: JobRow[][] = [];
  for (let i = 0; i < 20; i++) {
    const failed = i === 5 || i === 12;
    runs.push([{ outcomes: failed ? [['jest', 'src/poll.test.ts', 'Poller › responds', 'fail', 'timed out after 50ms']] : [['jest', 'src/poll.test.ts', '', 'pass']] }]);
  }
  const [report] = testReports(collectExecutions(history(runs).runs).tests.values(), { minFlakeRate: 0 });
  assert.equal(report?.id, 'Poller › responds');
  assert.equal(report?.executions, 20);
  assert.equal(report?.flakyFailures, 2);
  assert.equal(report?.status, 'flaky');
});

test('jest-junit’s space-joined names are the same tests as the console’s › ids', () => {
  const h = history([
    [{ outcomes: [['jest', 'src/cart.test.ts', 'Cart › totals › rounds', 'fail', 'boom']] }],
    [{ outcomes: [['jest', 'src/cart.test.ts', 'Cart totals rounds', 'pass']], outcomeSources: [{ framework: 'jest', source: 'report', artifacts: ['jest-junit'] }] }],
  ]);
  const tests = collectExecutions(h.runs).tests;
  assert.deepEqual([...tests.values()].map((t) => `${t.id}: ${t.executions.length}`), ['Cart › totals › rounds: 2']);
});

test('a space-joined id that two › ids could stand for stays as it is', () => {
  const h = history([
    [{ outcomes: [['jest', 'a.test.ts', 'A › b c', 'pass'], ['jest', 'a.test.ts', 'A b › c', 'pass']] }],
    [{ outcomes: [['jest', 'a.test.ts', 'A b c', 'pass']] }],
  ]);
  assert.deepEqual([...collectExecutions(h.runs).tests.values()].map((t) => t.id).sort(), ['A b c', 'A b › c', 'A › b c']);
});

test('a failed job whose log expired but whose reports were read gives the reports’ outcomes', () => {
  const h = history([
    [
      {
        outcomes: [['pytest', 'tests/t.py', 'tests/t.py::test_a', 'flaky', 'E timeout']],
        logState: 'expired',
        conclusion: 'failure',
        outcomeSources: [{ framework: 'pytest', source: 'report', artifacts: ['pytest-results'] }],
      },
    ],
    [{ outcomes: [['pytest', 'tests/t.py', 'tests/t.py::test_a', 'fail']], logState: 'expired', conclusion: 'failure' }],
  ]);
  const collected = collectExecutions(h.runs);
  assert.deepEqual(outcomesOf(h, 'pytest', 'tests/t.py', 'tests/t.py::test_a'), ['1:flaky']);
  assert.equal(collected.unreadableFailedJobs, 1);
});

test('jest’s Windows paths and its report’s paths name one test file', () => {
  const h = history([
    [{ name: 'test (windows-latest)', outcomes: [['jest', 'src\\cart.test.ts', 'Cart › adds', 'fail', 'boom']] }],
    [{ name: 'test (windows-latest)', outcomes: [['jest', 'src\\cart.test.ts', '', 'pass']] }],
    [{ name: 'test (windows-latest)', outcomes: [['jest', 'src/cart.test.ts', 'Cart › adds', 'pass']] }],
  ]);
  assert.deepEqual(outcomesOf(h, 'jest', 'src/cart.test.ts', 'Cart › adds'), ['1:fail', '2:pass', '3:pass']);
});

test('collecting executions reads one job at a time, from its first step on: no step reads every job of the history', () => {
  const runs = history(Array.from({ length: 6 }, () => [{ outcomes: [['jest', 'src/a.test.ts', 'A › works', 'pass'], ['jest', 'src/a.test.ts', '', 'pass']] }])).runs;
  // Each job's outcomes counted as they are read (an array is read through its length and indices).
  const reads = new Map<number, number>();
  const watched = runs.map((run) => ({
    ...run,
    jobs: run.jobs.map((job) => ({
      ...job,
      outcomes: new Proxy(job.outcomes as TestOutcome[], {
        get(target, key, receiver) {
          if (key === 'length') reads.set(job.id, (reads.get(job.id) ?? 0) + 1);
          return Reflect.get(target, key, receiver) as unknown;
        },
      }),
    })),
  }));
  const steps = collectingExecutions(watched);
  let step = steps.next();
  let most = 0;
  for (; !step.done; step = steps.next()) {
    most = Math.max(most, reads.size);
    reads.clear();
  }
  assert.ok(most <= 1, `a step read the outcomes of ${most} jobs`);
  assert.deepEqual(step.value, collectExecutions(runs), 'the same executions as collected at once');
});
