// Reads `dotnet test`'s console logger (VSTest): `  Passed Acme.Shop.CartTests.Adds [12 ms]` (normal verbosity;
// minimal prints failures and skips only), `  Failed ...` with its `  Error Message:` and `  Stack Trace:` blocks,
// `  Skipped ...`, and the per-assembly `Failed!  - Failed: 1, Passed: 5, ...` line. The suite is the test's class
// (`Namespace.Class`), the id its method with the arguments of a data row (`Quantity(n: 3)`).

import type { Outcome, TestOutcome } from '../model';
import { MAX_MESSAGE_CHARS, TextHead, clip } from './failureText';
import { detached, markersOf, type OutcomeParser, type OutcomeParserOptions } from './outcomeParser';
import { RunOutcomes, type PendingOutcome } from './runOutcomes';

const MAX_ERROR_CHARS = 500;
const RESULT = /^ {2}(Passed|Failed|Skipped) (.+?) \[(?:< ?)?\d+(?:[.,]\d+)? ?(?:ms|s|m)(?: \d+ ?(?:ms|s))?\]$/;
/** `   at Acme.Shop.CartTests.Adds() in /home/runner/work/shop/tests/CartTests.cs:line 14`. */
const FRAME_LOCATION = / in (.+):line (\d+)$/;
const FRAME_END = /:line \d+$/;
/**
 * Every line {@link DotnetTestParser.line} acts on outside a failure's details holds one of these: a result's
 * `Passed`, `Failed` or `Skipped` (a colour, if any, goes around the word) and an aborted run's report (`The active
 * test run was aborted.`), cut to six characters, which are searched fastest.
 */
const MARKERS = markersOf('Passed', 'Failed', 'Skippe', 'The ac');

interface FailureDetails {
  readonly result: PendingOutcome;
  readonly message: TextHead;
  part: 'head' | 'message' | 'stack' | 'other';
}

export class DotnetTestParser implements OutcomeParser {
  private readonly outcomes = new RunOutcomes('dotnet');
  private readonly onError: ((message: string) => void) | undefined;
  private failure: FailureDetails | undefined;

  constructor(options: OutcomeParserOptions = {}) {
    this.onError = options.onError;
  }

  /** In a failure's details every line matters: any indented one may switch its part, most others end it. */
  get markers(): readonly string[] | undefined {
    return this.failure ? undefined : MARKERS;
  }

  line(text: string): void {
    const c = text.charCodeAt(0);
    if (c === 32 && text.charCodeAt(1) === 32) {
      const c2 = text.charCodeAt(2);
      if ((c2 === 80 /* P */ || c2 === 70 /* F */ || c2 === 83) /* S */ && text.endsWith(']')) {
        const match = RESULT.exec(text);
        if (match?.[1] && match[2]) {
          this.endFailure();
          this.result(match[1], match[2]);
          return;
        }
      }
      if (this.failure) this.failureLine(this.failure, text);
      return;
    }
    const failure = this.failure;
    if (failure && (text === '' || (failure.part === 'message' && !isSummary(text)))) {
      // An error message's own lines may start at the line's beginning (`Expected: 0.3`).
      if (text !== '') failure.message.add(text);
      return;
    }
    this.endFailure();
    if (c === 84 /* T */ && text.startsWith('The active test run was aborted.')) {
      this.onError?.(detached(clip(`dotnet test: ${text}`, MAX_ERROR_CHARS)));
    }
  }

  startStep(): void {
    this.endFailure();
  }

  finish(): TestOutcome[] {
    this.endFailure();
    return this.outcomes.list();
  }

  private result(status: string, name: string): void {
    const outcome: Outcome = status === 'Passed' ? 'pass' : status === 'Failed' ? 'fail' : 'skip';
    const { suite, id } = splitDotnetName(name);
    const result = this.outcomes.add(id, suite, outcome);
    if (outcome === 'fail') this.failure = { result, message: new TextHead(MAX_MESSAGE_CHARS), part: 'head' };
  }

  private failureLine(failure: FailureDetails, text: string): void {
    const trimmed = text.trim();
    if (text.startsWith('  ') && !text.startsWith('   ')) {
      // `  Error Message:`, `  Stack Trace:`, `  Standard Output Messages:`.
      failure.part = trimmed === 'Error Message:' ? 'message' : trimmed === 'Stack Trace:' ? 'stack' : 'other';
      return;
    }
    if (failure.part === 'message') {
      failure.message.add(text.startsWith('   ') ? text.slice(3) : trimmed);
    } else if (failure.part === 'stack' && failure.result.failureLocation === undefined) {
      // Only a frame that ends with its line is read: on one that does not, `(.+)` was tried from each ` in ` to the
      // end (quadratic: 0.2 s for 32 KiB).
      const location = FRAME_END.test(trimmed) ? FRAME_LOCATION.exec(trimmed) : null;
      if (location?.[1] && location[2]) {
        failure.result.failureLocation = detached(`${location[1]}:${location[2]}`);
        failure.message.add(trimmed);
      }
    }
  }

  private endFailure(): void {
    const failure = this.failure;
    if (!failure) return;
    this.failure = undefined;
    const message = failure.message.text();
    if (message !== '') failure.result.message = detached(message);
  }
}

function isSummary(text: string): boolean {
  return text.startsWith('Failed!') || text.startsWith('Passed!') || text.startsWith('Total tests:') || text.startsWith('Test Run ') || text.startsWith('Results File:');
}

/** `Acme.Shop.CartTests.Quantity(n: 3)` → `Acme.Shop.CartTests` + `Quantity(n: 3)`; a display name with spaces stays whole. */
export function splitDotnetName(name: string): { suite: string; id: string } {
  const paren = name.indexOf('(');
  const head = (paren === -1 ? name : name.slice(0, paren)).trimEnd();
  if (head.includes(' ')) return { suite: '', id: name };
  const dot = head.lastIndexOf('.');
  if (dot <= 0) return { suite: '', id: name };
  return { suite: name.slice(0, dot), id: name.slice(dot + 1) };
}
