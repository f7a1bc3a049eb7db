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
  /**
   * What the reader may skip, now: every line that could change this parser's state holds one of these strings in
   * its raw form (timestamp and colours still in it), so that the reader may leave out the lines holding none of
   * them without reading them. Undefined (the default) while every line matters. Lines without a marker may still
   * be given (a parser must then ignore them). The same array for the same state: the reader keeps what it found
   * per array. Markers that start with a character rare in logs are found fastest.
   */
  readonly markers?: readonly string[] | undefined;
}

/** Markers (see {@link OutcomeParser.markers}), as one frozen list. */
export function markersOf(...texts: string[]): readonly string[] {
  return Object.freeze(texts);
}

export interface OutcomeParserOptions {
  /** Told about problems that are not test outcomes: a build that failed, a test binary that crashed. */
  readonly onError?: (message: string) => void;
}

/**
 * A copy of `text` that does not share memory with the log chunk it was cut from. V8 keeps a whole decoded chunk
 * (64 KiB or more) alive for as long as any slice of it lives; outcomes outlive the log by far. Where the text is
 * Latin-1 the copy takes one byte per character, even when the chunk held a wider character (a `✓`, a `─`) and so
 * took two bytes per character, its slices with it.
 */
export function detached(text: string): string {
  if (text.length === 0) return text;
  if (text.length <= MAX_ONE_BYTE_COPY && LATIN1.test(text)) {
    const codes = new Array<number>(text.length);
    for (let i = 0; i < text.length; i++) codes[i] = text.charCodeAt(i);
    return String.fromCharCode.apply(null, codes);
  }
  return (' ' + text).slice(1);
}

// eslint-disable-next-line no-control-regex -- every Latin-1 character, control characters included
const LATIN1 = /^[\x00-\xff]*$/;
/** Longer texts (rare: messages are bounded) are copied as they are. */
const MAX_ONE_BYTE_COPY = 8192;
