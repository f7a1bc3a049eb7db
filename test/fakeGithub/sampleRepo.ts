// The sample repository (demo/sample-repo) as the fake CI sees it: every test its CI job runs, where each is
// declared, what a failure of each prints, and the job (`.github/workflows/ci.yml`) that runs them on one OS.
// The scenario generator decides outcomes; this file turns outcomes into a job plan. The declared lines are
// checked against demo/sample-repo by test/unit/fakeGithub/sampleRepo.test.ts.

import { BACKTRACE_NOTE, osPath } from './cargoOutput';
import { formatGoDuration } from './goTestOutput';
import { closingSteps, type CargoTarget, type CargoTest, type GoPackage, type GoTest, type JobPlan, type PlannedStep, type RunnerOs } from './jobPlan';
import { Random } from './random';

export type SampleFramework = 'libtest' | 'gotest';

/** One test of the sample repository. */
export interface SampleTest {
  readonly framework: SampleFramework;
  /** libtest: the target's source path (`src/lib.rs`, `tests/all/main.rs`) or `Doc-tests sample`; gotest: the package. */
  readonly suite: string;
  /** As the runner prints it: `tls::tls_sample_application`, `TestPoll/timeout`, `src/lib.rs - (line 3)`. */
  readonly id: string;
  /** Where it is declared, relative to the repository root. */
  readonly file: string;
  /**
   * The declaration's line: the `fn`/`func` name's line; for a Go subtest the line that names it (its `t.Run` or
   * its table entry); for a doc-test the line of its code fence.
   */
  readonly line: number;
  /** For subtests and doc-tests: the enclosing function's line (`func TestPoll`, `pub fn parse_duration`). */
  readonly functionLine?: number;
  /** Runs only on these OSes (`*_windows_test.go`). */
  readonly onlyOs?: readonly RunnerOs[];
  /** Go: runs in parallel with its siblings (`t.Parallel()`). */
  readonly parallel?: boolean;
  /** Where a generic failure points (an assertion inside the test). */
  readonly failsAt: { readonly line: number; readonly column: number };
}

export const SAMPLE_CRATE = 'sample';
export const SAMPLE_VERSION = '0.4.0';
export const GO_MODULE = 'github.com/acme/sample';

export const RUST_SUITES = {
  lib: { kind: 'lib', src: 'src/lib.rs', binary: 'sample', suite: 'src/lib.rs' },
  all: { kind: 'test', src: 'tests/all/main.rs', binary: 'all', suite: 'tests/all/main.rs' },
  doc: { kind: 'doc', src: '', binary: 'sample', suite: 'Doc-tests sample' },
} as const;

export const GO_PACKAGES = [`${GO_MODULE}/cmd/sample`, `${GO_MODULE}/internal/pathutil`, `${GO_MODULE}/sysfs`] as const;

const lib = RUST_SUITES.lib.suite;
const all = RUST_SUITES.all.suite;
const doc = RUST_SUITES.doc.suite;
const sysfs = `${GO_MODULE}/sysfs`;
const pathutil = `${GO_MODULE}/internal/pathutil`;

