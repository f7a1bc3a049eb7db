// The scan result: every test's statistics joined with its place in the workspace and its likely cause. This is
// the CLI's JSON contract (DESIGN.md: add fields freely, never rename or drop one) and what the editor shows.
import { ClassificationCache, type ScanClassifier } from '../classify/classificationCache';
import { languageOfFile, type ClassifyInput } from '../classify/classifier';
import { collectingExecutions, type CollectedExecutions } from '../history/executions';
import { failureReasons, type FailureReason } from '../history/failureReasons';
import type { HistoryWindow, SelectedWindow } from '../history/window';
import { selectWindow } from '../history/window';
import type { Classification, History, OperatingSystem, StoredRun, SystemicEvent, TestDeclaration, TestReport, TestStatus } from '../model';
import { reportingTests } from '../stats/flakeStats';
import { runSteps, runStepsAsync } from '../steps';
import type { SourceProvider } from './testSource';
import { functionSlice, relatedSources } from './testSource';

export interface ScanTestJob {
  readonly job: string;
  readonly workflow: string;
  readonly os: OperatingSystem;
  readonly executions: number;
  readonly failures: number;
  readonly flakyFailures: number;
  readonly flakeRate: number;
  readonly interval: readonly [number, number];
  /** Where the test fails in this job configuration to the newest runs: the start of that streak. */
  readonly failingSince: { readonly sha: string; readonly runId: number; readonly at: string } | null;
}

export interface ScanTest {
  readonly key: string;
  readonly id: string;
  readonly suite: string;
  readonly framework: string;
  readonly status: TestStatus;
  readonly executions: number;
  readonly failures: number;
  readonly flakyFailures: number;
  readonly confirmedFlakyFailures: number;
  readonly likelyFlakyFailures: number;
  readonly regressionFailures: number;
  readonly systemicFailures: number;
  readonly flakeRate: number;
  readonly interval: readonly [number, number];
  readonly byJob: readonly ScanTestJob[];
  readonly byOs: readonly { readonly os: OperatingSystem; readonly executions: number; readonly flakyFailures: number; readonly flakeRate: number; readonly interval: readonly [number, number] }[];
  /**
   * Per head branch of the runs, highest flake rate first. Always set by {@link scanHistory}; optional only for
   * hand-built values.
   */
  readonly byBranch?: readonly { readonly branch: string; readonly executions: number; readonly flakyFailures: number; readonly flakeRate: number; readonly interval: readonly [number, number] }[];
  /** Null for stable tests: there is nothing to explain. */
  readonly category: string | null;
  readonly categories: Classification['categories'];
  readonly evidence: readonly string[];
  readonly suggestion: string | null;
  readonly lastFailure: { readonly runId: number; readonly jobId: number; readonly url: string; readonly message: string; readonly job: string; readonly os: OperatingSystem; readonly sha: string; readonly at: string } | null;
  readonly recentFailures: readonly { readonly runId: number; readonly jobId: number; readonly url: string; readonly message: string; readonly job: string; readonly os: OperatingSystem; readonly kind: string; readonly at: string }[];
  readonly failingSince: { readonly sha: string; readonly runId: number; readonly at: string } | null;
  /** Set when a flaky test has passed long enough since to call it fixed (its status is then `stable`). */
  readonly fixedSince: { readonly sha: string; readonly runId: number; readonly at: string } | null;
  /** The flake rate over time, oldest first (up to ten spans of equal run counts). */
  readonly trend: readonly { readonly from: string; readonly to: string; readonly executions: number; readonly flakyFailures: number }[];
  readonly location: { readonly file: string; readonly line: number } | null;
  /**
   * The test's failures grouped by normalized message, most frequent first (systemic ones left out): the hover's
   * "two unrelated reasons". Always set by {@link scanHistory}; optional only for hand-built values.
   */
  readonly failureReasons?: readonly FailureReason[];
}

