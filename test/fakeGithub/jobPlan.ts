// What a fake job did, as data: its steps and, for test steps, every test's outcome. The job's log, its steps
// in the API and its conclusion are all derived from this one plan, so they always agree. Plans are plain JSON.

export type RunnerOs = 'linux' | 'windows' | 'macos';

export type StepConclusion = 'success' | 'failure' | 'skipped';

interface StepBase {
  /** The step name as the jobs API reports it (`Run cargo test --workspace --no-fail-fast`, `Install Rust`). */
  readonly name: string;
  readonly durationSeconds: number;
  /** `always` stands for `if: success() || failure()`: the step runs after an earlier step failed. */
  readonly runIf?: 'success' | 'always';
}

export interface SetupStep extends StepBase {
  readonly kind: 'setup';
  /** Actions the job downloads (`actions/checkout@v4`). */
  readonly actions: readonly string[];
}

export interface CheckoutStep extends StepBase {
  readonly kind: 'checkout' | 'post-checkout';
  readonly action: string;
}

/** A `run:` step with literal output. */
export interface ScriptStep extends StepBase {
  readonly kind: 'script';
  readonly command: string;
  readonly env: Readonly<Record<string, string>>;
  readonly output: readonly string[];
  readonly exitCode: number;
}

export interface CargoTestStep extends StepBase {
  readonly kind: 'cargo-test';
  readonly command: string;
  readonly env: Readonly<Record<string, string>>;
  readonly cargo: CargoRun;
}

export interface GoTestStep extends StepBase {
  readonly kind: 'go-test';
  readonly command: string;
  readonly env: Readonly<Record<string, string>>;
  readonly go: GoRun;
}

export interface CompleteStep extends StepBase {
  readonly kind: 'complete';
}

export type PlannedStep = SetupStep | CheckoutStep | ScriptStep | CargoTestStep | GoTestStep | CompleteStep;

/** One `cargo test` invocation. Paths use `/`; the renderer writes `\` on Windows as cargo does. */
export interface CargoRun {
  readonly crate: string;
  readonly version: string;
  /** CARGO_TERM_COLOR=always: cargo's status words in ANSI colours (libtest's own output stays plain). */
  readonly color: boolean;
  /** `--no-fail-fast`: keep running test binaries after one failed. */
  readonly noFailFast: boolean;
  readonly compileSeconds: number;
  readonly targets: readonly CargoTarget[];
}

export interface CargoTarget {
  readonly kind: 'lib' | 'bin' | 'test' | 'doc';
  /** `src/lib.rs`, `tests/all/main.rs`; unused for doc-tests. */
  readonly src: string;
  /** Binary name without hash (`sample`, `all`); the crate name for doc-tests. */
  readonly binary: string;
  readonly hash: string;
  readonly seconds: number;
  readonly tests: readonly CargoTest[];
}

export interface CargoTest {
  /** As libtest prints it: `tls::tls_sample_application`, `src/lib.rs - (line 3)`. */
  readonly name: string;
  readonly outcome: 'pass' | 'fail' | 'ignored';
  /** What the test printed (its panic), already in the runner OS's form; for failures. */
  readonly output?: readonly string[];
}

export interface GoRun {
  readonly packages: readonly GoPackage[];
}

export interface GoPackage {
  readonly importPath: string;
  readonly noTestFiles?: boolean;
  readonly seconds: number;
  readonly tests: readonly GoTest[];
}

export interface GoTest {
  /** The full name, parents included: `TestPoll/timeout`. */
  readonly name: string;
  readonly outcome: 'pass' | 'fail' | 'skip';
  readonly seconds: number;
  /** Lines the test logged (`    poll_test.go:29: ...`), indented as `go test -v` prints them. */
  readonly output?: readonly string[];
  readonly parallel?: boolean;
  readonly subtests?: readonly GoTest[];
}

export interface JobPlan {
  readonly os: RunnerOs;
  /** The `runs-on` label (`ubuntu-latest`). */
  readonly label: string;
  readonly jobName: string;
  /** `owner/name`. */
  readonly repository: string;
  readonly sha: string;
  readonly ref: string;
  readonly workflowPath: string;
  /** The workflow's `env:`, shown in every step's header. */
  readonly env: Readonly<Record<string, string>>;
  readonly runnerName: string;
  /** For cosmetic details only (worker id, the sub-second part of timestamps). */
  readonly seed: number;
  /** When `Set up job` started, ISO 8601. */
  readonly startedAt: string;
  readonly steps: readonly PlannedStep[];
}

