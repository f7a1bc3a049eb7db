// Generates CI histories of the sample repository with known flaky, failing and stable tests, and the truth to
// check Flakelens against. Deterministic from `seed` (mulberry32, no Math.random, no clock): flaky failures are
// placed by exact-count sampling (round(rate × runs) positions per job), so the realised first-attempt rates are
// the configured ones. General on purpose: any seed, run count, rates, OS list, flaky or regressing tests.

import { cargoRanTargets, stepTimeline, type GoTest, type JobPlan, type RunnerOs } from './jobPlan';
import { exactCount, Random } from './random';
import {
  DEFAULT_JOBS,
  RUST_SUITES,
  SAMPLE_TESTS,
  runsOn,
  sampleJobPlan,
  sampleTestKey,
  type FailureCause,
  type SampleFramework,
  type SampleJob,
  type SampleTest,
} from './sampleRepo';
import {
  addRepo,
  addRun,
  addAttempt,
  addWorkflow,
  createState,
  isoSeconds,
  latestAttempt,
  type FakeGitHubState,
  type FakeRepo,
  type FakeRun,
  type FakeWorkflow,
  type RerunDecision,
  type RerunContext,
  type RerunHook,
} from './state';

export type { SampleJob } from './sampleRepo';

export type RateByOs = Partial<Record<RunnerOs, number>>;

export interface FlakySpec {
  readonly id: string;
  /** Needed only when two suites have a test with this id. */
  readonly suite?: string;
  /** The failure rate per execution: one number for every OS, or per OS (absent OSes: 0). */
  readonly rate: number | RateByOs;
}

export interface RegressionSpec {
  readonly id: string;
  readonly suite?: string;
  /** The first failing run: an index (0 = oldest) or, below 1, a fraction of the history (0.7). */
  readonly from: number;
  /** Only on these OSes (default: every OS). */
  readonly os?: readonly RunnerOs[];
}

export interface FlakyHistoryOptions {
  readonly seed: number;
  /** Workflow runs on the branch (default 100). */
  readonly runs?: number;
  /** The span of the history in days (default 30). */
  readonly days?: number;
  /** When the first run was created (ISO; default 2026-10-01T08:00:00Z). */
  readonly start?: string;
  readonly owner?: string;
  readonly repo?: string;
  readonly branch?: string;
  readonly private?: boolean;
  /** Accepted tokens (default: any). */
  readonly tokens?: string[];
  /** The matrix (default: Linux, Windows, macOS; see {@link DEFAULT_JOBS}). */
  readonly jobs?: readonly SampleJob[];
  /** Default: `tls::tls_sample_application` 7% everywhere, `TestPoll/timeout` 20% on Windows. */
  readonly flaky?: readonly FlakySpec[];
  /** Default: `config::tests::parses_default_path` fails from 70% of the history on. `[]` for none. */
  readonly regressions?: readonly RegressionSpec[];
  /** The share of failed runs that were re-run (failed jobs only, attempt 2); default 0.5. */
  readonly rerunFraction?: number;
  /** The share of runs that are scheduled runs of the previous run's commit (default 0.1). */
  readonly sameCommitFraction?: number;
  /** `cargo test --no-fail-fast` (default true); without it cargo stops at the first failing test binary. */
  readonly noFailFast?: boolean;
  /** CARGO_TERM_COLOR=always: ANSI colours in cargo's status lines (default true). */
  readonly color?: boolean;
  /** Job executions whose `Install Rust` step fails on the network (default 0). */
  readonly infrastructureFailures?: number;
  /** Job executions where every Rust test fails at once with one message, a full disk (default 0). */
  readonly systemicEvents?: number;
  /** The oldest N runs' logs have expired: their logs endpoint answers 410 (default 0). */
  readonly expiredLogRuns?: number;
  /**
   * Pull-request branch runs after main's history (event `pull_request`), for triage: a number of generated
   * branches that together cover every verdict (see {@link generatePullRequestSpecs}), or the branches spelled out.
   * Default none. Their truth is {@link ScenarioTruth.pullRequests}; the rest of the truth is main's alone.
   */
  readonly pullRequests?: number | readonly PullRequestSpec[];
}

export type Expected = 'flaky' | 'failing' | 'stable';

export interface TruthTest {
  readonly framework: SampleFramework;
  readonly suite: string;
  readonly id: string;
  readonly expected: Expected;
  /** Flaky tests: flaky failures / executions over every attempt (systemic failures left out). */
  readonly rate?: number;
  readonly rateByOs?: RateByOs;
  /** The rate the scenario was asked for. */
  readonly configuredRate?: number | RateByOs;
  /** Relative to demo/sample-repo. */
  readonly file: string;
  /** The declaration line (see {@link SampleTest.line}). */
  readonly line: number;
  readonly functionLine?: number;
  readonly onlyOs?: readonly RunnerOs[];
  /** Executions over every attempt of every run, and how many failed (all causes). */
  readonly executions: number;
  readonly failures: number;
  readonly systemicFailures: number;
  /** A Go parent test that fails only because this subtest fails. */
  readonly failsWith?: string;
  /** Failing tests: the first run of the streak that lasts to the newest run. */
  readonly failingSince?: { readonly runId: number; readonly runNumber: number; readonly createdAt: string };
}

export type FailureKind = 'flaky' | 'regression' | 'systemic';

export interface TruthFailure {
  readonly runId: number;
  readonly runNumber: number;
  readonly runAttempt: number;
  readonly jobId: number;
  readonly job: string;
  readonly os: RunnerOs;
  readonly framework: SampleFramework;
  readonly suite: string;
  readonly id: string;
  readonly kind: FailureKind;
}