/** Every test the CI job runs, in the order the runners list them. */
export const SAMPLE_TESTS: readonly SampleTest[] = [
  { framework: 'libtest', suite: lib, id: 'config::tests::parses_default_path', file: 'src/config.rs', line: 51, failsAt: { line: 53, column: 9 } },
  { framework: 'libtest', suite: lib, id: 'config::tests::parses_explicit_path', file: 'src/config.rs', line: 57, failsAt: { line: 59, column: 9 } },
  { framework: 'libtest', suite: lib, id: 'config::tests::rejects_empty_key', file: 'src/config.rs', line: 63, failsAt: { line: 64, column: 9 } },
  { framework: 'libtest', suite: lib, id: 'duration::tests::parses_milliseconds', file: 'src/duration.rs', line: 33, failsAt: { line: 34, column: 9 } },
  { framework: 'libtest', suite: lib, id: 'duration::tests::parses_seconds', file: 'src/duration.rs', line: 38, failsAt: { line: 39, column: 9 } },
  { framework: 'libtest', suite: lib, id: 'duration::tests::rejects_unknown_unit', file: 'src/duration.rs', line: 43, failsAt: { line: 44, column: 9 } },
  { framework: 'libtest', suite: lib, id: 'sandbox::tests::captures_guest_output', file: 'src/sandbox.rs', line: 60, failsAt: { line: 62, column: 9 } },
  { framework: 'libtest', suite: lib, id: 'sandbox::tests::guest_panic_becomes_trap', file: 'src/sandbox.rs', line: 66, failsAt: { line: 68, column: 9 } },
  { framework: 'libtest', suite: lib, id: 'tests::version_is_semver', file: 'src/lib.rs', line: 20, failsAt: { line: 22, column: 9 } },
  { framework: 'libtest', suite: all, id: 'config_file::loads_file_with_comments', file: 'tests/all/config_file.rs', line: 7, failsAt: { line: 14, column: 5 } },
  { framework: 'libtest', suite: all, id: 'config_file::reports_unknown_key_with_line', file: 'tests/all/config_file.rs', line: 20, failsAt: { line: 22, column: 5 } },
  { framework: 'libtest', suite: all, id: 'tls::tls_sample_application', file: 'tests/all/tls.rs', line: 7, failsAt: { line: 8, column: 71 } },
  { framework: 'libtest', suite: all, id: 'wait_notify::atomic_wait_timeout_length', file: 'tests/all/wait_notify.rs', line: 8, failsAt: { line: 14, column: 5 } },
  { framework: 'libtest', suite: all, id: 'wait_notify::notify_wakes_waiter', file: 'tests/all/wait_notify.rs', line: 18, failsAt: { line: 28, column: 19 } },
  { framework: 'libtest', suite: doc, id: 'src/lib.rs - (line 3)', file: 'src/lib.rs', line: 3, failsAt: { line: 5, column: 1 } },
  {
    framework: 'libtest',
    suite: doc,
    id: 'src/duration.rs - duration::parse_duration (line 7)',
    file: 'src/duration.rs',
    line: 7,
    functionLine: 14,
    failsAt: { line: 11, column: 1 },
  },
  { framework: 'gotest', suite: pathutil, id: 'TestJoin', file: 'internal/pathutil/join_test.go', line: 5, failsAt: { line: 19, column: 0 } },
  { framework: 'gotest', suite: pathutil, id: 'TestJoin/relative', file: 'internal/pathutil/join_test.go', line: 10, functionLine: 5, failsAt: { line: 19, column: 0 } },
  { framework: 'gotest', suite: pathutil, id: 'TestJoin/absolute', file: 'internal/pathutil/join_test.go', line: 11, functionLine: 5, failsAt: { line: 19, column: 0 } },
  { framework: 'gotest', suite: pathutil, id: 'TestJoin/trailing_slash', file: 'internal/pathutil/join_test.go', line: 12, functionLine: 5, failsAt: { line: 19, column: 0 } },
  { framework: 'gotest', suite: pathutil, id: 'TestJoin/escape', file: 'internal/pathutil/join_test.go', line: 13, functionLine: 5, failsAt: { line: 19, column: 0 } },
  { framework: 'gotest', suite: sysfs, id: 'TestLongPath', file: 'sysfs/longpath_windows_test.go', line: 5, onlyOs: ['windows'], failsAt: { line: 7, column: 0 } },
  { framework: 'gotest', suite: sysfs, id: 'TestPoll', file: 'sysfs/poll_test.go', line: 10, failsAt: { line: 16, column: 0 } },
  { framework: 'gotest', suite: sysfs, id: 'TestPoll/ready', file: 'sysfs/poll_test.go', line: 13, functionLine: 10, failsAt: { line: 19, column: 0 } },
  { framework: 'gotest', suite: sysfs, id: 'TestPoll/timeout', file: 'sysfs/poll_test.go', line: 23, functionLine: 10, failsAt: { line: 29, column: 0 } },
  { framework: 'gotest', suite: sysfs, id: 'TestReadDirNames', file: 'sysfs/readdir_test.go', line: 10, failsAt: { line: 29, column: 0 } },
  { framework: 'gotest', suite: sysfs, id: 'TestReadDirNames/empty', file: 'sysfs/readdir_test.go', line: 11, functionLine: 10, parallel: true, failsAt: { line: 15, column: 0 } },
  { framework: 'gotest', suite: sysfs, id: 'TestReadDirNames/sorted', file: 'sysfs/readdir_test.go', line: 19, functionLine: 10, parallel: true, failsAt: { line: 29, column: 0 } },
  { framework: 'gotest', suite: sysfs, id: 'TestReadDirNamesMissing', file: 'sysfs/readdir_test.go', line: 34, failsAt: { line: 36, column: 0 } },
];

