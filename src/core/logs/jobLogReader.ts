// Reads one GitHub Actions job log, chunk by chunk as it downloads: splits and cleans its lines, notes where each
// step starts, keeps the runner's error annotations, and feeds every line to each test-output parser. Which
// frameworks ran is not configured: a parser that recognised nothing reports nothing (`formats` can force a choice).
// While one parser reads a test's captured output (nextest prints libtest's lines inside it), only that parser sees
// those lines, so that no test is counted twice. Where every parser says which byte strings the lines it could act
// on hold (`OutcomeParser.markers`), the lines holding none of them are counted and skipped, unread.

import type { Framework, TestOutcome } from '../model';
import { DotnetTestParser } from './dotnetTestParser';
import { clip } from './failureText';
import { GoTestJsonParser } from './goTestJsonParser';
import { GoTestParser } from './goTestParser';
import { GotestsumParser } from './gotestsumParser';
import { GradleParser } from './gradleParser';
import { JestParser } from './jestParser';
import { LibtestParser } from './libtestParser';
import { LogLineScanner, maxLineLengthOf, type LogLineKind } from './logLines';
import { MochaParser } from './mochaParser';
import { NextestParser } from './nextestParser';
import { NodeSpecParser } from './nodeSpecParser';
import { detached, type OutcomeParser, type OutcomeParserOptions } from './outcomeParser';
import { PlaywrightParser } from './playwrightParser';
import { PytestParser } from './pytestParser';
import { SurefireParser } from './surefireParser';
import { TapParser } from './tapParser';
import { UnittestParser } from './unittestParser';
import { VitestParser } from './vitestParser';

const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
const MAX_ERRORS = 20;
const MAX_ERROR_CHARS = 500;

export interface JobLogReaderOptions {
  /** Past this many bytes the rest of the log is ignored and the result says `truncated`. Default 256 MiB. */
  readonly maxBytes?: number;
  /** Longer lines are cut (see {@link LineSplitter}). Default 64 KiB. */
  readonly maxLineLength?: number;
  /**
   * Only the parsers of these frameworks run (a user's setting that forces a format). Default: all of them, each
   * finding its own runner's lines. `gotest` covers `go test`, `go test -json` and gotestsum.
   */
  readonly formats?: readonly Framework[];
  /**
   * Read every line, even where the parsers let the reader skip the lines that hold none of their markers (see
   * {@link OutcomeParser.markers}): slower, with the same result. For checks.
   */
  readonly readEveryLine?: boolean;
  /**
   * Stop searching for markers while the search keeps landing on the next line (see {@link SEARCH_WINDOW}): most
   * lines hold a marker, and reading each costs less than finding it. Default true; false searches always (checks).
   */
  readonly adaptiveSkipping?: boolean;
  /**
   * Every line of the log, cleaned as the parsers get it (no timestamp, colours or CR; the runner's commands told
   * apart), in order, to a listener beside the parsers (the sync's failed-step excerpts of a failed job). The reader
   * then reads every line: one pass over the log, where a second reading would split and decode it all again.
   */
  readonly onLine?: (text: string, kind: LogLineKind) => void;
}

type ParserFactory = (options: OutcomeParserOptions) => OutcomeParser;

/**
 * Every parser, by the framework of its outcomes, in the order their outcomes are listed. A runner that prints
 * another's output inside its own (nextest around libtest) comes first, so that it can claim those lines.
 */
const PARSERS: readonly (readonly [Framework, ParserFactory])[] = [
  ['nextest', () => new NextestParser()],
  ['libtest', (o) => new LibtestParser(o)],
  ['gotest', (o) => new GoTestParser(o)],
  ['gotest', (o) => new GoTestJsonParser(o)],
  ['gotest', () => new GotestsumParser()],
  ['pytest', (o) => new PytestParser(o)],
  ['unittest', (o) => new UnittestParser(o)],
  ['jest', (o) => new JestParser(o)],
  ['vitest', () => new VitestParser()],
  ['mocha', (o) => new MochaParser(o)],
  ['node', () => new NodeSpecParser()],
  ['node', () => new TapParser()],
  ['playwright', () => new PlaywrightParser()],
  ['junit', () => new SurefireParser()],
  ['junit', () => new GradleParser()],
  ['dotnet', (o) => new DotnetTestParser(o)],
];