export interface ScanResult {
  readonly repository: string;
  readonly window: { readonly runs: number; readonly from: string | null; readonly to: string | null; readonly branches: readonly string[] };
  readonly requests: { readonly total: number; readonly notModified: number };
  readonly tests: readonly ScanTest[];
  readonly events: readonly SystemicEvent[];
  /** Failed job attempts whose logs could not be read (expired, missing): their tests are unknown. */
  readonly unreadableFailedJobs: number;
}

export interface ScanOptions extends HistoryWindow {
  readonly minFlakeRate: number;
  /** Include stable tests. */
  readonly all: boolean;
}

export interface ScanInputs {
  readonly history: History;
  readonly options: ScanOptions;
  /** Runs outside the window that only name tests (the run triage sorts against this scan): see collectExecutions. */
  readonly naming?: readonly StoredRun[];
  readonly requests?: { readonly total: number; readonly notModified: number };
  readonly resolve?: (test: { framework: string; suite: string; id: string }) => TestDeclaration | undefined;
  readonly sources?: SourceProvider;
  /**
   * Classifications kept from earlier scans (the editor keeps one for its rescans); without it, a cache for this scan
   * alone, which still reads a helper that many tests point at once.
   */
  readonly classifications?: ClassificationCache;
}

const MESSAGE_EXCERPT = 1000;

function excerpt(message: string | undefined): string {
  if (!message) {
    return '';
  }
  return message.length > MESSAGE_EXCERPT ? `${message.slice(0, MESSAGE_EXCERPT)}…` : message;
}

/** The statistics of the stored history, as the CLI prints them and the editor shows them. */
export function scanHistory(inputs: ScanInputs): ScanResult {
  return completeScan(planScan(inputs), inputs.sources, inputs.classifications);
}

/**
 * A scan before its sources are read: the statistics, and the tests to list with their declarations. A caller that
 * reads sources asynchronously (the editor) plans the scan, reads what {@link readScanSources} asks for, and then
 * completes the scan from memory; {@link scanHistory} does the three at once.
 */
export interface ScanPlan {
  readonly inputs: Omit<ScanInputs, 'sources' | 'classifications'>;
  readonly selected: SelectedWindow;
  readonly collected: CollectedExecutions;
  readonly tests: readonly { readonly report: TestReport; readonly declaration: TestDeclaration | undefined }[];
}

/**
 * The statistics of a scan, before its tests are placed in the workspace: the same for the same history and window,
 * whatever the index says (a rescan after the index filled, or after a setting that changes neither, reuses them).
 */
export interface ScanStatistics {
  readonly selected: SelectedWindow;
  readonly collected: CollectedExecutions;
  /** The tests the scan lists: stable ones too only with `all`. */
  readonly reports: readonly TestReport[];
}

export function scanStatistics(inputs: Pick<ScanInputs, 'history' | 'options' | 'naming'>): ScanStatistics {
  return runSteps(computingStatistics(inputs));
}

/** {@link scanStatistics}, awaiting `between()` after each job collected and each test reported (see core/steps.ts). */
export function scanStatisticsInSteps(inputs: Pick<ScanInputs, 'history' | 'options' | 'naming'>, between: () => Promise<void> | void): Promise<ScanStatistics> {
  return runStepsAsync(computingStatistics(inputs), between);
}

function* computingStatistics(inputs: Pick<ScanInputs, 'history' | 'options' | 'naming'>): Generator<void, ScanStatistics> {
  const selected = selectWindow(inputs.history, inputs.options);
  const collected = yield* collectingExecutions(selected.runs, inputs.naming);
  const reports = yield* reportingTests(collected.tests.values(), { minFlakeRate: inputs.options.minFlakeRate });
  return { selected, collected, reports: reports.filter((r) => inputs.options.all || r.status !== 'stable') };
}

