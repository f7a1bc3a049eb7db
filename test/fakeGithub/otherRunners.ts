// CI histories of projects in other ecosystems than the sample repository's, with the truth to check Flakelens
// against: a Python project tested with `pytest -v --reruns 1` (pytest-rerunfailures: a test whose RERUN passed is
// a runner-confirmed flake), a TypeScript project tested with jest's default reporter (`--ci`: a passing file names
// no test) that uploads jest-junit reports as artifacts, and a Rust project tested with `cargo nextest run` with
// retries (`TRY 2 PASS`, `FLAKY 2/3`). The logs follow the runners' real output line for line (the parsers' fixtures
// in test/fixtures/logs show it); GitHub's framing comes from githubLog.ts.
//
//   const { state, truth } = generateRunnerHistory({ runner: 'pytest', seed: 1 });
//
// Additive: the sample repository's generator (scenarios.ts) and its truth are untouched. Deterministic from
// `seed`; first-attempt failures are placed by exact-count sampling as in scenarios.ts, so that a configured rate is
// the realised first-try rate; the runner's own retries and re-runs draw afresh.

import { BACKTRACE_NOTE, osPath, workspaceDir } from './cargoOutput';
import { closingSteps, stepTimeline, type JobPlan, type PlannedStep, type RunnerOs } from './jobPlan';
import { exactCount, Random } from './random';
import type { RateByOs } from './scenarios';
import { addArtifact, addAttempt, addRepo, addRun, addWorkflow, createState, isoSeconds, latestAttempt, type FakeGitHubState, type FakeRun } from './state';

export type OtherRunner = 'pytest' | 'jest' | 'nextest';
type RunnerFramework = 'pytest' | 'jest' | 'nextest';

/** One test of a generated project. */
export interface RunnerTest {
  readonly framework: RunnerFramework;
  /** pytest: the file; jest: the file (`/` separators); nextest: the binary id. */
  readonly suite: string;
  /** As the runner prints it (see TestOutcome's id forms). */
  readonly id: string;
  /** Always skipped, with this reason. */
  readonly skip?: string;
  /** What a failure prints: pytest's `E` lines, jest's error lines, a Rust panic's message lines. */
  readonly failure: readonly string[];
  /** The source line a failure points at: `tests/test_api.py:31`, `src/cart.test.ts:31:26`, `tests/all/wait.rs:9:5`. */
  readonly failsAt: string;
  /** pytest: the failing line of code; jest: the code frame's line. */
  readonly code?: string;
}

export interface RunnerJob {
  readonly name: string;
  readonly os: RunnerOs;
  /** The `runs-on` label. */
  readonly label: string;
}

export interface RunnerFlakySpec {
  readonly id: string;
  /** The first try's failure rate: one number for every OS, or per OS (absent OSes: 0). */
  readonly rate: number | RateByOs;
}

export interface RunnerHistoryOptions {
  readonly runner: OtherRunner;
  readonly seed: number;
  /** Workflow runs on the branch (default 60). */
  readonly runs?: number;
  readonly days?: number;
  readonly start?: string;
  readonly owner?: string;
  readonly repo?: string;
  readonly branch?: string;
  readonly jobs?: readonly RunnerJob[];
  readonly flaky?: readonly RunnerFlakySpec[];
  /** The runner's own retries of a failed test (pytest `--reruns`, nextest `retries`); default 1 for pytest, 2 for nextest; jest has none. */
  readonly retries?: number;
  /** The share of failed runs that were re-run (failed jobs only, attempt 2); default 0.5. */
  readonly rerunFraction?: number;
  /** JUnit XML reports uploaded as an artifact by every job execution (default: jest only). */
  readonly reports?: boolean;
  /** The oldest N runs' report artifacts have expired (default 0). */
  readonly expiredReportRuns?: number;
}

export interface RunnerTruthTest {
  readonly framework: RunnerFramework;
  readonly suite: string;
  readonly id: string;
  readonly expected: 'flaky' | 'stable';
  /** Flaky tests: failed first tries (a retried pass or a failure) / executions, over every attempt. */
  readonly rate?: number;
  readonly rateByOs?: RateByOs;
  readonly executions: number;
  /** Executions whose first try failed. */
  readonly failures: number;
  /** Of those, the ones the runner retried into a pass (runner-confirmed flakes). */
  readonly retriedPasses: number;
}

export interface RunnerTruth {
  readonly runner: OtherRunner;
  readonly repository: string;
  readonly defaultBranch: string;
  readonly runs: number;
  readonly jobs: readonly RunnerJob[];
  /** Every test that ran; always-skipped tests are in `skipped`. */
  readonly tests: readonly RunnerTruthTest[];
  readonly skipped: readonly { readonly framework: RunnerFramework; readonly suite: string; readonly id: string }[];
  readonly reruns: readonly { readonly runId: number; readonly runAttempt: number }[];
  /** Report artifacts uploaded (expired ones included). */
  readonly artifacts: number;
  /** Every job execution and how each test ended in it (`flaky`: failed, then passed on the runner's retry). */
  readonly executions: readonly RunnerJobTruth[];
}

export interface RunnerJobTruth {
  readonly runId: number;
  readonly jobId: number;
  readonly runAttempt: number;
  readonly job: string;
  readonly outcomes: readonly { readonly suite: string; readonly id: string; readonly outcome: 'pass' | 'fail' | 'flaky' | 'skip'; readonly tries: number }[];
}

// ---- The projects ----

