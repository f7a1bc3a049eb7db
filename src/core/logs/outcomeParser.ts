// The contract every test-output parser follows, so that the job log reader can feed one log to all of them.

import type { TestOutcome } from '../model';

/**
 * A streaming parser of one test runner's console output. It is given every line of a log (timestamps and colours
 * already removed) and must stay cheap on lines that are not its runner's; a parser that recognised nothing returns
 * no outcomes.
 */
export interface OutcomeParser {
  line(text: string): void;
  /** Ends the stream and returns the outcomes seen, in log order. */
  finish(): TestOutcome[];
  /**
   * True while the lines given are a test's captured output that this parser prints itself (nextest's
   * `--- STDOUT: ... ---` blocks hold libtest's own `running 1 test ... test result:` lines): the reader then gives
   * them to this parser only, so that no other parser counts them again.
   */
  readonly capturing?: boolean;
  /** A new step of the job starts (`##[group]Run ...`): what was pending belongs to the step before. */
  startStep?(): void;
}

export interface OutcomeParserOptions {
  /** Told about problems that are not test outcomes: a build that failed, a test binary that crashed. */
  readonly onError?: (message: string) => void;
}

/**
 * A copy of `text` that does not share memory with the log chunk it was cut from. V8 keeps a whole decoded chunk
 * (64 KiB or more) alive for as long as any slice of it lives; outcomes outlive the log by far.
 */
export function detached(text: string): string {
  return text.length === 0 ? text : (' ' + text).slice(1);
}
