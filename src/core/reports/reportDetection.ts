// Which files are test reports, by name and by their first bytes, and reading one with the right reader.
//
// The name decides what is worth opening (`.xml`, `.trx`; not coverage, lint or build files); the content
// decides what it is: the first element `<testsuites>`/`<testsuite>` is JUnit XML, `<TestRun>` is TRX, after any
// BOM, XML declaration, comments, processing instructions and DOCTYPE. A file whose content is neither is not a
// report, whatever its name.

import { JUnitXmlReader } from './junitXml';
import type { ParsedReport, ReportFormat, ReportReader, ReportReaderOptions } from './parsedReport';
import { TrxReader } from './trx';
import { decoderFor } from './xmlEventStream';

/** Bytes looked at to find the first element; a longer prologue (a licence comment) is not a report's. */
export const SNIFF_LIMIT = 64 * 1024;

/** XML files that are not test reports, by their usual names. */
const NOT_REPORTS =
  /(?:^|[/\\])(?:pom|build|settings|web|AndroidManifest|packages|app\.config|nuget\.config)\.xml$|coverage|cobertura|jacoco|clover|lcov|checkstyle|spotbugs|findbugs|pmd|lint-results|detekt|ktlint|dependency-check|sbom|\.(?:cs|vb|fs)proj$/i;

/** Whether a file in an artifact is worth sniffing as a report, by its name alone. */
export function isReportCandidate(name: string): boolean {
  const lower = name.toLowerCase();
  if (!(lower.endsWith('.xml') || lower.endsWith('.trx') || lower.endsWith('.junit'))) return false;
  return !NOT_REPORTS.test(name);
}

/** The report format the first bytes show; `undefined` when they show something else; `'more'` when they are too few to tell. */
export function sniffReportFormat(head: Uint8Array | string): ReportFormat | 'more' | undefined {
  const text = typeof head === 'string' ? head : decoderFor(head).decode(head.subarray(0, SNIFF_LIMIT), { stream: true });
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (i >= text.length) return more(text);
    if (text[i] !== '<') return undefined;
    if (text.startsWith('<?', i)) {
      const close = text.indexOf('?>', i + 2);
      if (close === -1) return more(text);
      i = close + 2;
    } else if (text.startsWith('<!--', i)) {
      const close = text.indexOf('-->', i + 4);
      if (close === -1) return more(text);
      i = close + 3;
    } else if (text.startsWith('<!', i)) {
      const close = doctypeEnd(text, i);
      if (close === -1) return more(text);
      i = close + 1;
    } else {
      const match = /^<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)/.exec(text.slice(i, i + 80));
      if (!match) return undefined;
      const element = match[2] as string;
      // Only a complete name counts: `<testsuite` at the end of the head may be `<testsuites`.
      if (i + (match[0] as string).length >= text.length) return more(text);
      if (element === 'testsuites' || element === 'testsuite') return 'junit';
      if (element === 'TestRun') return 'trx';
      return undefined;
    }
  }
}

function more(text: string): 'more' | undefined {
  return text.length >= SNIFF_LIMIT ? undefined : 'more';
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** The `>` that ends a DOCTYPE, past an internal subset in brackets. */
function doctypeEnd(text: string, from: number): number {
  let depth = 0;
  for (let i = from + 2; i < text.length; i++) {
    const c = text[i];
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '>' && depth <= 0) return i;
  }
  return -1;
}

export function createReportReader(format: ReportFormat, options: ReportReaderOptions = {}): ReportReader {
  return format === 'trx' ? new TrxReader(options) : new JUnitXmlReader(options);
}

/** A report read from one file. */
export interface ReportFile extends ParsedReport {
  /** The file's name (its path inside an artifact). */
  readonly name: string;
}

export type ReportSource = Uint8Array | string | AsyncIterable<Uint8Array | string> | Iterable<Uint8Array>;

/**
 * Reads a file as a test report when its content is one (see {@link sniffReportFormat}); `undefined` when it is
 * not. A stream is read as it comes: only the first bytes are held until the format is known.
 */
export async function parseReport(source: ReportSource, name: string, options: ReportReaderOptions = {}): Promise<ReportFile | undefined> {
  if (typeof source === 'string' || source instanceof Uint8Array) return parseReportSync(source, name, options);
  const sniffer = new ReportSniffer(name, options);
  for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
    if (!sniffer.push(chunk)) return undefined;
  }
  return sniffer.end();
}

/** {@link parseReport} for content at hand. */
export function parseReportSync(content: Uint8Array | string, name: string, options: ReportReaderOptions = {}): ReportFile | undefined {
  const sniffer = new ReportSniffer(name, options);
  if (!sniffer.push(content)) return undefined;
  return sniffer.end();
}

/** Holds the first bytes until the format is known, then streams everything through the right reader. */
export class ReportSniffer {
  private readonly head: (Uint8Array | string)[] = [];
  private headSize = 0;
  private reader: ReportReader | undefined;
  private rejected = false;

  constructor(
    private readonly name: string,
    private readonly options: ReportReaderOptions = {},
  ) {}

  /** False once the content shows it is not a report: the caller can stop reading. */
  push(chunk: Uint8Array | string): boolean {
    if (this.rejected) return false;
    if (this.reader) {
      this.reader.push(chunk);
      return true;
    }
    this.head.push(chunk);
    this.headSize += typeof chunk === 'string' ? chunk.length : chunk.byteLength;
    const format = sniffReportFormat(this.joinedHead());
    if (format === 'more' && this.headSize < SNIFF_LIMIT) return true;
    return this.start(format === 'more' ? undefined : format);
  }

  /** The report, or `undefined` when the content was not one. */
  end(): ReportFile | undefined {
    if (this.rejected) return undefined;
    if (!this.reader) {
      // The content ended before it showed its first element (empty, only a prologue, or cut in the first
      // name): a file whose extension says "report" is read anyway, so that its problem is told.
      let format = sniffReportFormat(this.joinedHead());
      if (format === 'more') format = /\.trx$/i.test(this.name) ? 'trx' : /\.junit$/i.test(this.name) ? 'junit' : undefined;
      if (!this.start(format)) return undefined;
    }
    const reader = this.reader as ReportReader;
    return { name: this.name, ...reader.end() };
  }

  private start(format: ReportFormat | undefined): boolean {
    if (format === undefined) {
      this.rejected = true;
      this.head.length = 0;
      return false;
    }
    const reader = createReportReader(format, this.options);
    this.reader = reader;
    for (const chunk of this.head) reader.push(chunk);
    this.head.length = 0;
    return true;
  }

  private joinedHead(): Uint8Array | string {
    if (this.head.length === 1) return this.head[0] as Uint8Array | string;
    if (this.head.every((c) => typeof c === 'string')) return (this.head as string[]).join('');
    const bytes = this.head.map((c) => (typeof c === 'string' ? new TextEncoder().encode(c) : c));
    const out = new Uint8Array(bytes.reduce((n, b) => n + b.byteLength, 0));
    let at = 0;
    for (const b of bytes) {
      out.set(b, at);
      at += b.byteLength;
    }
    return out;
  }
}
