// Reads pytest's terminal output, one session at a time (`=== test session starts ===` to the final counts line):
// verbose results (`tests/test_x.py::TestC::test_y[1] PASSED [ 10%]`), pytest-xdist's (`[gw3] [ 50%] PASSED
// tests/...`), the short summary (`-rA`: `FAILED tests/...::name - message`), the dots of the default mode
// (`tests/test_x.py ..F`), pytest-rerunfailures' `RERUN` (a rerun that passed is one flaky outcome), and the
// FAILURES/ERRORS sections, whose `E   ...` lines become the messages. A module that fails to import is an error,
// not a test.

import type { Outcome, TestOutcome } from '../model';
import { MAX_MESSAGE_CHARS, TextHead, clip, isSourceLocation } from './failureText';
import { detached, markersOf, type OutcomeParser, type OutcomeParserOptions } from './outcomeParser';
import { RunOutcomes, type PendingOutcome } from './runOutcomes';

const MAX_ERROR_CHARS = 500;
/** Failure sections kept per session; their messages are matched to tests at the session's end. */
const MAX_SECTIONS = 1000;
const STATUSES = ['PASSED', 'FAILED', 'ERROR', 'SKIPPED', 'XFAIL', 'XPASS', 'RERUN'] as const;
type Status = (typeof STATUSES)[number];

/** The progress at the end of a verbose line (` [ 10%]`), as the bracket alone: see {@link withoutPercent}. */
const PERCENT_BRACKET = /^\[\s*\d{1,3}%\]$/;
const PROGRESS = /^(\S+\.py) ([.FsxXER]+)(?:\s+\[\s*\d{1,3}%\])?/;
const PROGRESS_CONTINUED = /^([.FsxXER]+)\s+\[\s*\d{1,3}%\]$/;

type Phase = 'results' | 'failures' | 'summary' | 'other';

/** Outside a session, and in its other sections, only banners (`=== ... ===`) matter. */
const BANNER_MARKERS = markersOf('==');
/** Among the results: banners, verbose (`::`) and xdist (`[gw`) results, progress lines (`x.py ..F`, `.. [ 50%]`). */
const RESULT_MARKERS = markersOf('==', '::', '[gw', '.py ', '%]');

/** One `____ title ____` entry of the FAILURES or ERRORS section. */
interface FailureSection {
  readonly title: string;
  /** `E   ...` lines, the assertion and its explanation. */
  readonly explanation: TextHead;
  /** The first lines, for sections without `E` lines. */
  readonly head: TextHead;
  location: string | undefined;
}

export class PytestParser implements OutcomeParser {
  private readonly outcomes = new RunOutcomes('pytest');
  private readonly onError: ((message: string) => void) | undefined;
  private inSession = false;
  private phase: Phase = 'results';
  private sections: FailureSection[] = [];
  private section: FailureSection | undefined;
  /** Tests that pytest-rerunfailures reran in this session. */
  private rerun = new Set<string>();
  /** Default mode: per file, whether its dots showed a failure or an error. */
  private files = new Map<string, boolean>();
  private progressFile: string | undefined;
  /** Files with tests named in this session. */
  private namedFiles = new Set<string>();
  /** Files whose collection failed, with what failed, told at the session's end. */
  private collectionErrors = new Map<string, string | undefined>();

  constructor(options: OutcomeParserOptions = {}) {
    this.onError = options.onError;
  }

  /** In the FAILURES/ERRORS sections and the short summary, every line matters. */
  get markers(): readonly string[] | undefined {
    if (!this.inSession || this.phase === 'other') return BANNER_MARKERS;
    return this.phase === 'results' ? RESULT_MARKERS : undefined;
  }