/** The frameworks whose output the reader knows, for a setting that forces one. */
export const LOG_FORMATS: readonly Framework[] = [...new Set(PARSERS.map(([framework]) => framework))];

/**
 * The log formats a user forces (the `flakelens.logFormats` setting, `flakelens parse --log-format`): each value
 * trimmed and lower-cased, `a,b` lists split, duplicates dropped; values that are no format of {@link LOG_FORMATS}
 * are returned apart, for the caller to report. No format means automatic detection.
 */
export function logFormatsOf(values: readonly unknown[]): { formats: Framework[]; unknown: string[] } {
  const formats: Framework[] = [];
  const unknown: string[] = [];
  for (const value of values) {
    if (typeof value !== 'string') continue;
    for (const part of value.split(',')) {
      const name = part.trim().toLowerCase();
      if (name === '') continue;
      const format = LOG_FORMATS.find((f) => f === name);
      if (!format) unknown.push(part.trim());
      else if (!formats.includes(format)) formats.push(format);
    }
  }
  return { formats, unknown };
}

/** A step of the job as its log shows it: `##[group]Run cargo test` → `{ title: 'Run cargo test', line }`. */
export interface JobLogStep {
  readonly title: string;
  /** 1-based line of the log where the step's group starts. */
  readonly line: number;
}

export interface JobLogResult {
  readonly outcomes: TestOutcome[];
  /** Frameworks that reported at least one outcome, in the order of {@link JobLogResult.outcomes}. */
  readonly frameworks: Framework[];
  readonly steps: JobLogStep[];
  /** `##[error]` annotations, failed builds and crashed test binaries, in log order: at most 20, 500 chars each. */
  readonly errors: string[];
  /** Bytes read (at most `maxBytes`); strings count as their UTF-8 length. */
  readonly bytes: number;
  readonly lines: number;
  /** The log was longer than `maxBytes`: outcomes hold what came before the cut. */
  readonly truncated: boolean;
}

export class JobLogReader {
  private readonly maxBytes: number;
  private readonly splitter: LogLineScanner;
  private readonly parsers: readonly OutcomeParser[];
  /** Each parser's `line`, bound once: one call per parser and line is the reader's inner loop. */
  private readonly feeds: readonly ((text: string) => void)[];
  /** Which parsers can capture (have a `capturing` property): only those are asked after each line. */
  private readonly captures: readonly boolean[];
  /** The parser reading a test's captured output, which alone sees the lines until it is done. */
  private capturer: OutcomeParser | undefined;
  private readonly steps: JobLogStep[] = [];
  private readonly errors: string[] = [];
  private bytes = 0;
  private lines = 0;
  private truncated = false;
  private ended = false;
  /** Each parser's markers when {@link search} was made from them. */
  private readonly markerParts: (readonly string[])[] = [];
  /** The search for every current marker (see {@link OutcomeParser.markers}), or undefined: every line matters. */
  private search: MarkerSearch | undefined;
  /** The searches made so far, by the markers of every parser (see {@link markerKey}): states come back. */
  private readonly searches = new Map<string, MarkerSearch | undefined>();
  /** Numbers the texts of whole lines read, for the splitter's per-text state (negative: the splitter's are not). */
  private textIds = 0;
  private readonly maxLineLength: number;
  private readonly readEveryLine: boolean;
  private readonly adaptiveSkipping: boolean;
  private readonly listener: ((text: string, kind: LogLineKind) => void) | undefined;
  private skipped = 0;
  /** In the current window of searches: the lines the search found (read) and those it skipped. */
  private windowFound = 0;
  private windowSkipped = 0;
  /** Lines still to read without searching, after a window in which the search skipped too little. */
  private unsearched = 0;

