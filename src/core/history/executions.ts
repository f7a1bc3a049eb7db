// Turns the stored runs into executions: one test's outcome in one job attempt.
//
// - A parsed log gives its outcomes as printed.
// - A successful job whose log was not read ran its configuration's test inventory, and every test passed: the
//   inventory is taken from the parsed job of the same configuration nearest in time.
// - A failed job whose log could not be read tells nothing about single tests and gives no execution.
// - A suite-level pass (Go's `ok <pkg>` without -v, jest's `PASS file` and vitest's `✓ file (3 tests)` without
//   per-test lines, pytest's `tests/test_x.py ..s`, a Surefire class without failures) is a pass of every test of
//   that framework and suite known from the history to have run.
// - A JavaScript test named with other separators by another source (jest-junit's `Cart adds an item` for the
//   console's `Cart › adds an item`) is one test, under the ` › ` form.
// - A job whose log could not be read but whose test reports were gives the reports' outcomes.
// - A Go parent test that failed only because a subtest failed passed its own part.
// - Systemic failures (many tests of one attempt failing with one message) are set apart as events.
import { runSteps } from '../steps';
import type { JobConfiguration, Outcome, StoredJob, StoredRun, SystemicEvent, TestExecution, TestOutcome } from '../model';
import { testKey } from '../model';
import { isAssertionKey, sharedCauseKey } from './failureMessage';
import { jobConfigurationOf } from './jobConfiguration';
import { hasReportOutcomes } from './outcomeSources';

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

/** The job's own outcomes are known: from its log, or from its test reports when the log could not be read. */
function hasOwnOutcomes(job: StoredJob): boolean {
  return job.logState === 'parsed' || job.logState === 'too-large' || hasReportOutcomes(job);
}

/**
 * Collects executions from runs (any order). `naming`: more runs that only name tests, never counted: triage sorts
 * one run against the base branch's history, and a JavaScript test one of them names with ` › ` and the other
 * without is one test only when both are collected with the names of both.
 */
export function collectExecutions(runs: readonly StoredRun[], naming: readonly StoredRun[] = []): CollectedExecutions {
  return runSteps(collectingExecutions(runs, naming));
}