/** A step's place in time and its result. Times are epoch milliseconds. */
export interface StepTiming {
  readonly step: PlannedStep;
  readonly number: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly conclusion: StepConclusion;
  readonly exitCode: number;
}

/** The steps' results and times, following GitHub's rules: after a failed step only `always` steps run. */
export function stepTimeline(plan: JobPlan): StepTiming[] {
  let cursor = Date.parse(plan.startedAt);
  let failed = false;
  const out: StepTiming[] = [];
  plan.steps.forEach((step, index) => {
    const runs = step.kind === 'setup' || step.kind === 'post-checkout' || step.kind === 'complete' || !failed || step.runIf === 'always';
    if (!runs) {
      out.push({ step, number: index + 1, startMs: cursor, endMs: cursor, conclusion: 'skipped', exitCode: 0 });
      return;
    }
    const exitCode = stepExitCode(step);
    const startMs = cursor;
    const endMs = startMs + Math.round(step.durationSeconds * 1000);
    cursor = endMs + 150;
    if (exitCode !== 0) failed = true;
    out.push({ step, number: index + 1, startMs, endMs, conclusion: exitCode === 0 ? 'success' : 'failure', exitCode });
  });
  return out;
}

export function stepExitCode(step: PlannedStep): number {
  switch (step.kind) {
    case 'script':
      return step.exitCode;
    case 'cargo-test':
      return cargoRanTargets(step.cargo).some((t) => t.tests.some((x) => x.outcome === 'fail')) ? 101 : 0;
    case 'go-test':
      return step.go.packages.some((p) => p.tests.some(goTestFailed)) ? 1 : 0;
    default:
      return 0;
  }
}

/** The targets cargo actually ran: without `--no-fail-fast` it stops after the first failing binary. */
export function cargoRanTargets(run: CargoRun): CargoTarget[] {
  const ran: CargoTarget[] = [];
  for (const target of run.targets) {
    ran.push(target);
    if (!run.noFailFast && target.tests.some((t) => t.outcome === 'fail')) break;
  }
  return ran;
}

export function goTestFailed(test: GoTest): boolean {
  return test.outcome === 'fail' || (test.subtests ?? []).some(goTestFailed);
}

export function jobConclusion(plan: JobPlan): 'success' | 'failure' {
  return stepTimeline(plan).some((s) => s.conclusion === 'failure') ? 'failure' : 'success';
}

/** When the job finished (epoch ms). */
export function jobEndMs(plan: JobPlan): number {
  const timeline = stepTimeline(plan);
  return timeline.length === 0 ? Date.parse(plan.startedAt) : (timeline[timeline.length - 1] as StepTiming).endMs;
}

/** The same plan moved in time (for a re-run that repeats a job). */
export function retimePlan(plan: JobPlan, startedAt: string): JobPlan {
  return { ...plan, startedAt };
}

/** The same plan with every test passing and every step succeeding: what a re-run of a flaky failure usually is. */
export function passingPlan(plan: JobPlan): JobPlan {
  return {
    ...plan,
    steps: plan.steps.map((step): PlannedStep => {
      switch (step.kind) {
        case 'script':
          return { ...step, exitCode: 0 };
        case 'cargo-test':
          return {
            ...step,
            cargo: {
              ...step.cargo,
              targets: step.cargo.targets.map((t) => ({
                ...t,
                tests: t.tests.map((x) => (x.outcome === 'fail' ? { name: x.name, outcome: 'pass' as const } : x)),
              })),
            },
          };
        case 'go-test':
          return { ...step, go: { packages: step.go.packages.map((p) => ({ ...p, tests: p.tests.map(passingGoTest) })) } };
        default:
          return step;
      }
    }),
  };
}

function passingGoTest(test: GoTest): GoTest {
  const { output: _output, ...rest } = test;
  return {
    ...rest,
    outcome: test.outcome === 'fail' ? 'pass' : test.outcome,
    ...(test.outcome === 'fail' ? {} : test.output ? { output: test.output } : {}),
    ...(test.subtests ? { subtests: test.subtests.map(passingGoTest) } : {}),
  };
}

/** The two steps every job ends with: the checkout's post step, then `Complete job` (random: anything with `float`, e.g. Random). */
export function closingSteps(random: { float(min: number, max: number): number }): PlannedStep[] {
  return [
    { kind: 'post-checkout', name: 'Post Run actions/checkout@v4', durationSeconds: random.float(0.3, 1.2), action: 'actions/checkout@v4' },
    { kind: 'complete', name: 'Complete job', durationSeconds: random.float(0.1, 0.6) },
  ];
}