  constructor(options: JobLogReaderOptions = {}) {
    this.maxBytes = Math.max(0, options.maxBytes ?? DEFAULT_MAX_BYTES);
    this.listener = options.onLine;
    this.readEveryLine = options.readEveryLine === true || this.listener !== undefined;
    this.adaptiveSkipping = options.adaptiveSkipping !== false;
    this.maxLineLength = maxLineLengthOf(options.maxLineLength);
    this.splitter = new LogLineScanner((text, kind) => this.onLine(text, kind), { maxLineLength: options.maxLineLength });
    const onError = (message: string): void => this.addError(message);
    const formats = options.formats && options.formats.length > 0 ? new Set(options.formats) : undefined;
    this.parsers = PARSERS.filter(([framework]) => !formats || formats.has(framework)).map(([, create]) => create({ onError }));
    this.feeds = this.parsers.map((parser) => parser.line.bind(parser));
    this.captures = this.parsers.map((parser) => 'capturing' in parser);
  }

  /** Of the lines so far, those skipped unread because they held no parser's marker. */
  get skippedLines(): number {
    return this.skipped;
  }

  push(chunk: Uint8Array | string): void {
    if (this.truncated || this.ended) return;
    const size = typeof chunk === 'string' ? utf8Length(chunk) : chunk.byteLength;
    const room = this.maxBytes - this.bytes;
    if (size > room) {
      this.truncated = true;
      if (room > 0) this.feed(typeof chunk === 'string' ? utf8Prefix(chunk, room) : chunk.subarray(0, room));
      this.bytes += Math.max(0, room);
      return;
    }
    this.bytes += size;
    this.feed(chunk);
  }