export function sampleTestKey(t: { readonly framework: string; readonly suite: string; readonly id: string }): string {
  return `${t.framework}\u001f${t.suite}\u001f${t.id}`;
}

/** Whether a test runs on an OS at all. */
export function runsOn(test: SampleTest, os: RunnerOs): boolean {
  return !test.onlyOs || test.onlyOs.includes(os);
}

/** Why a test failed in one execution: its own failure, or the shared message of an infrastructure event. */
export type FailureCause = { readonly kind: 'own' } | { readonly kind: 'systemic'; readonly message: string };

/** What printed the failure of a test, as the runner captures it (already in the OS's path form). */
export function failureOutput(test: SampleTest, os: RunnerOs, random: Random, cause: FailureCause = { kind: 'own' }): string[] {
  if (cause.kind === 'systemic') return systemicOutput(test, os, random, cause.message);
  switch (test.id) {
    case 'tls::tls_sample_application':
      return tlsFailure(os, random);
    case 'config::tests::parses_default_path':
      return [
        '',
        `thread '${test.id}' (${threadId(random)}) panicked at ${osPath('src/config.rs', os)}:53:9:`,
        'assertion `left == right` failed',
        '  left: ".config/sample.toml"',
        ' right: "sample.toml"',
        BACKTRACE_NOTE,
      ];
    case 'wait_notify::atomic_wait_timeout_length':
      return [
        '',
        `thread '${test.id}' (${threadId(random)}) panicked at ${osPath(test.file, os)}:${test.failsAt.line}:${test.failsAt.column}:`,
        `waited ${formatRustMillis(overshotWait(os, random))}, expected 20 ms`,
        BACKTRACE_NOTE,
      ];
    case 'TestPoll/timeout': {
      // Windows' timer wakes the poll loop a little early, at its ~15.6 ms granularity.
      const elapsed = random.int(40_000_000, 49_990_000) + random.int(0, 999);
      return [`    poll_test.go:29: poll returned after ${formatGoDuration(elapsed)}, expected at least 50ms`];
    }
    default:
      return genericFailure(test, os, random);
  }
}

/**
 * How long a 20 ms timed wait took when it overshot the test's 150 µs tolerance (nanoseconds): a busy runner wakes
 * it a little late; Windows' timer wakes it at its ~15.6 ms granularity, on the second tick.
 */
function overshotWait(os: RunnerOs, random: Random): number {
  if (os === 'windows' && random.chance(0.6)) return random.int(30_900_000, 31_600_000);
  return random.int(20_150_000, os === 'macos' ? 23_500_000 : 21_900_000);
}

/** A duration as Rust's `{:?}` prints one of some milliseconds: `20.412873ms`. */
function formatRustMillis(nanos: number): string {
  return `${(nanos / 1e6).toFixed(6).replace(/\.?0+$/, '')}ms`;
}

function threadId(random: Random): number {
  return random.int(2000, 9800);
}

