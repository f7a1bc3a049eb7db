// Reads mocha's spec reporter: describe titles and tests indented by two spaces per level (`✔ adds (83ms)`, `- pending`,
// `1) rounds to cents` for failures), the `N passing (97ms)` summary, then the numbered failures with their errors.
// The tree is only believed once its summary comes (a `✔` line alone may be another tool's); mocha prints no file
// names, so the suite is empty and the id is mocha's `fullTitle()`: the titles joined with one space. A failing hook
// (`"before all" hook for "x"`) is an error, not a test. mocha prints nothing of its retries.

import type { Outcome, TestOutcome } from '../model';
import { clip } from './failureText';
import { JsFailureMessage } from './jsFailureText';
import { detached, markersOf, type OutcomeParser, type OutcomeParserOptions } from './outcomeParser';
import { RunOutcomes, type PendingOutcome } from './runOutcomes';

const MAX_ERROR_CHARS = 500;
const MAX_DEPTH = 64;
/** Tests held before the summary confirms them. */
const MAX_PENDING = 100_000;
/** mocha's `fullTitle()` joins the titles with one space (model.ts). */
const SEPARATOR = ' ';
const PASSING = /^ {2}\d+ passing(?: \(\d+m?s\))?$/;
const NUMBERED = /^(\d+)\) (.*)$/;
const HOOK = /^"(?:before|after)(?: all| each)?" hook\b/;

/**
 * Before a tree, any line indented by two spaces may start one (a describe title has no sign of its own): `  `, and
 * `passin` for the summary (`  6 passing`), whose two spaces mocha colours apart (`ESC[92m ESC[0mESC[32m 6 passing`).
 * Markers are cut to 6 characters: V8 finds shorter ones fastest.
 */
const IDLE_MARKERS = markersOf('  ', 'passin');
/** In a failure's error once its message is complete: the next failure (`  2) title`) or the next run's summary. */
const ENTRY_END_MARKERS = markersOf(') ', 'passin');
/** The same while the message, full, has no location yet: stack frames too. */
const ENTRY_FRAME_MARKERS = markersOf(') ', 'passin', 'at ', '❯');

interface TreeTest {
  readonly id: string;
  readonly outcome: Outcome;
  readonly number: number | undefined;
}

/** One numbered entry of the failures list: its title lines, then its error. */
interface FailureEntry {
  readonly number: number;
  readonly title: string[];
  titleDone: boolean;
  readonly message: JsFailureMessage;
}

export class MochaParser implements OutcomeParser {
  private readonly outcomes = new RunOutcomes('mocha');
  private readonly onError: ((message: string) => void) | undefined;
  private describes: string[] = [];
  private tree: TreeTest[] = [];
  private hooks: string[] = [];
  /** After the summary: the failures list, by number. */
  private failed: Map<number, PendingOutcome> | undefined;
  private entry: FailureEntry | undefined;

  constructor(options: OutcomeParserOptions = {}) {
    this.onError = options.onError;
  }

  /**
   * In a tree any line not indented ends it; after the summary, any line not in the failures list ends that: every
   * line matters, as it does in a failure's title and its error until the message is full.
   */
  get markers(): readonly string[] | undefined {
    if (!this.failed) return this.tree.length === 0 && this.describes.length === 0 ? IDLE_MARKERS : undefined;
    const entry = this.entry;
    if (!entry?.titleDone || !entry.message.full) return undefined;
    return entry.message.location === undefined ? ENTRY_FRAME_MARKERS : ENTRY_END_MARKERS;
  }

  line(text: string): void {
    if (this.failed) {
      if (this.failuresLine(this.failed, text)) return;
      this.endFailures();
    }
    const c = text.charCodeAt(0);
    if (c !== 32) {
      // mocha indents everything it prints before its summary: anything else starts over.
      if (text !== '' && (this.tree.length > 0 || this.describes.length > 0)) this.reset();
      return;
    }
    if (text.charCodeAt(2) >= 48 && text.charCodeAt(2) <= 57 && PASSING.test(text)) {
      this.commit();
      return;
    }
    this.treeLine(text);
  }

  startStep(): void {
    this.endFailures();
    this.reset();
  }

