// Triage of one run against the base branch's history, on hand-built histories: every verdict, infrastructure
// faults (a failed step, a mass failure), job errors, the latest attempt only, and the one-line summary.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SYSTEMIC_MIN_TESTS } from '../../../src/core/history/executions';
import type { FailedStepExcerpt, History, StoredJob, StoredRun, TestOutcome } from '../../../src/core/model';
import { completeTriageInSteps, planTriageInSteps, triageAgainstHistory } from '../../../src/core/triage/triageHistory';
import type { TriageResult } from '../../../src/core/triage/triageRun';
import { buildHistory, type JobSpec, type RunSpec } from '../support/historyBuilder';

const LINUX = { name: 'Test Linux', labels: ['ubuntu-latest'] };
const WINDOWS = { name: 'Test Windows', labels: ['windows-latest'] };
const BASE_RUNS = 60;

/**
 * main, 60 runs of two jobs: `net::connects` flakes on both (runs 10, 30, 50), `poll::timeout` flakes on Windows only
 * (every fifth run: 20%), `cfg::default_path` fails from run 55 on, the rest always pass.
 */
function baseHistory(): History {
  const runs: RunSpec[] = [];
  for (let i = 0; i < BASE_RUNS; i++) {
    const common = {
      'net::connects': [10, 30, 50].includes(i) ? { outcome: 'fail' as const, message: 'connection reset by peer (os error 104)' } : ('pass' as const),
      'cfg::default_path': i >= 55 ? { outcome: 'fail' as const, message: 'assertion `left == right` failed\n  left: ".config"\n right: "."' } : ('pass' as const),
      'math::adds': 'pass' as const,
      'math::subtracts': 'pass' as const,
    };
    const jobs: JobSpec[] = [
      { ...LINUX, outcomes: { ...common, 'poll::timeout': 'pass' } },
      { ...WINDOWS, outcomes: { ...common, 'poll::timeout': i % 5 === 2 ? { outcome: 'fail', message: 'poll returned after 45ms, expected at least 50ms' } : 'pass' } },
    ];
    runs.push({ jobs });
  }
  return buildHistory(runs);
}

let nextJobId = 90_000;

interface JobInput {
  readonly name: string;
  readonly labels: readonly string[];
  readonly outcomes?: Readonly<Record<string, 'pass' | { readonly message: string }>>;
  readonly conclusion?: string;
  readonly steps?: readonly (readonly [string, string])[];
  readonly failedSteps?: readonly FailedStepExcerpt[];
  readonly errors?: readonly string[];
  readonly attempt?: number;
  readonly logState?: StoredJob['logState'];
  readonly framework?: TestOutcome['framework'];
  readonly suite?: string;
}

function job(input: JobInput): StoredJob {
  const outcomes: TestOutcome[] = Object.entries(input.outcomes ?? {}).map(([id, v]) => ({
    id,
    suite: input.suite ?? 'tests/all/main.rs',
    framework: input.framework ?? 'libtest',
    outcome: v === 'pass' ? 'pass' : 'fail',
    ...(v === 'pass' ? {} : { message: v.message }),
  }));
  const failed = outcomes.some((o) => o.outcome === 'fail');
  const id = nextJobId++;
  return {
    id,
    runId: 1000,
    runAttempt: input.attempt ?? 1,
    name: input.name,
    workflowName: 'CI',
    labels: input.labels,
    conclusion: input.conclusion ?? (failed ? 'failure' : 'success'),
    startedAt: '2026-10-20T10:00:00Z',
    completedAt: '2026-10-20T10:10:00Z',
    url: `https://github.com/acme/sample/actions/runs/1000/job/${id}`,
    steps: (input.steps ?? [['Set up job', 'success'], ['Run cargo test', failed ? 'failure' : 'success'], ['Complete job', 'success']]).map(([name, conclusion], i) => ({
      number: i + 1,
      name,
      conclusion,
    })),
    logState: input.logState ?? 'parsed',
    outcomes,
    ...(input.failedSteps ? { failedSteps: input.failedSteps } : {}),
    ...(input.errors ? { errors: input.errors } : {}),
  };
}