export interface ScenarioTruth {
  readonly seed: number;
  readonly repository: string;
  readonly defaultBranch: string;
  readonly workflow: { readonly id: number; readonly name: string; readonly path: string };
  readonly jobs: readonly SampleJob[];
  readonly runs: number;
  /** Created times of the oldest and newest run. */
  readonly window: { readonly from: string; readonly to: string };
  readonly tests: readonly TruthTest[];
  /** Every failed execution, oldest run first. */
  readonly failures: readonly TruthFailure[];
  /** Runs that were re-run (failed jobs), with the attempt made. */
  readonly reruns: readonly { readonly runId: number; readonly runAttempt: number }[];
  readonly infrastructure: readonly { readonly runId: number; readonly runAttempt: number; readonly jobId: number; readonly job: string; readonly os: RunnerOs; readonly step: string }[];
  readonly systemic: readonly {
    readonly runId: number;
    readonly runAttempt: number;
    readonly jobId: number;
    readonly job: string;
    readonly os: RunnerOs;
    readonly message: string;
    readonly failedTests: number;
  }[];
  /** The pull-request branch runs and the triage each should get (empty without the `pullRequests` option). */
  readonly pullRequests: readonly PullRequestTruth[];
}

export const DEFAULT_START = '2026-10-01T08:00:00Z';

export const DEFAULT_FLAKY: readonly FlakySpec[] = [
  { id: 'tls::tls_sample_application', rate: 0.07 },
  { id: 'TestPoll/timeout', rate: { windows: 0.2 } },
];

export const DEFAULT_REGRESSIONS: readonly RegressionSpec[] = [{ id: 'config::tests::parses_default_path', from: 0.7 }];

const SYSTEMIC_MESSAGE = 'Os { code: 28, kind: StorageFull, message: "No space left on device" }';

const COMMIT_MESSAGES = [
  'Tighten the sandbox network allow-list',
  'Read the timeout from the configuration file',
  'Poll with a deadline instead of a fixed sleep',
  'Bump the guest toolchain',
  'Document the configuration keys',
  'Sort directory entries before returning them',
  'Refactor the guest runner',
  'Add a long-path helper for Windows',
  'Report the line of an unknown configuration key',
  'Clean up the error chain of guest traps',
  'Speed up the integration test binary',
  'Move the default configuration under .config',
];

interface ResolvedFlaky {
  readonly test: SampleTest;
  readonly rateByOs: RateByOs;
  readonly configured: number | RateByOs;
}

interface ResolvedRegression {
  readonly test: SampleTest;
  readonly fromIndex: number;
  readonly os?: readonly RunnerOs[];
}

