// Reads the spec reporter of node's test runner (`node --test`): `▶ describe` opens a group, `✔ name (1.06ms)` and
// `✖ name (4.69ms)` are results (the error indented under a failure), `﹣ name (0.1ms) # SKIP` and `# TODO` are not
// run; a group closes with its own result line, which is not a test. The `✖ failing tests:` list after the `ℹ`
// summary repeats failures and is skipped. node prints no file per test: the suite is empty, the id is the group
// path and the name joined by ` › `.

import type { Outcome, TestOutcome } from '../model';
import { JsFailureMessage } from './jsFailureText';
import { detached, markersOf, type OutcomeParser } from './outcomeParser';
import { RunOutcomes, type PendingOutcome } from './runOutcomes';

const MAX_DEPTH = 64;
const SEPARATOR = ' › ';
/**
 * `name (1.059197ms)`, `name (0.138941ms) # SKIP`: node always prints a fractional duration, which tells its lines
 * from mocha's (`✔ name (83ms)`) and gotestsum's (`✖  pkg (6ms)`).
 */
const RESULT = /^(\S.*) \((\d+\.\d+)ms\)( # (?:SKIP|TODO)\b.*)?$/;
/** Only groups and results are read, by their signs: `▶`, `✔`, `✖`, `﹣`. */
const MARKERS = markersOf('▶', '✔', '✖', '﹣');
/** In the `✖ failing tests:` recap, only a new run's first group (`▶` at the line's start) ends it. */
const RECAP_MARKERS = markersOf('▶');

export class NodeSpecParser implements OutcomeParser {
  private readonly outcomes = new RunOutcomes('node');
  /** Open groups by depth (two spaces of indentation each). */
  private groups: string[] = [];
  /** A failed test whose error lines follow, and its indentation. */
  private failure: { result: PendingOutcome; indent: number; message: JsFailureMessage } | undefined;
  /** After `✖ failing tests:`: a repeat of the failures, up to the next run. */
  private inRecap = false;

  /** Under a failure, every line matters: its error, or a line indented less that ends it. */
  get markers(): readonly string[] | undefined {
    if (this.failure) return undefined;
    return this.inRecap ? RECAP_MARKERS : MARKERS;
  }

  line(text: string): void {
    let indent = 0;
    while (text.charCodeAt(indent) === 32) indent++;
    const failure = this.failure;
    if (failure) {
      if (indent > failure.indent || text === '') {
        failure.message.add(text.slice(Math.min(indent, failure.indent + 2)));
        return;
      }
      this.endFailure();
    }
    const c = text.charCodeAt(indent);
    if (c === 0x2139 /* ℹ */) return;
    if (this.inRecap) {
      if (c === 0x25b6 /* ▶ */ && indent === 0) this.inRecap = false;
      else return;
    }
    if (indent % 2 !== 0 || indent / 2 >= MAX_DEPTH || text.charCodeAt(indent + 1) !== 32) return;
    // Only a group (▶) or a result (✔ ✖ ﹣) is read: other lines are left before anything is cut from them.
    if (c !== 0x25b6 && c !== 0x2714 && c !== 0x2716 && c !== 0xfe63) return;
    const depth = indent / 2;
    const rest = text.slice(indent + 2);
    if (c === 0x25b6 /* ▶ */) {
      this.groups.length = Math.min(this.groups.length, depth);
      while (this.groups.length < depth) this.groups.push('');
      this.groups.push(rest);
      return;
    }
    if (c === 0x2716 /* ✖ */ && indent === 0 && rest === 'failing tests:') {
      this.inRecap = true;
      this.groups = [];
      return;
    }
    const outcome: Outcome | undefined = c === 0x2714 /* ✔ */ ? 'pass' : c === 0x2716 /* ✖ */ ? 'fail' : c === 0xfe63 /* ﹣ */ ? 'skip' : undefined;
    if (!outcome) return;
    const match = RESULT.exec(rest);
    if (!match?.[1]) return;
    const name = match[1];
    if (this.groups.length > depth && this.groups[depth] === name) {
      // A group's own result: its tests were the results inside it.
      this.groups.length = depth;
      return;
    }
    this.groups.length = Math.min(this.groups.length, depth);
    const path = this.groups.slice(0, depth);
    path.push(name);
    const directive = match[3];
    const result = this.outcomes.add(path.join(SEPARATOR), '', directive !== undefined ? 'skip' : outcome);
    const seconds = Number(match[2]) / 1000;
    if (Number.isFinite(seconds)) result.duration = seconds;
    if (result.outcome === 'fail') this.failure = { result, indent, message: new JsFailureMessage() };
  }

  startStep(): void {
    this.endFailure();
    this.groups = [];
    this.inRecap = false;
  }

  finish(): TestOutcome[] {
    this.endFailure();
    return this.outcomes.list();
  }

  private endFailure(): void {
    const failure = this.failure;
    if (!failure) return;
    this.failure = undefined;
    const message = failure.message.text();
    if (message !== '') failure.result.message = detached(message);
    if (failure.message.location !== undefined) failure.result.failureLocation = detached(failure.message.location);
  }
}