const PYTEST_TESTS: readonly RunnerTest[] = [
  py('tests/test_api.py::test_get_user', ['assert response.status_code == 200', 'E       assert 503 == 200', "E        +  where 503 = <Response [503]>.status_code"], 12),
  py('tests/test_api.py::test_retry_backoff', ['assert elapsed < 0.5', 'E       assert 0.5213 < 0.5'], 31),
  py('tests/test_api.py::TestPagination::test_next_page[2-50]', ['assert page.next == 3', 'E       assert None == 3'], 44),
  py(
    'tests/test_api.py::TestPagination::test_next_page[ünï-10]',
    ['page = client.page(cursor, size)', "E       requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.example.com', port=443): Max retries exceeded with url: /items?size=10"],
    47,
  ),
  py('tests/test_cache.py::test_eviction_order', ['assert list(cache.keys()) == ["a", "b", "c"]', "E       AssertionError: assert ['b', 'a', 'c'] == ['a', 'b', 'c']", 'E         At index 0 diff: \'b\' != \'a\''], 18),
  py('tests/test_cache.py::test_ttl[a::b]', ['assert cache.get("a::b") is None', "E       AssertionError: assert 'x' is None"], 27),
  { ...py('tests/test_cache.py::TestRedis::test_connects', ['assert redis.ping()'], 40), skip: 'needs a redis server' },
  py('tests/test_models.py::test_price_rounding[with space-100]', ['assert round_price(price) == 100', 'E       assert 99 == 100'], 9),
  py('tests/test_models.py::TestOrder::test_total', ['assert order.total() == Decimal("10.00")', "E       AssertionError: assert Decimal('9.99') == Decimal('10.00')"], 22),
];

const JEST_TESTS: readonly RunnerTest[] = [
  js('src/cart.test.ts', 'Cart › adds an item', ['expect(received).toHaveLength(expected)', '', 'Expected length: 1', 'Received length: 0'], 12, 'expect(cart.items).toHaveLength(1);'),
  js('src/cart.test.ts', 'Cart › totals › applies a coupon', ['expect(received).toBe(expected) // Object.is equality', '', 'Expected: 90', 'Received: 100'], 31, 'expect(cart.total()).toBe(90);'),
  js('src/cart.test.ts', 'Cart › totals › rounds to cents', ['expect(received).toBe(expected) // Object.is equality', '', 'Expected: 0.3', 'Received: 0.30000000000000004'], 38, 'expect(sum(0.1, 0.2)).toBe(0.3);'),
  js('src/poller.test.ts', 'Poller › eventually responds', ['thrown: "Exceeded timeout of 5000 ms for a test.', 'Add a timeout value to this test to increase the timeout, if this is a long-running test. See https://jestjs.io/docs/api#testname-fn-timeout."'], 6, "test('eventually responds', async () => {"),
  js('src/poller.test.ts', 'Poller › stops on abort', ['expect(received).toBe(expected) // Object.is equality', '', 'Expected: "stopped"', 'Received: "running"'], 19, "expect(poller.state).toBe('stopped');"),
  js('src/format.test.ts', 'formatPrice › formats ¥ without decimals', ['expect(received).toBe(expected) // Object.is equality', '', 'Expected: "¥100"', 'Received: "¥100.00"'], 4, "expect(formatPrice(100, 'JPY')).toBe('¥100');"),
  js('src/format.test.ts', 'formatPrice › formats € with a comma', ['expect(received).toBe(expected) // Object.is equality', '', 'Expected: "1,50 €"', 'Received: "1.50 €"'], 9, "expect(formatPrice(1.5, 'EUR', 'de')).toBe('1,50 €');"),
  js('src/api/client.test.ts', 'client › retries › on 503 [attempt 2]', ['expect(jest.fn()).toHaveBeenCalledTimes(expected)', '', 'Expected number of calls: 2', 'Received number of calls: 1'], 21, 'expect(fetch).toHaveBeenCalledTimes(2);'),
  { ...js('src/api/client.test.ts', 'client › uploads large files', ['never runs'], 30, ''), skip: 'skipped' },
];

const NEXTEST_TESTS: readonly RunnerTest[] = [
  rs('ticker', 'tests::adds', ['assertion `left == right` failed', '  left: 4', ' right: 5'], 'src/lib.rs:46:9'),
  rs('ticker', 'tests::parses_port_ünïcode', ['called `Result::unwrap()` on an `Err` value: InvalidPort'], 'src/lib.rs:58:30'),
  rs('ticker::all', 'wait_notify::atomic_wait_timeout_length', ['waited 9.87ms, expected at least 10ms'], 'tests/all/wait_notify.rs:9:5'),
  rs('ticker::all', 'net::connects_loopback', ['called `Result::unwrap()` on an `Err` value: Os { code: 10061, kind: ConnectionRefused, message: "No connection could be made because the target machine actively refused it." }'], 'tests/all/net.rs:14:51'),
  rs('ticker::all', 'process::spawns_helper', ['helper exited with status 3'], 'tests/all/process.rs:21:5'),
  { ...rs('ticker::all', 'net::resolves_example_com', ['needs the network'], 'tests/all/net.rs:30:5'), skip: 'ignored' },
  rs('ticker::bin/tick', 'cli::prints_usage', ['usage was not printed'], 'src/bin/tick.rs:88:9'),
];

function py(id: string, lines: readonly string[], line: number): RunnerTest {
  const suite = id.slice(0, id.indexOf('::'));
  const [code = '', ...explanation] = lines;
  return { framework: 'pytest', suite, id, failure: explanation, failsAt: `${suite}:${line}`, code };
}

function js(file: string, id: string, failure: readonly string[], line: number, code: string): RunnerTest {
  return { framework: 'jest', suite: file, id, failure, failsAt: `${file}:${line}:${Math.max(1, code.indexOf('(') + 8)}`, code };
}

function rs(binary: string, id: string, failure: readonly string[], failsAt: string): RunnerTest {
  return { framework: 'nextest', suite: binary, id, failure, failsAt };
}