/** Generates a history and its truth. */
export function generateFlakyHistory(options: FlakyHistoryOptions): { state: FakeGitHubState; truth: ScenarioTruth } {
  const seed = options.seed;
  const runCount = Math.max(1, Math.floor(options.runs ?? 100));
  const days = options.days ?? 30;
  const startMs = Date.parse(options.start ?? DEFAULT_START);
  const owner = options.owner ?? 'acme';
  const repoName = options.repo ?? 'sample';
  const branch = options.branch ?? 'main';
  const jobs = options.jobs ?? DEFAULT_JOBS;
  const noFailFast = options.noFailFast ?? true;
  const color = options.color ?? true;
  const random = new Random(seed);

  const flaky = (options.flaky ?? DEFAULT_FLAKY).map((spec): ResolvedFlaky => {
    const test = findTest(spec.id, spec.suite);
    const rateByOs: RateByOs = typeof spec.rate === 'number' ? Object.fromEntries(jobs.map((j) => [j.os, spec.rate as number])) : spec.rate;
    return { test, rateByOs, configured: spec.rate };
  });
  const regressions = (options.regressions ?? DEFAULT_REGRESSIONS).map(
    (spec): ResolvedRegression => ({
      test: findTest(spec.id, spec.suite),
      fromIndex: spec.from < 1 ? Math.round(spec.from * runCount) : Math.floor(spec.from),
      ...(spec.os ? { os: spec.os } : {}),
    }),
  );

  // Exact-count sampling: per flaky test and job, round(rate × runs) first-attempt failures at seeded positions.
  const flakyAt = new Map<string, Set<number>>(); // `${jobName}\u001f${testKey}` → run indexes
  for (const f of flaky) {
    for (const job of jobs) {
      const rate = f.rateByOs[job.os] ?? 0;
      if (rate <= 0 || !runsOn(f.test, job.os)) continue;
      flakyAt.set(`${job.name}\u001f${sampleTestKey(f.test)}`, new Set(random.positions(runCount, exactCount(rate, runCount))));
    }
  }
  const slots = runCount * jobs.length;
  const infraSlots = new Set(random.positions(slots, options.infrastructureFailures ?? 0));
  const systemicSlots = new Set(random.positions(slots, options.systemicEvents ?? 0));

  const state = createState({ ...(options.tokens ? { tokens: options.tokens } : {}) });
  const repo = addRepo(state, { owner, name: repoName, private: options.private ?? false, defaultBranch: branch, createdAt: isoSeconds(startMs - 180 * 86_400_000) });
  const workflow = addWorkflow(state, repo, { name: 'CI', path: '.github/workflows/ci.yml', createdAt: isoSeconds(startMs - 170 * 86_400_000) });
  state.ids.run = 18_400_000_000 + random.int(0, 90_000_000);
  state.ids.job = 52_000_000_000 + random.int(0, 900_000_000);

  const regressionActive = (r: ResolvedRegression, index: number, os: RunnerOs): boolean =>
    index >= r.fromIndex && (!r.os || r.os.includes(os)) && runsOn(r.test, os);
  const regressionStarts = new Set(regressions.map((r) => r.fromIndex));

  /** A job execution's failures: first attempts use the sampled positions, re-runs draw afresh. */
  const outcomesFor = (index: number, job: SampleJob, draw: Random | undefined, slot: { infra: boolean; systemic: boolean }) => {
    const failures = new Map<string, FailureCause>();
    for (const f of flaky) {
      const key = sampleTestKey(f.test);
      const rate = f.rateByOs[job.os] ?? 0;
      if (rate <= 0 || !runsOn(f.test, job.os)) continue;
      const fails = draw ? draw.chance(rate) : (flakyAt.get(`${job.name}\u001f${key}`)?.has(index) ?? false);
      if (fails) failures.set(key, { kind: 'own' });
    }
    for (const r of regressions) if (regressionActive(r, index, job.os)) failures.set(sampleTestKey(r.test), { kind: 'own' });
    if (slot.systemic) {
      for (const t of SAMPLE_TESTS) {
        if (t.framework === 'libtest' && t.suite !== RUST_SUITES.doc.suite && runsOn(t, job.os)) failures.set(sampleTestKey(t), { kind: 'systemic', message: SYSTEMIC_MESSAGE });
      }
    }
    return { failures, installFails: slot.infra };
  };

  const planFor = (index: number, job: SampleJob, sha: string, startedAt: string, outcomes: ReturnType<typeof outcomesFor>): JobPlan =>
    sampleJobPlan({ job, repository: `${owner}/${repoName}`, sha, branch, startedAt, seed, noFailFast, color, outcomes });

  const interval = (days * 86_400_000) / runCount;
  const runIndex = new Map<number, number>();
  const reruns: { runId: number; runAttempt: number }[] = [];
  let previousSha = '';
  let lastActivity = startMs;
  const generated: { run: FakeRun; index: number }[] = [];

  for (let index = 0; index < runCount; index++) {
    const createdMs = Math.round((startMs + index * interval + random.float(0, interval * 0.4)) / 1000) * 1000;
    const scheduled = index > 0 && !regressionStarts.has(index) && random.chance(options.sameCommitFraction ?? 0.1);
    const sha = scheduled ? previousSha : random.hex(40);
    previousSha = sha;
    const jobStart = createdMs + random.int(4, 25) * 1000;
    const plans = jobs.map((job, j) => {
      const slot = { infra: infraSlots.has(index * jobs.length + j), systemic: systemicSlots.has(index * jobs.length + j) };
      return planFor(index, job, sha, isoSeconds(jobStart + random.int(0, 8000)), outcomesFor(index, job, undefined, slot));
    });
    const run = addRun(state, repo, {
      workflow,
      runNumber: 1200 + index,
      sha,
      event: scheduled ? 'schedule' : 'push',
      title: scheduled ? 'CI' : random.pick(COMMIT_MESSAGES),
      actor: scheduled ? 'github-actions[bot]' : random.pick(['octocat', 'mona', 'hubot']),
      createdAt: isoSeconds(createdMs),
      jobs: plans.map((plan) => ({ plan, ...(index < (options.expiredLogRuns ?? 0) ? { logExpired: true } : {}) })),
    });
    runIndex.set(run.id, index);
    generated.push({ run, index });
    lastActivity = Math.max(lastActivity, Date.parse(latestAttempt(run).updatedAt));
  }

  // Re-runs: exactly round(fraction × failed runs) of the failed runs get a second attempt of their failed jobs.
  const failedRuns = generated.filter(({ run }) => latestAttempt(run).conclusion === 'failure');
  const rerunPicks = new Set(random.positions(failedRuns.length, exactCount(options.rerunFraction ?? 0.5, failedRuns.length)));
  failedRuns.forEach(({ run, index }, i) => {
    if (!rerunPicks.has(i)) return;
    const first = latestAttempt(run);
    const start = Date.parse(first.updatedAt) + random.int(5, 90) * 60_000;
    const failedJobs = first.jobIds.map((id) => run.jobs.find((j) => j.id === id)).filter((j) => j !== undefined && j.conclusion === 'failure');
    const specs = failedJobs.map((previous) => {
      const job = jobs.find((j) => j.name === previous?.name) as SampleJob;
      const draw = Random.derive(seed, 'rerun', run.id, 2, job.name);
      const plan = planFor(index, job, run.headSha, isoSeconds(start + draw.int(0, 8000)), outcomesFor(index, job, draw, { infra: false, systemic: false }));
      return { plan, ...(index < (options.expiredLogRuns ?? 0) ? { logExpired: true } : {}) };
    });
    const attempt = addAttempt(state, run, specs);
    reruns.push({ runId: run.id, runAttempt: attempt.attempt });
    lastActivity = Math.max(lastActivity, Date.parse(attempt.updatedAt));
  });

  const pullRequests = addPullRequestRuns(options.pullRequests, {
    state,
    repo,
    workflow,
    seed,
    jobs,
    owner,
    repoName,
    noFailFast,
    color,
    flaky,
    regressions,
    runCount,
    afterMs: startMs + days * 86_400_000,
  });
  lastActivity = Math.max(lastActivity, pullRequests.lastActivity);

  state.now = isoSeconds(lastActivity + 10 * 60_000);
  state.rateLimit.reset = Math.floor(Date.parse(state.now) / 1000) + 3600;

  // Live re-runs (POST): flaky tests fail at their rate, regressions keep failing, infrastructure recovers.
  const onRerun: RerunHook = (context) => {
    const { run, previous, attempt, startedAt } = context;
    if (pullRequests.runs.has(run.id)) return pullRequests.onRerun(context);
    const job = jobs.find((j) => j.name === previous.name);
    if (!job || !previous.plan) return undefined;
    const index = runIndex.get(run.id) ?? runCount;
    const draw = Random.derive(seed, 'rerun', run.id, attempt, job.name);
    return { plan: planFor(index, job, run.headSha, startedAt, outcomesFor(index, job, draw, { infra: false, systemic: false })) };
  };
  state.onRerun = onRerun;

  const truth: ScenarioTruth = {
    ...computeTruth({ state, seed, jobs, flaky, regressions, runIndex, reruns, workflow, owner, repoName, branch, runCount }),
    pullRequests: pullRequests.truths,
  };
  return { state, truth };
}