function branchRun(jobs: readonly StoredJob[], overrides: Partial<StoredRun> = {}): StoredRun {
  return {
    id: 1000,
    workflowId: 1,
    workflowName: 'CI',
    branch: 'feature/x',
    sha: 'f00dfeed00000000000000000000000000000000',
    event: 'pull_request',
    runNumber: 77,
    runAttempt: Math.max(1, ...jobs.map((j) => j.runAttempt)),
    conclusion: jobs.some((j) => j.conclusion === 'failure') ? 'failure' : 'success',
    createdAt: '2026-10-20T10:00:00Z',
    updatedAt: '2026-10-20T10:10:00Z',
    url: 'https://github.com/acme/sample/actions/runs/1000',
    jobs,
    ...overrides,
  };
}

const PASSING = { 'net::connects': 'pass', 'cfg::default_path': 'pass', 'math::adds': 'pass', 'math::subtracts': 'pass', 'poll::timeout': 'pass' } as const;

function triage(run: StoredRun, history: History = baseHistory()): TriageResult {
  return triageAgainstHistory({ run, history, window: { maxRuns: 100 }, minFlakeRate: 0 }).triage;
}

function verdicts(result: TriageResult): string[] {
  return result.failures.map((f) => `${f.job} ${f.id} ${f.verdict}`).sort();
}

const INSTALL_RUST: FailedStepExcerpt = {
  title: 'Run rustup update stable',
  lines: ["info: syncing channel updates for 'stable-x86_64-pc-windows-msvc'", 'error: could not download file: dns error: failed to lookup address information'],
};

test('a failure of a test that flakes on the base branch is a known flake, with its rate and sample', () => {
  const result = triage(branchRun([job({ ...LINUX, outcomes: { ...PASSING, 'net::connects': { message: 'connection reset by peer (os error 104)' } } })]));
  assert.deepEqual(verdicts(result), ['Test Linux net::connects known-flaky']);
  const failure = result.failures[0];
  assert.equal(failure?.baseStatus, 'flaky');
  assert.equal(failure?.executions, 2 * BASE_RUNS);
  assert.equal(failure?.flakyFailures, 6);
  assert.ok(Math.abs((failure?.flakeRate ?? 0) - 6 / 120) < 1e-9);
  assert.deepEqual(failure?.onJob && { executions: failure.onJob.executions, flakyFailures: failure.onJob.flakyFailures }, { executions: BASE_RUNS, flakyFailures: 3 });
  assert.equal(failure?.knownReason, true);
  assert.equal(result.rerunMayPass, true);
  assert.equal(result.summary, 'CI failed: 1 known flake');
});

test('a failure the base branch has too is failing-on-base: not this branch\'s doing', () => {
  const result = triage(branchRun([job({ ...LINUX, outcomes: { ...PASSING, 'cfg::default_path': { message: 'assertion `left == right` failed' } } })]));
  assert.deepEqual(verdicts(result), ['Test Linux cfg::default_path failing-on-base']);
  assert.equal(result.failures[0]?.failingSince?.runId, 56);
  assert.equal(result.rerunMayPass, false);
  assert.equal(result.summary, 'CI failed: 1 failure main has too');
});

test('a failure of a test that always passed on the base branch is new, with how often it passed there', () => {
  const result = triage(branchRun([job({ ...LINUX, outcomes: { ...PASSING, 'math::adds': { message: 'assertion failed: 2 + 2 == 5' } } })]));
  assert.deepEqual(verdicts(result), ['Test Linux math::adds new']);
  assert.match(result.failures[0]?.note ?? '', /passed 120 of 120 executions on main/);
  assert.equal(result.failures[0]?.category, null);
  assert.equal(result.rerunMayPass, false);
  assert.equal(result.counts.new, 1);
});

