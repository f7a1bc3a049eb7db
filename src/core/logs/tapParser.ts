// Reads TAP version 13 as node's test runner writes it (`node --test --test-reporter=tap`, node 18 and 20's default
// outside a terminal): `# Subtest: name` announces a test, indented four spaces per level, `ok 1 - name` /
// `not ok 2 - name # SKIP` is its result, and a YAML block under it (`  ---` to `  ...`) says more: `type: 'suite'`
// for describe blocks, `failureType: 'subtestsFailed'` for a parent that failed through its subtests, the `error`
// and the `location`. Only a `TAP version` line starts reading, so that no `ok` line of another tool is taken.

import type { Outcome, TestOutcome } from '../model';
import { MAX_MESSAGE_CHARS, TextHead, isSourceLocation } from './failureText';
import { detached, markersOf, type OutcomeParser } from './outcomeParser';
import { RunOutcomes } from './runOutcomes';

const MAX_DEPTH = 64;
const SEPARATOR = ' › ';
const RESULT = /^(not )?ok \d+(?: -)?(?: (.*?))?(?: # (SKIP|TODO)\b.*)?$/i;
/** Before a `TAP version` line nothing else is read. */
const IDLE_MARKERS = markersOf('TAP v');
/**
 * In TAP (up to the step's end): a new stream, `# Subtest: name` and the results, `ok` in any case (the results are
 * read so).
 */
const TAP_MARKERS = markersOf('TAP v', '# Subt', 'ok ', 'OK ', 'Ok ', 'oK ');

/** A result line waiting for its YAML block. */
interface PendingResult {
  readonly path: string[];
  readonly outcome: Outcome;
  readonly hasChildren: boolean;
  readonly indent: number;
  inYaml: boolean;
  suite: boolean;
  subtestsFailed: boolean;
  /** The YAML key whose multi-line value is being read (`error: |-`). */
  readingError: boolean;
  readonly error: TextHead;
  location: string | undefined;
  duration: number | undefined;
}

export class TapParser implements OutcomeParser {
  private readonly outcomes = new RunOutcomes('node');
  private inTap = false;
  /** `# Subtest:` names by depth. */
  private names: string[] = [];
  /** By depth: whether results one level deeper came since that depth's `# Subtest:` (its result is a parent's). */
  private childResults: boolean[] = [];
  private pending: PendingResult | undefined;

  /** After a result, every line matters: its YAML block, or the line that says there is none. */
  get markers(): readonly string[] | undefined {
    if (!this.inTap) return IDLE_MARKERS;
    return this.pending ? undefined : TAP_MARKERS;
  }

  line(text: string): void {
    const c = text.charCodeAt(0);
    if (c === 84 /* T */ && text.startsWith('TAP version ')) {
      this.endResult();
      this.inTap = true;
      this.names = [];
      this.childResults = [];
      return;
    }
    if (!this.inTap) return;
    let indent = 0;
    while (text.charCodeAt(indent) === 32) indent++;
    const pending = this.pending;
    if (pending) {
      if (this.yamlLine(pending, text, indent)) return;
      this.endResult();
    }
    if (indent % 4 !== 0 || indent / 4 >= MAX_DEPTH) return;
    const depth = indent / 4;
    const rest = text.slice(indent);
    const first = rest.charCodeAt(0);
    if (first === 35 /* # */ && rest.startsWith('# Subtest: ')) {
      this.names.length = depth;
      this.names.push(unescape(rest.slice(11)));
      this.childResults.length = depth;
      this.childResults.push(false);
      return;
    }
    if (first !== 111 /* o */ && first !== 110 /* n */) return;
    const match = RESULT.exec(rest);
    if (!match) return;
    const name = unescape(match[2] ?? '').trim() || (this.names[depth] ?? '');
    const path = this.names.slice(0, depth);
    path.push(name);
    const hasChildren = this.childResults[depth] === true;
    this.names.length = depth;
    this.childResults.length = depth;
    if (depth > 0) this.childResults[depth - 1] = true;
    const directive = match[3]?.toUpperCase();
    const outcome: Outcome = directive !== undefined ? 'skip' : match[1] ? 'fail' : 'pass';
    this.pending = {
      path,
      outcome,
      hasChildren,
      indent,
      inYaml: false,
      suite: false,
      subtestsFailed: false,
      readingError: false,
      error: new TextHead(MAX_MESSAGE_CHARS),
      location: undefined,
      duration: undefined,
    };
  }

  startStep(): void {
    this.endResult();
    this.inTap = false;
  }

  finish(): TestOutcome[] {
    this.endResult();
    return this.outcomes.list();
  }

  /** A line of the YAML block under a result; false when the line is not one. */
  private yamlLine(pending: PendingResult, text: string, indent: number): boolean {
    const inner = pending.indent + 2;
    if (!pending.inYaml) {
      if (indent === inner && text.slice(indent) === '---') {
        pending.inYaml = true;
        return true;
      }
      return false;
    }
    if (indent === inner && text.slice(indent) === '...') {
      pending.inYaml = false;
      this.endResult();
      return true;
    }
    if (pending.readingError && (indent > inner || text === '')) {
      pending.error.add(text.slice(Math.min(indent, inner + 2)));
      return true;
    }
    pending.readingError = false;
    if (indent !== inner) return true;
    const entry = text.slice(indent);
    const colon = entry.indexOf(': ');
    if (colon === -1) return true;
    const key = entry.slice(0, colon);
    const value = entry.slice(colon + 2);
    if (key === 'type') pending.suite = value === "'suite'";
    else if (key === 'failureType') pending.subtestsFailed = value === "'subtestsFailed'";
    else if (key === 'error') {
      if (value === '|-' || value === '|' || value === '>-') pending.readingError = true;
      else pending.error.add(unquote(value));
    } else if (key === 'location') {
      const location = unquote(value);
      if (isSourceLocation(location)) pending.location = location;
    } else if (key === 'duration_ms') {
      const ms = Number(value);
      if (Number.isFinite(ms)) pending.duration = ms / 1000;
    }
    return true;
  }

  private endResult(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    // Describe blocks and parents are not tests, unless a parent failed by its own error.
    if (pending.suite) return;
    if (pending.hasChildren && (pending.outcome !== 'fail' || pending.subtestsFailed)) return;
    const result = this.outcomes.add(pending.path.join(SEPARATOR), '', pending.outcome);
    if (pending.duration !== undefined) result.duration = pending.duration;
    if (pending.outcome === 'fail') {
      const message = pending.error.text();
      if (message !== '') result.message = detached(message);
      if (pending.location !== undefined) result.failureLocation = detached(pending.location);
    }
  }
}

/** TAP escapes `#` and `\` in names. */
function unescape(name: string): string {
  return name.includes('\\') ? name.replace(/\\([#\\])/g, '$1') : name;
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1).replaceAll("''", "'");
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) return value.slice(1, -1);
  return value;
}