/** The guest's own panic, then the test's: the guest lost its connection to example.com. */
function tlsFailure(os: RunnerOs, random: Random): string[] {
  // Where the guest (tests/guest/tls_client.rs) unwrapped, and what: the handshake's error wrapped in a String,
  // or the io::Error of the connect as `Debug` prints it.
  const causes: readonly (readonly [{ line: number; column: number; error: string }, number])[] = [
    [{ line: 11, column: 113, error: '"tls handshake with example.com: Connection reset by peer (os error 104)"' }, 5],
    [{ line: 9, column: 60, error: 'Custom { kind: Uncategorized, error: "failed to lookup address information: Temporary failure in name resolution" }' }, 3],
    [{ line: 9, column: 60, error: 'Custom { kind: Uncategorized, error: "failed to lookup address information: Name or service not known" }' }, 1],
    [{ line: 9, column: 60, error: 'Os { code: 110, kind: TimedOut, message: "Connection timed out" }' }, 1],
  ];
  const cause = random.weighted(causes);
  const tid = threadId(random);
  const unwrapped = `called \`Result::unwrap()\` on an \`Err\` value: ${cause.error}`;
  return [
    '',
    `thread 'tls_client' (${tid + random.int(1, 3)}) panicked at ${osPath('tests/all/../guest/tls_client.rs', os)}:${cause.line}:${cause.column}:`,
    unwrapped,
    BACKTRACE_NOTE,
    '',
    `thread 'tls::tls_sample_application' (${tid}) panicked at ${osPath('tests/all/tls.rs', os)}:8:71:`,
    'called `Result::unwrap()` on an `Err` value: error while running guest `tls_client`',
    '',
    'Caused by:',
    '    0: wasm trap: wasm `unreachable` instruction executed',
    `    1: ${unwrapped}`,
  ];
}

function genericFailure(test: SampleTest, os: RunnerOs, random: Random): string[] {
  const base = test.file.split('/').pop() ?? test.file;
  if (test.framework === 'gotest') return [`    ${base}:${test.failsAt.line}: unexpected result in ${test.id}`];
  if (test.suite === RUST_SUITES.doc.suite) {
    return [
      'Test executable failed (exit status: 101).',
      '',
      'stderr:',
      '',
      `thread 'main' (${threadId(random)}) panicked at ${osPath(test.file, os)}:${test.failsAt.line}:${test.failsAt.column}:`,
      'assertion `left == right` failed',
      '  left: 4',
      ' right: 5',
      BACKTRACE_NOTE,
      '',
    ];
  }
  return [
    '',
    `thread '${test.id}' (${threadId(random)}) panicked at ${osPath(test.file, os)}:${test.failsAt.line}:${test.failsAt.column}:`,
    'assertion failed: result.is_ok()',
    BACKTRACE_NOTE,
  ];
}

function systemicOutput(test: SampleTest, os: RunnerOs, random: Random, message: string): string[] {
  if (test.framework === 'gotest') return [`    ${test.file.split('/').pop()}:${test.failsAt.line}: ${message}`];
  return [
    '',
    `thread '${test.id}' (${threadId(random)}) panicked at ${osPath(test.file, os)}:${test.failsAt.line}:${test.failsAt.column}:`,
    `called \`Result::unwrap()\` on an \`Err\` value: ${message}`,
    BACKTRACE_NOTE,
  ];
}

/** A CI job of the sample repository's workflow: one OS of the matrix. */
export interface SampleJob {
  readonly name: string;
  readonly os: RunnerOs;
  /** The `runs-on` label. */
  readonly label: string;
}

export const DEFAULT_JOBS: readonly SampleJob[] = [
  { name: 'Test Linux x86_64', os: 'linux', label: 'ubuntu-latest' },
  { name: 'Test Windows MSVC x86_64', os: 'windows', label: 'windows-latest' },
  { name: 'Test macOS aarch64', os: 'macos', label: 'macos-14' },
];

export interface JobOutcomes {
  /** Failed tests by key ({@link sampleTestKey}) with the cause; every other test that runs passes. */
  readonly failures: ReadonlyMap<string, FailureCause>;
  /** The `Install Rust` step fails (a network error): the Rust tests do not run. */
  readonly installFails?: boolean;
}