  finish(): TestOutcome[] {
    this.endFailures();
    this.reset();
    return this.outcomes.list();
  }

  private reset(): void {
    this.describes = [];
    this.tree = [];
    this.hooks = [];
  }

  private treeLine(text: string): void {
    let indent = 0;
    while (text.charCodeAt(indent) === 32) indent++;
    if (indent < 2 || indent % 2 !== 0 || indent === text.length) return;
    const depth = indent / 2 - 1;
    if (depth >= MAX_DEPTH || this.tree.length >= MAX_PENDING) return;
    const rest = text.slice(indent);
    const c = rest.charCodeAt(0);
    let outcome: Outcome | undefined;
    let title: string;
    let number: number | undefined;
    if ((c === 0x2714 /* ✔ */ || c === 0x2713 /* ✓ */ || c === 0x221a) /* √ */ && rest.charCodeAt(1) === 32) {
      title = rest.slice(2);
      // node's spec reporter has `(1.0592ms)`: not ours.
      if (/ \(\d+\.\d+ms\)$/.test(title)) return;
      title = title.replace(/ \(\d+m?s\)$/, '');
      outcome = 'pass';
    } else if (c === 45 /* - */ && rest.charCodeAt(1) === 32) {
      title = rest.slice(2);
      outcome = 'skip';
    } else if (c >= 48 && c <= 57) {
      const match = NUMBERED.exec(rest);
      if (!match?.[1] || match[2] === undefined) return this.describe(depth, rest);
      number = Number(match[1]);
      title = match[2];
      if (HOOK.test(title)) {
        this.hooks.push([...this.describes.slice(0, depth), title].join(' › '));
        return;
      }
      outcome = 'fail';
    } else {
      this.describe(depth, rest);
      return;
    }
    const path = this.describes.slice(0, depth);
    path.push(title);
    this.tree.push({ id: path.join(SEPARATOR), outcome, number });
  }

  private describe(depth: number, title: string): void {
    this.describes.length = Math.min(this.describes.length, depth);
    while (this.describes.length < depth) this.describes.push('');
    this.describes.push(title);
  }

  /** `  6 passing (97ms)`: the tree above was mocha's. */
  private commit(): void {
    const failed = new Map<number, PendingOutcome>();
    for (const test of this.tree) {
      const result = this.outcomes.add(test.id, '', test.outcome);
      if (test.number !== undefined) failed.set(test.number, result);
    }
    for (const hook of this.hooks) this.onError?.(detached(clip(`mocha: ${hook} failed`, MAX_ERROR_CHARS)));
    this.reset();
    this.failed = failed;
  }

  /**
   * `  1) Cart`, `       totals`, `         rounds to cents:`, then the error, up to the next number. False when the
   * line is past the summary and its failures (a new run starts).
   */
  private failuresLine(failed: Map<number, PendingOutcome>, text: string): boolean {
    const numbered = failed.size > 0 ? /^ {2}(\d+)\) (.*)$/.exec(text) : null;
    if (numbered?.[1] && numbered[2] !== undefined) {
      this.endEntry();
      const title = numbered[2];
      this.entry = { number: Number(numbered[1]), title: [title], titleDone: title.endsWith(':'), message: new JsFailureMessage() };
      return true;
    }
    if (PASSING.test(text)) return false;
    const entry = this.entry;
    if (!entry) return text === '' || /^ {2}\d+ (?:pending|failing)$/.test(text);
    if (!entry.titleDone) {
      const part = text.trim();
      entry.title.push(part);
      if (part.endsWith(':')) entry.titleDone = true;
      return true;
    }
    // The error's lines (assert's diff starts at the line's beginning); bounded, until the next entry or run.
    entry.message.add(text.startsWith('      ') ? text.slice(6) : text.trimStart());
    return true;
  }

  private endEntry(): void {
    const entry = this.entry;
    if (!entry) return;
    this.entry = undefined;
    const result = this.failed?.get(entry.number);
    if (!result) return;
    const message = entry.message.text();
    if (message !== '') result.message = detached(message);
    if (entry.message.location !== undefined) result.failureLocation = detached(entry.message.location);
  }

  private endFailures(): void {
    this.endEntry();
    this.failed = undefined;
  }
}
