// Flake statistics per test, following DESIGN.md's definitions:
// - confirmed flaky: passed on the same commit in the same configuration, or the runner retried it and it passed;
// - likely flaky: passed before and after in the same configuration, with no streak;
// - regression: part of a streak of failures too long to be chance at the test's own failure rate;
// - systemic failures are left out of executions and rates (they were set apart when collecting executions).
// A streak is "too long to be chance" when the probability of seeing it at the rate measured outside it is below
// STREAK_SIGNIFICANCE (for a streak that is still going: p^L; for one that ended: n·p^L, since it could have started
// anywhere). A test with no other failures turns failing after two failures in a row; a test that flakes 20% of the
// time needs five in a row.
import { runSteps } from '../steps';
import type {
  FailureKind,
  JobStats,
  OperatingSystem,
  OsStats,
  BranchStats,
  TestExecution,
  TestReport,
  TestStatus,
  TrendPoint,
} from '../model';
import type { TestSeries } from '../history/executions';
import { wilsonRate } from './wilson';

export const STREAK_SIGNIFICANCE = 0.001;
export const MIN_REGRESSION_STREAK = 2;
/**
 * A flaky configuration counts as fixed when its newest clean stretch would have shown a failure with probability
 * above 1 − FIXED_SIGNIFICANCE at the rate it flaked before: (1 − p)^K < 0.001. At 7% that takes 96 clean
 * executions, at 20% 31: strict on purpose, so a quiet patch of a still-flaky test is not called fixed.
 */
export const FIXED_SIGNIFICANCE = 0.001;
const RECENT_FAILURES = 5;
const TREND_POINTS = 10;

export interface StatsOptions {
  /** A test is `flaky` only when its flake rate is at least this (0..1). */
  readonly minFlakeRate: number;
}

interface Classified {
  readonly execution: TestExecution;
  kind?: FailureKind;
}

function isFailure(e: TestExecution): boolean {
  return e.outcome === 'fail' || e.outcome === 'flaky';
}

/** Assigns a failure kind to every failing execution of one test in one configuration (oldest first). */
function classifyConfiguration(items: Classified[]): { ongoingStreakStart?: number } {
  // Passes per commit, for confirmation.
  const passedShas = new Set<string>();
  for (const item of items) {
    if (item.execution.outcome === 'pass' || item.execution.outcome === 'flaky') {
      passedShas.add(item.execution.sha);
    }
  }
  for (const item of items) {
    const e = item.execution;
    if (e.failureKind === 'systemic') {
      item.kind = 'systemic';
    } else if (e.outcome === 'flaky') {
      item.kind = 'confirmed-flaky';
    } else if (e.outcome === 'fail' && passedShas.has(e.sha)) {
      item.kind = 'confirmed-flaky';
    }
  }
  // Streaks over the executions that are neither systemic nor confirmed.
  const sequence = items.filter((i) => i.kind !== 'systemic');
  const n = sequence.length;
  const totalFails = sequence.filter((i) => i.execution.outcome === 'fail').length;
  let ongoingStreakStart: number | undefined;
  let i = 0;
  while (i < n) {
    const current = sequence[i];
    if (!current || current.execution.outcome !== 'fail' || current.kind === 'confirmed-flaky') {
      i++;
      continue;
    }
    let j = i;
    while (j < n) {
      const next = sequence[j];
      if (!next || next.execution.outcome !== 'fail' || next.kind === 'confirmed-flaky') {
        break;
      }
      j++;
    }
    const length = j - i;
    const ongoing = j === n;
    const passedBefore = sequence.slice(0, i).some((s) => s.execution.outcome === 'pass' || s.execution.outcome === 'flaky');
    const outside = n - length;
    const p = outside > 0 ? (totalFails - length) / outside : 0;
    const chance = ongoing ? Math.pow(p, length) : n * Math.pow(p, length);
    let kind: FailureKind;
    if (length >= MIN_REGRESSION_STREAK && chance < STREAK_SIGNIFICANCE) {
      kind = 'regression';
      if (ongoing) {
        ongoingStreakStart = items.indexOf(sequence[i] as Classified);
      }
    } else if (!ongoing && passedBefore) {
      kind = 'likely-flaky';
    } else {
      kind = 'unexplained';
    }
    for (let k = i; k < j; k++) {
      const item = sequence[k];
      if (item) {
        item.kind = kind;
      }
    }
    i = j;
  }
  return ongoingStreakStart === undefined ? {} : { ongoingStreakStart };
}

