// Triage of one workflow run against the base branch's history: "is this red CI my fault?"
//
// Every test that failed in a failed job of the run's latest attempt gets one verdict:
// - `known-flaky`: the base branch's history calls it flaky (its rate and sample go with the verdict), and nothing
//   says this job is different (it failed in this job configuration on the base branch, or the base branch ran it
//   here too rarely for its absence of failures to mean anything);
// - `failing-on-base`: the base branch fails it too (a failing streak in this job configuration, or a failure in
//   the base branch's newest run): not this branch's doing;
// - `new`: no such failure on the base branch: look at the change.
// A failed job where no test failed is an `infrastructure` fault (the step that failed, the log lines that say
// why), and so is a mass failure (a systemic event: many tests, one message) inside a job; the other failures of
// that job keep their own verdicts. Failed jobs that are neither (a compile error, a crashed test binary, a log
// that cannot be read, a time-out, a lint or format check) are listed as `jobErrors`: nobody can say a re-run would
// pass. A time-out or a
// crash is listed so even when tests failed in that job: the tests it stopped never ran.
// Pure: data in, data out.
import { collectExecutions } from '../history/executions';
import { headlineOf } from '../history/failureReasons';
import { failureReasonKey } from '../history/failureMessage';
import { jobConfigurationOf } from '../history/jobConfiguration';
import type { FailedStepExcerpt, OperatingSystem, StoredJob, StoredRun, SystemicEvent, TestDeclaration, TestExecution, TestStatus } from '../model';
import type { ScanResult, ScanTest, ScanTestJob } from '../scan/scanResult';
import { failureReason } from './failedStepLog';

export type Verdict = 'known-flaky' | 'failing-on-base' | 'new';

/**
 * A flaky test that never failed in this job configuration on the base branch is still `known-flaky` unless the
 * base branch ran it there often enough that, at its flake rate, a failure would have shown: (1 − p)^n below this.
 */
export const JOB_ABSENCE_SIGNIFICANCE = 0.01;
const MESSAGE_EXCERPT = 1000;

export interface TriageRate {
  readonly executions: number;
  readonly failures: number;
  readonly flakyFailures: number;
  readonly flakeRate: number;
}

export interface TriageFailure {
  /** Internal key ({@link testKey}); the JSON output leaves it out. */
  readonly key: string;
  readonly id: string;
  readonly suite: string;
  readonly framework: string;
  readonly job: string;
  readonly workflow: string;
  readonly os: OperatingSystem;
  readonly jobId: number;
  readonly jobUrl: string;
  readonly verdict: Verdict;
  /** The test on the base branch: its status (`unknown` when the base branch never ran it) and figures. */
  readonly baseStatus: TestStatus | 'unknown';
  readonly flakeRate: number;
  readonly interval: readonly [number, number];
  readonly executions: number;
  readonly failures: number;
  readonly flakyFailures: number;
  /** The same job configuration on the base branch, when it ran the test there. */
  readonly onJob: TriageRate | null;
  /** The failure message as printed (first lines, bounded). */
  readonly message: string;
  /** The line of the message that says what went wrong. */
  readonly reason: string;
  /** The message, normalized, is one the base branch's failures of this test had too. */
  readonly knownReason: boolean;
  readonly category: string | null;
  readonly location: { readonly file: string; readonly line: number } | null;
  readonly failingSince: { readonly sha: string; readonly runId: number; readonly at: string } | null;
  /** Why this verdict, in one sentence. */
  readonly note: string;
}

export interface TriageInfrastructure {
  readonly job: string;
  readonly workflow: string;
  readonly os: OperatingSystem;
  readonly jobId: number;
  readonly jobUrl: string;
  /** `step`: a step failed and no test did; `systemic`: many tests failed at once with one message. */
  readonly kind: 'step' | 'systemic';
  /** The failed step's name as GitHub lists it (`Install Rust`). */
  readonly step: string;
  /** The log line that says why. */
  readonly reason: string;
  /** The failed step's last log lines. */
  readonly log: readonly string[];
  /** For `systemic`: how many tests failed at once. */
  readonly failedTests?: number;
}