test('a failing test the base branch never ran is new', () => {
  const result = triage(branchRun([job({ ...LINUX, outcomes: { ...PASSING, 'math::multiplies': { message: 'assertion failed' } } })]));
  assert.deepEqual(verdicts(result), ['Test Linux math::multiplies new']);
  assert.equal(result.failures[0]?.baseStatus, 'unknown');
  assert.equal(result.failures[0]?.executions, 0);
  // No execution, no knowledge: the whole range, as for any empty sample.
  assert.deepEqual(result.failures[0]?.interval, [0, 1]);
  assert.match(result.failures[0]?.note ?? '', /never ran this test/);
});

test('a test that flakes on the base branch only on Windows, failing on Linux, is new', () => {
  const result = triage(branchRun([job({ ...LINUX, outcomes: { ...PASSING, 'poll::timeout': { message: 'poll returned after 45ms, expected at least 50ms' } } })]));
  assert.deepEqual(verdicts(result), ['Test Linux poll::timeout new']);
  assert.match(result.failures[0]?.note ?? '', /only in Test Windows/);
  const onWindows = triage(branchRun([job({ ...WINDOWS, outcomes: { ...PASSING, 'poll::timeout': { message: 'poll returned after 41ms, expected at least 50ms' } } })]));
  assert.deepEqual(verdicts(onWindows), ['Test Windows poll::timeout known-flaky']);
});

test('a test failing on the base branch in another job is not failing-on-base where it only flaked long ago', () => {
  // main: `a::t` fails on Windows from run 50 on; on Linux it failed once, at run 5, and passed before and after.
  const history = buildHistory(
    Array.from({ length: 60 }, (_, i) => ({
      jobs: [
        { ...LINUX, outcomes: { 'a::t': i === 5 ? { outcome: 'fail', message: 'connection reset' } : 'pass', 'b::ok': 'pass' } },
        { ...WINDOWS, outcomes: { 'a::t': i >= 50 ? { outcome: 'fail', message: 'path separator' } : 'pass', 'b::ok': 'pass' } },
      ],
    })),
  );
  const onLinux = triage(branchRun([job({ ...LINUX, outcomes: { 'a::t': { message: 'assertion failed: new bug' }, 'b::ok': 'pass' } })]), history);
  // main's one failure in this job was a flake: a known flake there, not main's failing streak.
  assert.deepEqual(verdicts(onLinux), ['Test Linux a::t known-flaky']);
  assert.equal(onLinux.failures[0]?.onJob?.flakyFailures, 1);
  const onWindows = triage(branchRun([job({ ...WINDOWS, outcomes: { 'a::t': { message: 'path separator' }, 'b::ok': 'pass' } })]), history);
  assert.deepEqual(verdicts(onWindows), ['Test Windows a::t failing-on-base']);
});

test('a test failing on the base branch in another job, and never failing in this one, is new here', () => {
  const history = buildHistory(
    Array.from({ length: 60 }, (_, i) => ({
      jobs: [
        { ...LINUX, outcomes: { 'a::t': 'pass' } },
        { ...WINDOWS, outcomes: { 'a::t': i >= 50 ? { outcome: 'fail', message: 'path separator' } : 'pass' } },
      ],
    })),
  );
  const result = triage(branchRun([job({ ...LINUX, outcomes: { 'a::t': { message: 'assertion failed: new bug' } } })]), history);
  assert.deepEqual(verdicts(result), ['Test Linux a::t new']);
  assert.match(result.failures[0]?.note ?? '', /fails it only in Test Windows; in this job it passed 60 of 60/);
});