function findTest(id: string, suite: string | undefined): SampleTest {
  const matches = SAMPLE_TESTS.filter((t) => t.id === id && (suite === undefined || t.suite === suite));
  if (matches.length !== 1) {
    throw new Error(matches.length === 0 ? `The sample repository has no test ${id}.` : `Several suites have a test ${id}: name the suite.`);
  }
  return matches[0] as SampleTest;
}

interface TruthInput {
  readonly state: FakeGitHubState;
  readonly seed: number;
  readonly jobs: readonly SampleJob[];
  readonly flaky: readonly ResolvedFlaky[];
  readonly regressions: readonly ResolvedRegression[];
  readonly runIndex: ReadonlyMap<number, number>;
  readonly reruns: readonly { runId: number; runAttempt: number }[];
  readonly workflow: { id: number; name: string; path: string };
  readonly owner: string;
  readonly repoName: string;
  readonly branch: string;
  readonly runCount: number;
}

interface Execution {
  readonly key: string;
  readonly failed: boolean;
  /** Failed through a subtest's failure only (Go parents). */
  readonly viaSubtest?: string;
  readonly systemic: boolean;
}

/** Which tests a job execution ran and how each ended, read back from its plan (what the log shows). */
export function executionsOfPlan(plan: JobPlan): Execution[] {
  const out: Execution[] = [];
  const systemicIds = new Set<string>();
  for (const timing of stepTimeline(plan)) {
    if (timing.conclusion === 'skipped') continue;
    const step = timing.step;
    if (step.kind === 'cargo-test') {
      for (const target of cargoRanTargets(step.cargo)) {
        const suite = target.kind === 'doc' ? `Doc-tests ${target.binary}` : target.src;
        for (const test of target.tests) {
          if (test.outcome === 'ignored') continue;
          const systemic = (test.output ?? []).some((line) => line.includes('No space left on device'));
          if (systemic) systemicIds.add(test.name);
          out.push({ key: sampleTestKey({ framework: 'libtest', suite, id: test.name }), failed: test.outcome === 'fail', systemic });
        }
      }
    }
    if (step.kind === 'go-test') {
      for (const pkg of step.go.packages) {
        const walk = (test: GoTest): { failed: boolean; culprit?: string } => {
          const subs = (test.subtests ?? []).map(walk);
          const own = test.outcome === 'fail';
          const culprit = own ? test.name : subs.find((s) => s.failed)?.culprit;
          const failed = own || subs.some((s) => s.failed);
          out.push({
            key: sampleTestKey({ framework: 'gotest', suite: pkg.importPath, id: test.name }),
            failed,
            systemic: false,
            ...(failed && !own && culprit ? { viaSubtest: culprit } : {}),
          });
          return { failed, ...(culprit ? { culprit } : {}) };
        };
        pkg.tests.forEach(walk);
      }
    }
  }
  return out;
}

interface Count {
  executions: number;
  /** Failures that count against the test (systemic ones left out). */
  failures: number;
  systemic: number;
  readonly byOs: Map<RunnerOs, { executions: number; failures: number }>;
  /** Subtests whose failure made this (Go parent) test fail. */
  readonly via: Set<string>;
}

function newCount(): Count {
  return { executions: 0, failures: 0, systemic: 0, byOs: new Map(), via: new Set() };
}

