// The domain types shared by every layer: what CI ran, what the history keeps, and what the statistics report.
// Plain readonly data, no behaviour beyond small pure functions over ids.

/** Test frameworks whose output we read. Later issues add more; the string is stored in the history. */
export type Framework =
  | 'libtest'
  | 'gotest'
  | 'nextest'
  | 'pytest'
  | 'unittest'
  | 'jest'
  | 'vitest'
  | 'mocha'
  | 'node'
  | 'playwright'
  | 'junit'
  | 'dotnet'
  | 'unknown';

/**
 * One test's result as a test runner printed it.
 * - `pass`, `fail`, `skip` as usual;
 * - `flaky`: the runner itself retried the test and it passed (nextest `TRY 2 PASS`, pytest `RERUN`...): a
 *   runner-confirmed flaky failure and a pass in one execution.
 */
export type Outcome = 'pass' | 'fail' | 'skip' | 'flaky';

/**
 * A test outcome read from one job's log or report.
 *
 * Ids have one form per framework, documented here because every layer keys on them:
 * - libtest: the test path as cargo prints it (`wait_notify::atomic_wait_timeout_length`, doc-tests as
 *   `src/lib.rs - foo (line 12)`); `suite` is the test target's source path when cargo printed it
 *   (`tests/all/main.rs`, `src/lib.rs`), else the binary's name without its hash, else `Doc-tests <crate>`.
 * - gotest: the test name with subtests joined by `/` (`TestPoll/timeout`); `suite` is the package import path.
 *   A package-level result (`ok <pkg>` with no per-test lines) is recorded with `id` = '' and `packageResult` true:
 *   it says every test of that package that ran, passed. testify suites: `TestRunner/TestMethod/subtest`.
 * - jest, vitest, playwright, node (node:test): the titles from the outermost `describe` to the test, joined with
 *   ` › ` (`Parser › numbers › parses 1 + 2`; concrete titles as the runner printed them, `.each` rows filled in;
 *   no Playwright project or `file:line`); `suite` is the test file's path relative to the repository root
 *   (`src/parser.test.ts`), or as printed when the runner printed another form (absolute, or relative to a package
 *   folder: the locator matches path suffixes). mocha: its `fullTitle()`, the titles joined with one space, as its
 *   reporters print them; `suite` the file when the reporter names it, else ''. The locator accepts ` › `, ` > ` and
 *   ' ' between titles in every JS framework's ids, and a leading `[project] › file.spec.ts:3:5 › `.
 * - pytest: the node id as pytest prints it, parameters included (`tests/test_x.py::TestC::test_y[a-1]`), its path
 *   relative to pytest's rootdir; `suite` is that path (`tests/test_x.py`). JUnit XML's split form (`suite` =
 *   classname `tests.test_x.TestC`, `id` = `test_y[a-1]`) is accepted too.
 * - unittest: as its verbose runner prints it, `test_y (pkg.test_x.TestC.test_y)`, or the dotted name
 *   `pkg.test_x.TestC.test_y`; `suite` '' or the dotted class.
 * - junit (JUnit 4/5, TestNG, through Surefire, Gradle or JUnit XML; also Kotlin): `suite` is the class's binary name
 *   (`com.acme.FooTest`, nested `com.acme.FooTest$Inner`); `id` the method as the report prints it: `bar`,
 *   `bar()`, `bar(int)[1]`, a `@DisplayName`, or an invocation's display name (`[1] 2, 3`). Gradle's console form
 *   `FooTest > bar()` (nested: `FooTest > Inner > bar()`) and Surefire's `com.acme.FooTest.bar` with suite '' are
 *   accepted too.
 *   The console parsers write `suite` = the class and `id` = the method as printed with its parameters, Gradle's
 *   empty `()` dropped (`roundsToCents`, `quantity(int)[3]`, `isPositive[2: price(-1)]`); Gradle prints JUnit 5
 *   classes by their simple name (`CartTest`, `CartTest$Totals`), JUnit 4 ones fully qualified.
 * - nextest: the test path as libtest prints it (`wait_notify::atomic_wait_timeout_length`); `suite` is nextest's
 *   binary id (`my-crate` for the lib, `my-crate::all` for `tests/all`, `my-crate::bin/tool`).
 * - dotnet: `suite` is `Namespace.Class`, `id` the method with a data row's arguments (`Quantity(n: 3)`); a display
 *   name with spaces is the whole id, with `suite` ''.
 * - gotestsum's own console formats print packages relative to the module (`poll`): that is their `suite`.
 * Suite-level results (`id` = '', `packageResult` true) say that every test of the suite that ran passed, where the
 * output names no test: Go's `ok <pkg>`, gotestsum's `✓ pkg`, jest's `PASS file` and vitest's `✓ file (3 tests)`
 * without per-test lines, pytest's default-mode `tests/test_x.py ..s`, Surefire's class without failures.
 */