function isFlakyKind(kind: FailureKind | undefined): boolean {
  return kind === 'confirmed-flaky' || kind === 'likely-flaky';
}

/** The statistics of one test from its executions (any order; sorted here oldest first). */
export function testReport(series: TestSeries, options: StatsOptions): TestReport {
  const byConfiguration = new Map<string, Classified[]>();
  const sorted = series.executions
    .slice()
    .sort((a, b) => (a.createdAt === b.createdAt ? a.runId - b.runId || a.runAttempt - b.runAttempt : a.createdAt < b.createdAt ? -1 : 1));
  for (const execution of sorted) {
    const list = byConfiguration.get(execution.configuration.key) ?? [];
    list.push({ execution });
    byConfiguration.set(execution.configuration.key, list);
  }

  let failingSince: TestExecution | undefined;
  const classified: TestExecution[] = [];
  const byJob: JobStats[] = [];
  const fixedStarts: TestExecution[] = [];
  let flakyConfigurations = 0;
  for (const items of byConfiguration.values()) {
    const { ongoingStreakStart } = classifyConfiguration(items);
    if (items.some((i) => isFlakyKind(i.kind))) {
      flakyConfigurations++;
      const fixed = cleanStretchStart(items);
      if (fixed) {
        fixedStarts.push(fixed);
      }
    }
    const streakStart = ongoingStreakStart === undefined ? undefined : items[ongoingStreakStart]?.execution;
    if (streakStart && (!failingSince || streakStart.createdAt < failingSince.createdAt)) {
      failingSince = streakStart;
    }
    const executions = items.filter((i) => i.kind !== 'systemic');
    const failures = executions.filter((i) => isFailure(i.execution)).length;
    const flaky = executions.filter((i) => isFlakyKind(i.kind)).length;
    const configuration = items[0]?.execution.configuration;
    if (configuration) {
      byJob.push({
        configuration,
        executions: executions.length,
        failures,
        flakyFailures: flaky,
        flakeRate: wilsonRate(flaky, executions.length),
        ...(streakStart ? { failingSince: streakStart } : {}),
      });
    }
    for (const item of items) {
      classified.push(item.kind ? { ...item.execution, failureKind: item.kind } : item.execution);
    }
  }
  byJob.sort((a, b) => b.flakeRate.rate - a.flakeRate.rate || a.configuration.key.localeCompare(b.configuration.key));

  const counted = classified.filter((e) => e.failureKind !== 'systemic');
  const count = (kind: FailureKind) => classified.filter((e) => e.failureKind === kind).length;
  const confirmed = count('confirmed-flaky');
  const likely = count('likely-flaky');
  const flakyFailures = confirmed + likely;
  const failures = counted.filter(isFailure).length;
  const flakeRate = wilsonRate(flakyFailures, counted.length);

  const osMap = new Map<OperatingSystem, { executions: number; failures: number; flaky: number }>();
  for (const job of byJob) {
    const entry = osMap.get(job.configuration.os) ?? { executions: 0, failures: 0, flaky: 0 };
    entry.executions += job.executions;
    entry.failures += job.failures;
    entry.flaky += job.flakyFailures;
    osMap.set(job.configuration.os, entry);
  }
  const byOs: OsStats[] = [...osMap.entries()]
    .map(([os, v]) => ({ os, executions: v.executions, failures: v.failures, flakyFailures: v.flaky, flakeRate: wilsonRate(v.flaky, v.executions) }))
    .sort((a, b) => b.flakeRate.rate - a.flakeRate.rate || a.os.localeCompare(b.os));

  const branchMap = new Map<string, { executions: number; failures: number; flaky: number }>();
  for (const execution of counted) {
    const entry = branchMap.get(execution.branch) ?? { executions: 0, failures: 0, flaky: 0 };
    entry.executions++;
    if (isFailure(execution)) {
      entry.failures++;
    }
    if (isFlakyKind(execution.failureKind)) {
      entry.flaky++;
    }
    branchMap.set(execution.branch, entry);
  }
  const byBranch: BranchStats[] = [...branchMap.entries()]
    .map(([branch, v]) => ({ branch, executions: v.executions, failures: v.failures, flakyFailures: v.flaky, flakeRate: wilsonRate(v.flaky, v.executions) }))
    .sort((a, b) => b.flakeRate.rate - a.flakeRate.rate || a.branch.localeCompare(b.branch));

  // Fixed: every configuration that flaked has a long enough clean stretch since; it starts at the latest of them.
  const fixedSince =
    !failingSince && flakyConfigurations > 0 && fixedStarts.length === flakyConfigurations
      ? fixedStarts.reduce((a, b) => (a.createdAt >= b.createdAt ? a : b))
      : undefined;
  let status: TestStatus = 'stable';
  if (failingSince) {
    status = 'failing';
  } else if (flakyFailures > 0 && flakeRate.rate >= options.minFlakeRate && !fixedSince) {
    status = 'flaky';
  }

  const recentFailures = classified
    .filter((e) => isFailure(e) && e.failureKind !== 'systemic')
    .sort((a, b) => (a.createdAt === b.createdAt ? b.runId - a.runId : a.createdAt < b.createdAt ? 1 : -1))
    .slice(0, RECENT_FAILURES);

  return {
    key: series.key,
    id: series.id,
    suite: series.suite,
    framework: series.framework,
    status,
    executions: counted.length,
    failures,
    flakyFailures,
    confirmedFlakyFailures: confirmed,
    likelyFlakyFailures: likely,
    regressionFailures: count('regression'),
    systemicFailures: count('systemic'),
    flakeRate,
    byJob,
    byOs,
    byBranch,
    recentFailures,
    ...(failingSince ? { failingSince } : {}),
    trend: trendOf(classified),
    ...(fixedSince ? { fixedSince } : {}),
  };
}

