// Turns a GitHub Actions job log, as raw chunks of bytes, into clean lines: split in streaming fashion (bounded
// memory, linear time, any chunk size), then stripped of the runner's timestamps and terminal colours, with the
// runner's own `##[...]` commands recognised.

const DEFAULT_MAX_LINE_LENGTH = 64 * 1024;
const BOM = 0xfeff;
const CR = '\r';

export interface LineSplitterOptions {
  /** Longer lines are cut to this many UTF-16 code units; the rest of such a line is skipped. Default 64 KiB. */
  readonly maxLineLength?: number;
}

/**
 * Splits a stream of chunks into lines. Accepts `\n` and `\r\n` endings (a `\r\n` may be split across chunks),
 * decodes UTF-8 (invalid bytes become U+FFFD, nothing throws), drops a leading BOM, and bounds each line so that
 * a log with one endless line cannot exhaust memory. Each character is looked at a constant number of times.
 */
export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  private readonly maxLineLength: number;
  /** Pieces of the line being assembled; joined once, when its newline comes. */
  private pieces: string[] = [];
  private piecesLength = 0;
  /** The current line reached the bound: what is left of it is skipped up to its newline. */
  private skipping = false;
  private atStart = true;
  private decoderUsed = false;
  private textId = 0;

  /**
   * `onRange`, when given, takes the common case instead of `onLine`: a whole line inside one chunk of text, as
   * `text.slice(start, end)` would give it before its `\r` is dropped, without that slice being made. `textId`
   * tells the chunks of text apart (a new number for each).
   */
  constructor(
    private readonly onLine: (line: string) => void,
    options: LineSplitterOptions = {},
    private readonly onRange?: (text: string, start: number, end: number, textId: number) => void,
  ) {
    this.maxLineLength = maxLineLengthOf(options.maxLineLength);
  }

  /** Characters held for the unfinished line (never more than `maxLineLength`). */
  get bufferedLength(): number {
    return this.piecesLength;
  }

  push(chunk: Uint8Array | string): void {
    if (typeof chunk === 'string') {
      if (this.decoderUsed) {
        // Bytes of a character cut by the previous chunk cannot continue into a string: flush them as U+FFFD.
        this.decoderUsed = false;
        this.take(this.decoder.decode());
      }
      this.take(chunk);
    } else {
      this.decoderUsed = true;
      this.take(this.decoder.decode(chunk, { stream: true }));
    }
  }

  /** Flushes the last line, even without a final newline. */
  end(): void {
    if (this.decoderUsed) {
      this.decoderUsed = false;
      this.take(this.decoder.decode());
    }
    if (this.piecesLength > 0 || this.skipping) this.emit();
    this.atStart = true;
  }

  private take(text: string): void {
    if (text.length === 0) return;
    this.textId++;
    if (this.atStart) {
      this.atStart = false;
      if (text.charCodeAt(0) === BOM) text = text.slice(1);
    }
    let pos = 0;
    for (;;) {
      const newline = text.indexOf('\n', pos);
      if (newline === -1) {
        this.keep(text, pos, text.length);
        return;
      }
      if (this.piecesLength === 0 && !this.skipping && newline - pos <= this.maxLineLength) {
        // The common case: a whole line inside one chunk, no copy beyond the slice.
        if (this.onRange) this.onRange(text, pos, newline, this.textId);
        else this.onLine(stripCr(text.slice(pos, newline)));
      } else {
        this.keep(text, pos, newline);
        this.emit();
      }
      pos = newline + 1;
    }
  }

  private keep(text: string, start: number, end: number): void {
    if (this.skipping || start >= end) return;
    const room = this.maxLineLength - this.piecesLength;
    if (end - start > room) {
      end = start + room;
      this.skipping = true;
    }
    if (end > start) {
      this.pieces.push(text.slice(start, end));
      this.piecesLength += end - start;
    }
  }

  private emit(): void {
    const line = this.pieces.length === 1 ? (this.pieces[0] ?? '') : this.pieces.join('');
    this.pieces = [];
    this.piecesLength = 0;
    this.skipping = false;
    this.onLine(stripCr(line));
  }
}