  /**
   * Reads a chunk. The line under way when it came (or its first) is completed by the splitter, which carries a line
   * across chunks; the whole lines after it are decoded at once and read where they lie (see {@link wholeLines}); an
   * unfinished last line goes back to the splitter. A newline byte is never part of a UTF-8 sequence, so decoding at
   * newlines gives what decoding the stream would.
   */
  private feed(chunk: Uint8Array | string): void {
    if (typeof chunk === 'string') {
      const first = chunk.indexOf('\n');
      if (first === -1) {
        this.splitter.push(chunk);
        return;
      }
      this.splitter.push(first + 1 === chunk.length ? chunk : chunk.slice(0, first + 1));
      const last = chunk.lastIndexOf('\n');
      if (last > first) this.wholeLines(chunk, first + 1, last + 1);
      if (last + 1 < chunk.length) this.splitter.push(chunk.slice(last + 1));
      return;
    }
    const n = chunk.byteLength;
    if (n === 0) return;
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, n);
    const first = buf.indexOf(10);
    if (first === -1) {
      this.splitter.push(buf);
      return;
    }
    this.splitter.push(first + 1 === n ? buf : buf.subarray(0, first + 1));
    const last = buf.lastIndexOf(10);
    if (last > first) {
      const text = buf.toString('utf8', first + 1, last + 1);
      this.wholeLines(text, 0, text.length);
    }
    if (last + 1 < n) this.splitter.push(buf.subarray(last + 1));
  }

  /**
   * Reads the whole lines [from, to) of `text` (`to` just after a newline). While no parser needs every line (each
   * gives its markers), only the lines holding a marker are read: the lines between are counted and skipped, found
   * by one search for all the markers (see {@link MarkerSearch}); else the next line is read. The parsers are asked
   * again after each line read. Where the search finds most lines (see {@link endWindow}), it pauses.
   */
  private wholeLines(text: string, from: number, to: number): void {
    const textId = --this.textIds;
    let pos = from;
    while (pos < to) {
      const search = this.unsearched > 0 ? undefined : this.markerSearch();
      if (search) {
        const lineStart = search.lineAt(text, pos, to, textId);
        if (lineStart > pos) {
          const skipped = countNewlines(text, pos, lineStart);
          this.lines += skipped;
          this.skipped += skipped;
          this.windowSkipped += skipped;
          pos = lineStart;
          if (pos >= to) return;
        }
        if (++this.windowFound === SEARCH_WINDOW) this.endWindow();
      } else if (this.unsearched > 0) {
        this.unsearched--;
      }
      const newline = text.indexOf('\n', pos);
      this.wholeLine(text, pos, newline, textId);
      pos = newline + 1;
    }
  }

  /**
   * A window of {@link SEARCH_WINDOW} lines found by the search ends: where it skipped fewer lines than
   * {@link MIN_SKIPPED_PER_FOUND} per line found, the next {@link UNSEARCHED_LINES} lines are read without it.
   */
  private endWindow(): void {
    if (this.adaptiveSkipping && this.windowSkipped < this.windowFound * MIN_SKIPPED_PER_FOUND) this.unsearched = UNSEARCHED_LINES;
    this.windowFound = 0;
    this.windowSkipped = 0;
  }

  /** The line [start, newline) of `text`; a line past the bound goes through the splitter, which cuts it. */
  private wholeLine(text: string, start: number, newline: number, textId: number): void {
    if (newline - start > this.maxLineLength) this.splitter.push(text.slice(start, newline + 1));
    else this.splitter.line(text, start, newline, textId);
  }

  /**
   * The search for the markers of every parser and the reader's own (`##[group]`, `##[error]`), or undefined: every
   * line matters. Parsers give the same frozen array for the same state, so that a state seen before finds its search
   * (and where that search last found a marker) again.
   */
  private markerSearch(): MarkerSearch | undefined {
    if (this.capturer || this.readEveryLine) return undefined;
    const parsers = this.parsers;
    const parts = this.markerParts;
    let same = parts.length === parsers.length;
    for (let i = 0; i < parsers.length; i++) {
      const own = (parsers[i] as OutcomeParser).markers;
      if (!own) {
        // The parts seen so far may have changed, the search not: the next call makes it again.
        parts.length = 0;
        return undefined;
      }
      if (parts[i] !== own) {
        parts[i] = own;
        same = false;
      }
    }
    if (same) return this.search;
    const key = markerKey(parts);
    let search = this.searches.get(key);
    if (search === undefined && !this.searches.has(key)) {
      const all = READER_MARKERS.slice();
      for (const own of parts) for (const marker of own) if (!all.includes(marker)) all.push(marker);
      search = MarkerSearch.of(all);
      // Parsers have a few states each; a bound all the same, should their combinations be many.
      if (this.searches.size >= MAX_SEARCHES) this.searches.clear();
      this.searches.set(key, search);
    }
    this.search = search;
    return search;
  }

  end(): JobLogResult {
    if (!this.ended) {
      this.ended = true;
      // A log cut at the size bound ends inside a line: that half line is dropped rather than misread.
      if (!this.truncated) this.splitter.end();
    }
    const lists = this.parsers.map((parser) => parser.finish()).filter((list) => list.length > 0);
    // One runner's outcomes (the common case) are its parser's list, not a copy: 8 bytes or more per outcome.
    const outcomes: TestOutcome[] = lists.length === 1 ? (lists[0] as TestOutcome[]) : [];
    if (lists.length > 1) {
      // One at a time: spreading a parser's outcomes into push() overflows the stack past ~100,000 of them.
      for (const list of lists) for (const outcome of list) outcomes.push(outcome);
    }
    const frameworks: Framework[] = [];
    for (const outcome of outcomes) if (!frameworks.includes(outcome.framework)) frameworks.push(outcome.framework);
    return {
      outcomes,
      frameworks,
      steps: this.steps.slice(),
      errors: this.errors.slice(),
      bytes: this.bytes,
      lines: this.lines,
      truncated: this.truncated,
    };
  }

  private onLine(text: string, kind: LogLineKind): void {
    this.lines++;
    this.listener?.(text, kind);
    switch (kind) {
      case 'text':
        this.textLine(text);
        break;
      case 'group':
        if (text.startsWith('Run ')) {
          this.steps.push({ title: detached(clip(text, MAX_ERROR_CHARS)), line: this.lines });
          this.capturer = undefined;
          for (const parser of this.parsers) parser.startStep?.();
        }
        break;
      case 'error':
        this.addError(text);
        break;
      default:
        break;
    }
  }

  private textLine(text: string): void {
    const capturer = this.capturer;
    if (capturer) {
      capturer.line(text);
      if (capturer.capturing) return;
      this.capturer = undefined;
    }
    // The line that ended a captured output may be another runner's: the others see it too.
    const { parsers, feeds, captures } = this;
    for (let i = 0; i < feeds.length; i++) {
      const parser = parsers[i] as OutcomeParser;
      if (parser === capturer) continue;
      (feeds[i] as (text: string) => void)(text);
      if (captures[i] && parser.capturing) {
        this.capturer = parser;
        return;
      }
    }
  }

  private addError(message: string): void {
    if (this.errors.length >= MAX_ERRORS) return;
    const text = clip(message.trim(), MAX_ERROR_CHARS);
    if (text !== '' && !this.errors.includes(text)) this.errors.push(detached(text));
  }
}