  line(text: string): void {
    const c = text.charCodeAt(0);
    if (c === 61 /* = */) {
      if (text.startsWith('==') && text.endsWith('=')) this.banner(text);
      return;
    }
    if (!this.inSession) return;
    if (this.phase === 'failures') {
      this.failureLine(text, c);
      return;
    }
    if (this.phase === 'summary') {
      if (c >= 65 && c <= 90 /* A-Z */) this.summaryLine(text);
      return;
    }
    if (this.phase !== 'results') return;
    if (c === 91 /* [ */) {
      if (text.startsWith('[gw')) this.xdistLine(text);
    } else if (c !== 32 && c !== 9 && text !== '') {
      if (text.includes('::')) this.verboseLine(text);
      else this.progressLine(text);
    }
  }

  startStep(): void {
    this.endSession();
  }

  finish(): TestOutcome[] {
    this.endSession();
    return this.outcomes.list();
  }

  /** `=== test session starts ===`, `=== FAILURES ===`, ..., `=== 1 failed, 2 passed in 0.12s ===`. */
  private banner(text: string): void {
    const title = withoutTrailingRule(text.replace(/^=+ ?/, ''));
    if (title === 'test session starts') {
      this.endSession();
      this.inSession = true;
      this.phase = 'results';
      return;
    }
    if (!this.inSession) return;
    this.section = undefined;
    if (title === 'FAILURES' || title === 'ERRORS') this.phase = 'failures';
    else if (title === 'short test summary info') this.phase = 'summary';
    else if (/ in [\d.]+s\b/.test(title) && /\b(?:passed|failed|errors?|skipped|xfailed|xpassed|deselected|no tests ran|rerun)\b/.test(title)) {
      this.endSession();
    } else this.phase = 'other';
  }

  /** `tests/test_x.py::test_y PASSED [ 10%]`, `... SKIPPED (reason) [ 20%]`. */
  private verboseLine(text: string): void {
    const line = withoutPercent(text);
    let best = -1;
    let status: Status | undefined;
    for (const candidate of STATUSES) {
      const at = line.lastIndexOf(` ${candidate}`);
      if (at <= best) continue;
      const end = at + candidate.length + 1;
      if (end === line.length || line.startsWith(' (', end)) {
        best = at;
        status = candidate;
      }
    }
    if (!status || best <= 0) return;
    const id = line.slice(0, best);
    if (!id.includes('::') || id.includes(' ::')) return;
    this.result(id, status);
  }

  /** `[gw3] [ 50%] PASSED tests/test_x.py::test_y`. */
  private xdistLine(text: string): void {
    // On the line without its trailing whitespace: a lazy name before `\s*$` tried each of its characters against a
    // long run of tabs (quadratic: 1.4 s for 32 KiB).
    const match = /^\[gw\d+\] \[\s*\d{1,3}%\] ([A-Z]+) (.+)$/.exec(text.trimEnd());
    if (!match?.[1] || !match[2]) return;
    const status = STATUSES.find((s) => s === match[1]);
    if (status && match[2].includes('::')) this.result(match[2], status);
  }

  /** `tests/test_x.py ..F.s [ 40%]` and its continuation lines (default mode). */
  private progressLine(text: string): void {
    const match = PROGRESS.exec(text);
    if (match?.[1] && match[2]) {
      this.progressFile = match[1];
      this.progress(match[1], match[2]);
      return;
    }
    const continued = this.progressFile === undefined ? null : PROGRESS_CONTINUED.exec(text);
    if (continued?.[1] && this.progressFile !== undefined) this.progress(this.progressFile, continued[1]);
  }

  private progress(file: string, marks: string): void {
    const failed = marks.includes('F') || marks.includes('E');
    this.files.set(file, (this.files.get(file) ?? false) || failed);
  }