export interface TestOutcome {
  readonly id: string;
  readonly suite: string;
  readonly framework: Framework;
  readonly outcome: Outcome;
  /** Failure message excerpt (bounded), for failures and flaky results. */
  readonly message?: string;
  /** Source location that a panic or failure points at, as printed (`src/lib.rs:12:5`). */
  readonly failureLocation?: string;
  /** The runner's own attempt number when it retries tests (nextest, pytest-rerunfailures); 1 otherwise. */
  readonly attempt?: number;
  /** Duration in seconds when the runner printed one. */
  readonly duration?: number;
  /** True for Go's package-level `ok` lines (see above). */
  readonly packageResult?: boolean;
}

/** One of the operating systems a job configuration runs on. */
export type OperatingSystem = 'linux' | 'windows' | 'macos' | 'unknown';

/** Unique key of a test across frameworks and suites. */
export function testKey(t: { readonly framework: string; readonly suite: string; readonly id: string }): string {
  return `${t.framework}\u001f${t.suite}\u001f${t.id}`;
}

/** The parts of a key made by {@link testKey}. */
export function parseTestKey(key: string): { framework: string; suite: string; id: string } {
  const [framework = '', suite = '', ...rest] = key.split('\u001f');
  return { framework, suite, id: rest.join('\u001f') };
}

/** A step of a job as GitHub reports it. */
export interface JobStep {
  readonly number: number;
  readonly name: string;
  readonly conclusion: string | null;
}

/** Why a job's outcomes are what they are. */
export type LogState =
  | 'parsed' // the log was read: `outcomes` holds what it printed
  | 'inferred' // a successful job whose log was not needed: every test of the configuration's inventory passed
  | 'pending' // not read yet
  | 'expired' // GitHub no longer has the log (410)
  | 'missing' // no log (404) or an error while reading it
  | 'too-large'; // cut at the size bound: outcomes hold what came before the cut

/** One job attempt as stored in the history. */
export interface StoredJob {
  readonly id: number;
  readonly runId: number;
  readonly runAttempt: number;
  readonly name: string;
  readonly workflowName: string;
  /** Runner labels (`runs-on`), used to tell the OS. */
  readonly labels: readonly string[];
  readonly conclusion: string | null;
  readonly startedAt: string | null;
  readonly completedAt: string | null;
  readonly url: string;
  readonly steps: readonly JobStep[];
  readonly logState: LogState;
  readonly outcomes: readonly TestOutcome[];
  /** Set when the log could not be read completely, with the reason in plain words. */
  readonly logNote?: string;
  /** Failed jobs: the runner's `##[error]` annotations and the errors the parsers saw (build failures, crashes). */
  readonly errors?: readonly string[];
  /** Failed jobs: each failed step's last log lines, in log order (why a job failed when no test did). */
  readonly failedSteps?: readonly FailedStepExcerpt[];
  /**
   * Where `outcomes` came from, per framework, when the job uploaded test reports (absent: from the log alone).
   * One source per framework: the richer of the log and the reports (see core/history/outcomeSources.ts), so that
   * no test is counted twice. Outcomes of a framework marked `report` were read from the named artifacts.
   */
  readonly outcomeSources?: readonly OutcomeSource[];
  /** Report artifacts of the job that a read allowance left out: a later sync reads them (ci/sync.ts). */
  readonly reportsLeftOut?: ReportsLeftOut;
}