interface Project {
  readonly repo: string;
  readonly tests: readonly RunnerTest[];
  readonly jobs: readonly RunnerJob[];
  readonly flaky: readonly RunnerFlakySpec[];
  readonly retries: number;
  readonly reports: boolean;
  readonly command: string;
  readonly setup: { readonly name: string; readonly action: string; readonly output: readonly string[] };
}

const PROJECTS: Readonly<Record<OtherRunner, Project>> = {
  pytest: {
    repo: 'shop-api',
    tests: PYTEST_TESTS,
    jobs: [
      { name: 'test (ubuntu-latest, 3.12)', os: 'linux', label: 'ubuntu-latest' },
      { name: 'test (windows-latest, 3.12)', os: 'windows', label: 'windows-latest' },
    ],
    flaky: [
      { id: 'tests/test_api.py::test_retry_backoff', rate: 0.15 },
      { id: 'tests/test_cache.py::test_eviction_order', rate: { windows: 0.25 } },
      { id: 'tests/test_api.py::TestPagination::test_next_page[ünï-10]', rate: 0.08 },
    ],
    retries: 1,
    reports: false,
    command: 'python -m pytest -v --reruns 1',
    setup: { name: 'Set up Python 3.12', action: 'actions/setup-python@v5', output: ['Installed versions', 'Successfully set up CPython (3.12.7)'] },
  },
  jest: {
    repo: 'shop-web',
    tests: JEST_TESTS,
    jobs: [
      { name: 'test (ubuntu-latest, 20.x)', os: 'linux', label: 'ubuntu-latest' },
      { name: 'test (windows-latest, 20.x)', os: 'windows', label: 'windows-latest' },
      { name: 'test (macos-latest, 20.x)', os: 'macos', label: 'macos-latest' },
    ],
    flaky: [
      { id: 'Poller › eventually responds', rate: { windows: 0.2, linux: 0.05, macos: 0.05 } },
      { id: 'Cart › totals › applies a coupon', rate: 0.08 },
    ],
    retries: 0,
    reports: true,
    command: 'npx jest --ci',
    setup: { name: 'Set up Node.js 20.x', action: 'actions/setup-node@v4', output: ['Found in cache @ /opt/hostedtoolcache/node/20.18.0/x64', 'Environment details', '  node: v20.18.0', '  npm: 10.8.2'] },
  },
  nextest: {
    repo: 'ticker',
    tests: NEXTEST_TESTS,
    jobs: [
      { name: 'nextest (ubuntu-latest)', os: 'linux', label: 'ubuntu-latest' },
      { name: 'nextest (windows-latest)', os: 'windows', label: 'windows-latest' },
    ],
    flaky: [
      { id: 'wait_notify::atomic_wait_timeout_length', rate: 0.15 },
      { id: 'net::connects_loopback', rate: { windows: 0.2 } },
    ],
    retries: 2,
    reports: false,
    command: 'cargo nextest run --profile ci',
    setup: { name: 'Install cargo-nextest', action: 'taiki-e/install-action@v2', output: ['info: installing cargo-nextest@latest', 'info: cargo-nextest installed at /home/runner/.cargo/bin/cargo-nextest'] },
  },
};

/** The tests of a generated project, in the order its runner lists them. */
export function runnerTests(runner: OtherRunner): readonly RunnerTest[] {
  return PROJECTS[runner].tests;
}

// ---- Outcomes ----

/** One test in one job execution: each try's result (the runner retries a failure), or skipped. */
type Tries = readonly ('pass' | 'fail')[] | 'skip';

interface Execution {
  readonly test: RunnerTest;
  readonly tries: Tries;
}

function finalResult(tries: Tries): 'pass' | 'fail' | 'skip' {
  return tries === 'skip' ? 'skip' : (tries[tries.length - 1] ?? 'pass');
}

function testKeyOf(t: { framework: string; suite: string; id: string }): string {
  return `${t.framework}\u001f${t.suite}\u001f${t.id}`;
}