function computeTruth(input: TruthInput): Omit<ScenarioTruth, 'pullRequests'> {
  const repo = input.state.repos[0];
  if (!repo) throw new Error('no repository');
  // Main's truth: pull-request branch runs have their own.
  const runs = repo.runs.filter((r) => r.headBranch === input.branch).sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  const counts = new Map<string, Count>();
  const failures: TruthFailure[] = [];
  const infrastructure: ScenarioTruth['infrastructure'][number][] = [];
  const systemic: ScenarioTruth['systemic'][number][] = [];
  const regressionKeys = new Set(input.regressions.map((r) => sampleTestKey(r.test)));
  const streakStart = new Map<string, { runId: number; runNumber: number; createdAt: string } | undefined>();

  for (const run of runs) {
    for (const job of [...run.jobs].sort((a, b) => a.runAttempt - b.runAttempt || a.id - b.id)) {
      const plan = job.plan;
      if (!plan) continue;
      const os = plan.os;
      const timeline = stepTimeline(plan);
      const failedStep = timeline.find((t) => t.conclusion === 'failure' && t.step.kind === 'script');
      if (failedStep) infrastructure.push({ runId: run.id, runAttempt: job.runAttempt, jobId: job.id, job: job.name, os, step: failedStep.step.name });
      const executions = executionsOfPlan(plan);
      const systemicCount = executions.filter((e) => e.systemic).length;
      if (systemicCount > 0) systemic.push({ runId: run.id, runAttempt: job.runAttempt, jobId: job.id, job: job.name, os, message: SYSTEMIC_MESSAGE, failedTests: systemicCount });
      for (const e of executions) {
        const c = counts.get(e.key) ?? newCount();
        counts.set(e.key, c);
        c.executions++;
        const o = c.byOs.get(os) ?? { executions: 0, failures: 0 };
        c.byOs.set(os, o);
        o.executions++;
        if (e.viaSubtest) c.via.add(e.viaSubtest);
        if (!e.failed) continue;
        if (e.systemic) {
          c.systemic++;
        } else {
          c.failures++;
          o.failures++;
        }
        const parts = e.key.split('\u001f');
        const culpritKey = e.viaSubtest ? sampleTestKey({ framework: 'gotest', suite: parts[1] ?? '', id: e.viaSubtest }) : e.key;
        failures.push({
          runId: run.id,
          runNumber: run.runNumber,
          runAttempt: job.runAttempt,
          jobId: job.id,
          job: job.name,
          os,
          framework: parts[0] as SampleFramework,
          suite: parts[1] ?? '',
          id: parts.slice(2).join('\u001f'),
          kind: e.systemic ? 'systemic' : regressionKeys.has(culpritKey) && isRegressionRun(input, run.id, os, culpritKey) ? 'regression' : 'flaky',
        });
      }
    }
  }

  // The streak start of each failing test: the oldest run of the unbroken run of failed latest attempts.
  for (const r of input.regressions) {
    const key = sampleTestKey(r.test);
    let since: { runId: number; runNumber: number; createdAt: string } | undefined;
    for (const run of runs) {
      const index = input.runIndex.get(run.id) ?? 0;
      if (index >= r.fromIndex && !since) since = { runId: run.id, runNumber: run.runNumber, createdAt: run.createdAt };
    }
    streakStart.set(key, since);
  }

  const flakyByKey = new Map(input.flaky.map((f) => [sampleTestKey(f.test), f]));
  const tests: TruthTest[] = SAMPLE_TESTS.filter((t) => input.jobs.some((j) => runsOn(t, j.os))).map((t) => {
    const key = sampleTestKey(t);
    const c = counts.get(key) ?? newCount();
    const f = flakyByKey.get(key);
    const viaFlaky = [...c.via].find((id) => flakyByKey.has(sampleTestKey({ framework: t.framework, suite: t.suite, id })));
    const viaRegression = [...c.via].find((id) => regressionKeys.has(sampleTestKey({ framework: t.framework, suite: t.suite, id })));
    // A Go parent that fails only because a subtest fails has no failure of its own: the subtest is what flakes or
    // regresses, and Flakelens marks the subtest, not the parent.
    const viaChildOnly = (viaFlaky !== undefined || viaRegression !== undefined) && !flakyByKey.has(key) && !regressionKeys.has(key);
    const failing = regressionKeys.has(key);
    // Systemic failures are infrastructure events, not evidence against a test.
    const expected: Expected = failing ? 'failing' : c.failures > 0 && !viaChildOnly ? 'flaky' : 'stable';
    const rateByOs: RateByOs = {};
    for (const [os, o] of c.byOs) if (o.executions > 0) rateByOs[os] = o.failures / o.executions;
    const since = streakStart.get(key) ?? (viaRegression ? streakStart.get(sampleTestKey({ framework: t.framework, suite: t.suite, id: viaRegression })) : undefined);
    return {
      framework: t.framework,
      suite: t.suite,
      id: t.id,
      expected,
      ...(expected === 'flaky' ? { rate: c.executions > 0 ? c.failures / c.executions : 0, rateByOs } : {}),
      ...(f ? { configuredRate: f.configured } : {}),
      file: t.file,
      line: t.line,
      ...(t.functionLine !== undefined ? { functionLine: t.functionLine } : {}),
      ...(t.onlyOs ? { onlyOs: t.onlyOs } : {}),
      executions: c.executions,
      failures: c.failures + c.systemic,
      systemicFailures: c.systemic,
      ...(viaFlaky || viaRegression ? { failsWith: viaRegression ?? viaFlaky } : {}),
      ...(failing && since ? { failingSince: since } : {}),
    };
  });

  return {
    seed: input.seed,
    repository: `${input.owner}/${input.repoName}`,
    defaultBranch: input.branch,
    workflow: { id: input.workflow.id, name: input.workflow.name, path: input.workflow.path },
    jobs: input.jobs,
    runs: input.runCount,
    window: { from: runs[0]?.createdAt ?? '', to: runs[runs.length - 1]?.createdAt ?? '' },
    tests,
    failures,
    reruns: input.reruns,
    infrastructure,
    systemic,
  };
}

function isRegressionRun(input: TruthInput, runId: number, os: RunnerOs, key: string): boolean {
  const index = input.runIndex.get(runId) ?? input.runCount;
  return input.regressions.some((r) => sampleTestKey(r.test) === key && index >= r.fromIndex && (!r.os || r.os.includes(os)));
}

// ---- Pull-request branch runs, for triage ----
//
// Each pull-request branch gets one run of the workflow (event `pull_request`) after main's history, optionally
// after a few green runs of earlier pushes. What fails in it is spelled out, not drawn, so that its truth is exact:
// known flakes of main failing in a job where they flake on main (`known-flaky`), main's failing tests failing here
// too (`failing-on-base`), tests that pass on main failing here (`new`), `Install Rust` failing on the network
// (an infrastructure fault before the tests) and a full disk failing every Rust test of a job (a systemic mass
// failure). The truth is read back from the plans, as main's is: a test that never ran (cargo stopped, the
// toolchain was missing) has no verdict, and a Go parent failing only through its subtest is the subtest's.

export type TriageVerdict = 'known-flaky' | 'failing-on-base' | 'new';

/** A job of the matrix by its name (`Test Linux x86_64`) or its OS (`windows`). */
export type JobRef = string;

