// Reads cargo-nextest's human output: one status line per test (`        PASS [   0.012s] my-crate::basic tests::adds`),
// retries (`  TRY 1 FAIL`, then `  TRY 2 PASS`: one flaky outcome), the captured output of failures, and the final
// recap after `Summary`, where `FLAKY 2/3` lines confirm a flaky result. Captured output holds libtest's own lines;
// while inside it this parser says `capturing`, so that the job log reader keeps them from the libtest parser.

import type { Outcome, TestOutcome } from '../model';
import { PanicExcerpt } from './failureText';
import { detached, markersOf, type OutcomeParser } from './outcomeParser';
import { RunOutcomes, type PendingOutcome } from './runOutcomes';

/**
 * Every line {@link NextestParser.line} acts on outside captured output holds one of these, colours included (each is
 * printed whole: colours go around words, never inside; markers are cut to six characters, which are searched
 * fastest). A status that records an outcome: `PASS` (also `TIMEOUT-PASS`, `TMPASS`), `FAIL` (also `XFAIL`,
 * `LKFAIL`, `LEAK-FAIL`), `SKIP`, `LEAK`, `SIG...`, `ABORT`, `TIMEOUT`, `TMT`, `FL` (`FLAKY`, `FLKY-FL`, `FL+LK`),
 * `SLOW` (in the recap); `TRY 2 FAIL` holds its outcome's word, and progress statuses change nothing. The banners
 * `Summary` and `Starting`; the output headers `--- STDOUT: ... ---`, `  stdout ───`, `-- stderr --`,
 * `  output ---`; and `─`, which starts the rules that end a test's output.
 */
const MARKERS = markersOf(
  'PASS',
  'FAIL',
  'SKIP',
  'LEAK',
  'SIG',
  'ABORT',
  'TIMEOU',
  'TMT',
  'FL',
  'SLOW',
  'Summar',
  'Starti',
  'STD',
  'std',
  'output',
  '─',
);
/** After a status line, the ASCII rule (`------------`) that ends its test's output matters too. */
const AFTER_STATUS_MARKERS = markersOf(...MARKERS, '------');

/** Statuses wider than the 12 columns nextest pads them to stay under this. */
const MAX_STATUS_END = 16;

type StatusMeaning =
  | { readonly kind: 'result'; readonly outcome: Outcome; readonly attempt: number | undefined }
  | { readonly kind: 'flaky'; readonly attempt: number }
  | { readonly kind: 'progress' };

/** Captured output being read: the test it belongs to and its lines so far. */
interface CapturedBlock {
  readonly target: PendingOutcome | undefined;
  readonly output: PanicExcerpt;
  /** Newer nextest indents captured lines by four spaces (`  stdout ───` headers); older ones do not. */
  readonly indented: boolean;
  /** libtest's `failures:` list is being skipped. */
  inFailureList: boolean;
}

export class NextestParser implements OutcomeParser {
  private readonly outcomes = new RunOutcomes('nextest');
  /** After `Summary [...]`: status lines repeat what the run printed. */
  private inRecap = false;
  /** The test of the latest status line, whose output newer nextest prints under it without naming it. */
  private latest: PendingOutcome | undefined;
  private block: CapturedBlock | undefined;
  /** What a crash or timeout status says, for failures whose output says nothing (a segfault prints nothing). */
  private readonly notes = new Map<PendingOutcome, string>();

  get capturing(): boolean {
    return this.block !== undefined;
  }

  /** Inside captured output every line matters (the reader then gives every line to this parser alone anyway). */
  get markers(): readonly string[] | undefined {
    if (this.block) return undefined;
    return this.latest ? AFTER_STATUS_MARKERS : MARKERS;
  }

