// Turns the stored runs into executions: one test's outcome in one job attempt.
//
// - A parsed log gives its outcomes as printed.
// - A successful job whose log was not read ran its configuration's test inventory, and every test passed: the
//   inventory is taken from the parsed job of the same configuration nearest in time.
// - A failed job whose log could not be read tells nothing about single tests and gives no execution.
// - Go's package-level `ok` (plain `go test`) is a pass of every test of that package known from the history.
// - A Go parent test that failed only because a subtest failed passed its own part.
// - Systemic failures (many tests of one attempt failing with one message) are set apart as events.
import type { JobConfiguration, Outcome, StoredJob, StoredRun, SystemicEvent, TestExecution, TestOutcome } from '../model';
import { testKey } from '../model';
import { isAssertionKey, sharedCauseKey } from './failureMessage';
import { jobConfigurationOf } from './jobConfiguration';

/**
 * How many tests of one job attempt must fail with one shared cause (the normalized message without its location;
 * failed assertions never count) to call it systemic.
 * Five: independent flaky tests failing in the same attempt with the same text is rare even at three, while real
 * infrastructure events (full disk, lost network, crashed service) take down tens of tests at once; five keeps a
 * small test suite's genuinely related failures (a fixture shared by two or three tests) counted against the tests.
 */
export const SYSTEMIC_MIN_TESTS = 5;

export interface TestSeries {
  readonly key: string;
  readonly framework: TestOutcome['framework'];
  readonly suite: string;
  readonly id: string;
  /** Oldest first. */
  readonly executions: TestExecution[];
}

export interface CollectedExecutions {
  readonly tests: ReadonlyMap<string, TestSeries>;
  readonly events: readonly SystemicEvent[];
  /** Failed job attempts whose log could not be read: their tests' outcomes are unknown. */
  readonly unreadableFailedJobs: number;
}

interface JobInContext {
  readonly run: StoredRun;
  readonly job: StoredJob;
  readonly configuration: JobConfiguration;
  readonly order: number;
}

function isCountedConclusion(conclusion: string | null): boolean {
  return conclusion === 'success' || conclusion === 'failure' || conclusion === 'timed_out';
}

function hasOwnLog(job: StoredJob): boolean {
  return job.logState === 'parsed' || job.logState === 'too-large';
}

/** Collects executions from runs (any order). */
export function collectExecutions(runs: readonly StoredRun[]): CollectedExecutions {
  const ordered = runs.slice().sort((a, b) => (a.createdAt === b.createdAt ? a.id - b.id : a.createdAt < b.createdAt ? -1 : 1));
  const jobs: JobInContext[] = [];
  for (const run of ordered) {
    const attempts = run.jobs.slice().sort((a, b) => a.runAttempt - b.runAttempt || a.id - b.id);
    for (const job of attempts) {
      if (!isCountedConclusion(job.conclusion)) {
        continue;
      }
      jobs.push({ run, job, configuration: jobConfigurationOf(job), order: jobs.length });
    }
  }

  // Go tests known per package, for package-level passes.
  const goTestsBySuite = new Map<string, Set<string>>();
  for (const { job } of jobs) {
    for (const o of job.outcomes) {
      if (o.framework === 'gotest' && !o.packageResult && o.id) {
        let set = goTestsBySuite.get(o.suite);
        if (!set) {
          set = new Set();
          goTestsBySuite.set(o.suite, set);
        }
        set.add(o.id);
      }
    }
  }

  // Parsed jobs per configuration, in order, for inventories.
  const parsedByConfiguration = new Map<string, JobInContext[]>();
  for (const entry of jobs) {
    if (hasOwnLog(entry.job)) {
      const list = parsedByConfiguration.get(entry.configuration.key) ?? [];
      list.push(entry);
      parsedByConfiguration.set(entry.configuration.key, list);
    }
  }

  const tests = new Map<string, TestSeries>();
  const events: SystemicEvent[] = [];
  let unreadableFailedJobs = 0;

  for (const entry of jobs) {
    const { job } = entry;
    let outcomes: readonly TestOutcome[];
    if (hasOwnLog(job)) {
      outcomes = expandPackageResults(job.outcomes, goTestsBySuite);
    } else if (job.conclusion === 'success') {
      const inventory = nearestParsed(parsedByConfiguration.get(entry.configuration.key), entry.order);
      outcomes = inventory ? inventoryPasses(expandPackageResults(inventory.job.outcomes, goTestsBySuite)) : [];
    } else {
      unreadableFailedJobs++;
      continue;
    }
    outcomes = attributeParentFailures(outcomes);
    const groups = systemicFailures(outcomes);
    const systemic = groups.length > 0 ? { keys: new Set(groups.flatMap((g) => [...g.keys])) } : undefined;
    for (const group of groups) {
      events.push({
        runId: entry.run.id,
        runAttempt: job.runAttempt,
        jobId: job.id,
        jobUrl: job.url,
        configuration: entry.configuration,
        failedTests: group.keys.size,
        message: group.message,
      });
    }
    const seen = new Set<string>();
    for (const o of outcomes) {
      if (o.packageResult || o.outcome === 'skip') {
        continue;
      }
      const key = testKey(o);
      if (seen.has(key)) {
        continue; // a test printed twice in one job (a retry loop in the script): the first result stands
      }
      seen.add(key);
      let series = tests.get(key);
      if (!series) {
        series = { key, framework: o.framework, suite: o.suite, id: o.id, executions: [] };
        tests.set(key, series);
      }
      const execution: TestExecution = {
        runId: entry.run.id,
        runAttempt: job.runAttempt,
        jobId: job.id,
        jobUrl: job.url,
        runUrl: entry.run.url,
        sha: entry.run.sha,
        branch: entry.run.branch,
        createdAt: job.startedAt ?? entry.run.createdAt,
        configuration: entry.configuration,
        outcome: o.outcome,
        ...(o.message !== undefined ? { message: o.message } : {}),
        ...(o.failureLocation !== undefined ? { failureLocation: o.failureLocation } : {}),
        ...(systemic?.keys.has(key) ? { failureKind: 'systemic' as const } : {}),
      };
      series.executions.push(execution);
    }
  }
  return { tests, events, unreadableFailedJobs };
}