/**
 * The reader's own markers: the runner's `##[group]` (a step starts, and with it each parser's new step) and
 * `##[error]`, and the same as a step prints them (`::group::`, `::error::`, any case) where the runner left them as
 * they are. One `::` search costs less than one per command: `:` is in every timestamp.
 */
const READER_MARKERS: readonly string[] = ['##[', '::'];

/**
 * The search is judged over windows of this many lines found. Measured on the bench's 200 MB logs (V8 12, each mode
 * against the other in one process): with every parser at once on a typical log, half the lines hold some marker
 * (mocha's idle `  ` alone is in 46% of them) and searching always made reading 1.1 to 2.3x slower than pausing;
 * one parser on a typical log (an eighth of the lines found) reads as fast either way, and on its runner's output
 * alone 1.1x faster with the pause.
 */
const SEARCH_WINDOW = 256;
/** A window whose search skipped fewer lines than this per line found ends the search for a while. */
const MIN_SKIPPED_PER_FOUND = 1;
/** Lines read without searching after such a window, before the search is tried again. */
const UNSEARCHED_LINES = 4096;

/** Marker searches kept by one reader (see `JobLogReader.markerSearch`). */
const MAX_SEARCHES = 256;

/** Numbers each marker array (frozen, see {@link markersOf}) once, for {@link markerKey}. */
const markerIds = new WeakMap<readonly string[], number>();
let nextMarkerId = 0;

/** One key for the marker arrays of every parser, by their identity: `3,7,7,12`. */
function markerKey(parts: readonly (readonly string[])[]): string {
  let key = '';
  for (const part of parts) {
    let id = markerIds.get(part);
    if (id === undefined) {
      id = nextMarkerId++;
      markerIds.set(part, id);
    }
    key += key === '' ? String(id) : `,${id}`;
  }
  return key;
}

/**
 * Finds the next line holding any of a set of markers. Many markers are searched in one pass over the text: one
 * regular expression with the markers as alternatives, which V8 compiles to native code that tries them all at each
 * position (about 1 GB/s here, whatever their number). A few are searched each with its own `indexOf`, faster while
 * they are few (memchr for the first character: 1.5 to 2.5 GB/s for one marker; a marker wider than Latin-1 costs
 * nothing in a Latin-1 text), each marker's next position kept until the reading passes it. Where the search last
 * found a marker is kept per text: a reader whose parsers go back to this set of markers does not search that
 * stretch of the text again.
 */
