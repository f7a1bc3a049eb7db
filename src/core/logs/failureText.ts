// Bounded excerpts of failure output. Logs are untrusted and a failing test may print megabytes: every excerpt has a
// fixed budget, and the lines most useful to a reader (the first ones, and a panic with what follows it) are kept.

/** Upper bound of a failure message, in characters. */
export const MAX_MESSAGE_CHARS = 2000;
/** Upper bound of one line inside a message. */
export const MAX_MESSAGE_LINE_CHARS = 400;
const ELLIPSIS = '…';

export function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, Math.max(0, max - 1)) + ELLIPSIS;
}

/** The first lines of a text, up to a character budget. */
export class TextHead {
  private readonly lines: string[] = [];
  private used = 0;
  private full = false;
  /** Some lines (or the end of one) did not fit. */
  omitted = false;

  constructor(private readonly budget: number = MAX_MESSAGE_CHARS) {}

  get size(): number {
    return this.used;
  }

  /** Whether `line` would be kept whole. */
  fits(line: string): boolean {
    return !this.full && this.used + Math.min(line.length, MAX_MESSAGE_LINE_CHARS) + 1 <= this.budget;
  }

  /** Stops taking lines. */
  close(): void {
    this.full = true;
  }

  /** Returns false when the line did not fit (entirely). */
  add(line: string): boolean {
    if (this.full) {
      this.omitted = true;
      return false;
    }
    const cost = Math.min(line.length, MAX_MESSAGE_LINE_CHARS) + 1;
    if (this.used + cost > this.budget) {
      const room = this.budget - this.used - 1;
      if (room >= 40) {
        this.lines.push(clip(line, room));
        this.used = this.budget;
      }
      this.full = true;
      this.omitted = true;
      return false;
    }
    this.lines.push(clip(line, MAX_MESSAGE_LINE_CHARS));
    this.used += cost;
    return true;
  }

  /** The kept lines, without leading and trailing blank lines. */
  lineList(): string[] {
    return trimBlankLines(this.lines);
  }

  /** The kept lines as they came. */
  rawLines(): readonly string[] {
    return this.lines;
  }

  /** The kept lines without blank ones around, joined, with `…` when some did not fit. */
  text(): string {
    const lines = this.lineList();
    if (this.omitted && lines.length > 0) lines.push(ELLIPSIS);
    return lines.join('\n');
  }
}

function isBlank(line: string | undefined): boolean {
  return line === undefined || line.trim() === '';
}

const HEAD_BEFORE_PANIC = 600;
const LINES_BEFORE_PANIC = 3;
const LINE_BEFORE_PANIC_CHARS = 200;
/** What libtest prints for a `#[should_panic]` test that returned normally. */
const NO_PANIC_NOTE = 'note: test did not panic as expected at ';

/**
 * The output of a failed Rust test: its first printed lines, the last few lines before the panic, then the
 * `panicked at` line and what follows it (the assertion's values, the backtrace's first frames), within
 * {@link MAX_MESSAGE_CHARS}. Also reads the panic's source location, in the current and the pre-1.73 forms.
 */
export class PanicExcerpt {
  private readonly head = new TextHead(HEAD_BEFORE_PANIC);
  private beforePanic: string[] = [];
  private skippedBeforePanic = false;
  private afterPanic: TextHead | undefined;
  /** Lines left in which an old-form panic message (`panicked at 'msg...`) may still close with its location. */
  private oldFormLinesLeft = 0;
  location: string | undefined;

  add(line: string): void {
    if (this.oldFormLinesLeft > 0) {
      this.oldFormLinesLeft--;
      const location = oldFormLocation(line);
      if (location) {
        this.location = location;
        this.oldFormLinesLeft = 0;
      }
    }
    if (this.afterPanic) {
      this.afterPanic.add(line);
      return;
    }
    if (this.location === undefined && line.startsWith(NO_PANIC_NOTE)) {
      const candidate = line.slice(NO_PANIC_NOTE.length).trim();
      if (isSourceLocation(candidate)) this.location = candidate;
    }
    const at = line.indexOf('panicked at ');
    if (at !== -1) {
      const keptBefore = this.beforePanic.reduce((n, l) => n + l.length + 1, 0);
      this.afterPanic = new TextHead(MAX_MESSAGE_CHARS - this.head.size - keptBefore - 2);
      this.afterPanic.add(line);
      this.readLocation(line.slice(at + 12));
      return;
    }
    if (this.head.fits(line)) {
      this.head.add(line);
      return;
    }
    // The head is complete: keep only the last few lines before the panic, which often explain it.
    this.head.close();
    this.beforePanic.push(clip(line, LINE_BEFORE_PANIC_CHARS));
    if (this.beforePanic.length > LINES_BEFORE_PANIC) {
      this.beforePanic.shift();
      this.skippedBeforePanic = true;
    }
  }

  text(): string {
    const lines = [...this.head.rawLines()];
    if (this.skippedBeforePanic) lines.push(ELLIPSIS);
    lines.push(...this.beforePanic);
    if (this.afterPanic) {
      lines.push(...this.afterPanic.rawLines());
      if (this.afterPanic.omitted) lines.push(ELLIPSIS);
    }
    return trimBlankLines(lines).join('\n');
  }

  private readLocation(rest: string): void {
    if (rest.startsWith("'")) {
      // Before Rust 1.73: `panicked at 'message', src/lib.rs:12:5`; the message may span several lines.
      const location = oldFormLocation(rest);
      if (location) this.location = location;
      else this.oldFormLinesLeft = 20;
      return;
    }
    // Since Rust 1.73: `panicked at src/lib.rs:12:5:`, the message on the next lines.
    const candidate = rest.endsWith(':') ? rest.slice(0, -1) : rest;
    if (isSourceLocation(candidate)) this.location = candidate;
  }
}

function oldFormLocation(line: string): string | undefined {
  const quote = line.lastIndexOf("', ");
  if (quote === -1) return undefined;
  const candidate = line.slice(quote + 3).trim();
  return isSourceLocation(candidate) ? candidate : undefined;
}

/** `path:line:column` (or `path:line`) with a non-empty path and no spaces around. */
export function isSourceLocation(text: string): boolean {
  if (text.length === 0 || text.length > 500 || text.includes(' ')) return false;
  const last = text.lastIndexOf(':');
  return last > 0 && isDigits(text.slice(last + 1));
}

function isDigits(text: string): boolean {
  if (text.length === 0 || text.length > 9) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function trimBlankLines(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && isBlank(lines[start])) start++;
  while (end > start && isBlank(lines[end - 1])) end--;
  return lines.slice(start, end);
}