export interface SampleJobPlanOptions {
  readonly job: SampleJob;
  readonly repository: string;
  readonly sha: string;
  readonly branch: string;
  readonly startedAt: string;
  readonly seed: number;
  readonly noFailFast: boolean;
  readonly color: boolean;
  readonly outcomes: JobOutcomes;
  /** The tests the job knows (defaults to {@link SAMPLE_TESTS}). */
  readonly tests?: readonly SampleTest[];
}

export const CARGO_COMMAND_NO_FAIL_FAST = 'cargo test --workspace --no-fail-fast';
export const CARGO_COMMAND = 'cargo test --workspace';
export const GO_COMMAND = 'go test -v ./...';
export const RUSTUP_COMMAND = 'rustup update stable --no-self-update && rustup default stable';

function toolchain(os: RunnerOs): string {
  switch (os) {
    case 'windows':
      return 'stable-x86_64-pc-windows-msvc';
    case 'macos':
      return 'stable-aarch64-apple-darwin';
    default:
      return 'stable-x86_64-unknown-linux-gnu';
  }
}

function rustupOutput(os: RunnerOs, fails: boolean): string[] {
  const tc = toolchain(os);
  if (fails) {
    return [
      `info: syncing channel updates for '${tc}'`,
      "error: could not download file from 'https://static.rust-lang.org/dist/channel-rust-stable.toml.sha256' to '" +
        (os === 'windows' ? 'C:\\Users\\runneradmin\\.rustup\\tmp\\' : os === 'macos' ? '/Users/runner/.rustup/tmp/' : '/home/runner/.rustup/tmp/') +
        "channel-rust-stable.toml.sha256': error during download: failed to send request: error sending request for url (https://static.rust-lang.org/dist/channel-rust-stable.toml.sha256): client error (Connect): dns error: failed to lookup address information: Temporary failure in name resolution",
    ];
  }
  return [
    `info: syncing channel updates for '${tc}'`,
    '',
    `  ${tc} unchanged - rustc 1.95.0 (59807616e 2026-04-14)`,
    '',
    `info: default toolchain set to '${tc}'`,
  ];
}

/** Per OS: how long the steps take, roughly (seconds). */
const SPEED: Record<RunnerOs, { install: [number, number]; cargo: [number, number]; go: [number, number] }> = {
  linux: { install: [4, 9], cargo: [38, 70], go: [9, 18] },
  windows: { install: [9, 25], cargo: [95, 160], go: [20, 45] },
  macos: { install: [3, 8], cargo: [28, 50], go: [7, 15] },
};