/** The line bound that {@link LineSplitterOptions.maxLineLength} asks for. */
export function maxLineLengthOf(option: number | undefined): number {
  return Math.max(1, Math.floor(option ?? DEFAULT_MAX_LINE_LENGTH));
}

function stripCr(line: string): string {
  return line.endsWith(CR) ? line.slice(0, -1) : line;
}

/** What a line of a job log is, as GitHub's runner marks it. */
export type LogLineKind = 'text' | 'group' | 'endgroup' | 'error' | 'warning' | 'notice' | 'debug' | 'command';

/** A job log line without timestamp or colours; `text` is the message of a runner command (the title of a group). */
export interface LogLine {
  readonly text: string;
  readonly kind: LogLineKind;
}

const RUNNER_KINDS: ReadonlyMap<string, LogLineKind> = new Map<string, LogLineKind>([
  ['group', 'group'],
  ['endgroup', 'endgroup'],
  ['error', 'error'],
  ['warning', 'warning'],
  ['notice', 'notice'],
  ['debug', 'debug'],
  ['command', 'command'],
]);


// CSI (`ESC [ params intermediates final`, colours among them), OSC (`ESC ] ... BEL|ST`, unterminated up to the
// next ESC), other escapes (`ESC ( B` as libtest's terminfo emits, `ESC =`), or a lone ESC. The character classes
// of each alternative are disjoint, so matching is linear.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ANSI = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[ -/]*[0-~])?/g;

/** Removes terminal escape sequences (colours, cursor movement, titles). */
export function stripAnsi(text: string): string {
  return text.indexOf('\x1b') === -1 ? text : text.replace(ANSI, '');
}

// `2024-05-01T10:11:12.1234567Z `: every line of a downloaded job log starts so. Anchored, bounded quantifiers
// only; irregexp runs this faster than a hand-written character loop.
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?Z ?/;

/** Removes the runner's ISO timestamp prefix, keeping the indentation that follows it. */
export function stripTimestamp(text: string): string {
  const c = text.charCodeAt(0);
  if (c < 48 || c > 57 || text.length < 20) return text;
  if (!TIMESTAMP.test(text)) return text;
  // `test` allocates no match array; the timestamp ends at its `Z` (and the one space after it).
  const z = text.indexOf('Z', 19);
  return text.slice(text.charCodeAt(z + 1) === 32 ? z + 2 : z + 1);
}

/** Cleans one raw job log line and tells what the runner meant by it. */
export function normalizeLogLine(raw: string): LogLine {
  let text = raw;
  if (text.charCodeAt(0) === BOM) text = text.slice(1);
  text = stripCr(text);
  text = stripTimestamp(text);
  return commandOf(stripAnsi(text));
}

/** A line without timestamp or colours, as the runner means it: a `##[...]` or `::...::` command, or text. */
function commandOf(text: string): LogLine {
  const c = text.charCodeAt(0);
  if (c === 35 /* # */ && text.startsWith('##[')) return runnerCommand(text);
  if (c === 58 /* : */ && text.startsWith('::')) return workflowCommand(text);
  if (c === 91 /* [ */ && text.startsWith('[command]')) return { text: text.slice(9), kind: 'command' };
  return { text, kind: 'text' };
}

/** `##[error]message`, as the runner writes annotations and groups into the log. */
function runnerCommand(text: string): LogLine {
  const close = text.indexOf(']', 3);
  if (close === -1 || close > 16) return { text, kind: 'text' };
  const kind = RUNNER_KINDS.get(text.slice(3, close).toLowerCase());
  return kind ? { text: text.slice(close + 1), kind } : { text, kind: 'text' };
}