function nearestParsed(list: readonly JobInContext[] | undefined, order: number): JobInContext | undefined {
  if (!list || list.length === 0) {
    return undefined;
  }
  let best = list[0];
  for (const candidate of list) {
    if (best === undefined || Math.abs(candidate.order - order) < Math.abs(best.order - order)) {
      best = candidate;
    }
  }
  return best;
}

function inventoryPasses(outcomes: readonly TestOutcome[]): TestOutcome[] {
  const passes: TestOutcome[] = [];
  for (const o of outcomes) {
    if (o.packageResult) {
      continue;
    }
    const outcome: Outcome = o.outcome === 'skip' ? 'skip' : 'pass';
    passes.push({ id: o.id, suite: o.suite, framework: o.framework, outcome });
  }
  return passes;
}

function expandPackageResults(outcomes: readonly TestOutcome[], goTestsBySuite: ReadonlyMap<string, Set<string>>): readonly TestOutcome[] {
  if (!outcomes.some((o) => o.packageResult)) {
    return outcomes;
  }
  const present = new Set(outcomes.filter((o) => !o.packageResult).map((o) => `${o.suite}\u001f${o.id}`));
  const expanded: TestOutcome[] = [];
  for (const o of outcomes) {
    if (!o.packageResult) {
      expanded.push(o);
      continue;
    }
    if (o.outcome !== 'pass') {
      continue;
    }
    for (const id of goTestsBySuite.get(o.suite) ?? []) {
      if (!present.has(`${o.suite}\u001f${id}`)) {
        expanded.push({ id, suite: o.suite, framework: 'gotest', outcome: 'pass' });
      }
    }
  }
  return expanded;
}

/** Go marks a parent failed when a subtest failed: the parent's own part passed unless it printed its own message. */
function attributeParentFailures(outcomes: readonly TestOutcome[]): readonly TestOutcome[] {
  const failedGo = new Set<string>();
  for (const o of outcomes) {
    if (o.framework === 'gotest' && o.outcome === 'fail') {
      failedGo.add(`${o.suite}\u001f${o.id}`);
    }
  }
  if (failedGo.size < 2) {
    return outcomes;
  }
  return outcomes.map((o) => {
    if (o.framework !== 'gotest' || o.outcome !== 'fail') {
      return o;
    }
    const prefix = `${o.suite}\u001f${o.id}/`;
    for (const other of failedGo) {
      if (other.startsWith(prefix)) {
        return { id: o.id, suite: o.suite, framework: o.framework, outcome: 'pass' as const };
      }
    }
    return o;
  });
}

/**
 * Every group of at least SYSTEMIC_MIN_TESTS tests that failed with one shared cause, largest first. The cause is
 * the normalized message without its location (one full disk hits tests in many files); failed assertions never
 * make a group (see {@link isAssertionKey}).
 */
function systemicFailures(outcomes: readonly TestOutcome[]): { keys: Set<string>; message: string }[] {
  const groups = new Map<string, { keys: Set<string>; message: string }>();
  for (const o of outcomes) {
    if (o.outcome !== 'fail') {
      continue;
    }
    const normalized = sharedCauseKey(o.message, o.id);
    if (!normalized || isAssertionKey(normalized)) {
      continue;
    }
    let group = groups.get(normalized);
    if (!group) {
      group = { keys: new Set(), message: firstLines(o.message ?? '') };
      groups.set(normalized, group);
    }
    group.keys.add(testKey(o));
  }
  return [...groups.values()].filter((g) => g.keys.size >= SYSTEMIC_MIN_TESTS).sort((a, b) => b.keys.size - a.keys.size);
}

function firstLines(message: string): string {
  return message.split('\n').filter((l) => l.trim()).slice(0, 3).join('\n').slice(0, 500);
}