test('a failed job where no test failed is an infrastructure fault, with the failed step and the line that says why', () => {
  const windows = job({
    ...WINDOWS,
    conclusion: 'failure',
    outcomes: {},
    steps: [
      ['Set up job', 'success'],
      ['Install Rust', 'failure'],
      ['Run cargo test', 'skipped'],
      ['Complete job', 'success'],
    ],
    failedSteps: [INSTALL_RUST],
    errors: ['Process completed with exit code 1.'],
  });
  const result = triage(branchRun([job({ ...LINUX, outcomes: PASSING }), windows]));
  assert.deepEqual(result.failures, []);
  assert.equal(result.infrastructure.length, 1);
  const infra = result.infrastructure[0];
  assert.equal(infra?.step, 'Install Rust');
  assert.equal(infra?.kind, 'step');
  assert.equal(infra?.os, 'windows');
  assert.match(infra?.reason ?? '', /^error: could not download file/);
  assert.deepEqual(infra?.log, INSTALL_RUST.lines);
  assert.equal(result.rerunMayPass, true);
  assert.equal(result.summary, 'CI failed: Windows job: infrastructure');
});

test('many tests failing at once with one message are one infrastructure fault, and a test failing its own way in that job keeps its verdict', () => {
  const outcomes: Record<string, 'pass' | { message: string }> = { ...PASSING, 'net::connects': { message: 'connection reset by peer (os error 104)' } };
  for (let i = 0; i < SYSTEMIC_MIN_TESTS + 3; i++) {
    // Different files, and the runner's backtrace hint after the first panic only: still one cause.
    outcomes[`disk::writes_${i}`] = {
      message: `thread 'disk::writes_${i}' panicked at tests/all/disk_${i}.rs:${10 + i}:5:\nNo space left on device (os error 28)${i === 0 ? '\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace' : ''}`,
    };
  }
  const result = triage(branchRun([job({ ...LINUX, outcomes })]));
  assert.deepEqual(verdicts(result), ['Test Linux net::connects known-flaky']);
  assert.equal(result.infrastructure.length, 1);
  assert.equal(result.infrastructure[0]?.kind, 'systemic');
  assert.equal(result.infrastructure[0]?.failedTests, SYSTEMIC_MIN_TESTS + 3);
  assert.equal(result.infrastructure[0]?.step, 'Run cargo test');
  assert.match(result.infrastructure[0]?.reason ?? '', /No space left on device/);
  assert.equal(result.rerunMayPass, true);
  assert.equal(result.summary, `CI failed: 1 known flake, Linux job: infrastructure (${SYSTEMIC_MIN_TESTS + 3} tests failed at once)`);
});

test('many tests failing one assertion are the change\'s failures, not infrastructure', () => {
  const outcomes: Record<string, 'pass' | { message: string }> = { ...PASSING };
  for (let i = 0; i < SYSTEMIC_MIN_TESTS + 1; i++) {
    outcomes[`parse::case_${i}`] = { message: `thread 'parse::case_${i}' panicked at src/parse.rs:${i}:5:\nassertion \`left == right\` failed\n  left: 1\n right: 2` };
  }
  const result = triage(branchRun([job({ ...LINUX, outcomes })]));
  assert.equal(result.infrastructure.length, 0);
  assert.equal(result.counts.new, SYSTEMIC_MIN_TESTS + 1);
  assert.equal(result.rerunMayPass, false);
});

test('the summary names every kind of failure in one line', () => {
  const linux = job({
    ...LINUX,
    outcomes: { ...PASSING, 'net::connects': { message: 'connection reset by peer' }, 'cfg::default_path': { message: 'assertion `left == right` failed' }, 'math::adds': { message: 'assertion failed' } },
  });
  const windows = job({ ...WINDOWS, conclusion: 'failure', outcomes: {}, steps: [['Install Rust', 'failure']], failedSteps: [INSTALL_RUST] });
  const result = triage(branchRun([linux, windows]));
  assert.equal(result.summary, 'CI failed: 1 known flake, 1 failure main has too, 1 new, Windows job: infrastructure');
  assert.deepEqual(
    result.failures.map((f) => f.verdict),
    ['new', 'failing-on-base', 'known-flaky'],
  );
});