  line(text: string): void {
    const block = this.block;
    if (block) {
      if (this.continueBlock(block, text)) return;
      this.endBlock();
    }
    const c = text.charCodeAt(0);
    if (c === 32 /* space */) {
      this.indentedLine(text);
    } else if (c === 45 /* - */) {
      if (text.startsWith('--- ')) this.startNamedBlock(text);
      else if (text.startsWith('-- ')) this.startBlock(text, false);
      else if (text.startsWith('------------')) this.latest = undefined;
    } else if (c === 0x2500 /* ─ */) {
      if (text.startsWith('── ')) this.startBlock(text, false);
      else this.latest = undefined;
    } else if (c >= 65 && c <= 90 /* A-Z */) {
      // Statuses as wide as their column (`TIMEOUT-PASS`, `TRY 2 LKFAIL`) start the line.
      this.statusLine(text);
    }
  }

  startStep(): void {
    this.endBlock();
    this.inRecap = false;
    this.latest = undefined;
    this.outcomes.forgetRetries();
  }

  finish(): TestOutcome[] {
    this.endBlock();
    for (const [outcome, note] of this.notes) {
      if (outcome.outcome === 'fail' || outcome.outcome === 'flaky') {
        outcome.message = detached(outcome.message === undefined ? note : `${note}\n${outcome.message}`);
      }
    }
    this.notes.clear();
    return this.outcomes.list();
  }

  private indentedLine(text: string): void {
    let at = 1;
    while (text.charCodeAt(at) === 32) at++;
    const c = text.charCodeAt(at);
    if (c === 83 /* S */ && text.startsWith('Summary [', at)) {
      this.inRecap = true;
      this.latest = undefined;
    } else if (c === 83 /* S */ && text.startsWith('Starting ', at)) {
      this.inRecap = false;
      this.latest = undefined;
      this.outcomes.forgetRetries();
    } else if ((c === 115 /* s */ || c === 111 /* o */) && at === 2 && isIndentedHeader(text)) {
      this.startBlock(text, true);
    } else {
      this.statusLine(text);
    }
  }

  /** `        FAIL [   0.003s] my-crate::basic tests::adds`, with an optional `(  1/100)` counter or `[2]` stress index. */
  private statusLine(text: string): void {
    const open = text.lastIndexOf(' [', MAX_STATUS_END);
    if (open < 3 || open > MAX_STATUS_END) return;
    const close = text.indexOf('] ', open + 2);
    if (close === -1 || close > open + 16) return;
    const meaning = statusMeaning(text.slice(0, open).trim(), text.slice(open + 2, close));
    if (!meaning) return;
    const test = testInstance(text.slice(close + 2));
    if (!test) return;
    if (meaning.kind === 'progress') return;
    if (meaning.kind === 'flaky') {
      const found = this.outcomes.find(test.name, test.binary);
      const result = found ?? this.outcomes.add(test.name, test.binary, 'flaky');
      result.outcome = 'flaky';
      result.attempt = meaning.attempt;
      this.latest = result;
      return;
    }
    if (this.inRecap) {
      // The recap repeats final statuses; only a test whose own line was not printed (status level) is new.
      this.latest = this.outcomes.find(test.name, test.binary) ?? this.outcomes.add(test.name, test.binary, meaning.outcome, meaning.attempt ?? 1);
      return;
    }
    const result =
      meaning.attempt === undefined
        ? this.outcomes.add(test.name, test.binary, meaning.outcome)
        : this.outcomes.attempt(test.name, test.binary, meaning.outcome, meaning.attempt);
    this.latest = result;
    const note = failureNote(text.slice(0, open).trim(), text.slice(open + 2, close).trim());
    if (meaning.outcome === 'fail' && note !== undefined && !this.notes.has(result)) this.notes.set(result, note);
  }

  /** `--- STDOUT:              my-crate::basic tests::adds ---` and `--- TRY 1 STDERR: ... ---` (before nextest 0.9.95). */
  private startNamedBlock(text: string): void {
    const target = this.namedBlockTarget(text);
    if (target === null) return;
    this.block = { target, output: new PanicExcerpt(), indented: false, inFailureList: false };
  }

  /** The outcome a `--- STDOUT: binary test ---` header names; null when the line is no such header. */
  private namedBlockTarget(text: string): PendingOutcome | undefined | null {
    if (!text.endsWith(' ---')) return null;
    const inner = text.slice(4, -4);
    const colon = inner.indexOf(': ');
    if (colon === -1) return null;
    const kind = inner.slice(0, colon);
    if (!kind.endsWith('STDOUT') && !kind.endsWith('STDERR')) return null;
    const test = testInstance(inner.slice(colon + 2));
    if (!test) return null;
    return this.outcomes.find(test.name, test.binary);
  }