export interface TriageJobError {
  readonly job: string;
  readonly workflow: string;
  readonly os: OperatingSystem;
  readonly jobId: number;
  readonly jobUrl: string;
  /**
   * `build`: the code did not compile (the branch's doing); `lint`: a linter or format check failed (the branch's
   * doing); `crash`: a test binary crashed outside any test; `timeout`: the job ran past its time limit;
   * `unreadable`: its log is gone; `unknown`: a test step failed and no failed test could be read from it.
   */
  readonly kind: 'build' | 'lint' | 'crash' | 'timeout' | 'unreadable' | 'unknown';
  readonly step: string;
  readonly reason: string;
  readonly log: readonly string[];
}

export interface TriageRunInfo {
  readonly id: number;
  readonly branch: string;
  readonly sha: string;
  readonly attempt: number;
  readonly url: string;
  readonly workflow: string;
  readonly event: string;
  readonly conclusion: string | null;
  readonly createdAt: string;
}

export interface TriageCounts {
  /** Distinct tests per verdict (a test failing in three jobs counts once). */
  readonly knownFlaky: number;
  readonly failingOnBase: number;
  readonly new: number;
  /** Jobs with an infrastructure fault. */
  readonly infrastructure: number;
  readonly jobErrors: number;
}

export interface TriageResult {
  readonly run: TriageRunInfo;
  /** The base branch the verdicts are given against. */
  readonly base: string;
  readonly baseWindow: { readonly runs: number; readonly from: string | null; readonly to: string | null };
  /** Newest job first in run order; within a job, new failures first. */
  readonly failures: readonly TriageFailure[];
  readonly infrastructure: readonly TriageInfrastructure[];
  readonly jobErrors: readonly TriageJobError[];
  /** True when the run failed and every failure is `known-flaky` or an infrastructure fault (no job errors). */
  readonly rerunMayPass: boolean;
  readonly counts: TriageCounts;
  /** `CI failed: 1 known flake, 1 failure main has too, 1 new, Windows job: infrastructure`. */
  readonly summary: string;
}

export interface TriageInputs {
  /** The run: its jobs (all attempts or the latest only: the latest attempt of each job is taken). */
  readonly run: StoredRun;
  /** The base branch's scan, with stable tests (`all`), not including this run. */
  readonly base: ScanResult;
  /**
   * The base branch's newest run per job configuration (`jobConfigurationOf(job).key`: workflow and job name) in
   * that scan: a test that failed there, in that job, is failing on the base branch too.
   */
  readonly baseNewestRuns?: ReadonlyMap<string, number>;
  /**
   * The base branch's runs in that scan, which name its tests: the run's tests are named as the scan names them
   * (jest-junit's `Cart adds an item` is main's `Cart › adds an item`). The scan must be made with this run as
   * `naming` too, for the other way round.
   */
  readonly baseRuns?: readonly StoredRun[];
  /** Places tests the base branch does not know. */
  readonly resolve?: (test: { framework: string; suite: string; id: string }) => TestDeclaration | undefined;
}

function isFailedConclusion(conclusion: string | null): boolean {
  return conclusion === 'failure' || conclusion === 'timed_out';
}

/** The latest attempt of each job of a run (what GitHub's `filter=latest` shows). */
export function latestAttemptJobs(run: StoredRun): StoredJob[] {
  const latest = new Map<string, StoredJob>();
  for (const job of run.jobs) {
    const key = jobConfigurationOf(job).key;
    const seen = latest.get(key);
    if (!seen || job.runAttempt > seen.runAttempt || (job.runAttempt === seen.runAttempt && job.id > seen.id)) {
      latest.set(key, job);
    }
  }
  return [...latest.values()].sort((a, b) => a.id - b.id);
}