/** Generates a history of one project and its truth. */
export function generateRunnerHistory(options: RunnerHistoryOptions): { state: FakeGitHubState; truth: RunnerTruth } {
  const project = PROJECTS[options.runner];
  const seed = options.seed;
  const runCount = Math.max(1, Math.floor(options.runs ?? 60));
  const days = options.days ?? 30;
  const startMs = Date.parse(options.start ?? '2026-10-01T08:00:00Z');
  const owner = options.owner ?? 'acme';
  const repoName = options.repo ?? project.repo;
  const repository = `${owner}/${repoName}`;
  const branch = options.branch ?? 'main';
  const jobs = options.jobs ?? project.jobs;
  const retries = options.runner === 'jest' ? 0 : Math.max(0, options.retries ?? project.retries);
  const reports = options.reports ?? project.reports;
  const random = Random.derive(seed, 'runner-history', options.runner);

  const flaky = (options.flaky ?? project.flaky).map((spec) => {
    const test = project.tests.find((t) => t.id === spec.id);
    if (!test) throw new Error(`The ${options.runner} project has no test ${spec.id}.`);
    const rateByOs: RateByOs = typeof spec.rate === 'number' ? Object.fromEntries(jobs.map((j) => [j.os, spec.rate as number])) : spec.rate;
    return { test, rateByOs };
  });
  const rateOf = (test: RunnerTest, os: RunnerOs): number => flaky.find((f) => f.test === test)?.rateByOs[os] ?? 0;

  // First attempts: exactly round(rate × runs) first-try failures per flaky test and job, at seeded positions.
  const firstTryFails = new Map<string, Set<number>>();
  for (const f of flaky) {
    for (const job of jobs) {
      const rate = f.rateByOs[job.os] ?? 0;
      if (rate > 0) firstTryFails.set(`${job.name}\u001f${testKeyOf(f.test)}`, new Set(random.positions(runCount, exactCount(rate, runCount))));
    }
  }

  /** Each test's tries in one job execution: the first try as sampled (or drawn, for a re-run), retries drawn. */
  const executionsFor = (index: number, job: RunnerJob, draw: Random | undefined): Execution[] =>
    project.tests.map((test) => {
      if (test.skip !== undefined) return { test, tries: 'skip' as const };
      const rate = rateOf(test, job.os);
      const firstFails = draw ? rate > 0 && draw.chance(rate) : (firstTryFails.get(`${job.name}\u001f${testKeyOf(test)}`)?.has(index) ?? false);
      if (!firstFails) return { test, tries: ['pass' as const] };
      const tries: ('pass' | 'fail')[] = ['fail'];
      const retry = draw ?? Random.derive(seed, 'retry', index, job.name, test.id);
      for (let r = 0; r < retries; r++) {
        const fails = retry.chance(rate);
        tries.push(fails ? 'fail' : 'pass');
        if (!fails) break;
      }
      return { test, tries };
    });

  const state = createState();
  const repo = addRepo(state, { owner, name: repoName, defaultBranch: branch, createdAt: isoSeconds(startMs - 200 * 86_400_000) });
  const workflow = addWorkflow(state, repo, { name: 'CI', path: '.github/workflows/ci.yml', createdAt: isoSeconds(startMs - 190 * 86_400_000) });
  state.ids.run = 19_100_000_000 + random.int(0, 90_000_000);
  state.ids.job = 53_000_000_000 + random.int(0, 900_000_000);

  const planned = new Map<number, Execution[]>(); // job id → its executions
  const uploads: { run: FakeRun; jobId: number; index: number }[] = [];
  const interval = (days * 86_400_000) / runCount;
  const generated: { run: FakeRun; index: number }[] = [];
  let lastActivity = startMs;

  const planFor = (job: RunnerJob, sha: string, startedAt: string, executions: readonly Execution[], attempt: number): JobPlan =>
    jobPlan({ project, runner: options.runner, job, repository, sha, branch, startedAt, seed, executions, retries, reports, attempt });

  for (let index = 0; index < runCount; index++) {
    const createdMs = Math.round((startMs + index * interval + random.float(0, interval * 0.4)) / 1000) * 1000;
    const sha = random.hex(40);
    const jobStart = createdMs + random.int(4, 25) * 1000;
    const executions = jobs.map((job) => executionsFor(index, job, undefined));
    const run = addRun(state, repo, {
      workflow,
      runNumber: 300 + index,
      sha,
      event: 'push',
      title: `Change ${index + 1}`,
      actor: random.pick(['octocat', 'mona', 'hubot']),
      createdAt: isoSeconds(createdMs),
      jobs: jobs.map((job, j) => ({ plan: planFor(job, sha, isoSeconds(jobStart + random.int(0, 8000)), executions[j] ?? [], 1) })),
    });
    run.jobs.forEach((fakeJob, j) => {
      planned.set(fakeJob.id, executions[j] ?? []);
      uploads.push({ run, jobId: fakeJob.id, index });
    });
    generated.push({ run, index });
    lastActivity = Math.max(lastActivity, Date.parse(latestAttempt(run).updatedAt));
  }

  // Re-runs of failed jobs: round(fraction × failed runs) of the failed runs, each try drawn afresh.
  const reruns: { runId: number; runAttempt: number }[] = [];
  const failedRuns = generated.filter(({ run }) => latestAttempt(run).conclusion === 'failure');
  const picks = new Set(random.positions(failedRuns.length, exactCount(options.rerunFraction ?? 0.5, failedRuns.length)));
  failedRuns.forEach(({ run, index }, i) => {
    if (!picks.has(i)) return;
    const first = latestAttempt(run);
    const start = Date.parse(first.updatedAt) + random.int(5, 90) * 60_000;
    const failedJobs = run.jobs.filter((j) => j.runAttempt === 1 && j.conclusion === 'failure');
    const specs = failedJobs.map((previous) => {
      const job = jobs.find((j) => j.name === previous.name) as RunnerJob;
      const draw = Random.derive(seed, 'rerun', run.id, job.name);
      const executions = executionsFor(index, job, draw);
      return { executions, plan: planFor(job, run.headSha, isoSeconds(start + draw.int(0, 8000)), executions, 2) };
    });
    const attempt = addAttempt(state, run, specs.map((s) => ({ plan: s.plan })));
    run.jobs
      .filter((j) => j.runAttempt === attempt.attempt)
      .forEach((fakeJob, k) => {
        planned.set(fakeJob.id, specs[k]?.executions ?? []);
        uploads.push({ run, jobId: fakeJob.id, index });
      });
    reruns.push({ runId: run.id, runAttempt: attempt.attempt });
    lastActivity = Math.max(lastActivity, Date.parse(attempt.updatedAt));
  });

  // Report artifacts, uploaded by each job execution at the end of its upload step.
  let artifacts = 0;
  if (reports) {
    for (const { run, jobId, index } of uploads) {
      const fakeJob = run.jobs.find((j) => j.id === jobId);
      if (!fakeJob?.plan) continue;
      const job = jobs.find((j) => j.name === fakeJob.name) as RunnerJob;
      const upload = stepTimeline(fakeJob.plan).find((t) => t.step.name === 'Upload test results');
      addArtifact(state, repo, run, {
        name: reportArtifactName(job, fakeJob.runAttempt),
        files: [{ name: reportFileName(options.runner), content: renderReport(options.runner, planned.get(jobId) ?? [], job.os, repository, fakeJob.plan.startedAt) }],
        expired: index < (options.expiredReportRuns ?? 0),
        ...(upload ? { createdAt: isoSeconds(upload.endMs) } : {}),
      });
      artifacts++;
    }
  }

  state.now = isoSeconds(lastActivity + 10 * 60_000);
  state.rateLimit.reset = Math.floor(Date.parse(state.now) / 1000) + 3600;

  // The truth, read back from what every job execution ran.
  interface Count {
    executions: number;
    failures: number;
    retriedPasses: number;
    readonly byOs: Map<RunnerOs, { executions: number; failures: number }>;
  }
  const newCount = (): Count => ({ executions: 0, failures: 0, retriedPasses: 0, byOs: new Map() });
  const counts = new Map<string, Count>();
  for (const run of repo.runs) {
    for (const fakeJob of run.jobs) {
      const os = fakeJob.plan?.os ?? 'linux';
      for (const { test, tries } of planned.get(fakeJob.id) ?? []) {
        if (tries === 'skip') continue;
        const key = testKeyOf(test);
        const c = counts.get(key) ?? newCount();
        counts.set(key, c);
        const o = c.byOs.get(os) ?? { executions: 0, failures: 0 };
        c.byOs.set(os, o);
        c.executions++;
        o.executions++;
        if (tries[0] === 'fail') {
          c.failures++;
          o.failures++;
          if (finalResult(tries) === 'pass') c.retriedPasses++;
        }
      }
    }
  }
  const tests: RunnerTruthTest[] = project.tests
    .filter((t) => t.skip === undefined)
    .map((t) => {
      const c = counts.get(testKeyOf(t)) ?? newCount();
      const rateByOs: RateByOs = {};
      for (const [os, o] of c.byOs) if (o.executions > 0) rateByOs[os] = o.failures / o.executions;
      const expected = c.failures > 0 ? 'flaky' : 'stable';
      return {
        framework: t.framework,
        suite: t.suite,
        id: t.id,
        expected,
        ...(expected === 'flaky' ? { rate: c.failures / c.executions, rateByOs } : {}),
        executions: c.executions,
        failures: c.failures,
        retriedPasses: c.retriedPasses,
      };
    });
  const truth: RunnerTruth = {
    runner: options.runner,
    repository,
    defaultBranch: branch,
    runs: runCount,
    jobs,
    tests,
    skipped: project.tests.filter((t) => t.skip !== undefined).map((t) => ({ framework: t.framework, suite: t.suite, id: t.id })),
    reruns,
    artifacts,
    executions: repo.runs.flatMap((run) =>
      run.jobs.map((fakeJob) => ({
        runId: run.id,
        jobId: fakeJob.id,
        runAttempt: fakeJob.runAttempt,
        job: fakeJob.name,
        outcomes: (planned.get(fakeJob.id) ?? []).map(({ test, tries }) => {
          const result = finalResult(tries);
          const outcome = tries !== 'skip' && result === 'pass' && tries.length > 1 ? ('flaky' as const) : result;
          return { suite: test.suite, id: test.id, outcome, tries: tries === 'skip' ? 0 : tries.length };
        }),
      })),
    ),
  };
  return { state, truth };
}