export interface PullRequestSpec {
  /** The head branch (`feature/retry-dns`). */
  readonly branch: string;
  readonly title?: string;
  /** Flaky tests of main failing here, each in one job (default: the first job where it flakes on main). */
  readonly knownFlaky?: readonly { readonly id: string; readonly suite?: string; readonly job?: JobRef }[];
  /** main's failing tests (its regressions) fail here too (default true: the branch is based on main). */
  readonly failingOnBase?: boolean;
  /** Tests that pass on main and fail here, in these jobs (default: every job that runs them). */
  readonly newFailures?: readonly { readonly id: string; readonly suite?: string; readonly jobs?: readonly JobRef[] }[];
  /** Jobs whose `Install Rust` step fails on the network: the Rust tests do not run, the Go tests do. */
  readonly infrastructure?: readonly JobRef[];
  /** Jobs where every Rust test (doc-tests aside) fails at once with one message: a full disk. */
  readonly systemic?: readonly JobRef[];
  /** Green runs of earlier pushes to the branch before the one to sort (default 0). */
  readonly earlierRuns?: number;
}

export interface PullRequestFailureTruth {
  readonly job: string;
  readonly os: RunnerOs;
  readonly framework: SampleFramework;
  readonly suite: string;
  readonly id: string;
  readonly verdict: TriageVerdict;
}

export interface PullRequestInfrastructureTruth {
  readonly job: string;
  readonly os: RunnerOs;
  /** The failed step's name as the jobs API lists it. */
  readonly step: string;
  readonly kind: 'step' | 'systemic';
  /** For `systemic`: how many tests failed at once. */
  readonly failedTests?: number;
}

export interface PullRequestTruth {
  readonly branch: string;
  /** The run to sort: the branch's newest. */
  readonly runId: number;
  readonly runNumber: number;
  readonly sha: string;
  readonly createdAt: string;
  readonly spec: PullRequestSpec;
  /** One entry per failed test and job, as triage should give it. */
  readonly failures: readonly PullRequestFailureTruth[];
  readonly infrastructure: readonly PullRequestInfrastructureTruth[];
  /** Every failure is a known flake or infrastructure. */
  readonly rerunMayPass: boolean;
}

interface PullRequestContext {
  readonly state: FakeGitHubState;
  readonly repo: FakeRepo;
  readonly workflow: FakeWorkflow;
  readonly seed: number;
  readonly jobs: readonly SampleJob[];
  readonly owner: string;
  readonly repoName: string;
  readonly noFailFast: boolean;
  readonly color: boolean;
  readonly flaky: readonly ResolvedFlaky[];
  readonly regressions: readonly ResolvedRegression[];
  readonly runCount: number;
  /** Pull-request runs start after this (epoch ms): main's history is over by then. */
  readonly afterMs: number;
}

interface PlannedFailures {
  readonly failures: Map<string, FailureCause>;
  readonly installFails: boolean;
}

const BRANCH_SLUGS = ['retry-dns', 'config-paths', 'poll-deadline', 'guest-runner', 'long-paths', 'sorted-readdir', 'semver-check', 'toolchain-bump', 'trap-errors', 'docs-keys'];

function jobsOf(ref: JobRef, jobs: readonly SampleJob[]): SampleJob[] {
  const found = jobs.filter((j) => j.name === ref || j.os === ref);
  if (found.length === 0) throw new Error(`No job ${ref} in the matrix (${jobs.map((j) => j.name).join(', ')}).`);
  return found;
}

/**
 * `count` pull-request branches that together cover every verdict, with the tests and jobs drawn from the seed:
 * (1) a known flake, a failure main has too, a new failure and an infrastructure fault (Windows first when there);
 * (2) only known flakes; (3) only an infrastructure fault; (4) a mass failure, with a known Go flake inside the same
 * job when one flakes there; (5) only new failures; (6) only main's failures; then mixtures.
 */