export function triageRun(inputs: TriageInputs): TriageResult {
  const { run, base } = inputs;
  const jobs = latestAttemptJobs(run);
  const attempt = Math.max(run.runAttempt, ...jobs.map((j) => j.runAttempt));
  const collected = collectExecutions([{ ...run, jobs }], inputs.baseRuns);
  const baseByKey = new Map(base.tests.map((t) => [t.key, t]));
  const baseBranch = base.window.branches[0] ?? 'main';

  const failuresByJob = new Map<number, { execution: TestExecution; series: { key: string; id: string; suite: string; framework: string } }[]>();
  for (const series of collected.tests.values()) {
    for (const execution of series.executions) {
      if (execution.outcome !== 'fail' || execution.failureKind === 'systemic') {
        continue;
      }
      const list = failuresByJob.get(execution.jobId) ?? [];
      list.push({ execution, series });
      failuresByJob.set(execution.jobId, list);
    }
  }
  const eventsByJob = new Map<number, SystemicEvent[]>();
  for (const event of collected.events) {
    eventsByJob.set(event.jobId, [...(eventsByJob.get(event.jobId) ?? []), event]);
  }

  const failures: TriageFailure[] = [];
  const infrastructure: TriageInfrastructure[] = [];
  const jobErrors: TriageJobError[] = [];
  for (const job of jobs) {
    if (!isFailedConclusion(job.conclusion)) {
      continue;
    }
    const configuration = jobConfigurationOf(job);
    const where = { job: job.name, workflow: job.workflowName, os: configuration.os, jobId: job.id, jobUrl: job.url };
    const steps = failedSteps(job);
    const own = failuresByJob.get(job.id) ?? [];
    const events = eventsByJob.get(job.id) ?? [];
    for (const event of events) {
      const step = steps.find((s) => looksLikeTestStep(s)) ?? steps[steps.length - 1];
      infrastructure.push({
        ...where,
        kind: 'systemic',
        step: step?.name ?? 'the tests',
        reason: headlineOf(event.message),
        log: event.message.split('\n').filter((l) => l.trim() !== ''),
        failedTests: event.failedTests,
      });
    }
    for (const { execution, series } of own) {
      failures.push(verdictOf(series, execution, where, configuration.key, baseByKey.get(series.key), inputs, baseBranch));
    }
    if (own.length > 0 || events.length > 0) {
      // Tests failed here; a step that failed before them (the toolchain, a service) is a fault of its own, and a
      // lint or format check that failed before them is the branch's.
      for (const step of steps.filter((s) => !looksLikeTestStep(s) && s.index < firstTestStepIndex(steps))) {
        if (looksLikeLintStep(step)) {
          jobErrors.push({ ...where, ...lintErrorOf(step) });
        } else {
          infrastructure.push({ ...where, kind: 'step', step: step.name, reason: failureReason(step.lines), log: step.lines });
        }
      }
      // A time-out or a crashed test binary stopped the tests after the failed ones: a re-run that passes the
      // failed tests may still stop there, whatever their verdicts.
      const stopped = stopOf(job, steps, [...own.map((o) => o.execution.message ?? ''), ...events.map((e) => e.message)]);
      if (stopped) {
        jobErrors.push({ ...where, ...stopped });
        // The known flakes' notes say a re-run may pass: not while the job stops there.
        const stop = stopped.kind === 'timeout' ? 'ran past its time limit' : 'crashed';
        for (let i = failures.length - own.length; i < failures.length; i++) {
          const failure = failures[i];
          if (failure?.verdict === 'known-flaky') {
            failures[i] = { ...failure, note: failure.note.replace(/; a re-run may pass\.$/, `; but this job ${stop} after it, and a re-run may stop there again.`) };
          }
        }
      }
      continue;
    }
    const unexplained = jobErrorOf(job, steps);
    if (unexplained) {
      jobErrors.push({ ...where, ...unexplained });
      continue;
    }
    const step = steps[0];
    infrastructure.push({
      ...where,
      kind: 'step',
      step: step?.name ?? 'Set up job',
      reason: step ? failureReason(step.lines) : firstError(job),
      log: step?.lines ?? job.errors ?? [],
    });
  }

  failures.sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || a.job.localeCompare(b.job) || a.suite.localeCompare(b.suite) || a.id.localeCompare(b.id));
  const counts = countsOf(failures, infrastructure, jobErrors);
  const failed = failures.length + infrastructure.length + jobErrors.length > 0;
  const rerunMayPass = failed && jobErrors.length === 0 && failures.every((f) => f.verdict === 'known-flaky');
  return {
    run: {
      id: run.id,
      branch: run.branch,
      sha: run.sha,
      attempt,
      url: run.url,
      workflow: run.workflowName,
      event: run.event,
      conclusion: run.conclusion,
      createdAt: run.createdAt,
    },
    base: baseBranch,
    baseWindow: { runs: base.window.runs, from: base.window.from, to: base.window.to },
    failures,
    infrastructure,
    jobErrors,
    rerunMayPass,
    counts,
    summary: summaryLine({ jobs, failures, infrastructure, jobErrors, counts, base: baseBranch, failed }),
  };
}