/** {@link collectExecutions}, yielding after each job (see core/steps.ts). */
export function* collectingExecutions(runs: readonly StoredRun[], naming: readonly StoredRun[] = []): Generator<void, CollectedExecutions> {
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

  // Both read every outcome of every job (about 80 ms for 300 jobs of 800 tests): they yield after each job too.
  const canonical = yield* canonicalizingJsIds([...jobs, ...naming.flatMap((run) => run.jobs.map((job) => ({ job })))]);
  const knownTests = yield* knowingTestsBySuite(jobs, canonical);

  // Parsed jobs per configuration, in order, for inventories.
  const parsedByConfiguration = new Map<string, JobInContext[]>();
  for (const entry of jobs) {
    if (hasOwnOutcomes(entry.job)) {
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
    if (hasOwnOutcomes(job)) {
      outcomes = expandSuiteResults(canonical(job.outcomes), knownTests);
    } else if (job.conclusion === 'success') {
      const inventory = nearestParsed(parsedByConfiguration.get(entry.configuration.key), entry.order);
      outcomes = inventory ? inventoryPasses(expandSuiteResults(canonical(inventory.job.outcomes), knownTests)) : [];
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
    yield;
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

/** Key of a framework's suite (tests are known per framework and suite). */
function suiteKey(framework: string, suite: string): string {
  return `${framework}\u001f${suite}`;
}

/** Every test that ran (a result other than a skip) per framework and suite, for suite-level passes. */
function* knowingTestsBySuite(
  jobs: readonly JobInContext[],
  canonical: (outcomes: readonly TestOutcome[]) => readonly TestOutcome[],
): Generator<void, Map<string, Set<string>>> {
  const known = new Map<string, Set<string>>();
  for (const { job } of jobs) {
    for (const o of canonical(job.outcomes)) {
      if (o.packageResult || o.id === '' || o.outcome === 'skip') continue;
      const key = suiteKey(o.framework, o.suite);
      let set = known.get(key);
      if (!set) {
        set = new Set();
        known.set(key, set);
      }
      set.add(o.id);
    }
    yield;
  }
  return known;
}

/**
 * A suite-level pass stands for a pass of every known test of its framework and suite that the job did not name;
 * a suite-level result that is not a pass says nothing about single tests and is dropped.
 */
export function expandSuiteResults(outcomes: readonly TestOutcome[], knownTests: ReadonlyMap<string, ReadonlySet<string>>): readonly TestOutcome[] {
  if (!outcomes.some((o) => o.packageResult)) {
    return outcomes;
  }
  const present = new Set(outcomes.filter((o) => !o.packageResult).map((o) => testKey(o)));
  const expanded: TestOutcome[] = [];
  for (const o of outcomes) {
    if (!o.packageResult) {
      expanded.push(o);
      continue;
    }
    if (o.outcome !== 'pass') {
      continue;
    }
    for (const id of knownTests.get(suiteKey(o.framework, o.suite)) ?? []) {
      const test = { id, suite: o.suite, framework: o.framework };
      const key = testKey(test);
      if (!present.has(key)) {
        present.add(key);
        expanded.push({ ...test, outcome: 'pass' });
      }
    }
  }
  return expanded;
}

/** JavaScript frameworks whose ids join titles, which other sources may join with ' ' or ' > ' instead of ' › '. */
const JS_FRAMEWORKS: ReadonlySet<string> = new Set(['jest', 'vitest', 'mocha', 'playwright', 'node']);
const JS_SEPARATOR = ' › ';

function separatorFree(id: string): string {
  return id.replaceAll(JS_SEPARATOR, ' ').replaceAll(' > ', ' ');
}

/**
 * JavaScript tests as one key whatever source named them: suites (test files) with `/` (jest prints `src\a.test.ts`
 * on Windows, its JUnit report `src/a.test.ts`), and ids written with other separators mapped to the ` › ` form the
 * history knows for the same test (same framework and suite, same titles): jest-junit's default `Cart adds an item`,
 * mocha's console `Cart adds an item`, for `Cart › adds an item`. Only when exactly one ` › ` id matches.
 */
function* canonicalizingJsIds(
  jobs: readonly { readonly job: Pick<StoredJob, 'outcomes'> }[],
): Generator<void, (outcomes: readonly TestOutcome[]) => readonly TestOutcome[]> {
  const chevron = new Map<string, string | null>(); // framework+suite+titles → the one ` › ` id, or null when several
  let others = false;
  for (const { job } of jobs) {
    for (const o of job.outcomes) {
      if (!JS_FRAMEWORKS.has(o.framework)) continue;
      if (o.suite.includes('\\')) others = true;
      if (o.id === '') continue;
      if (!o.id.includes(JS_SEPARATOR)) {
        others = true;
        continue;
      }
      const key = `${suiteKey(o.framework, jsSuite(o.suite))}\u001f${separatorFree(o.id)}`;
      const seen = chevron.get(key);
      if (seen === undefined) chevron.set(key, o.id);
      else if (seen !== null && seen !== o.id) chevron.set(key, null);
    }
    yield;
  }
  if (!others) return (outcomes) => outcomes;
  return (outcomes) => {
    let changed: TestOutcome[] | undefined;
    outcomes.forEach((o, index) => {
      if (!JS_FRAMEWORKS.has(o.framework)) return;
      const suite = jsSuite(o.suite);
      const id = o.id === '' || o.id.includes(JS_SEPARATOR) ? o.id : (chevron.get(`${suiteKey(o.framework, suite)}\u001f${separatorFree(o.id)}`) ?? o.id);
      if (suite === o.suite && id === o.id) return;
      changed ??= outcomes.slice();
      changed[index] = { ...o, suite, id };
    });
    return changed ?? outcomes;
  };
}

function jsSuite(suite: string): string {
  return suite.includes('\\') ? suite.replaceAll('\\', '/') : suite;
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