export class MarkerSearch {
  /** The text of the last search, and the start of the line of its marker (`to`: none before `to`). */
  private textId = 0;
  private hitLine = 0;
  /** For few markers: where each is next found in the text of {@link textId} (-1: not before `to`; -2: unknown). */
  private readonly hits: Int32Array;

  private constructor(
    private readonly markers: readonly string[],
    private readonly pattern: RegExp | undefined,
  ) {
    this.hits = new Int32Array(pattern ? 0 : markers.length);
  }

  /** The search for `markers`, or undefined where a marker is empty or spans lines (every line may matter). */
  static of(markers: readonly string[]): MarkerSearch | undefined {
    if (markers.length === 0 || markers.some((m) => m === '' || m.includes('\n'))) return undefined;
    const pattern = markers.length > MAX_EACH_MARKERS ? new RegExp(markers.map(escapeRegExp).join('|'), 'g') : undefined;
    return new MarkerSearch(markers.slice(), pattern);
  }

  /**
   * The start of the first line in [pos, to) of `text` holding a marker, or `to` where none does; `pos` is a line's
   * start, `to` just after a newline, `textId` names `text` (and `to`) for as long as it is read.
   */
  lineAt(text: string, pos: number, to: number, textId: number): number {
    if (this.textId === textId && this.hitLine >= pos) return this.hitLine;
    if (this.textId !== textId) {
      this.textId = textId;
      this.hits.fill(-2);
    }
    const hit = this.pattern ? this.lastOfFirst(text, pos, to, this.pattern) : this.firstOfEach(text, pos, to);
    // A marker holds no newline: the line of any of its characters is its line.
    const line = hit === -1 ? to : Math.max(pos, text.lastIndexOf('\n', hit) + 1);
    this.hitLine = line;
    return line;
  }

  /** The position of the last character of the first marker in [pos, to), or -1: one pass for all the markers. */
  private lastOfFirst(text: string, pos: number, to: number, pattern: RegExp): number {
    pattern.lastIndex = pos;
    // `test` makes no match array.
    if (!pattern.test(text)) return -1;
    const end = pattern.lastIndex;
    return end <= to ? end - 1 : -1;
  }

  /** The position of the first marker in [pos, to), or -1: each marker searched on its own. */
  private firstOfEach(text: string, pos: number, to: number): number {
    const { markers, hits } = this;
    let first = -1;
    for (let i = 0; i < markers.length; i++) {
      let at = hits[i] as number;
      if (at === -2 || (at !== -1 && at < pos)) {
        at = text.indexOf(markers[i] as string, pos);
        if (at >= to) at = -1;
        hits[i] = at;
      }
      if (at !== -1 && (first === -1 || at < first)) first = at;
    }
    return first;
  }
}

/**
 * Up to this many markers, each is searched with its own `indexOf`; past it, all in one regular expression. Measured
 * on the bench's logs (V8 12, CPU time): for the 3 to 6 markers of parsers waiting for their runner (with the
 * reader's two), each marker on its own is 1.2 to 2x as fast; for 8 to 15, one pass is as fast or faster, up to
 * 1.5x on dense runner output, and the only way for every parser's markers at once (about 70).
 */
const MAX_EACH_MARKERS = 6;

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/** How many newlines [from, to) of `text` holds. */
function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf('\n', from); at !== -1 && at < to; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/** Reads a whole job log at once. */
export function parseJobLog(text: string | Uint8Array, options?: JobLogReaderOptions): JobLogResult {
  const reader = new JobLogReader(options);
  reader.push(text);
  return reader.end();
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** The longest prefix of `text` whose UTF-8 form fits in `maxBytes`. */
function utf8Prefix(text: string, maxBytes: number): string {
  let bytes = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    let width = 1;
    let units = 1;
    if (c >= 0x80 && c < 0x800) width = 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        width = 4;
        units = 2;
      } else width = 3;
    } else if (c >= 0x80) width = 3;
    if (bytes + width > maxBytes) break;
    bytes += width;
    i += units;
  }
  return text.slice(0, i);
}