const VERDICT_ORDER: Record<Verdict, number> = { new: 0, 'failing-on-base': 1, 'known-flaky': 2 };

function verdictOf(
  series: { key: string; id: string; suite: string; framework: string },
  execution: TestExecution,
  where: { job: string; workflow: string; os: OperatingSystem; jobId: number; jobUrl: string },
  configurationKey: string,
  baseTest: ScanTest | undefined,
  inputs: TriageInputs,
  baseBranch: string,
): TriageFailure {
  const normalized = failureReasonKey(execution.message, series.id);
  const knownReason = normalized !== '' && (baseTest?.failureReasons ?? []).some((r) => r.reason === normalized);
  const onJobStats = baseTest ? jobStatsOf(baseTest, where.job, where.workflow) : undefined;
  const onJob: TriageRate | null = onJobStats
    ? { executions: onJobStats.executions, failures: onJobStats.failures, flakyFailures: onJobStats.flakyFailures, flakeRate: onJobStats.flakeRate }
    : null;
  const { verdict, note } = decide(baseTest, onJobStats, where, inputs.baseNewestRuns?.get(configurationKey), baseBranch);
  const declaration = baseTest?.location ?? locationOf(inputs.resolve?.({ framework: series.framework, suite: series.suite, id: series.id }));
  return {
    key: series.key,
    id: series.id,
    suite: series.suite,
    framework: series.framework,
    ...where,
    verdict,
    baseStatus: baseTest?.status ?? 'unknown',
    flakeRate: baseTest?.flakeRate ?? 0,
    // Never run on the base branch: an empty sample, whose interval is the whole range (as `wilsonRate` gives it).
    interval: baseTest?.interval ?? [0, 1],
    executions: baseTest?.executions ?? 0,
    failures: baseTest?.failures ?? 0,
    flakyFailures: baseTest?.flakyFailures ?? 0,
    onJob,
    message: excerpt(execution.message),
    reason: headlineOf(execution.message ?? ''),
    knownReason,
    category: verdict === 'new' ? null : (baseTest?.category ?? null),
    location: declaration,
    failingSince: baseTest?.failingSince ?? null,
    note,
  };
}

function decide(
  baseTest: ScanTest | undefined,
  onJob: ScanTestJob | undefined,
  where: { job: string; os: OperatingSystem },
  baseNewestRunId: number | undefined,
  baseBranch: string,
): { verdict: Verdict; note: string } {
  if (!baseTest || baseTest.executions === 0) {
    return { verdict: 'new', note: `${baseBranch} never ran this test in the window: a new test, or a renamed one.` };
  }
  const otherJobs = (pick: (j: ScanTestJob) => boolean) =>
    baseTest.byJob
      .filter(pick)
      .map((j) => j.job)
      .join(', ');
  if (baseTest.status === 'failing') {
    // Failing on the base branch means a streak to its newest runs in some job; an older failure in this job (a
    // flake, a streak since fixed) does not say the base branch fails it here now.
    if (!onJob || onJob.failingSince) {
      const start = onJob?.failingSince ?? baseTest.failingSince;
      const since = start ? ` since ${start.sha.slice(0, 7)}` : '';
      return { verdict: 'failing-on-base', note: `${baseBranch} fails it too${since}: not this branch's doing.` };
    }
    if (onJob.flakyFailures > 0) {
      return {
        verdict: 'known-flaky',
        note: `Flaky on ${baseBranch} in this job: ${percentText(onJob.flakeRate)} of ${onJob.executions} executions (it fails only in ${otherJobs((j) => j.failingSince !== null)}); a re-run may pass.`,
      };
    }
    return {
      verdict: 'new',
      note: `${baseBranch} fails it only in ${otherJobs((j) => j.failingSince !== null)}; in this job it passed ${onJob.executions - onJob.failures} of ${onJob.executions}.`,
    };
  }
  if (baseTest.status === 'flaky') {
    const rate = baseTest.flakeRate;
    const absenceMeansSomething = onJob !== undefined && onJob.failures === 0 && Math.pow(1 - rate, onJob.executions) < JOB_ABSENCE_SIGNIFICANCE;
    if (!absenceMeansSomething) {
      return { verdict: 'known-flaky', note: `Flaky on ${baseBranch}: ${percentText(rate)} of ${baseTest.executions} executions; a re-run may pass.` };
    }
    return {
      verdict: 'new',
      note: `Flaky on ${baseBranch} only in ${otherJobs((j) => j.flakyFailures > 0)}; in this job it passed all ${onJob?.executions ?? 0} executions.`,
    };
  }
  // A run is one workflow's: its id and the job's name are this job configuration.
  if (baseNewestRunId !== undefined && baseTest.recentFailures.some((f) => f.runId === baseNewestRunId && f.job === where.job)) {
    return { verdict: 'failing-on-base', note: `It failed in ${baseBranch}'s newest run too: not this branch's doing.` };
  }
  const passed = baseTest.executions - baseTest.failures;
  const fixed = baseTest.fixedSince ? ` It flaked on ${baseBranch} until ${baseTest.fixedSince.sha.slice(0, 7)}, which looked like a fix.` : '';
  return { verdict: 'new', note: `It passed ${passed} of ${baseTest.executions} executions on ${baseBranch}.${fixed}` };
}