/** The plan of one CI job of the sample repository. */
export function sampleJobPlan(options: SampleJobPlanOptions): JobPlan {
  const { job, outcomes } = options;
  const random = Random.derive(options.seed, 'job', job.name, options.startedAt);
  const tests = (options.tests ?? SAMPLE_TESTS).filter((t) => runsOn(t, job.os));
  const speed = SPEED[job.os];
  const outcomeOf = (t: SampleTest): { outcome: 'pass' | 'fail'; output?: string[] } => {
    const cause = outcomes.failures.get(sampleTestKey(t));
    return cause ? { outcome: 'fail', output: failureOutput(t, job.os, random, cause) } : { outcome: 'pass' };
  };

  const targets: CargoTarget[] = (['lib', 'all', 'doc'] as const).map((key) => {
    const suite = RUST_SUITES[key];
    const members = tests.filter((t) => t.framework === 'libtest' && t.suite === suite.suite);
    return {
      kind: suite.kind,
      src: suite.src,
      binary: suite.binary,
      hash: Random.derive(0, 'hash', suite.binary, key, job.os).hex(16),
      seconds: key === 'doc' ? random.float(0.1, 0.4) : key === 'all' ? random.float(0.01, 0.3) : random.float(0, 0.01),
      tests: completionOrder(members, random).map((t): CargoTest => ({ name: t.id, ...outcomeOf(t) })),
    };
  });

  const goPackages: GoPackage[] = GO_PACKAGES.map((importPath) => {
    const members = tests.filter((t) => t.framework === 'gotest' && t.suite === importPath);
    return {
      importPath,
      ...(members.length === 0 ? { noTestFiles: true } : {}),
      seconds: importPath.endsWith('/sysfs') ? random.float(0.05, 0.12) + (job.os === 'windows' ? 0.2 : 0) : random.float(0.002, 0.02),
      tests: goTree(members, (t) => {
        const result = outcomeOf(t);
        const seconds = t.id === 'TestPoll/timeout' ? 0.05 : 0;
        return { outcome: result.outcome, seconds, ...(result.output ? { output: result.output } : {}) };
      }),
    };
  });

  const env = { CARGO_TERM_COLOR: 'always' };
  const cargoSeconds = random.float(...speed.cargo);
  const steps: PlannedStep[] = [
    { kind: 'setup', name: 'Set up job', durationSeconds: random.float(1.5, 4), actions: ['actions/checkout@v4'] },
    { kind: 'checkout', name: 'Run actions/checkout@v4', durationSeconds: random.float(1, 3), action: 'actions/checkout@v4' },
    {
      kind: 'script',
      name: 'Install Rust',
      durationSeconds: random.float(...speed.install),
      command: RUSTUP_COMMAND,
      env: {},
      output: rustupOutput(job.os, outcomes.installFails === true),
      exitCode: outcomes.installFails ? 1 : 0,
    },
    {
      kind: 'cargo-test',
      name: `Run ${options.noFailFast ? CARGO_COMMAND_NO_FAIL_FAST : CARGO_COMMAND}`,
      durationSeconds: cargoSeconds,
      command: options.noFailFast ? CARGO_COMMAND_NO_FAIL_FAST : CARGO_COMMAND,
      env: {},
      cargo: {
        crate: SAMPLE_CRATE,
        version: SAMPLE_VERSION,
        color: options.color,
        noFailFast: options.noFailFast,
        compileSeconds: cargoSeconds * random.float(0.8, 0.9),
        targets,
      },
    },
    { kind: 'go-test', name: `Run ${GO_COMMAND}`, durationSeconds: random.float(...speed.go), runIf: 'always', command: GO_COMMAND, env: {}, go: { packages: goPackages } },
    ...closingSteps(random),
  ];
  return {
    os: job.os,
    label: job.label,
    jobName: job.name,
    repository: options.repository,
    sha: options.sha,
    ref: `refs/heads/${options.branch}`,
    workflowPath: '.github/workflows/ci.yml',
    env,
    runnerName: job.os === 'linux' ? `GitHub Actions ${random.int(1, 999)}` : `GitHub Actions ${random.int(1000, 1999)}`,
    seed: options.seed,
    startedAt: options.startedAt,
    steps,
  };
}

/** libtest prints results as tests finish: close to alphabetical, not quite. */
function completionOrder<T extends { id: string }>(tests: readonly T[], random: Random): T[] {
  return [...tests]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((t, i) => ({ t, key: i + random.float(0, 2.2) }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.t);
}

/** Builds Go's test tree from flat ids (`TestPoll`, `TestPoll/timeout`), in declaration order. */
function goTree(tests: readonly SampleTest[], result: (t: SampleTest) => Pick<GoTest, 'outcome' | 'seconds' | 'output'>): GoTest[] {
  const build = (parent: string): GoTest[] =>
    tests
      .filter((t) => (parent === '' ? !t.id.includes('/') : t.id.startsWith(`${parent}/`) && !t.id.slice(parent.length + 1).includes('/')))
      .map((t) => {
        const subtests = build(t.id);
        return { name: t.id, ...result(t), ...(t.parallel ? { parallel: true } : {}), ...(subtests.length > 0 ? { subtests } : {}) };
      });
  return build('');
}