/** Report artifacts of a job that a read allowance (the bytes a run's or a sync's reports may cost) left out. */
export interface ReportsLeftOut {
  /** Their ids, as in the run's `reportArtifacts`. */
  readonly artifactIds: readonly number[];
  /** What the job's `logNote` says of them, taken out of it once they are read. */
  readonly note: string;
  /**
   * Frameworks whose outcomes in the job's reports read so far lost to its log's: those reports are not kept, so the
   * log's stay (see core/history/outcomeSources.ts, mergeLaterReports).
   */
  readonly logKept?: readonly Framework[];
}

/** Which source a job's outcomes of one framework were taken from. */
export interface OutcomeSource {
  readonly framework: Framework;
  readonly source: 'log' | 'report';
  /** For `report`: the artifacts' names. */
  readonly artifacts?: readonly string[];
}

/** A failed step as its log shows it: its title and its last lines before the runner's error. */
export interface FailedStepExcerpt {
  /** The step's group title in the log (`Run rustup update stable`); `Set up job` before the first step. */
  readonly title: string;
  /** At most 12 lines, cleaned of timestamps and colours; the runner's own error annotations as `Error: …`. */
  readonly lines: readonly string[];
}

/** One workflow run (all its attempts) as stored in the history. */
export interface StoredRun {
  readonly id: number;
  readonly workflowId: number;
  readonly workflowName: string;
  readonly branch: string;
  readonly sha: string;
  readonly event: string;
  readonly runNumber: number;
  readonly runAttempt: number;
  readonly conclusion: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly url: string;
  readonly jobs: readonly StoredJob[];
  /** The run's artifacts that look like test reports, as last listed; absent while they were never listed. */
  readonly reportArtifacts?: readonly StoredArtifact[];
  /**
   * When that listing stopped at its page bound: what it says of the artifacts left unlisted, for the jobs read while
   * it serves (an unchanged listing is not read again).
   */
  readonly reportArtifactsNote?: string;
}

/** An artifact of a run that looks like test reports (by its name). */
export interface StoredArtifact {
  readonly id: number;
  readonly name: string;
  readonly sizeInBytes: number;
  readonly expired: boolean;
  /** When it was uploaded (ISO), which tells the job attempt that uploaded it. */
  readonly createdAt?: string;
}

/** The persisted history of one repository. */
export interface History {
  readonly version: 1;
  readonly repository: string;
  readonly defaultBranch: string;
  readonly runs: readonly StoredRun[];
}

/** A job configuration: one workflow's job name (matrix values included) and the OS read from it. */
export interface JobConfiguration {
  readonly key: string;
  readonly workflow: string;
  readonly job: string;
  readonly os: OperatingSystem;
}

/** Whether and how a failure counts against a test. */
export type FailureKind =
  | 'confirmed-flaky' // passed on the same commit in the same configuration, or the runner retried it and it passed
  | 'likely-flaky' // passed before and after in the same configuration, with no streak
  | 'regression' // part of a streak too long to be chance at the test's own rate
  | 'systemic' // one of many tests that failed at once with one shared message: an infrastructure event
  | 'unexplained'; // a failure with no evidence either way (e.g. the newest execution)

/** One test's outcome in one job attempt, as the statistics see it. */
export interface TestExecution {
  readonly runId: number;
  readonly runAttempt: number;
  readonly jobId: number;
  readonly jobUrl: string;
  readonly runUrl: string;
  readonly sha: string;
  readonly branch: string;
  readonly createdAt: string;
  readonly configuration: JobConfiguration;
  readonly outcome: Outcome;
  readonly message?: string;
  readonly failureLocation?: string;
  /** Set for failures by the statistics. */
  readonly failureKind?: FailureKind;
}

export type TestStatus = 'flaky' | 'failing' | 'stable';

/** A rate with its sample, never one without the other. */
export interface Rate {
  readonly failures: number;
  readonly executions: number;
  readonly rate: number;
  /** 95% Wilson score interval. */
  readonly interval: readonly [number, number];
}