function jobStatsOf(test: ScanTest, job: string, workflow: string): ScanTestJob | undefined {
  return test.byJob.find((j) => j.job === job && j.workflow === workflow) ?? test.byJob.find((j) => j.job === job);
}

function locationOf(declaration: TestDeclaration | undefined): { file: string; line: number } | null {
  return declaration ? { file: declaration.file, line: declaration.line } : null;
}

function percentText(rate: number): string {
  const value = rate * 100;
  return value > 0 && value < 1 ? `${value.toFixed(1)}%` : `${Math.round(value)}%`;
}

function excerpt(message: string | undefined): string {
  if (!message) {
    return '';
  }
  return message.length > MESSAGE_EXCERPT ? `${message.slice(0, MESSAGE_EXCERPT)}…` : message;
}

interface FailedStep {
  /** Position among the job's steps (API order), for "before the tests". */
  readonly index: number;
  readonly name: string;
  readonly title: string;
  readonly lines: readonly string[];
}

/** The job's failed steps, API names paired with the log's excerpts in order (each failed step ends in one error). */
function failedSteps(job: StoredJob): FailedStep[] {
  const excerpts: readonly FailedStepExcerpt[] = job.failedSteps ?? [];
  const api = job.steps
    .slice()
    .sort((a, b) => a.number - b.number)
    .map((s, index) => ({ s, index }))
    .filter(({ s }) => s.conclusion === 'failure' || s.conclusion === 'timed_out');
  if (api.length === 0) {
    return excerpts.map((e, index) => ({ index, name: stepNameOfTitle(e.title), title: e.title, lines: e.lines }));
  }
  return api.map(({ s, index }, i) => {
    // One excerpt per failed step; when the log shows fewer, the last one is the best guess.
    const e = excerpts[i] ?? excerpts[excerpts.length - 1];
    return { index, name: s.name, title: e?.title ?? s.name, lines: e?.lines ?? [] };
  });
}

function stepNameOfTitle(title: string): string {
  return title.length > 80 ? `${title.slice(0, 80)}…` : title;
}

// What test runners print when tests fail: a failed step that printed this is the tests' own.
const TEST_STEP_SIGNS = /test result: FAILED|^failures:$|^FAIL\s|^--- FAIL|error: test failed|error: \d+ targets? failed|\btests? failed\b|^FAILED |AssertionError|^\s*✕|^Tests:.*failed/m;
const TEST_COMMANDS = /\b(cargo (nextest|test)|go test|pytest|jest|vitest|mocha|npm (run )?test|yarn test|pnpm test|gradle\w* test|mvn\w* test|dotnet test|ctest|tox|nox|rspec|phpunit)\b/i;

function looksLikeTestStep(step: FailedStep): boolean {
  return TEST_COMMANDS.test(step.title) || TEST_COMMANDS.test(step.name) || step.lines.some((l) => TEST_STEP_SIGNS.test(l));
}

function firstTestStepIndex(steps: readonly FailedStep[]): number {
  const test = steps.find(looksLikeTestStep);
  return test ? test.index : Number.POSITIVE_INFINITY;
}