/** The first execution of the newest clean stretch when it is long enough to call the flakiness fixed. */
function cleanStretchStart(items: readonly Classified[]): TestExecution | undefined {
  const counted = items.filter((i) => i.kind !== 'systemic');
  let start = counted.length;
  while (start > 0 && !isFailure((counted[start - 1] as Classified).execution)) {
    start--;
  }
  const clean = counted.length - start;
  const before = counted.slice(0, start);
  const flakyBefore = before.filter((i) => isFlakyKind(i.kind)).length;
  if (clean === 0 || flakyBefore === 0) {
    return undefined;
  }
  const p = flakyBefore / before.length;
  return Math.pow(1 - p, clean) < FIXED_SIGNIFICANCE ? counted[start]?.execution : undefined;
}

/** Up to TREND_POINTS spans of equal numbers of runs, oldest first. */
function trendOf(executions: readonly TestExecution[]): TrendPoint[] {
  const counted = executions.filter((e) => e.failureKind !== 'systemic').sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  const runs = [...new Set(counted.map((e) => e.runId))];
  if (runs.length === 0) {
    return [];
  }
  const spans = Math.min(TREND_POINTS, runs.length);
  const spanOfRun = new Map(runs.map((runId, i) => [runId, Math.floor((i * spans) / runs.length)]));
  const points = Array.from({ length: spans }, () => ({ from: '', to: '', executions: 0, flakyFailures: 0 }));
  for (const e of counted) {
    const point = points[spanOfRun.get(e.runId) ?? 0];
    if (!point) {
      continue;
    }
    point.from ||= e.createdAt;
    point.to = e.createdAt;
    point.executions++;
    if (isFlakyKind(e.failureKind)) {
      point.flakyFailures++;
    }
  }
  return points;
}

const STATUS_ORDER: Record<TestStatus, number> = { failing: 0, flaky: 1, stable: 2 };

/** Reports for every test, flaky and failing first, then by flake rate. */
export function testReports(series: Iterable<TestSeries>, options: StatsOptions): TestReport[] {
  return runSteps(reportingTests(series, options));
}

/** {@link testReports}, yielding after each test (see core/steps.ts). */
export function* reportingTests(series: Iterable<TestSeries>, options: StatsOptions): Generator<void, TestReport[]> {
  const reports: TestReport[] = [];
  for (const s of series) {
    reports.push(testReport(s, options));
    yield;
  }
  return reports.sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      b.flakeRate.rate - a.flakeRate.rate ||
      a.suite.localeCompare(b.suite) ||
      a.id.localeCompare(b.id),
  );
}
