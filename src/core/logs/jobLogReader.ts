// Reads one GitHub Actions job log, chunk by chunk as it downloads: splits and cleans its lines, notes where each
// step starts, keeps the runner's error annotations, and feeds every line to each test-output parser. Which
// frameworks ran is not configured: a parser that recognised nothing reports nothing.

import type { Framework, TestOutcome } from '../model';
import { GoTestParser } from './goTestParser';
import { LibtestParser } from './libtestParser';
import { LineSplitter, normalizeLogLine } from './logLines';
import { clip } from './failureText';
import { detached, type OutcomeParser } from './outcomeParser';

const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
const MAX_ERRORS = 20;
const MAX_ERROR_CHARS = 500;

export interface JobLogReaderOptions {
  /** Past this many bytes the rest of the log is ignored and the result says `truncated`. Default 256 MiB. */
  readonly maxBytes?: number;
  /** Longer lines are cut (see {@link LineSplitter}). Default 64 KiB. */
  readonly maxLineLength?: number;
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
  private readonly splitter: LineSplitter;
  private readonly parsers: readonly OutcomeParser[];
  private readonly steps: JobLogStep[] = [];
  private readonly errors: string[] = [];
  private bytes = 0;
  private lines = 0;
  private truncated = false;
  private ended = false;

  constructor(options: JobLogReaderOptions = {}) {
    this.maxBytes = Math.max(0, options.maxBytes ?? DEFAULT_MAX_BYTES);
    this.splitter = new LineSplitter((line) => this.onLine(line), { maxLineLength: options.maxLineLength });
    const onError = (message: string): void => this.addError(message);
    this.parsers = [new LibtestParser({ onError }), new GoTestParser({ onError })];
  }

  push(chunk: Uint8Array | string): void {
    if (this.truncated || this.ended) return;
    const size = typeof chunk === 'string' ? utf8Length(chunk) : chunk.byteLength;
    const room = this.maxBytes - this.bytes;
    if (size > room) {
      this.truncated = true;
      if (room > 0) this.splitter.push(typeof chunk === 'string' ? utf8Prefix(chunk, room) : chunk.subarray(0, room));
      this.bytes += Math.max(0, room);
      return;
    }
    this.bytes += size;
    this.splitter.push(chunk);
  }

  end(): JobLogResult {
    if (!this.ended) {
      this.ended = true;
      // A log cut at the size bound ends inside a line: that half line is dropped rather than misread.
      if (!this.truncated) this.splitter.end();
    }
    const outcomes: TestOutcome[] = [];
    for (const parser of this.parsers) outcomes.push(...parser.finish());
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

  private onLine(raw: string): void {
    this.lines++;
    const line = normalizeLogLine(raw);
    switch (line.kind) {
      case 'text':
        for (const parser of this.parsers) parser.line(line.text);
        break;
      case 'group':
        if (line.text.startsWith('Run ')) this.steps.push({ title: detached(clip(line.text, MAX_ERROR_CHARS)), line: this.lines });
        break;
      case 'error':
        this.addError(line.text);
        break;
      default:
        break;
    }
  }

  private addError(message: string): void {
    if (this.errors.length >= MAX_ERRORS) return;
    const text = clip(message.trim(), MAX_ERROR_CHARS);
    if (text !== '' && !this.errors.includes(text)) this.errors.push(detached(text));
  }
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
