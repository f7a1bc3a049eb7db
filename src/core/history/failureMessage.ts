// Failure messages reduced to what stays the same between occurrences of one cause: the test's own name, numbers,
// hex ids, addresses, temporary paths, durations and timestamps are replaced by placeholders. Used to spot one
// message shared by many tests at once (a systemic failure) and to group a test's failures by reason.

import { digitsEnd, isWordChar, replaceMentions, type MentionShape } from '../fileLineMentions';

const MAX_INPUT = 4096;
const MAX_LINES = 3;

/** `/\b[\w.-]+\.(rs|go|py|ts|js|java|kt|cs):\d+(?::\d+)?/g`, a source location (see fileLineMentions.ts). */
export const SOURCE_LOCATION: MentionShape = {
  extensions: new Set(['rs', 'go', 'py', 'ts', 'js', 'java', 'kt', 'cs']),
  pathChar: (c) => isWordChar(c) || c === 46 /* . */ || c === 45 /* - */,
  wordStart: true,
  tail: (text, colon) => {
    const line = digitsEnd(text, colon + 1);
    if (line === colon + 1) return undefined;
    const column = text.charCodeAt(line) === 58 /* : */ ? digitsEnd(text, line + 1) : line;
    return column > line + 1 ? column : line;
  },
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The message's first meaningful lines, normalized. `testId` (and its last segment) are removed. */
export function normalizeFailureMessage(message: string | undefined, testId = ''): string {
  if (!message) {
    return '';
  }
  let text = message.length > MAX_INPUT ? message.slice(0, MAX_INPUT) : message;
  if (testId) {
    const names = new Set([testId, testId.split('::').pop() ?? '', testId.split('/').pop() ?? ''].filter((n) => n.length > 2));
    for (const name of names) {
      text = text.replace(new RegExp(escapeRegExp(name), 'g'), '<test>');
    }
  }
  const lines: string[] = [];
  for (const raw of text.split('\n')) {
    const located = raw
      .replace(/^-{4} .* std(out|err) -{4}$/, '')
      .replace(/thread '[^']*'/g, "thread '<t>'")
      .replace(/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?Z?/g, '<time>')
      .replace(/(?:[A-Za-z]:)?(?:[\\/][\w.@+-]+){2,}(?::\d+(?::\d+)?)?/g, '<path>');
    const line = replaceMentions(located, SOURCE_LOCATION, '<loc>')
      .replace(/\b0x[0-9a-fA-F]+\b/g, '<hex>')
      .replace(/\b[0-9a-f]{7,}\b/g, '<hex>')
      .replace(/\b\d+(\.\d+)?\s?(ns|µs|us|ms|s|m|h)\b/g, '<dur>')
      .replace(/\d+(\.\d+)?/g, '#')
      .replace(/\s+/g, ' ')
      .trim();
    if (line.length === 0) {
      continue;
    }
    lines.push(line);
    if (lines.length >= MAX_LINES) {
      break;
    }
  }
  return lines.join(' | ');
}

/**
 * What one failure shares with other tests' failures of the same job attempt: the normalized message without where
 * it happened (panic locations, `file:line` prefixes, which differ from test to test), so that one full disk
 * hitting tests in several files gives one key. Used to spot systemic failures.
 */
export function sharedCauseKey(message: string | undefined, testId = ''): string {
  // Each run of non-spaces that holds a place: `\S*<(path|loc)>\S*` tried each place of a long run to its end.
  return failureReasonKey(message, testId)
    .replace(/\S+/g, (run) => (run.includes('<path>') || run.includes('<loc>') ? '<where>' : run))
    .replace(/\s+/g, ' ')
    .trim();
}

// Lines a runner adds to some failures and not others: libtest prints its backtrace hint after the first panic of
// a test binary only, so two failures with one cause would differ by it.
const RUNNER_NOTES = /^note: run with `RUST_BACKTRACE=#` environment variable to display a backtrace$/;

/** The key a test's failures are grouped by: the normalized message without the runner's notes. */
export function failureReasonKey(message: string | undefined, testId = ''): string {
  const key = normalizeFailureMessage(message, testId);
  return key
    .split(' | ')
    .filter((part) => !RUNNER_NOTES.test(part))
    .join(' | ');
}

// A failed assertion is the test's own verdict on the code: many tests failing one assertion at once (a shared
// helper broke) are failures of those tests, never an infrastructure event.
const ASSERTION = /\bassert(ion)?(Error)?\b|\bleft == right\b|\bexpect\(|\bassert_(eq|ne)!/i;

/** Whether a failure key (see {@link sharedCauseKey}) is a failed assertion rather than an error from outside. */
export function isAssertionKey(key: string): boolean {
  return ASSERTION.test(key);
}