export function generatePullRequestSpecs(
  count: number,
  input: { readonly seed: number; readonly jobs: readonly SampleJob[]; readonly flaky: readonly FlakySpec[]; readonly regressions: readonly RegressionSpec[] },
): PullRequestSpec[] {
  const random = Random.derive(input.seed, 'pull-request-specs');
  const { jobs } = input;
  const flaky = input.flaky.map((spec) => {
    const test = findTest(spec.id, spec.suite);
    const rateOn = (os: RunnerOs) => (typeof spec.rate === 'number' ? spec.rate : (spec.rate[os] ?? 0));
    return { test, jobs: jobs.filter((j) => rateOn(j.os) > 0 && runsOn(test, j.os)) };
  });
  const flakePairs = flaky.flatMap((f) => f.jobs.map((job) => ({ test: f.test, job })));
  const regressionKeys = new Set(input.regressions.map((r) => sampleTestKey(findTest(r.id, r.suite))));
  const flakyKeys = new Set(flaky.map((f) => sampleTestKey(f.test)));
  const isParent = (t: SampleTest) => SAMPLE_TESTS.some((o) => o.suite === t.suite && o.id.startsWith(`${t.id}/`));
  // Failing subtests make their parents fail: a parent of a flaky or failing subtest is not stable on main either.
  const hasTroubledChild = (t: SampleTest) => [...flakyKeys, ...regressionKeys].some((k) => k.startsWith(`${sampleTestKey(t)}/`));
  const stable = SAMPLE_TESTS.filter((t) => !flakyKeys.has(sampleTestKey(t)) && !regressionKeys.has(sampleTestKey(t)) && !isParent(t) && !hasTroubledChild(t) && jobs.some((j) => runsOn(t, j.os)));
  const ref = (t: SampleTest) => ({ id: t.id, suite: t.suite });
  const pickFlake = () => (flakePairs.length > 0 ? random.pick(flakePairs) : undefined);
  const pickNew = (avoid: readonly SampleJob[] = []) => {
    const test = random.pick(stable);
    const candidates = jobs.filter((j) => runsOn(test, j.os) && !avoid.includes(j));
    const job = random.pick(candidates.length > 0 ? candidates : jobs.filter((j) => runsOn(test, j.os)));
    return { ...ref(test), jobs: [job.name] };
  };
  const slugs = random.shuffle(BRANCH_SLUGS);
  const specs: PullRequestSpec[] = [];
  for (let p = 0; p < count; p++) {
    const branch = `feature/${slugs[p % slugs.length]}${p >= slugs.length ? `-${Math.floor(p / slugs.length) + 1}` : ''}`;
    const template = p < 6 ? p : random.int(0, 5) + 6;
    const flake = pickFlake();
    switch (template) {
      case 0: {
        // The infrastructure fault in the Windows job when there is one, the known flake in another job.
        const infraJob = jobs.find((j) => j.os === 'windows') ?? random.pick(jobs);
        const elsewhere = flakePairs.filter((f) => f.job !== infraJob);
        const mixedFlake = elsewhere.length > 0 ? random.pick(elsewhere) : undefined;
        specs.push({
          branch,
          ...(mixedFlake ? { knownFlaky: [{ ...ref(mixedFlake.test), job: mixedFlake.job.name }] } : {}),
          failingOnBase: true,
          newFailures: [pickNew([infraJob])],
          infrastructure: [infraJob.name],
          earlierRuns: 1,
        });
        break;
      }
      case 1:
        specs.push({ branch, failingOnBase: false, knownFlaky: flake ? [{ ...ref(flake.test), job: flake.job.name }] : [] });
        break;
      case 2:
        specs.push({ branch, failingOnBase: false, infrastructure: [random.pick(jobs).name] });
        break;
      case 3: {
        // A Go flake survives a mass failure of the Rust tests in its job: it is put in the same job.
        const goFlake = random.shuffle(flakePairs).find((f) => f.test.framework === 'gotest');
        const job = goFlake?.job ?? random.pick(jobs);
        specs.push({ branch, failingOnBase: false, systemic: [job.name], ...(goFlake ? { knownFlaky: [{ ...ref(goFlake.test), job: job.name }] } : {}) });
        break;
      }
      case 4:
      {
        const first = pickNew();
        const second = random.chance(0.5) ? pickNew() : undefined;
        const both = second && (second.id !== first.id || second.suite !== first.suite) ? [first, second] : [first];
        specs.push({ branch, failingOnBase: false, newFailures: both, earlierRuns: random.int(0, 2) });
      }
        break;
      case 5:
        specs.push({ branch, failingOnBase: true });
        break;
      default: {
        const job = random.pick(jobs);
        specs.push({
          branch,
          failingOnBase: random.chance(0.5),
          ...(flake && random.chance(0.6) ? { knownFlaky: [{ ...ref(flake.test), job: flake.job.name }] } : {}),
          ...(random.chance(0.4) ? { newFailures: [pickNew()] } : {}),
          ...(random.chance(0.3) ? { infrastructure: [job.name] } : {}),
          ...(random.chance(0.2) ? { systemic: [random.pick(jobs).name] } : {}),
        });
      }
    }
  }
  return specs;
}