/** `::error file=a.rs,line=3::message`, the form a step prints to stdout (seen raw when commands were stopped). */
function workflowCommand(text: string): LogLine {
  const close = text.indexOf('::', 2);
  if (close === -1) return { text, kind: 'text' };
  const head = text.slice(2, close);
  const space = head.indexOf(' ');
  const name = (space === -1 ? head : head.slice(0, space)).toLowerCase();
  const kind = name === 'command' ? undefined : RUNNER_KINDS.get(name);
  return kind ? { text: text.slice(close + 2), kind } : { text, kind: 'text' };
}

/**
 * Splits and cleans a job log in one pass: {@link LineSplitter}'s lines given to {@link normalizeLogLine}, with the
 * same results, but a line inside one chunk is read where it lies in the chunk's text (its timestamp, colours and
 * runner command found by position), so that a plain line costs one slice and nothing else.
 */
export class LogLineScanner {
  private readonly splitter: LineSplitter;
  /** ESC (colours, titles) in the lines read. */
  private readonly escapes = new NextFound(['\x1b']);
  /**
   * A CR, U+2028 or U+2029 inside the lines read (see {@link withoutBreaks}): each character sought on its own,
   * `indexOf` running at 10 to 15 GB/s where one character class in a regular expression ran at 1.5 (V8 12).
   */
  private readonly breaks = new NextFound(['\r', '\u2028', '\u2029']);

  constructor(
    private readonly onLine: (text: string, kind: LogLineKind) => void,
    options: LineSplitterOptions = {},
  ) {
    this.splitter = new LineSplitter(
      (raw) => {
        const line = normalizeLogLine(raw);
        this.onLine(withoutBreaks(line.text), line.kind);
      },
      options,
      (text, start, end, textId) => this.range(text, start, end, textId),
    );
  }

  get bufferedLength(): number {
    return this.splitter.bufferedLength;
  }

  push(chunk: Uint8Array | string): void {
    this.splitter.push(chunk);
  }

  end(): void {
    this.splitter.end();
  }

  /**
   * A whole line [start, end) of `text`, not longer than the line bound, read where it lies: what {@link push} of
   * it would give, while no line is under way. `textId` tells texts apart; negative, the splitter's are positive.
   */
  line(text: string, start: number, end: number, textId: number): void {
    this.range(text, start, end, textId);
  }

  /** {@link normalizeLogLine} of `stripCr(text.slice(start, end))`, by position. */
  private range(text: string, start: number, end: number, textId: number): void {
    let a = start;
    let b = end;
    if (b > a && text.charCodeAt(b - 1) === 13) b--;
    if (a < b && text.charCodeAt(a) === BOM) a++;
    if (b > a && text.charCodeAt(b - 1) === 13) b--;
    // Checked character by character: `startsWith` of the last timestamp's date and time, which most lines repeat,
    // took 1.7x as long (V8 12).
    a = timestampEnd(text, a, b);
    if (this.breaks.within(text, a, b, textId)) {
      // Rare: the slow path, the same reading (the splitter drops the CR of a CRLF before normalizing).
      const line = normalizeLogLine(text.slice(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end));
      this.onLine(withoutBreaks(line.text), line.kind);
      return;
    }
    if (this.escapes.within(text, a, b, textId)) {
      const line = commandOf(stripAnsi(text.slice(a, b)));
      this.onLine(line.text, line.kind);
      return;
    }
    if (a === b) {
      this.onLine('', 'text');
      return;
    }
    const c = text.charCodeAt(a);
    if ((c === 35 /* # */ && text.startsWith('##[', a)) || (c === 58 /* : */ && text.charCodeAt(a + 1) === 58 && a + 1 < b) || (c === 91 /* [ */ && b - a >= 9 && text.startsWith('[command]', a))) {
      const line = commandOf(text.slice(a, b));
      this.onLine(line.text, line.kind);
      return;
    }
    this.onLine(text.slice(a, b), 'text');
  }
}