test('a step that failed before the tests is an infrastructure fault even when a test failed after it', () => {
  const windows = job({
    ...WINDOWS,
    outcomes: { ...PASSING, 'poll::timeout': { message: 'poll returned after 45ms, expected at least 50ms' } },
    steps: [
      ['Install Rust', 'failure'],
      ['Run cargo test', 'skipped'],
      ['Run go test -v ./...', 'failure'],
    ],
    failedSteps: [INSTALL_RUST, { title: 'Run go test -v ./...', lines: ['--- FAIL: TestPoll/timeout (0.05s)', 'FAIL'] }],
  });
  const result = triage(branchRun([windows]));
  assert.deepEqual(verdicts(result), ['Test Windows poll::timeout known-flaky']);
  assert.deepEqual(
    result.infrastructure.map((i) => `${i.job} ${i.step}`),
    ['Test Windows Install Rust'],
  );
  assert.equal(result.rerunMayPass, true);
});

test('a compile error is the branch\'s job error, not infrastructure, and a re-run will not help', () => {
  const linux = job({
    ...LINUX,
    conclusion: 'failure',
    outcomes: {},
    failedSteps: [{ title: 'Run cargo test', lines: ['error[E0308]: mismatched types', 'error: could not compile `sample` (lib test) due to 1 previous error'] }],
    errors: ['could not compile `sample` (lib test) due to 1 previous error: error[E0308]: mismatched types'],
  });
  const result = triage(branchRun([linux]));
  assert.equal(result.infrastructure.length, 0);
  assert.equal(result.jobErrors.length, 1);
  assert.equal(result.jobErrors[0]?.kind, 'build');
  assert.equal(result.rerunMayPass, false);
  assert.equal(result.summary, 'CI failed: Linux job: build error');
});

test('a job that timed out after a known flake failed is a time-out too, and a re-run may not pass', () => {
  const timedOut = job({
    ...LINUX,
    conclusion: 'timed_out',
    outcomes: { ...PASSING, 'net::connects': { message: 'connection reset by peer (os error 104)' } },
    steps: [['Set up job', 'success'], ['Run cargo test', 'cancelled'], ['Complete job', 'success']],
    errors: ['The job running on runner GitHub Actions 2 has exceeded the maximum execution time of 30 minutes.'],
  });
  const result = triage(branchRun([timedOut], { conclusion: 'failure' }));
  assert.deepEqual(verdicts(result), ['Test Linux net::connects known-flaky']);
  assert.deepEqual(result.jobErrors.map((e) => `${e.kind} ${e.step}`), ['timeout Run cargo test']);
  assert.equal(result.rerunMayPass, false);
  assert.equal(result.summary, 'CI failed: 1 known flake, Linux job: timed out');
  assert.match(result.failures[0]?.note ?? '', /but this job ran past its time limit after it, and a re-run may stop there again\.$/);
  assert.doesNotMatch(result.failures[0]?.note ?? '', /a re-run may pass/);
});

test('a test binary that crashed after a known flake failed is a crash too, and a re-run may not pass', () => {
  const segfault = "process didn't exit successfully: `target/debug/deps/all-123` (signal: 11, SIGSEGV: invalid memory reference)";
  const crashed = job({
    ...LINUX,
    outcomes: { ...PASSING, 'net::connects': { message: 'connection reset by peer (os error 104)' } },
    failedSteps: [{ title: 'Run cargo test', lines: ['test b::hangs ...', 'error: test failed, to rerun pass `--test all`', 'Caused by:', `  ${segfault}`] }],
    errors: [segfault],
  });
  const result = triage(branchRun([crashed]));
  assert.deepEqual(verdicts(result), ['Test Linux net::connects known-flaky']);
  assert.deepEqual(result.jobErrors.map((e) => `${e.kind} ${e.step}`), ['crash Run cargo test']);
  assert.equal(result.rerunMayPass, false);
  assert.match(result.failures[0]?.note ?? '', /but this job crashed after it/);
});

test('a failed test whose own message names a signal is that test\'s failure, not a crash of the job', () => {
  const message = 'child process exited with SIGABRT: assertion in fixture';
  const failed = job({
    ...LINUX,
    outcomes: { ...PASSING, 'math::adds': { message } },
    failedSteps: [{ title: 'Run cargo test', lines: ['---- math::adds stdout ----', message, 'test result: FAILED. 4 passed; 1 failed'] }],
  });
  const result = triage(branchRun([failed]));
  assert.deepEqual(verdicts(result), ['Test Linux math::adds new']);
  assert.deepEqual(result.jobErrors, []);
});