function addPullRequestRuns(
  option: number | readonly PullRequestSpec[] | undefined,
  ctx: PullRequestContext,
): { truths: PullRequestTruth[]; lastActivity: number; runs: ReadonlyMap<number, PullRequestSpec>; onRerun: (context: RerunContext) => RerunDecision | undefined } {
  const specs =
    option === undefined
      ? []
      : typeof option === 'number'
        ? generatePullRequestSpecs(option, {
            seed: ctx.seed,
            jobs: ctx.jobs,
            flaky: ctx.flaky.map((f) => ({ id: f.test.id, suite: f.test.suite, rate: f.rateByOs })),
            regressions: ctx.regressions.map((r) => ({ id: r.test.id, suite: r.test.suite, from: r.fromIndex, ...(r.os ? { os: r.os } : {}) })),
          })
        : option;
  const truths: PullRequestTruth[] = [];
  const runs = new Map<number, PullRequestSpec>();
  let lastActivity = ctx.afterMs;
  let runNumber = 1200 + ctx.runCount;

  const failuresFor = (spec: PullRequestSpec, job: SampleJob, rerun: boolean): PlannedFailures => {
    const failures = new Map<string, FailureCause>();
    if (!rerun) {
      for (const k of spec.knownFlaky ?? []) {
        const test = findTest(k.id, k.suite);
        const flake = ctx.flaky.find((f) => f.test === test);
        if (!flake) throw new Error(`${k.id} is not one of the history's flaky tests.`);
        const target = k.job !== undefined ? jobsOf(k.job, ctx.jobs)[0] : ctx.jobs.find((j) => (flake.rateByOs[j.os] ?? 0) > 0 && runsOn(test, j.os));
        if (target?.name === job.name && runsOn(test, job.os)) failures.set(sampleTestKey(test), { kind: 'own' });
      }
    }
    if (spec.failingOnBase ?? true) {
      for (const r of ctx.regressions) {
        const failingOnMain = r.fromIndex < ctx.runCount;
        if (failingOnMain && (!r.os || r.os.includes(job.os)) && runsOn(r.test, job.os)) failures.set(sampleTestKey(r.test), { kind: 'own' });
      }
    }
    for (const n of spec.newFailures ?? []) {
      const test = findTest(n.id, n.suite);
      const targets = n.jobs ? n.jobs.flatMap((j) => jobsOf(j, ctx.jobs)) : ctx.jobs;
      if (targets.some((t) => t.name === job.name) && runsOn(test, job.os)) failures.set(sampleTestKey(test), { kind: 'own' });
    }
    const inJob = (refs: readonly JobRef[] | undefined) => (refs ?? []).some((r) => jobsOf(r, ctx.jobs).some((j) => j.name === job.name));
    if (!rerun && inJob(spec.systemic)) {
      for (const t of SAMPLE_TESTS) {
        if (t.framework === 'libtest' && t.suite !== RUST_SUITES.doc.suite && runsOn(t, job.os)) failures.set(sampleTestKey(t), { kind: 'systemic', message: SYSTEMIC_MESSAGE });
      }
    }
    return { failures, installFails: !rerun && inJob(spec.infrastructure) };
  };

  const planFor = (spec: PullRequestSpec, job: SampleJob, sha: string, startedAt: string, outcomes: PlannedFailures): JobPlan =>
    sampleJobPlan({ job, repository: `${ctx.owner}/${ctx.repoName}`, sha, branch: spec.branch, startedAt, seed: ctx.seed, noFailFast: ctx.noFailFast, color: ctx.color, outcomes });

  specs.forEach((spec, p) => {
    const random = Random.derive(ctx.seed, 'pull-request', p, spec.branch);
    const createdMs = ctx.afterMs + (p * 3 + 1) * 3_600_000 + random.int(0, 1800) * 1000;
    const earlier = Math.max(0, Math.floor(spec.earlierRuns ?? 0));
    for (let e = 0; e < earlier; e++) {
      const at = createdMs - (earlier - e) * 40 * 60_000;
      const sha = random.hex(40);
      addRun(ctx.state, ctx.repo, {
        workflow: ctx.workflow,
        runNumber: runNumber++,
        branch: spec.branch,
        sha,
        event: 'pull_request',
        title: spec.title ?? `Work on ${spec.branch}`,
        actor: 'mona',
        createdAt: isoSeconds(at),
        jobs: ctx.jobs.map((job) => ({ plan: planFor(spec, job, sha, isoSeconds(at + random.int(4, 25) * 1000), { failures: new Map(), installFails: false }) })),
      });
    }
    const sha = random.hex(40);
    const number = runNumber++;
    const plans = ctx.jobs.map((job) => planFor(spec, job, sha, isoSeconds(createdMs + random.int(4, 25) * 1000 + random.int(0, 8000)), failuresFor(spec, job, false)));
    const run = addRun(ctx.state, ctx.repo, {
      workflow: ctx.workflow,
      runNumber: number,
      branch: spec.branch,
      sha,
      event: 'pull_request',
      title: spec.title ?? `Work on ${spec.branch}`,
      actor: 'mona',
      createdAt: isoSeconds(createdMs),
      jobs: plans.map((plan) => ({ plan })),
    });
    runs.set(run.id, spec);
    lastActivity = Math.max(lastActivity, Date.parse(latestAttempt(run).updatedAt));
    truths.push(pullRequestTruth(spec, run, ctx));
  });

  // A live re-run: known flakes pass, the infrastructure recovers, main's failures and the new ones stay.
  const onRerun = ({ run, previous, startedAt }: RerunContext): RerunDecision | undefined => {
    const spec = runs.get(run.id);
    const job = ctx.jobs.find((j) => j.name === previous.name);
    if (!spec || !job) return undefined;
    return { plan: planFor(spec, job, run.headSha, startedAt, failuresFor(spec, job, true)) };
  };
  return { truths, lastActivity, runs, onRerun };
}

function pullRequestTruth(spec: PullRequestSpec, run: FakeRun, ctx: PullRequestContext): PullRequestTruth {
  const flakyKeys = new Set(ctx.flaky.map((f) => sampleTestKey(f.test)));
  const regressionKeys = new Set(ctx.regressions.map((r) => sampleTestKey(r.test)));
  const failures: PullRequestFailureTruth[] = [];
  const infrastructure: PullRequestInfrastructureTruth[] = [];
  for (const job of run.jobs) {
    const plan = job.plan;
    if (!plan) continue;
    const timeline = stepTimeline(plan);
    const executions = executionsOfPlan(plan);
    const systemic = executions.filter((e) => e.systemic && e.failed);
    const infraStep = timeline.find((t) => t.conclusion === 'failure' && t.step.kind === 'script');
    if (infraStep) infrastructure.push({ job: job.name, os: plan.os, step: infraStep.step.name, kind: 'step' });
    if (systemic.length > 0) {
      const cargo = timeline.find((t) => t.step.kind === 'cargo-test');
      infrastructure.push({ job: job.name, os: plan.os, step: cargo?.step.name ?? 'cargo test', kind: 'systemic', failedTests: systemic.length });
    }
    for (const e of executions) {
      if (!e.failed || e.systemic || e.viaSubtest) continue;
      const [framework, suite, ...rest] = e.key.split('\u001f');
      const verdict: TriageVerdict = regressionKeys.has(e.key) ? 'failing-on-base' : flakyKeys.has(e.key) ? 'known-flaky' : 'new';
      failures.push({ job: job.name, os: plan.os, framework: framework as SampleFramework, suite: suite ?? '', id: rest.join('\u001f'), verdict });
    }
  }
  const failed = failures.length + infrastructure.length > 0;
  return {
    branch: spec.branch,
    runId: run.id,
    runNumber: run.runNumber,
    sha: run.headSha,
    createdAt: run.createdAt,
    spec,
    failures,
    infrastructure,
    rerunMayPass: failed && failures.every((f) => f.verdict === 'known-flaky'),
  };
}
