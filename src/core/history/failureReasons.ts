// A test's failures grouped by reason: messages normalized (numbers, hex ids, addresses, temporary paths,
// durations, timestamps and the test's own name taken out) and grouped by what remains, with counts and the last
// occurrence. A flaky test with two unrelated reasons (a lost connection, a too-tight timeout) shows two groups.
// Systemic failures (infrastructure events) are left out, as everywhere else.
import type { OperatingSystem, TestExecution } from '../model';
import { failureReasonKey } from './failureMessage';

/** Reasons kept per test; the rarest go first. */
export const MAX_FAILURE_REASONS = 8;
const EXAMPLE_CHARS = 600;
const EXAMPLE_LINES = 8;

export interface FailureReason {
  /** The normalized message (see failureReasonKey): the key of the group (`''` when the failures printed no message). */
  readonly reason: string;
  /** The line of the newest example that best says what went wrong, as printed. */
  readonly headline: string;
  readonly count: number;
  readonly firstAt: string;
  readonly lastAt: string;
  /** The newest failure's message, its first lines, bounded. */
  readonly example: string;
  /** The newest failure's job log. */
  readonly lastUrl: string;
  readonly jobs: readonly string[];
  readonly os: readonly OperatingSystem[];
}

function isCountedFailure(e: TestExecution): boolean {
  return (e.outcome === 'fail' || e.outcome === 'flaky') && e.failureKind !== 'systemic';
}

/** The failures of one test's executions (any order) grouped by normalized message, most frequent first. */
export function failureReasons(executions: readonly TestExecution[], testId: string, max = MAX_FAILURE_REASONS): FailureReason[] {
  const groups = new Map<string, { count: number; first: TestExecution; last: TestExecution; jobs: Set<string>; os: Set<OperatingSystem> }>();
  for (const e of executions) {
    if (!isCountedFailure(e)) {
      continue;
    }
    const key = failureReasonKey(e.message, testId);
    const group = groups.get(key);
    if (!group) {
      groups.set(key, { count: 1, first: e, last: e, jobs: new Set([e.configuration.job]), os: new Set([e.configuration.os]) });
      continue;
    }
    group.count++;
    if (isNewer(e, group.last)) {
      group.last = e;
    }
    if (isNewer(group.first, e)) {
      group.first = e;
    }
    group.jobs.add(e.configuration.job);
    group.os.add(e.configuration.os);
  }
  return [...groups.entries()]
    .map(([reason, g]): FailureReason => {
      const example = exampleOf(g.last.message);
      return {
        reason,
        headline: headlineOf(example),
        count: g.count,
        firstAt: g.first.createdAt,
        lastAt: g.last.createdAt,
        example,
        lastUrl: g.last.jobUrl,
        jobs: [...g.jobs].sort(),
        os: [...g.os].sort(),
      };
    })
    .sort((a, b) => b.count - a.count || (a.lastAt < b.lastAt ? 1 : a.lastAt > b.lastAt ? -1 : 0) || a.reason.localeCompare(b.reason))
    .slice(0, Math.max(0, max));
}

function isNewer(a: TestExecution, b: TestExecution): boolean {
  return a.createdAt === b.createdAt ? a.runId > b.runId || (a.runId === b.runId && a.runAttempt > b.runAttempt) : a.createdAt > b.createdAt;
}

function exampleOf(message: string | undefined): string {
  if (!message) {
    return '';
  }
  const lines = message
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '')
    .slice(0, EXAMPLE_LINES)
    .join('\n');
  return lines.length > EXAMPLE_CHARS ? `${lines.slice(0, EXAMPLE_CHARS)}…` : lines;
}

// Lines that frame a failure without saying what it was.
const FRAMING = [
  /^thread '.*' (\(\d+\) )?panicked at /,
  /^note: run with `RUST_BACKTRACE/,
  /^-{3,} .* std(out|err) -{3,}$/,
  /^stack backtrace:/,
  /^(Caused by|Stack trace|Traceback \(most recent call last\)):?$/,
  /^Test executable failed/,
  /^stderr:$/,
];

/** The first line of a failure message that says what happened (not where, not how to get a backtrace). */
export function headlineOf(message: string): string {
  const lines = message.split('\n').map((l) => l.trim());
  const telling = lines.find((l) => l !== '' && !FRAMING.some((f) => f.test(l)));
  return (telling ?? lines.find((l) => l !== '') ?? '').slice(0, 300);
}