test('a failed lint or format check is the branch\'s lint error, not infrastructure, and a re-run will not help', () => {
  const LINT = { name: 'Lint', labels: ['ubuntu-latest'] };
  const checks: readonly [string, readonly string[], RegExp][] = [
    ['Run cargo fmt --all -- --check', ['Diff in /home/runner/work/sample/sample/src/lib.rs at line 3:', ' fn main() {', '-    let x=1;', '+    let x = 1;', ' }'], /^Diff in .*lib\.rs at line 3:/],
    ['Run npm run lint', ['/home/runner/work/app/app/src/cart.ts', "  3:7  error  'x' is assigned a value but never used  @typescript-eslint/no-unused-vars", '', '✖ 1 problem (1 error, 0 warnings)'], /^✖ 1 problem/],
    // clippy's denied lints end in `could not compile`, like a build error: a lint step says it is lint.
    ['Run cargo clippy --all-targets -- -D warnings', ['error: unused variable: `x`', '  = help: for further information visit https://rust-lang.github.io/rust-clippy/master/index.html#unused', 'error: could not compile `sample` (lib) due to 1 previous error'], /could not compile|unused variable/],
    ['Run npx prettier --check .', ['[warn] src/cart.ts', '[warn] Code style issues found in the above file. Run Prettier with --write to fix.'], /Code style issues found/],
    ['Run black --check .', ['would reformat src/app.py', 'Oh no! 💥 💔 💥', '1 file would be reformatted.'], /would reformat|would be reformatted/],
    ['Run test -z "$(gofmt -l .)"', ['pkg/poll.go'], /./],
    ['Check formatting', ['src/lib.rs'], /./],
  ];
  for (const [step, lines, reason] of checks) {
    const lint = job({ ...LINT, conclusion: 'failure', outcomes: {}, steps: [['Set up job', 'success'], [step, 'failure'], ['Complete job', 'success']], failedSteps: [{ title: step, lines }], errors: ['Process completed with exit code 1.'] });
    const result = triage(branchRun([job({ ...LINUX, outcomes: PASSING }), lint]));
    assert.deepEqual(result.infrastructure, [], step);
    assert.deepEqual(result.jobErrors.map((e) => `${e.kind} ${e.step}`), [`lint ${step}`], step);
    assert.match(result.jobErrors[0]?.reason ?? '', reason, step);
    assert.equal(result.rerunMayPass, false, step);
    assert.equal(result.summary, 'CI failed: Linux job: lint error', step);
  }
});

test('a lint step that failed before the tests is the branch\'s lint error even when a test failed after it', () => {
  const linux = job({
    ...LINUX,
    outcomes: { ...PASSING, 'net::connects': { message: 'connection reset by peer (os error 104)' } },
    steps: [['Run cargo fmt --check', 'failure'], ['Run cargo test', 'failure']],
    failedSteps: [{ title: 'Run cargo fmt --check', lines: ['Diff in /home/runner/work/sample/sample/src/lib.rs at line 3:'] }, { title: 'Run cargo test', lines: ['test result: FAILED. 4 passed; 1 failed'] }],
  });
  const result = triage(branchRun([linux]));
  assert.deepEqual(verdicts(result), ['Test Linux net::connects known-flaky']);
  assert.deepEqual(result.infrastructure, []);
  assert.deepEqual(result.jobErrors.map((e) => `${e.kind} ${e.step}`), ['lint Run cargo fmt --check']);
  assert.equal(result.rerunMayPass, false);
});