/** A scan planned from its statistics (made from `inputs` when not given): each test placed by `inputs.resolve`. */
export function planScan(inputs: Omit<ScanInputs, 'sources' | 'classifications'>, statistics: ScanStatistics = scanStatistics(inputs)): ScanPlan {
  return {
    inputs,
    selected: statistics.selected,
    collected: statistics.collected,
    tests: statistics.reports.map((report) => ({ report, declaration: inputs.resolve?.(report) })),
  };
}

/**
 * Reads through `sources` every file that completing the scan reads, in the same order: each classified test's own
 * file and then, once that file is there, the files its body and its failures name. A provider that only records
 * what it is asked for learns the files to read: the tests' files on a first call, the files they name on a second.
 */
export function readScanSources(plan: ScanPlan, sources: SourceProvider): void {
  for (const { report, declaration } of plan.tests) {
    if (report.status !== 'stable') classifyInput(report, declaration, sources);
  }
}

/** The scan of a plan, its sources read through `sources` (see {@link planScan}). */
export function completeScan(plan: ScanPlan, sources?: SourceProvider, classifications?: ClassificationCache): ScanResult {
  // Always wanted, it always completes.
  return runSteps(completingScan(plan, sources, classifications, () => true)) as ScanResult;
}

/**
 * {@link completeScan}, awaiting `between()` after each test and after each family of rules over a source read
 * (see core/steps.ts), and stopping, with undefined, before the next test once `wanted()` turns false (a newer scan
 * started).
 */
export function completeScanInSteps(
  plan: ScanPlan,
  sources: SourceProvider | undefined,
  classifications: ClassificationCache | undefined,
  between: () => Promise<void> | void,
  wanted: () => boolean = () => true,
): Promise<ScanResult | undefined> {
  return runStepsAsync(completingScan(plan, sources, classifications, wanted), between);
}

function* completingScan(plan: ScanPlan, sources: SourceProvider | undefined, classifications: ClassificationCache | undefined, wanted: () => boolean): Generator<void, ScanResult | undefined> {
  const classifier = (classifications ?? new ClassificationCache()).forScan();
  const tests: ScanTest[] = [];
  for (const entry of plan.tests) {
    if (!wanted()) return undefined;
    tests.push(yield* completingTest(plan, entry, sources, classifier));
    yield;
  }
  return wanted() ? scanResultOf(plan, tests) : undefined;
}

/** One test of the scan, its classification made in steps (a first reading of a large helper takes a while). */
function* completingTest(
  plan: ScanPlan,
  { report, declaration }: ScanPlan['tests'][number],
  sources: SourceProvider | undefined,
  classifier: ScanClassifier,
): Generator<void, ScanTest> {
  const classification = report.status === 'stable' ? undefined : yield* classifier.classifying(classifyInput(report, declaration, sources));
  return {
    ...scanTest(report, declaration, classification),
    failureReasons: failureReasons(plan.collected.tests.get(report.key)?.executions ?? [], report.id),
  };
}

function scanResultOf(plan: ScanPlan, tests: ScanTest[]): ScanResult {
  const { inputs, selected, collected } = plan;
  return {
    repository: inputs.history.repository,
    window: { runs: selected.runs.length, from: selected.from, to: selected.to, branches: selected.branches },
    requests: inputs.requests ?? { total: 0, notModified: 0 },
    tests,
    events: collected.events,
    unreadableFailedJobs: collected.unreadableFailedJobs,
  };
}