const BUILD_ERRORS = /could not compile|\[build failed\]|\[setup failed\]|^error\[E\d+\]|error TS\d+:|SyntaxError:|cannot find module|compilation failed|BUILD FAILURE/i;
const CRASHES = /^test binary .* crashed|^go: panic outside a test|segmentation fault|SIGSEGV|SIGABRT|stack overflow/i;

// Linters and format checks report on the branch's code: their failure is the branch's doing, never CI's. By the
// command (or a step named for it), or by what the tools print when a check fails (rustfmt's diff, eslint's count,
// prettier, black, clippy's lint link, flake8 and ruff's `file:line:col: CODE`).
const LINT_COMMANDS = /\b(cargo (fmt|clippy)|rustfmt|clippy|eslint|tslint|prettier|stylelint|biome|dprint|black|ruff|flake8|pylint|isort|mypy|gofmt|goimports|golangci-lint|go vet|staticcheck|shellcheck|rubocop|ktlint|spotless\w*|checkstyle|clang-format|clang-tidy|markdownlint|actionlint|codespell|lint|fmt|format(ting)? ?check|check[ -]?format(ting)?)\b/i;
const LINT_SIGNS = /^Diff in .* at line \d+:|^would reformat |files? would be reformatted|Code style issues found|^✖ \d+ problems? \(|rust-lang\.github\.io\/rust-clippy|^\S+:\d+:\d+: [A-Z]{1,3}\d{3,4} /;

// Installing a linter (`rustup component add clippy`, `pip install black`) is setup: its failure is CI's.
const INSTALL_COMMANDS = /\b(install|setup|set up|rustup|apt(-get)?|brew|choco|download)\b/i;

function looksLikeLintStep(step: FailedStep): boolean {
  if (looksLikeTestStep(step)) {
    return false;
  }
  const named = [step.title, step.name].some((t) => LINT_COMMANDS.test(t) && !INSTALL_COMMANDS.test(t));
  return named || step.lines.some((l) => LINT_SIGNS.test(l.trim()));
}

function lintErrorOf(step: FailedStep): Pick<TriageJobError, 'kind' | 'step' | 'reason' | 'log'> {
  // The first complaint (clippy's `error: unused variable`), else the tool's own summary line (not clippy's link).
  const lines = step.lines.map((l) => l.trim());
  const complaint = lines.find((l) => /^error\b/.test(l)) ?? lines.find((l) => LINT_SIGNS.test(l) && !/^= help:/.test(l));
  const reason = complaint || failureReason(step.lines) || `${step.name} failed: the check found something to fix in the code.`;
  return { kind: 'lint', step: step.name, reason, log: step.lines };
}

function jobErrorOf(job: StoredJob, steps: readonly FailedStep[]): Pick<TriageJobError, 'kind' | 'step' | 'reason' | 'log'> | undefined {
  const step = steps.find(looksLikeTestStep) ?? steps[0];
  const stepName = step?.name ?? 'Set up job';
  const log = step?.lines ?? [];
  if (job.logState !== 'parsed' && job.logState !== 'too-large') {
    return { kind: 'unreadable', step: stepName, reason: job.logNote ?? 'The log of this job could not be read.', log };
  }
  // Before the build errors: clippy's denied lints end in `could not compile`.
  const lint = steps.find(looksLikeLintStep);
  if (lint) {
    return lintErrorOf(lint);
  }
  const build = jobTexts(job, steps).find((t) => BUILD_ERRORS.test(t));
  if (build) {
    return { kind: 'build', step: stepName, reason: build, log };
  }
  const stopped = stopOf(job, steps, []);
  if (stopped) {
    return stopped;
  }
  if (step && looksLikeTestStep(step)) {
    return { kind: 'unknown', step: stepName, reason: failureReason(step.lines) || 'The test step failed, and no failed test could be read from its log.', log };
  }
  return undefined;
}

function jobTexts(job: StoredJob, steps: readonly FailedStep[]): string[] {
  return [...(job.errors ?? []), ...steps.flatMap((s) => s.lines)];
}

/**
 * What stopped the job's tests, if anything did: a crash outside any test (a line of a failed test's own message,
 * given in `testMessages`, is that test's failure, not a crash), or the time limit.
 */
function stopOf(job: StoredJob, steps: readonly FailedStep[], testMessages: readonly string[]): Pick<TriageJobError, 'kind' | 'step' | 'reason' | 'log'> | undefined {
  const step = steps.find(looksLikeTestStep) ?? steps[0];
  const log = step?.lines ?? [];
  const crash = jobTexts(job, steps).find((t) => CRASHES.test(t) && !testMessages.some((m) => m.includes(t.trim())));
  if (crash) {
    return { kind: 'crash', step: step?.name ?? 'Set up job', reason: crash.trim(), log };
  }
  if (job.conclusion === 'timed_out') {
    // A step stopped at the time limit is listed as cancelled (or timed out), not failed.
    const stoppedStep = step ?? job.steps.find((s) => s.conclusion === 'cancelled' || s.conclusion === 'timed_out');
    return { kind: 'timeout', step: stoppedStep?.name ?? 'Set up job', reason: 'The job ran past its time limit and was stopped.', log };
  }
  return undefined;
}

function firstError(job: StoredJob): string {
  return (job.errors ?? []).find((e) => !/^Process completed with exit code/.test(e)) ?? job.errors?.[0] ?? '';
}

function countsOf(failures: readonly TriageFailure[], infrastructure: readonly TriageInfrastructure[], jobErrors: readonly TriageJobError[]): TriageCounts {
  const distinct = (verdict: Verdict) => new Set(failures.filter((f) => f.verdict === verdict).map((f) => f.key)).size;
  return {
    knownFlaky: distinct('known-flaky'),
    failingOnBase: distinct('failing-on-base'),
    new: distinct('new'),
    infrastructure: new Set(infrastructure.map((i) => i.jobId)).size,
    jobErrors: new Set(jobErrors.map((e) => e.jobId)).size,
  };
}

const OS_NAMES: Record<OperatingSystem, string> = { linux: 'Linux', windows: 'Windows', macos: 'macOS', unknown: '' };

/** How a job is called in one line: by its OS when that names it alone among the run's failed jobs, else by name. */
function jobLabel(job: { job: string; os: OperatingSystem }, all: readonly { job: string; os: OperatingSystem }[]): string {
  const sameOs = new Set(all.filter((j) => j.os === job.os).map((j) => j.job));
  return job.os !== 'unknown' && sameOs.size === 1 ? `${OS_NAMES[job.os]} job` : job.job;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function summaryLine(input: {
  jobs: readonly StoredJob[];
  failures: readonly TriageFailure[];
  infrastructure: readonly TriageInfrastructure[];
  jobErrors: readonly TriageJobError[];
  counts: TriageCounts;
  base: string;
  failed: boolean;
}): string {
  const { counts } = input;
  if (!input.failed) {
    const other = input.jobs.find((j) => j.conclusion !== 'success' && j.conclusion !== 'skipped' && j.conclusion !== 'neutral');
    return other ? `CI ${other.conclusion ?? 'unfinished'}: no failed job to sort.` : 'CI passed.';
  }
  const parts: string[] = [];
  if (counts.knownFlaky > 0) parts.push(plural(counts.knownFlaky, 'known flake', 'known flakes'));
  if (counts.failingOnBase > 0) parts.push(`${plural(counts.failingOnBase, 'failure', 'failures')} ${input.base} has too`);
  if (counts.new > 0) parts.push(`${counts.new} new`);
  const labelled = [...input.infrastructure, ...input.jobErrors];
  const seen = new Set<number>();
  for (const infra of input.infrastructure) {
    if (seen.has(infra.jobId)) continue;
    seen.add(infra.jobId);
    const atOnce = input.infrastructure.filter((i) => i.jobId === infra.jobId && i.kind === 'systemic').reduce((sum, i) => sum + (i.failedTests ?? 0), 0);
    parts.push(`${jobLabel(infra, labelled)}: ${atOnce > 0 ? `infrastructure (${atOnce} tests failed at once)` : 'infrastructure'}`);
  }
  const words: Record<TriageJobError['kind'], string> = { build: 'build error', lint: 'lint error', crash: 'crash', timeout: 'timed out', unreadable: 'log unreadable', unknown: 'failed, no test named' };
  for (const error of input.jobErrors) {
    if (seen.has(error.jobId)) continue;
    seen.add(error.jobId);
    parts.push(`${jobLabel(error, labelled)}: ${words[error.kind]}`);
  }
  return `CI failed: ${parts.join(', ')}`;
}