/** `jest-results-ubuntu-latest-20.x`, with `-attempt-2` for a re-run (upload-artifact v4 names are unique per run). */
export function reportArtifactName(job: RunnerJob, attempt: number): string {
  const matrix = /\(([^()]*)\)\s*$/.exec(job.name)?.[1] ?? job.name;
  const slug = matrix
    .toLowerCase()
    .split(/,\s*/)
    .map((part) => part.trim().replace(/\s+/g, '-'))
    .join('-');
  return `test-results-${slug}${attempt > 1 ? `-attempt-${attempt}` : ''}`;
}

function reportFileName(runner: OtherRunner): string {
  return runner === 'jest' ? 'reports/junit.xml' : runner === 'pytest' ? 'report.xml' : 'target/nextest/ci/junit.xml';
}

// ---- Job plans ----

interface PlanInput {
  readonly project: Project;
  readonly runner: OtherRunner;
  readonly job: RunnerJob;
  readonly repository: string;
  readonly sha: string;
  readonly branch: string;
  readonly startedAt: string;
  readonly seed: number;
  readonly executions: readonly Execution[];
  readonly retries: number;
  readonly reports: boolean;
  readonly attempt: number;
}

function jobPlan(input: PlanInput): JobPlan {
  const { project, job } = input;
  const random = Random.derive(input.seed, 'runner-job', job.name, input.startedAt);
  const failed = input.executions.some((e) => finalResult(e.tries) === 'fail');
  const output = renderRunner(input, random);
  const testSeconds = random.float(20, 90) * (job.os === 'windows' ? 1.6 : 1);
  const steps: PlannedStep[] = [
    { kind: 'setup', name: 'Set up job', durationSeconds: random.float(1.5, 4), actions: ['actions/checkout@v4', project.setup.action, ...(input.reports ? ['actions/upload-artifact@v4'] : [])] },
    { kind: 'checkout', name: 'Run actions/checkout@v4', durationSeconds: random.float(1, 3), action: 'actions/checkout@v4' },
    { kind: 'script', name: project.setup.name, durationSeconds: random.float(3, 12), command: project.setup.action, env: {}, output: project.setup.output, exitCode: 0 },
    { kind: 'script', name: `Run ${project.command}`, durationSeconds: testSeconds, command: project.command, env: {}, output, exitCode: failed ? 1 : 0 },
    ...(input.reports
      ? [
          {
            kind: 'script' as const,
            name: 'Upload test results',
            durationSeconds: random.float(1, 3),
            runIf: 'always' as const,
            command: 'actions/upload-artifact@v4',
            env: {},
            output: uploadOutput(reportArtifactName(job, input.attempt), random),
            exitCode: 0,
          },
        ]
      : []),
    ...closingSteps(random),
  ];
  return {
    os: job.os,
    label: job.label,
    jobName: job.name,
    repository: input.repository,
    sha: input.sha,
    ref: `refs/heads/${input.branch}`,
    workflowPath: '.github/workflows/ci.yml',
    env: input.runner === 'nextest' ? { CARGO_TERM_COLOR: 'always' } : input.runner === 'pytest' ? { PYTHONUNBUFFERED: '1' } : { CI: 'true' },
    runnerName: `GitHub Actions ${random.int(1, 1999)}`,
    seed: input.seed,
    startedAt: input.startedAt,
    steps,
  };
}