function scanTest(report: TestReport, declaration: TestDeclaration | undefined, classification: Classification | undefined): ScanTest {
  const last = report.recentFailures[0];
  return {
    key: report.key,
    id: report.id,
    suite: report.suite,
    framework: report.framework,
    status: report.status,
    executions: report.executions,
    failures: report.failures,
    flakyFailures: report.flakyFailures,
    confirmedFlakyFailures: report.confirmedFlakyFailures,
    likelyFlakyFailures: report.likelyFlakyFailures,
    regressionFailures: report.regressionFailures,
    systemicFailures: report.systemicFailures,
    flakeRate: report.flakeRate.rate,
    interval: report.flakeRate.interval,
    byJob: report.byJob.map((j) => ({
      job: j.configuration.job,
      workflow: j.configuration.workflow,
      os: j.configuration.os,
      executions: j.executions,
      failures: j.failures,
      flakyFailures: j.flakyFailures,
      flakeRate: j.flakeRate.rate,
      interval: j.flakeRate.interval,
      failingSince: j.failingSince ? { sha: j.failingSince.sha, runId: j.failingSince.runId, at: j.failingSince.createdAt } : null,
    })),
    byOs: report.byOs.map((o) => ({ os: o.os, executions: o.executions, flakyFailures: o.flakyFailures, flakeRate: o.flakeRate.rate, interval: o.flakeRate.interval })),
    byBranch: report.byBranch.map((b) => ({ branch: b.branch, executions: b.executions, flakyFailures: b.flakyFailures, flakeRate: b.flakeRate.rate, interval: b.flakeRate.interval })),
    category: classification?.category ?? null,
    categories: classification?.categories ?? [],
    evidence: classification?.categories.flatMap((c) => c.evidence).slice(0, 8) ?? [],
    suggestion: classification?.suggestion ?? null,
    lastFailure: last
      ? {
          runId: last.runId,
          jobId: last.jobId,
          url: last.jobUrl,
          message: excerpt(last.message),
          job: last.configuration.job,
          os: last.configuration.os,
          sha: last.sha,
          at: last.createdAt,
        }
      : null,
    recentFailures: report.recentFailures.map((f) => ({
      runId: f.runId,
      jobId: f.jobId,
      url: f.jobUrl,
      message: excerpt(f.message),
      job: f.configuration.job,
      os: f.configuration.os,
      kind: f.failureKind ?? 'unexplained',
      at: f.createdAt,
    })),
    failingSince: report.failingSince ? { sha: report.failingSince.sha, runId: report.failingSince.runId, at: report.failingSince.createdAt } : null,
    fixedSince: report.fixedSince ? { sha: report.fixedSince.sha, runId: report.fixedSince.runId, at: report.fixedSince.createdAt } : null,
    trend: report.trend,
    location: declaration ? { file: declaration.file, line: declaration.line } : null,
  };
}

/** What the classifier reads for a test: its failures' messages and pattern, its function and the files they name. */
function classifyInput(report: TestReport, declaration: TestDeclaration | undefined, sources: SourceProvider | undefined): ClassifyInput {
  const flakyFailures = report.recentFailures.filter((f) => f.failureKind === 'confirmed-flaky' || f.failureKind === 'likely-flaky');
  const considered = report.status === 'flaky' && flakyFailures.length > 0 ? flakyFailures : report.recentFailures;
  const messages = considered.map((f) => f.message ?? '').filter((m) => m.length > 0);
  let testSource: { file: string; text: string; startLine: number } | undefined;
  let related: { file: string; text: string; startLine: number }[] = [];
  if (declaration && sources) {
    const text = sources.read(declaration.file);
    if (text !== undefined) {
      testSource = functionSlice(declaration.file, text, declaration.line);
      related = relatedSources(sources, declaration.file, testSource.text, messages);
    }
  }
  const failingOs = report.byOs.filter((o) => o.flakyFailures > 0).map((o) => o.os);
  const failingJobs = report.byJob.filter((j) => j.flakyFailures > 0).map((j) => j.configuration.job);
  return {
    language: declaration ? languageOfFile(declaration.file) : report.framework === 'gotest' ? 'go' : report.framework === 'libtest' ? 'rust' : 'unknown',
    testName: report.id,
    ...(testSource ? { testSource } : {}),
    relatedSources: related,
    messages,
    pattern: {
      failingOs,
      allOs: report.byOs.map((o) => o.os),
      failingJobs,
      allJobs: report.byJob.map((j) => j.configuration.job),
    },
  };
}