test('a registry that cannot be reached while installing, a linter included, is still infrastructure', () => {
  const installs: readonly [string, readonly string[]][] = [
    ['Run npm ci', ['npm error code ECONNRESET', 'npm error network aborted', 'npm error network This is a problem related to network connectivity.']],
    ['Run rustup component add rustfmt clippy', ["info: downloading component 'clippy'", 'error: could not download file from https://static.rust-lang.org/dist/clippy.tar.xz: connection reset']],
  ];
  for (const [step, lines] of installs) {
    const install = job({ ...LINUX, conclusion: 'failure', outcomes: {}, steps: [['Set up job', 'success'], [step, 'failure']], failedSteps: [{ title: step, lines }] });
    const result = triage(branchRun([install]));
    assert.deepEqual(result.jobErrors, [], step);
    assert.deepEqual(result.infrastructure.map((i) => i.step), [step]);
    assert.equal(result.rerunMayPass, true);
  }
});

test('a failed job whose log is gone is a job error: nothing can be said about its tests', () => {
  const result = triage(branchRun([job({ ...LINUX, conclusion: 'failure', outcomes: {}, logState: 'expired' })]));
  assert.equal(result.jobErrors[0]?.kind, 'unreadable');
  assert.equal(result.rerunMayPass, false);
});

test('only the latest attempt of each job is sorted', () => {
  const first = job({ ...LINUX, attempt: 1, outcomes: { ...PASSING, 'math::adds': { message: 'assertion failed' } } });
  const second = job({ ...LINUX, attempt: 2, outcomes: PASSING });
  const result = triage(branchRun([first, second]));
  assert.deepEqual(result.failures, []);
  assert.equal(result.run.attempt, 2);
  assert.equal(result.rerunMayPass, false);
  assert.equal(result.summary, 'CI passed.');
});

test('a Go parent test failing only through its subtest gets no verdict of its own', () => {
  const history = buildHistory(
    Array.from({ length: 20 }, (_, i) => ({
      jobs: [{ ...WINDOWS, outcomes: { TestPoll: i % 4 === 1 ? 'fail' : 'pass', 'TestPoll/timeout': i % 4 === 1 ? { outcome: 'fail', message: 'poll_test.go:29: too early' } : 'pass' } }],
    })),
    { framework: 'gotest', suite: 'example.com/sysfs' },
  );
  const run = branchRun([
    job({ ...WINDOWS, framework: 'gotest', suite: 'example.com/sysfs', outcomes: { TestPoll: { message: '' }, 'TestPoll/timeout': { message: 'poll_test.go:29: too early' } } }),
  ]);
  const result = triage(run, history);
  assert.deepEqual(verdicts(result), ['Test Windows TestPoll/timeout known-flaky']);
});

test('a failure in the base branch\'s newest run of the same job is failing-on-base even before it is a streak', () => {
  const runs: RunSpec[] = Array.from({ length: 20 }, (_, i) => ({ jobs: [{ ...LINUX, outcomes: { 'math::adds': i === 19 ? { outcome: 'fail', message: 'overflow' } : 'pass' } }] }));
  const result = triage(branchRun([job({ ...LINUX, outcomes: { 'math::adds': { message: 'overflow' } } })]), buildHistory(runs));
  assert.deepEqual(verdicts(result), ['Test Linux math::adds failing-on-base']);
  assert.match(result.failures[0]?.note ?? '', /newest run/);
});

test('a failure in the base branch\'s newest run of a same-named job of another workflow says nothing about this one', () => {
  // main runs `test` in two workflows, CI and Nightly, in turns; the newest run is Nightly's, and it failed `a::x`.
  const built = buildHistory(Array.from({ length: 40 }, (_, i) => ({ jobs: [{ name: 'test', labels: ['ubuntu-latest'], outcomes: { 'a::x': i === 39 ? { outcome: 'fail', message: 'expected nightly feature' } : 'pass' } }] })));
  const history: History = {
    ...built,
    runs: built.runs.map((r, i) => (i % 2 === 1 ? { ...r, workflowName: 'Nightly', workflowId: 2, jobs: r.jobs.map((j) => ({ ...j, workflowName: 'Nightly' })) } : r)),
  };
  const result = triage(branchRun([job({ name: 'test', labels: ['ubuntu-latest'], outcomes: { 'a::x': { message: 'assertion failed: my change' } } })]), history);
  assert.deepEqual(verdicts(result), ['test a::x new']);
  // The same failure in Nightly's own `test` job is one main has too.
  const nightly = triage(branchRun([{ ...job({ name: 'test', labels: ['ubuntu-latest'], outcomes: { 'a::x': { message: 'expected nightly feature' } } }), workflowName: 'Nightly' }], { workflowName: 'Nightly', workflowId: 2 }), history);
  assert.deepEqual(verdicts(nightly), ['test a::x failing-on-base']);
});