  /** `FAILED tests/...::name - message`, `PASSED tests/...::name`, `ERROR tests/test_broken.py` (collection). */
  private summaryLine(text: string): void {
    const space = text.indexOf(' ');
    if (space === -1) return;
    const status = STATUSES.find((s) => s === text.slice(0, space));
    if (!status) return;
    let rest = text.slice(space + 1);
    const dash = rest.indexOf(' - ');
    const reason = dash === -1 ? undefined : rest.slice(dash + 3);
    if (dash !== -1) rest = rest.slice(0, dash);
    if (status === 'ERROR' && !rest.includes('::')) {
      this.collectionError(rest.trim(), reason);
      return;
    }
    if (status === 'XPASS' && !rest.includes(' - ')) {
      // `XPASS tests/x.py::test_y reason` (pytest 7) has no dash before its reason.
      const nodeEnd = rest.indexOf(' ', rest.lastIndexOf('::'));
      if (nodeEnd !== -1) rest = rest.slice(0, nodeEnd);
    }
    const id = rest.trim();
    if (!id.includes('::')) return; // `SKIPPED [1] tests/x.py:14: reason` names no test
    const known = this.outcomes.find(id, suiteOf(id));
    if (known) {
      if (known.message === undefined && reason !== undefined && (known.outcome === 'fail' || known.outcome === 'flaky')) known.message = detached(reason);
      return;
    }
    const result = this.result(id, status);
    if (result && reason !== undefined && result.outcome === 'fail') result.message = detached(reason);
  }

  private result(id: string, status: Status): PendingOutcome | undefined {
    const suite = suiteOf(id);
    this.namedFiles.add(suite);
    if (status === 'RERUN') {
      this.rerun.add(id);
      return this.outcomes.attempt(id, suite, 'fail');
    }
    const outcome = statusOutcome(status);
    if (this.rerun.has(id) && (outcome === 'pass' || outcome === 'fail')) return this.outcomes.attempt(id, suite, outcome);
    const known = this.outcomes.find(id, suite);
    if (known && status === 'ERROR') {
      // A teardown error after the test passed: the execution failed.
      if (known.outcome === 'pass') known.outcome = 'fail';
      return known;
    }
    if (known && known.outcome === outcome) return known;
    return this.outcomes.add(id, suite, outcome);
  }

  private failureLine(text: string, c: number): void {
    if (c === 95 /* _ */ && text.startsWith('___') && text.endsWith('___')) {
      const title = text.replace(/^_+ /, '').replace(/ _+$/, '');
      if (title.startsWith('_')) return;
      this.section = undefined;
      if (this.sections.length >= MAX_SECTIONS) return;
      this.section = { title, explanation: new TextHead(MAX_MESSAGE_CHARS), head: new TextHead(600), location: undefined };
      this.sections.push(this.section);
      return;
    }
    const section = this.section;
    if (!section) return;
    if (c === 69 /* E */ && (text.length === 1 || text.charCodeAt(1) === 32)) {
      section.explanation.add(text.slice(1));
      return;
    }
    if (c === 91 /* [ */ && text.startsWith('[gw')) return; // `[gw1] linux -- Python 3.11.2 /usr/bin/python3`
    section.head.add(text);
    const location = sectionLocation(text);
    if (location !== undefined) section.location = location;
  }

  private collectionError(file: string, detail: string | undefined): void {
    if (this.collectionErrors.get(file) === undefined) this.collectionErrors.set(file, detail);
  }

  private endSession(): void {
    if (this.inSession) {
      this.attachSections();
      this.fileResults();
      for (const [file, detail] of this.collectionErrors) {
        this.onError?.(detached(clip(`pytest: error collecting ${file}${detail ? `: ${detail}` : ''}`, MAX_ERROR_CHARS)));
      }
    }
    this.inSession = false;
    this.phase = 'results';
    this.sections = [];
    this.section = undefined;
    this.rerun = new Set();
    this.files = new Map();
    this.namedFiles = new Set();
    this.progressFile = undefined;
    this.collectionErrors = new Map();
    this.outcomes.forgetRetries();
  }