export interface JobStats {
  readonly configuration: JobConfiguration;
  readonly executions: number;
  readonly failures: number;
  readonly flakyFailures: number;
  readonly flakeRate: Rate;
  /** The first execution of this configuration's failing streak that lasts to the newest runs, when it has one. */
  readonly failingSince?: TestExecution;
}

export interface OsStats {
  readonly os: OperatingSystem;
  readonly executions: number;
  readonly failures: number;
  readonly flakyFailures: number;
  readonly flakeRate: Rate;
}

/** A test's executions on one head branch of the runs (systemic failures left out, as in {@link OsStats}). */
export interface BranchStats {
  readonly branch: string;
  readonly executions: number;
  readonly failures: number;
  readonly flakyFailures: number;
  readonly flakeRate: Rate;
}

/** Everything the statistics know about one test. */
export interface TestReport {
  readonly key: string;
  readonly id: string;
  readonly suite: string;
  readonly framework: Framework;
  readonly status: TestStatus;
  readonly executions: number;
  readonly failures: number;
  readonly flakyFailures: number;
  readonly confirmedFlakyFailures: number;
  readonly likelyFlakyFailures: number;
  readonly regressionFailures: number;
  readonly systemicFailures: number;
  readonly flakeRate: Rate;
  readonly byJob: readonly JobStats[];
  readonly byOs: readonly OsStats[];
  /** Per head branch of the runs, highest flake rate first. */
  readonly byBranch: readonly BranchStats[];
  /** Newest failures first (all kinds but systemic), at most a handful. */
  readonly recentFailures: readonly TestExecution[];
  /** For `failing` tests: the first execution of the streak that lasts to the newest runs. */
  readonly failingSince?: TestExecution;
  /** The flake rate over time, oldest first: the window cut into up to ten spans of equal run counts. */
  readonly trend: readonly TrendPoint[];
  /**
   * Set when the test flaked but has since passed long enough that the flakiness, at the rate it had, would almost
   * surely have shown (a fix that worked): the first execution of that clean stretch. The status is then `stable`.
   */
  readonly fixedSince?: TestExecution;
}

/** One span of a test's history: its executions and flaky failures. */
export interface TrendPoint {
  readonly from: string;
  readonly to: string;
  readonly executions: number;
  readonly flakyFailures: number;
}

/** An infrastructure event: many tests of one job attempt failing at once with one shared message. */
export interface SystemicEvent {
  readonly runId: number;
  readonly runAttempt: number;
  readonly jobId: number;
  readonly jobUrl: string;
  readonly configuration: JobConfiguration;
  readonly failedTests: number;
  readonly message: string;
}

/** Root-cause categories (DESIGN.md). */
export type Category =
  | 'network'
  | 'timing'
  | 'async-wait'
  | 'concurrency'
  | 'order'
  | 'unordered-collection'
  | 'randomness'
  | 'resource'
  | 'platform'
  | 'floating-point'
  | 'unknown';

export interface CategoryVerdict {
  readonly category: Category;
  /** 0..1 */
  readonly confidence: number;
  /** Message and source lines that led to the verdict. */
  readonly evidence: readonly string[];
}

export interface Classification {
  /** The most likely category (`unknown` when none applies). */
  readonly category: Category;
  /** Every category that applies, most confident first. */
  readonly categories: readonly CategoryVerdict[];
  readonly suggestion: string;
}

/** Where a test is declared in the workspace. */
export interface TestDeclaration {
  /** The id CI reports for it (framework's form, see {@link TestOutcome}). */
  readonly id: string;
  /** The function's own name. */
  readonly name: string;
  readonly framework: Framework;
  /** Path relative to the workspace root, with `/` separators. */
  readonly file: string;
  /** 1-based line of the function's name. */
  readonly line: number;
  /**
   * Rust: module path inside its crate target; Go: the package directory; JS: the enclosing titles joined with ` › `;
   * pytest: the file and classes (`tests/test_x.py::TestC`); unittest: the dotted class; JUnit: the class's binary
   * name (`com.acme.FooTest$Inner`).
   */
  readonly container?: string;
  /** Set when the test only runs on one OS (Go `_windows_test.go` files, `//go:build windows`...). */
  readonly os?: OperatingSystem;
}