function uploadOutput(name: string, random: Random): string[] {
  const size = random.int(900, 4000);
  const id = random.int(2_000_000_000, 2_100_000_000);
  return [
    'With the provided path, there will be 1 file uploaded',
    'Artifact name is valid!',
    'Root directory input is valid!',
    'Beginning upload of artifact content to blob storage',
    `Uploaded bytes ${size}`,
    'Finished uploading artifact content to blob storage!',
    `SHA256 digest of uploaded artifact zip is ${random.hex(64)}`,
    'Finalizing artifact upload',
    `Artifact ${name}.zip successfully finalized. Artifact ID ${id}`,
    `Artifact ${name} has been successfully uploaded! Final size is ${size} bytes. Artifact ID is ${id}`,
  ];
}

function renderRunner(input: PlanInput, random: Random): string[] {
  switch (input.runner) {
    case 'pytest':
      return renderPytest(input, random);
    case 'jest':
      return renderJest(input, random);
    case 'nextest':
      return renderNextest(input, random);
  }
}

// ---- pytest -v --reruns N ----

/** pytest's `sep`: a title centred in a line of `fill`, 80 columns. */
function pytestSep(fill: string, title: string): string {
  const n = Math.max(1, Math.floor((80 - title.length - 2) / fill.length / 2));
  const line = `${fill.repeat(n)} ${title} ${fill.repeat(n)}`;
  return line.length < 80 ? line + fill.repeat(Math.floor((80 - line.length) / fill.length)) : line;
}

function pytestResult(id: string, word: string, percent: number): string {
  const head = `${id} ${word}`;
  const tail = `[${String(percent).padStart(3)}%]`;
  return head.length + 1 + tail.length <= 80 ? `${head.padEnd(80 - tail.length)}${tail}` : `${head} ${tail}`;
}