/**
 * Where each of a few strings sought is next in a text: searched once per text and occurrence, each place kept while
 * the reading passes lines (so that a string found often costs no search past its next place).
 */
class NextFound {
  /** The text searched last. */
  private textId = 0;
  /** Per string sought, its next place at or after the line being read in that text: -1 none, -2 not searched. */
  private readonly next: Int32Array;

  constructor(private readonly sought: readonly string[]) {
    this.next = new Int32Array(sought.length);
  }

  /** Whether [a, b) of the text numbered `textId` holds any string sought. */
  within(text: string, a: number, b: number, textId: number): boolean {
    const next = this.next;
    if (this.textId !== textId) {
      this.textId = textId;
      next.fill(-2);
    }
    let found = false;
    for (let i = 0; i < next.length; i++) {
      let at = next[i] as number;
      if (at === -2 || (at !== -1 && at < a)) {
        at = text.indexOf(this.sought[i] as string, a);
        next[i] = at;
      }
      if (at !== -1 && at < b) found = true;
    }
    return found;
  }
}

/**
 * Where the text of the line [a, b) of `text` starts after the runner's timestamp (see {@link stripTimestamp}):
 * `2024-05-01T10:11:12.1234567Z ` with 1 to 9 fraction digits or none, and the one space after it.
 */
function timestampEnd(text: string, a: number, b: number): number {
  if (b - a < 20) return a;
  if (
    !isDigit(text.charCodeAt(a)) ||
    !isDigit(text.charCodeAt(a + 1)) ||
    !isDigit(text.charCodeAt(a + 2)) ||
    !isDigit(text.charCodeAt(a + 3)) ||
    text.charCodeAt(a + 4) !== 45 ||
    !isDigit(text.charCodeAt(a + 5)) ||
    !isDigit(text.charCodeAt(a + 6)) ||
    text.charCodeAt(a + 7) !== 45 ||
    !isDigit(text.charCodeAt(a + 8)) ||
    !isDigit(text.charCodeAt(a + 9)) ||
    text.charCodeAt(a + 10) !== 84 /* T */ ||
    !isDigit(text.charCodeAt(a + 11)) ||
    !isDigit(text.charCodeAt(a + 12)) ||
    text.charCodeAt(a + 13) !== 58 ||
    !isDigit(text.charCodeAt(a + 14)) ||
    !isDigit(text.charCodeAt(a + 15)) ||
    text.charCodeAt(a + 16) !== 58 ||
    !isDigit(text.charCodeAt(a + 17)) ||
    !isDigit(text.charCodeAt(a + 18))
  ) {
    return a;
  }
  return fractionEnd(text, a, b);
}

/** {@link timestampEnd} past the date and time (19 characters): the fraction, the `Z` and the space. */
function fractionEnd(text: string, a: number, b: number): number {
  let z = a + 19;
  if (text.charCodeAt(z) === 46 /* . */) {
    let digits = 0;
    z++;
    while (z < b && isDigit(text.charCodeAt(z))) {
      z++;
      digits++;
    }
    if (digits < 1 || digits > 9) return a;
  }
  if (z >= b || text.charCodeAt(z) !== 90 /* Z */) return a;
  return z + 1 < b && text.charCodeAt(z + 1) === 32 ? z + 2 : z + 1;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A CR, U+2028 or U+2029: a line break to JavaScript's regular expressions (`.` stops there, `$` fails). */
const BREAKS = /[\r\u2028\u2029]/g;

/**
 * The line with the CRs, U+2028 and U+2029 inside it as spaces. A parser's `(.+)$` fails at such a character and
 * tries again from each earlier position: a long line ending in one took seconds (quadratic). A terminal shows a CR
 * inside a line as a return to its start; nothing a parser reads depends on it.
 */
function withoutBreaks(text: string): string {
  BREAKS.lastIndex = 0;
  return BREAKS.test(text) ? text.replace(BREAKS, ' ') : text;
}
