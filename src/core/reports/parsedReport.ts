// What a report file (JUnit XML, TRX) yields, and the bounded failure text taken from it. Shared by the report
// readers and by whoever collects their results (artifact reading, `flakelens parse`).

import type { Framework, TestOutcome } from '../model';
import { MAX_MESSAGE_CHARS, TextHead } from '../logs/failureText';
import { detached } from '../logs/outcomeParser';

export type ReportFormat = 'junit' | 'trx';

/**
 * The tool that wrote a report, as far as its content tells (see junitDialects.ts for the signs):
 * - `jvm`: Maven Surefire/Failsafe, Gradle, TestNG, Ant and other Java-style writers;
 * - `pytest`, `unittest` (unittest-xml-reporting), `jest` (jest-junit), `vitest`, `mocha` (mocha-junit-reporter),
 *   `playwright`, `go` (gotestsum, go-junit-report), `nextest`, `phpunit`;
 * - `generic`: anything else in the JUnit shape (C++ gtest, Swift, karma, nette/tester...), read the JVM way;
 * - `trx`: Visual Studio / `dotnet test --logger trx`.
 */
export type ReportDialect = 'jvm' | 'pytest' | 'unittest' | 'jest' | 'vitest' | 'mocha' | 'playwright' | 'go' | 'nextest' | 'phpunit' | 'generic' | 'trx';

export interface ParsedReport {
  readonly format: ReportFormat;
  readonly dialect: ReportDialect;
  /** The framework of the outcomes (every outcome of one report has the same). */
  readonly framework: Framework;
  /** One per test case in document order, except retries merged as the dialect defines (junitDialects.ts). */
  readonly outcomes: TestOutcome[];
  /** Problems met, one sentence each. Outcomes read before a problem are kept. */
  readonly errors: string[];
  /** False when the document ended early or reading stopped: `outcomes` hold what came before. */
  readonly complete: boolean;
}

/** A streaming reader of one report document. */
export interface ReportReader {
  push(chunk: Uint8Array | string): void;
  end(): ParsedReport;
}

export interface ReportReaderOptions {
  /** Stop after this many test cases (default {@link DEFAULT_MAX_CASES}). */
  readonly maxCases?: number;
}

export const DEFAULT_MAX_CASES = 500_000;
/** Upper bound of an id, a suite or a name taken from a report. */
export const MAX_NAME_CHARS = 1000;

/** Character data kept up to a budget; the rest is counted, not kept. */
export class BoundedText {
  private readonly parts: string[] = [];
  private size = 0;
  truncated = false;

  constructor(private readonly budget: number = MAX_MESSAGE_CHARS * 2) {}

  add(text: string): void {
    if (text.length === 0) return;
    const room = this.budget - this.size;
    if (room <= 0) {
      this.truncated = true;
      return;
    }
    const piece = text.length > room ? text.slice(0, room) : text;
    if (piece.length < text.length) this.truncated = true;
    this.parts.push(piece);
    this.size += piece.length;
  }

  value(): string {
    return this.parts.join('');
  }
}

/**
 * A failure message from a report: the element's `message` attribute and its text (stack trace, assertion
 * output). The text alone when it already says the message; blank edges and common indentation removed; bounded
 * to {@link MAX_MESSAGE_CHARS}.
 */
export function reportMessage(attribute: string | undefined, body: string, bodyTruncated = false): string | undefined {
  let attr = (attribute ?? '').slice(0, MAX_MESSAGE_CHARS * 2).trim();
  // Writers that put a placeholder in `message` (go-junit-report, gotestsum: "Failed").
  if (PLACEHOLDER_MESSAGES.has(attr.toLowerCase())) attr = '';
  const bodyLines = dedent(body.split(/\r\n|\r|\n/));
  const firstAttrLine = attr.split(/\r\n|\r|\n/)[0] ?? '';
  const lines: string[] = [];
  if (attr && !(bodyLines.length > 0 && bodyLines.join('\n').includes(firstAttrLine))) lines.push(...attr.split(/\r\n|\r|\n/).map((l) => l.trimEnd()));
  lines.push(...bodyLines);
  const head = new TextHead(MAX_MESSAGE_CHARS);
  for (const line of lines) if (!head.add(line)) break;
  const kept = head.lineList();
  if (kept.length === 0) return undefined;
  if (head.omitted || bodyTruncated) kept.push('…');
  return detached(kept.join('\n'));
}

const PLACEHOLDER_MESSAGES = new Set(['failed', 'failure', 'error', 'skipped', 'test failure']);

/** Lines without trailing spaces, blank edges and the indentation that all but the first share. */
function dedent(raw: readonly string[]): string[] {
  const lines = raw.map((l) => l.trimEnd());
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start] === '') start++;
  while (end > start && lines[end - 1] === '') end--;
  const kept = lines.slice(start, end);
  if (kept.length === 0) return kept;
  let indent = Infinity;
  for (let i = 1; i < kept.length; i++) {
    const line = kept[i] as string;
    if (line === '') continue;
    const n = line.length - line.trimStart().length;
    if (n < indent) indent = n;
  }
  const first = (kept[0] as string).trimStart();
  if (!Number.isFinite(indent) || indent === 0) return [first, ...kept.slice(1)];
  return [first, ...kept.slice(1).map((l) => l.slice(indent))];
}

/** Seconds from a report's `time` attribute (`0.012`, `1,234.5`), when it is a number. */
export function secondsOf(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value.replace(/,/g, ''));
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}