  /** `  stdout ───` under a status line (indented), or `── stdout ──` (`--no-output-indent`). */
  private startBlock(text: string, indented: boolean): void {
    if (!indented && !isUnindentedHeader(text)) return;
    this.block = { target: this.latest, output: new PanicExcerpt(), indented, inFailureList: false };
  }

  /** Whether `text` still belongs to the block; the other stream of the same test continues it. */
  private continueBlock(block: CapturedBlock, text: string): boolean {
    if (looksLikeStatusLine(text) || isBanner(text)) return false;
    const c = text.charCodeAt(0);
    if (block.indented) {
      if (c === 32 && text.charCodeAt(2) !== 32 && isIndentedHeader(text)) return true;
      if (text !== '' && !text.startsWith('    ')) return false;
      this.captured(block, text.slice(4));
      return true;
    }
    if (c === 45 /* - */ && text.startsWith('--- ')) return this.namedBlockTarget(text) === block.target && block.target !== undefined;
    if ((c === 45 && text.startsWith('-')) || c === 0x2500 /* ─ */) return isUnindentedHeader(text);
    this.captured(block, text);
    return true;
  }

  /** Keeps the test's own output: libtest's frame around it (`running 1 test`, `test result:`...) says nothing new. */
  private captured(block: CapturedBlock, text: string): void {
    if (block.inFailureList) {
      if (text === '' || text.startsWith('    ')) return;
      block.inFailureList = false;
    }
    const c = text.charCodeAt(0);
    if (c === 114 /* r */ && /^running \d+ tests?$/.test(text)) return;
    if (c === 116 /* t */ && (text.startsWith('test result: ') || (text.startsWith('test ') && text.includes(' ... ')))) return;
    if (c === 102 /* f */ && text === 'failures:') {
      block.inFailureList = true;
      return;
    }
    if (c === 45 /* - */ && text.startsWith('---- ') && text.endsWith(' ----')) return;
    block.output.add(text);
  }

  private endBlock(): void {
    const block = this.block;
    if (!block) return;
    this.block = undefined;
    const target = block.target;
    if (!target || target.outcome === 'pass' || target.outcome === 'skip') return;
    if (target.message !== undefined) return;
    const message = block.output.text();
    if (message !== '') target.message = detached(message);
    if (block.output.location !== undefined) target.failureLocation = detached(block.output.location);
  }
}

/** `  stdout ───` (or `---` where nextest writes ASCII). */
function isIndentedHeader(text: string): boolean {
  return /^ {2}(?:stdout|stderr|output) (?:-{3}|─{3})$/.test(text);
}

/** `── stdout ──` (or `-- stdout --`), nextest's headers with `--no-output-indent`. */
function isUnindentedHeader(text: string): boolean {
  return /^(?:--|──) (?:stdout|stderr|output) (?:--|──)$/.test(text);
}

/** nextest's own lines that end any captured output: `Starting ...`, `Summary [...]`, `Cancelling ...`. */
function isBanner(text: string): boolean {
  if (text.charCodeAt(0) !== 32) return false;
  const rest = text.trimStart();
  return rest.startsWith('Summary [') || rest.startsWith('Starting ') || rest.startsWith('Cancelling ') || rest.startsWith('Canceling ');
}

function looksLikeStatusLine(text: string): boolean {
  const open = text.lastIndexOf(' [', MAX_STATUS_END);
  if (open < 3 || open > MAX_STATUS_END) return false;
  const close = text.indexOf('] ', open + 2);
  return close !== -1 && close <= open + 16 && statusMeaning(text.slice(0, open).trim(), text.slice(open + 2, close)) !== undefined;
}