function renderPytest(input: PlanInput, random: Random): string[] {
  const { job, executions } = input;
  const windows = job.os === 'windows';
  const root = workspaceDir(input.repository, job.os);
  const python = windows ? 'C:\\hostedtoolcache\\windows\\Python\\3.12.7\\x64\\python.exe' : job.os === 'macos' ? '/Users/runner/hostedtoolcache/Python/3.12.7/arm64/bin/python' : '/opt/hostedtoolcache/Python/3.12.7/x64/bin/python';
  const lines = [
    pytestSep('=', 'test session starts'),
    `platform ${windows ? 'win32' : job.os === 'macos' ? 'darwin' : 'linux'} -- Python 3.12.7, pytest-8.3.3, pluggy-1.5.0 -- ${python}`,
    'cachedir: .pytest_cache',
    `rootdir: ${root}`,
    'configfile: pyproject.toml',
    'plugins: rerunfailures-14.0',
    `collecting ... collected ${executions.length} items`,
    '',
  ];
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let reruns = 0;
  const failures: RunnerTest[] = [];
  executions.forEach(({ test, tries }, i) => {
    const percent = Math.floor(((i + 1) * 100) / executions.length);
    if (tries === 'skip') {
      skipped++;
      lines.push(pytestResult(test.id, `SKIPPED (${test.skip ?? 'skipped'})`, percent));
      return;
    }
    tries.forEach((result, t) => {
      const last = t === tries.length - 1;
      if (!last) {
        reruns++;
        lines.push(pytestResult(test.id, 'RERUN', percent));
      } else if (result === 'pass') {
        passed++;
        lines.push(pytestResult(test.id, 'PASSED', percent));
      } else {
        failed++;
        failures.push(test);
        lines.push(pytestResult(test.id, 'FAILED', percent));
      }
    });
  });
  lines.push('');
  if (failures.length > 0) {
    lines.push(pytestSep('=', 'FAILURES'));
    for (const test of failures) {
      lines.push(pytestSep('_', pytestTitle(test.id)), '');
      const { name } = pytestParts(test.id);
      const fn = name.replace(/\[.*$/, '');
      lines.push(`    def ${fn}(${test.id.includes('::Test') ? 'self' : ''}):`, '        result = run_case()', `>       ${test.code ?? ''}`);
      lines.push(...test.failure, '', `${osPath(test.failsAt, job.os)}: ${/^E\s+(?:[\w.]+\.)?(\w+(?:Error|Exception))\b/m.exec(test.failure.join('\n'))?.[1] ?? 'AssertionError'}`);
    }
    lines.push(pytestSep('=', 'short test summary info'));
    for (const test of failures) {
      const reason = (test.failure[0] ?? '').replace(/^E\s+/, '');
      const line = `FAILED ${test.id} - ${reason}`;
      lines.push(line.length > 80 ? `${line.slice(0, 77)}...` : line);
    }
  }
  const parts = [failed > 0 ? `${failed} failed` : '', `${passed} passed`, skipped > 0 ? `${skipped} skipped` : '', reruns > 0 ? `${reruns} rerun` : ''].filter((p) => p !== '');
  lines.push(pytestSep('=', `${parts.join(', ')} in ${random.float(1.5, 9).toFixed(2)}s`));
  return lines;
}

/** A node id's parts: the file, the classes and the name (`::` inside a parameter's brackets is the parameter's). */
function pytestParts(id: string): { file: string; classes: string[]; name: string } {
  const bracket = id.indexOf('[');
  const head = bracket === -1 ? id : id.slice(0, bracket);
  const parts = head.split('::');
  const file = parts.shift() ?? '';
  const last = (parts.pop() ?? '') + (bracket === -1 ? '' : id.slice(bracket));
  return { file, classes: parts, name: last };
}

/** The FAILURES section's title of a test: `TestC.test_y[a::b]`. */
function pytestTitle(id: string): string {
  const { classes, name } = pytestParts(id);
  return [...classes, name].join('.');
}

// ---- jest --ci (default reporter) ----

function renderJest(input: PlanInput, random: Random): string[] {
  const { job, executions } = input;
  const sep = job.os === 'windows' ? '\\' : '/';
  const files = [...new Set(executions.map((e) => e.test.suite))];
  const lines: string[] = [];
  let failedFiles = 0;
  const counts = { failed: 0, skipped: 0, passed: 0 };
  for (const file of random.shuffle(files)) {
    const inFile = executions.filter((e) => e.test.suite === file);
    const failed = inFile.filter((e) => finalResult(e.tries) === 'fail');
    for (const e of inFile) {
      const r = finalResult(e.tries);
      if (r === 'fail') counts.failed++;
      else if (r === 'skip') counts.skipped++;
      else counts.passed++;
    }
    const shown = file.replaceAll('/', sep);
    const slow = random.chance(0.2) ? ` (${random.float(5.1, 9).toFixed(2)} s)` : '';
    if (failed.length === 0) {
      lines.push(`PASS ${shown}${slow}`);
      continue;
    }
    failedFiles++;
    lines.push(`FAIL ${shown}${slow}`);
    for (const { test } of failed) {
      const [location = '', line = '1', column = '1'] = /^(.*):(\d+):(\d+)$/.exec(test.failsAt)?.slice(1) ?? [];
      const n = Number(line);
      const code = test.code ?? '';
      lines.push(`  ● ${test.id}`, '');
      for (const l of test.failure) lines.push(l === '' ? '' : `    ${l}`);
      lines.push(
        '',
        `    \x1b[0m \x1b[90m ${String(n - 1).padStart(2)} |\x1b[39m     const result = await subject()\x1b[33m;\x1b[39m`,
        `    \x1b[31m\x1b[1m>\x1b[22m\x1b[39m\x1b[90m ${String(n).padStart(2)} |\x1b[39m     ${code}`,
        `     \x1b[90m    |\x1b[39m ${' '.repeat(Math.max(0, Number(column) - 1))}\x1b[31m\x1b[1m^\x1b[22m\x1b[39m`,
        `     \x1b[90m ${String(n + 1).padStart(2)} |\x1b[39m   })\x1b[33m;\x1b[39m\x1b[0m`,
        '',
        `      at Object.toBe (${location.replaceAll('/', sep)}:${line}:${column})`,
        '',
      );
    }
  }
  const total = executions.length;
  lines.push(
    `Test Suites: ${failedFiles > 0 ? `${failedFiles} failed, ` : ''}${files.length - failedFiles} passed, ${files.length} total`,
    `Tests:       ${counts.failed > 0 ? `${counts.failed} failed, ` : ''}${counts.skipped > 0 ? `${counts.skipped} skipped, ` : ''}${counts.passed} passed, ${total} total`,
    'Snapshots:   0 total',
    `Time:        ${random.float(2, 12).toFixed(3)} s`,
    'Ran all test suites.',
  );
  return lines;
}

// ---- cargo nextest run (0.9.9x human output) ----

function nextestStatus(word: string, seconds: number, counter: string, test: RunnerTest): string {
  return `${word.padStart(12)} [${seconds.toFixed(3).padStart(8)}s] ${counter}${test.suite} ${test.id}`;
}

function renderNextest(input: PlanInput, random: Random): string[] {
  const { job, executions } = input;
  const root = workspaceDir(input.repository, job.os);
  const ran = executions.filter((e) => e.tries !== 'skip');
  const skipped = executions.length - ran.length;
  const binaries = new Set(executions.map((e) => e.test.suite)).size;
  const width = String(ran.length).length;
  const lines = [
    `   Compiling ticker v0.3.1 (${root})`,
    `    Finished \`test\` profile [unoptimized + debuginfo] target(s) in ${random.float(20, 80).toFixed(2)}s`,
    '────────────',
    ` Nextest run ID ${random.uuid()} with nextest profile: ci`,
    `    Starting ${ran.length} tests across ${binaries} binaries${skipped > 0 ? ` (${skipped} test${skipped === 1 ? '' : 's'} skipped)` : ''}`,
  ];
  const recap: string[] = [];
  let flakyCount = 0;
  let failedCount = 0;
  let elapsed = 0;
  ran.forEach(({ test, tries }, i) => {
    if (tries === 'skip') return;
    const counter = `(${String(i + 1).padStart(width)}/${ran.length}) `;
    tries.forEach((result, t) => {
      const seconds = random.float(0.001, 0.05);
      elapsed += seconds;
      const word = tries.length > 1 ? `TRY ${t + 1} ${result === 'pass' ? 'PASS' : 'FAIL'}` : result === 'pass' ? 'PASS' : 'FAIL';
      lines.push(nextestStatus(word, seconds, counter, test));
      if (result === 'fail') lines.push(...capturedFailure(test, job.os));
      if (t === tries.length - 1 && tries.length > 1 && result === 'pass') {
        flakyCount++;
        recap.push(nextestStatus(`FLAKY ${t + 1}/${input.retries + 1}`, seconds, '', test));
      } else if (t === tries.length - 1 && result === 'fail') {
        failedCount++;
        recap.push(nextestStatus(word, seconds, '', test));
      }
    });
  });
  const passed = ran.length - failedCount;
  const summary = `${ran.length} tests run: ${passed} passed${flakyCount > 0 ? ` (${flakyCount} flaky)` : ''}${failedCount > 0 ? `, ${failedCount} failed` : ''}${skipped > 0 ? `, ${skipped} skipped` : ''}`;
  lines.push('────────────', `     Summary [${elapsed.toFixed(3).padStart(8)}s] ${summary}`, ...recap);
  if (failedCount > 0) lines.push('error: test run failed');
  return lines;
}

/** A failed try's captured output, as nextest 0.9.9x prints it under the status line. */
function capturedFailure(test: RunnerTest, os: RunnerOs): string[] {
  return [
    '  stdout ───',
    '',
    '    running 1 test',
    `    test ${test.id} ... FAILED`,
    '',
    '    failures:',
    '',
    '    failures:',
    `        ${test.id}`,
    '',
    '    test result: FAILED. 0 passed; 1 failed; 0 ignored; 0 measured; 4 filtered out; finished in 0.01s',
    '',
    '  stderr ───',
    `    thread '${test.id}' panicked at ${osPath(test.failsAt, os)}:`,
    ...test.failure.map((l) => `    ${l}`),
    `    ${BACKTRACE_NOTE}`,
    '',
  ];
}

// ---- Reports ----

function renderReport(runner: OtherRunner, executions: readonly Execution[], os: RunnerOs, repository: string, timestamp: string): string {
  return runner === 'jest' ? renderJestJUnit(executions, os, repository, timestamp) : renderGenericJUnit(runner, executions, timestamp);
}

/**
 * jest-junit with `ancestorSeparator: " › "`, `classNameTemplate: "{classname}"`, `titleTemplate: "{title}"` and
 * `addFileAttribute: "true"`: one testsuite per file, `classname` the describe blocks, `name` the test's title.
 */
function renderJestJUnit(executions: readonly Execution[], os: RunnerOs, repository: string, timestamp: string): string {
  const sep = os === 'windows' ? '\\' : '/';
  const root = workspaceDir(repository, os);
  const files = [...new Set(executions.map((e) => e.test.suite))];
  const suites: string[] = [];
  let failures = 0;
  for (const file of files) {
    const inFile = executions.filter((e) => e.test.suite === file);
    const cases: string[] = [];
    let fileFailures = 0;
    let fileSkipped = 0;
    for (const { test, tries } of inFile) {
      const titles = test.id.split(' › ');
      const name = titles.pop() ?? '';
      const attrs = `classname="${xml(titles.join(' › '))}" name="${xml(name)}" time="${tries === 'skip' ? '0' : '0.004'}" file="${xml(file.replaceAll('/', sep))}"`;
      const result = finalResult(tries);
      if (result === 'skip') {
        fileSkipped++;
        cases.push(`    <testcase ${attrs}>\n      <skipped/>\n    </testcase>`);
      } else if (result === 'fail') {
        fileFailures++;
        const body = `Error: ${test.failure.join('\n')}\n    at Object.toBe (${root}${sep}${test.failsAt.replaceAll('/', sep)})`;
        cases.push(`    <testcase ${attrs}>\n      <failure>${xml(body)}</failure>\n    </testcase>`);
      } else {
        cases.push(`    <testcase ${attrs}>\n    </testcase>`);
      }
    }
    failures += fileFailures;
    suites.push(
      `  <testsuite name="${xml(file)}" errors="0" failures="${fileFailures}" skipped="${fileSkipped}" timestamp="${timestamp.replace('Z', '')}" time="0.5" tests="${inFile.length}">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="jest tests" tests="${executions.length}" failures="${failures}" errors="0" time="3.2">\n${suites.join('\n')}\n</testsuites>\n`;
}

/** pytest's `--junitxml` (xunit2, rerunfailures' `flakyFailure`s) and nextest's JUnit, for the other projects. */
function renderGenericJUnit(runner: OtherRunner, executions: readonly Execution[], timestamp: string): string {
  const cases = executions.map(({ test, tries }) => {
    const parts = pytestParts(test.id);
    const classname = runner === 'pytest' ? [parts.file.replace(/\.py$/, '').replaceAll('/', '.'), ...parts.classes].join('.') : test.suite;
    const name = runner === 'pytest' ? parts.name : test.id;
    const attrs = `classname="${xml(classname)}" name="${xml(name)}" time="0.010"`;
    if (tries === 'skip') return `    <testcase ${attrs}>\n      <skipped type="pytest.skip" message="${xml(test.skip ?? '')}"/>\n    </testcase>`;
    const message = xml(test.failure.join('\n'));
    const failedTries = tries.filter((t) => t === 'fail').length;
    if (finalResult(tries) === 'fail') {
      const reruns = Array.from({ length: failedTries - 1 }, () => `      <rerunFailure message="failed">${message}</rerunFailure>`);
      return `    <testcase ${attrs}>\n      <failure message="failed">${message}</failure>\n${reruns.join('\n')}${reruns.length > 0 ? '\n' : ''}    </testcase>`;
    }
    if (failedTries > 0) {
      const flaky = Array.from({ length: failedTries }, () => `      <flakyFailure message="failed">${message}</flakyFailure>`);
      return `    <testcase ${attrs}>\n${flaky.join('\n')}\n    </testcase>`;
    }
    return `    <testcase ${attrs}/>`;
  });
  const root = runner === 'nextest' ? '<testsuites name="nextest-run"' : '<testsuites name="pytest tests"';
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root} tests="${executions.length}">\n  <testsuite name="${runner}" tests="${executions.length}" timestamp="${timestamp}">\n${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`;
}

function xml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
}