test('a JavaScript known flake is known whichever source named it, on the base branch or on this one', () => {
  // main names it as the console does (`Cart › adds an item`), the branch's jest-junit report without the chevron:
  // and the other way round for mocha, whose console joins titles with spaces.
  const cases: readonly [TestOutcome['framework'], string, string][] = [
    ['jest', 'Cart › adds an item', 'Cart adds an item'],
    ['mocha', 'Cart adds an item', 'Cart › adds an item'],
  ];
  for (const [framework, onBase, onBranch] of cases) {
    const suite = 'src/cart.test.ts';
    const history = buildHistory(
      Array.from({ length: 40 }, (_, i) => ({
        jobs: [{ ...LINUX, outcomes: { [onBase]: [5, 15, 25, 35].includes(i) ? { outcome: 'fail', message: 'connect ECONNREFUSED 127.0.0.1:5432' } : 'pass', 'Cart removes': 'pass' } }],
      })),
      { framework, suite },
    );
    const run = branchRun([job({ ...LINUX, framework, suite, outcomes: { [onBranch]: { message: 'connect ECONNREFUSED 127.0.0.1:5432' }, 'Cart removes': 'pass' } })]);
    const result = triage(run, history);
    assert.deepEqual(verdicts(result), ['Test Linux Cart › adds an item known-flaky'], framework);
    assert.equal(result.failures[0]?.flakyFailures, 4, framework);
  }
});

test('a run of the base branch itself is sorted against the rest of its history', () => {
  const history = baseHistory();
  const newest = history.runs[history.runs.length - 1] as StoredRun;
  const result = triage(newest, history);
  assert.equal(result.baseWindow.runs, BASE_RUNS - 1);
  assert.deepEqual(
    result.failures.map((f) => `${f.job} ${f.id} ${f.verdict}`),
    ['Test Linux cfg::default_path failing-on-base', 'Test Windows cfg::default_path failing-on-base'],
  );
});

test('a triage made in steps gives the thread back while the base branch\'s statistics are made and its scan completed, and sorts as one made at once', async () => {
  const run = branchRun([
    job({ ...LINUX, outcomes: { ...PASSING, 'net::connects': { message: 'connection reset by peer (os error 104)' }, 'math::adds': { message: 'assertion failed: 1 + 1 == 3' } } }),
    job({ ...WINDOWS, outcomes: PASSING }),
  ]);
  const inputs = { run, history: baseHistory(), window: { maxRuns: 100 }, minFlakeRate: 0 };
  let pauses = 0;
  const between = (): undefined => {
    pauses++;
  };
  const plan = await planTriageInSteps(inputs, between);
  // The statistics read each of the base's jobs three times (the JavaScript names, the tests each suite knows, the
  // executions) and pause after each, then after each test reported.
  assert.ok(pauses >= 3 * 2 * BASE_RUNS + 5, `${pauses} pauses while planning`);
  const planning = pauses;
  const result = await completeTriageInSteps(plan, undefined, undefined, between);
  assert.ok(pauses - planning >= 5, `${pauses - planning} pauses while completing: one after each of the base's 5 tests at least`);
  assert.deepEqual(result, triageAgainstHistory(inputs));
  assert.deepEqual(verdicts(result.triage), ['Test Linux math::adds new', 'Test Linux net::connects known-flaky']);
});