const PASSING = new Set(['PASS', 'LEAK', 'TIMEOUT-PASS', 'SLOW + LEAK', 'SLOW+TMPASS', 'TMPASS']);
const FAILING = new Set(['FAIL', 'FAIL + LEAK', 'LEAK-FAIL', 'TIMEOUT', 'XFAIL', 'ABORT', 'FL+LK', 'LKFAIL', 'TMT']);

/** What a status means, given the bracket after it (`   0.003s`, `>  1.000s` while still running, blanks for START). */
function statusMeaning(status: string, bracket: string): StatusMeaning | undefined {
  if (!/^[0-9. >]*s?$/.test(bracket.trim() === '' ? '' : bracket.trim())) return undefined;
  const c = status.charCodeAt(0);
  if (c === 84 /* T */ && status.startsWith('TRY ')) {
    const space = status.indexOf(' ', 4);
    const attempt = Number(status.slice(4, space));
    if (space === -1 || !Number.isInteger(attempt) || attempt < 1) return undefined;
    const outcome = basicOutcome(status.slice(space + 1));
    if (outcome) return { kind: 'result', outcome, attempt };
    return progressWord(status.slice(space + 1)) ? { kind: 'progress' } : undefined;
  }
  if ((c === 70 /* F */ && status.startsWith('FLAKY ')) || status.startsWith('FLKY-FL ')) {
    const attempt = Number(status.slice(status.indexOf(' ') + 1, status.indexOf('/')));
    return Number.isInteger(attempt) && attempt >= 1 ? { kind: 'flaky', attempt } : undefined;
  }
  if (status === 'SLOW') {
    // While running: `SLOW [>  1.000s]`; in the recap, a slow test that passed.
    return bracket.includes('>') ? { kind: 'progress' } : { kind: 'result', outcome: 'pass', attempt: undefined };
  }
  if (status === 'SKIP') return { kind: 'result', outcome: 'skip', attempt: undefined };
  const outcome = basicOutcome(status);
  if (outcome) return { kind: 'result', outcome, attempt: undefined };
  return progressWord(status) ? { kind: 'progress' } : undefined;
}

/** `nextest: SIGSEGV after 0.150s` for failures that are not a plain failed assertion. */
function failureNote(status: string, duration: string): string | undefined {
  const word = status.startsWith('TRY ') ? status.slice(status.indexOf(' ', 4) + 1) : status;
  if (word === 'FAIL') return undefined;
  const names: Readonly<Record<string, string>> = {
    TIMEOUT: 'timed out',
    TMT: 'timed out',
    'FAIL + LEAK': 'failed and leaked handles',
    'FL+LK': 'failed and leaked handles',
    'LEAK-FAIL': 'leaked handles',
    LKFAIL: 'leaked handles',
    XFAIL: 'could not be started',
  };
  const what = names[word] ?? `crashed (${word})`;
  return `nextest: test ${what} after ${duration}`;
}

function basicOutcome(word: string): Outcome | undefined {
  if (PASSING.has(word)) return 'pass';
  if (FAILING.has(word) || word.startsWith('SIG') || word.startsWith('ABORT')) return 'fail';
  return undefined;
}

function progressWord(word: string): boolean {
  return (
    word === 'START' ||
    word === 'TERMINATING' ||
    word === 'TRMNTG' ||
    word === 'SLOW' ||
    word === 'RETRY' ||
    word.startsWith('DELAY ') ||
    word.startsWith('RETRY ')
  );
}

/** `my-crate::basic tests::adds` after the optional `[2]`/`[3/3]` stress index and `(  1/100)` counter. */
function testInstance(rest: string): { binary: string; name: string } | undefined {
  let text = rest.trim();
  if (text.startsWith('[')) {
    const close = text.indexOf('] ');
    if (close === -1) return undefined;
    text = text.slice(close + 2).trimStart();
  }
  if (text.startsWith('(')) {
    const close = text.indexOf(') ');
    if (close === -1) return undefined;
    text = text.slice(close + 2).trimStart();
  }
  const space = text.indexOf(' ');
  if (space <= 0) return undefined;
  const binary = text.slice(0, space);
  const name = text.slice(space + 1).trim();
  if (name === '' || name.includes(' ')) return undefined;
  return { binary, name };
}