  /** Matches `TestC.test_y[1]` (a section title) to the failed test `tests/x.py::TestC::test_y[1]`. */
  private attachSections(): void {
    const failed: PendingOutcome[] = [];
    for (let i = this.outcomesInSession; i < this.outcomes.size; i++) {
      const o = this.outcomes.at(i);
      if (o && (o.outcome === 'fail' || o.outcome === 'flaky')) failed.push(o);
    }
    for (const section of this.sections) {
      const explanation = dedentLines(section.explanation.lineList());
      const message = explanation.length > 0 ? explanation.join('\n') + (section.explanation.omitted ? '\n…' : '') : section.head.text();
      if (section.title.startsWith('ERROR collecting ')) {
        this.collectionError(section.title.slice(17), explanation.find((l) => l.trim() !== '')?.trim());
        continue;
      }
      const of = section.title.indexOf(' of ');
      const name = section.title.startsWith('ERROR at ') && of !== -1 ? section.title.slice(of + 4) : section.title;
      const suffix = `::${dotsToColons(name)}`;
      const target = failed.find((o) => o.id.endsWith(suffix) || o.id === name);
      if (!target) continue;
      if (target.message === undefined || !target.message.includes('\n')) target.message = detached(message);
      if (target.failureLocation === undefined && section.location !== undefined) target.failureLocation = detached(section.location);
    }
    this.outcomesInSession = this.outcomes.size;
  }

  /** First outcome of the current session (sections only match tests of their own session). */
  private outcomesInSession = 0;

  /** Default mode: a file whose dots show no failure, and whose tests were not named, passed as a whole. */
  private fileResults(): void {
    for (const [file, failed] of this.files) {
      if (failed || this.namedFiles.has(file)) continue;
      this.outcomes.add('', file, 'pass').packageResult = true;
    }
    this.outcomesInSession = this.outcomes.size;
  }
}

function statusOutcome(status: Exclude<Status, 'RERUN'>): Outcome {
  switch (status) {
    case 'PASSED':
    case 'XPASS':
      return 'pass';
    case 'FAILED':
    case 'ERROR':
      return 'fail';
    default:
      return 'skip'; // SKIPPED, and XFAIL: an expected failure says nothing about flakiness
  }
}

/** The file of a node id: `tests/test_x.py::TestC::test_y` → `tests/test_x.py`. */
function suiteOf(id: string): string {
  const at = id.indexOf('::');
  return at === -1 ? id : id.slice(0, at);
}

/** `TestC.test_y[a.b]` → `TestC::test_y[a.b]`: dots outside the parameter brackets separate classes. */
function dotsToColons(title: string): string {
  const bracket = title.indexOf('[');
  const head = bracket === -1 ? title : title.slice(0, bracket);
  const tail = bracket === -1 ? '' : title.slice(bracket);
  return head.replaceAll('.', '::') + tail;
}

/** `tests/test_x.py:12: AssertionError` → `tests/test_x.py:12`. */
function sectionLocation(line: string): string | undefined {
  const at = line.indexOf('.py:');
  if (at === -1 || line.charCodeAt(0) === 32) return undefined;
  const colon = line.indexOf(':', at + 4);
  const candidate = colon === -1 ? line : line.slice(0, colon);
  return isSourceLocation(candidate) ? candidate : undefined;
}

/** Removes the indentation the `E` lines share. */
function dedentLines(lines: readonly string[]): string[] {
  let common = Infinity;
  for (const line of lines) {
    if (line.trim() === '') continue;
    let i = 0;
    while (i < line.length && line.charCodeAt(i) === 32) i++;
    common = Math.min(common, i);
  }
  if (!Number.isFinite(common) || common === 0) return lines.slice();
  return lines.map((line) => line.slice(Math.min(common, line.length - line.trimStart().length)));
}

/**
 * `text` without the progress that ends a verbose line (whitespace, then `[ 10%]`). Found from the last `[`: a regular
 * expression starting with `\s+` tried every position of a long run of whitespace, each to its end (a 64 KiB line of
 * tabs: 3.7 s).
 */
export function withoutPercent(text: string): string {
  const open = text.lastIndexOf('[');
  if (open <= 0 || !/\s/.test(text.charAt(open - 1)) || !PERCENT_BRACKET.test(text.slice(open))) return text;
  return text.slice(0, open).trimEnd();
}

/** `title ===` without its `=` run and the space before it (as `/ ?=+$/`, which was quadratic on a run of `=`). */
export function withoutTrailingRule(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61 /* = */) end--;
  if (end === text.length) return text;
  if (end > 0 && text.charCodeAt(end - 1) === 32) end--;
  return text.slice(0, end);
}
