// Reads the human output of Rust's test harness (libtest) as `cargo test` prints it: one section per test binary
// (`Running ...`, `Doc-tests ...`), a `test name ... result` line per test, then the captured output of the
// failures. cargo stops at the first failing binary unless `--no-fail-fast`: only what ran is reported.

import type { Outcome, TestOutcome } from '../model';
import { PanicExcerpt, clip } from './failureText';
import { detached, markersOf, type OutcomeParser, type OutcomeParserOptions } from './outcomeParser';

const MAX_ERROR_CHARS = 500;
/** Suffixes libtest adds to the names of `#[should_panic]` tests and of `compile_fail` / `no_run` doc-tests. */
const MODE_SUFFIXES = [' - should panic', ' - compile fail', ' - compile'];

/**
 * Every line {@link LibtestParser.line} acts on holds one of these, colours included: `test ` (results and
 * `test result:`), `unning` (`running N tests`, cargo's `Running`), `failures:`, `---- `, `error` (cargo's and
 * rustc's), `Doc-tests`, `--> ` and `process didn't` (a crashed binary).
 */
const MARKERS = markersOf('test ', 'unning', 'failures:', '---- ', 'error', 'Doc-tests', '--> ', "process didn't");

/** A result in the model's form (see {@link TestOutcome}): listed itself in the end, not a copy of it. */
interface LibtestResult {
  readonly id: string;
  readonly suite: string;
  readonly framework: 'libtest';
  readonly outcome: Outcome;
  readonly attempt: 1;
  message?: string;
  failureLocation?: string;
}

/** A test whose name was printed before its result: `--nocapture` with one test thread prints its output between. */
interface PendingTest {
  readonly id: string;
  readonly output: PanicExcerpt;
}

interface FailureBlock {
  readonly id: string;
  readonly output: PanicExcerpt;
}

export class LibtestParser implements OutcomeParser {
  private readonly results: LibtestResult[] = [];
  private readonly onError: ((message: string) => void) | undefined;
  private suite = '';
  private isDocTests = false;
  /** Between `running N tests` and `test result:`. */
  private inRun = false;
  /** After the first `failures:` of a run: `---- name stdout ----` blocks follow. */
  private inFailures = false;
  /** Failed tests of the current run by id, to attach their `---- name stdout ----` block. */
  private failedInRun = new Map<string, LibtestResult>();
  private pending: PendingTest | undefined;
  private block: FailureBlock | undefined;
  /** The latest rustc error (`error[E0308]: ...`), told with `error: could not compile ...`. */
  private compileError: string | undefined;

  constructor(options: OutcomeParserOptions = {}) {
    this.onError = options.onError;
  }

  /** Inside a failure's output, or a test's printed between its name and its result, every line matters. */
  get markers(): readonly string[] | undefined {
    return this.block || this.pending ? undefined : MARKERS;
  }

  line(text: string): void {
    if (this.block) {
      if (this.continueBlock(text)) return;
    } else if (this.pending) {
      if (this.continuePending(text)) return;
    }
    const c = text.charCodeAt(0);
    if (c === 32 /* space */) {
      this.indentedLine(text);
    } else if (c === 116 /* t */) {
      if (this.inRun && text.startsWith('test ')) this.testLine(text);
    } else if (c === 114 /* r */) {
      if (text.startsWith('running ') && (text.endsWith(' tests') || text.endsWith(' test'))) this.startRun();
    } else if (c === 102 /* f */) {
      if (this.inRun && text === 'failures:') this.inFailures = true;
    } else if (c === 45 /* - */) {
      if (this.inFailures && text.startsWith('---- ') && text.endsWith(' ----')) this.startBlock(text);
    } else if (c === 101 /* e */) {
      this.errorLine(text);
    }
  }

  finish(): TestOutcome[] {
    this.endBlock();
    this.pending = undefined;
    // The results themselves (a copy of each would hold every outcome twice at the end), but for the rare one whose
    // location came before its message: in the model's order, as ever.
    const results = this.results;
    for (let i = 0; i < results.length; i++) {
      const r = results[i] as LibtestResult;
      if (r.failureLocation !== undefined && r.message !== undefined && Object.keys(r)[5] !== 'message') {
        results[i] = { id: r.id, suite: r.suite, framework: 'libtest', outcome: r.outcome, attempt: 1, message: r.message, failureLocation: r.failureLocation };
      }
    }
    return results;
  }

  /** cargo's right-aligned status lines (`     Running ...`), rustc's ` --> file` and crash reports. */
  private indentedLine(text: string): void {
    let at = 1;
    while (text.charCodeAt(at) === 32) at++;
    const c = text.charCodeAt(at);
    if (c === 82 /* R */ && text.startsWith('Running ', at)) {
      this.startBinary(binarySuite(text.slice(at + 8).trim()), false);
    } else if (c === 68 /* D */ && text.startsWith('Doc-tests ', at)) {
      this.startBinary(`Doc-tests ${text.slice(at + 10).trim()}`, true);
    } else if (c === 45 /* - */ && text.startsWith('--> ', at)) {
      if (this.compileError !== undefined && !this.compileError.includes(' at ')) {
        this.compileError += ` at ${text.slice(at + 4).trim()}`;
      }
    } else if (c === 112 /* p */ && text.startsWith("process didn't exit successfully", at)) {
      // A crashed test binary (signal, abort, stack overflow). An exit code of 101 is an ordinary test failure.
      const report = text.slice(at);
      if (!/\((?:exit code|exit status): 101\)$/.test(report)) {
        this.reportError(`test binary ${this.suite || '(unknown)'} crashed: ${report}`);
      }
    }
  }

  private startBinary(suite: string, isDocTests: boolean): void {
    this.endRun();
    this.suite = detached(suite);
    this.isDocTests = isDocTests;
  }

  private startRun(): void {
    this.endRun();
    this.inRun = true;
  }

  private endRun(): void {
    this.endBlock();
    this.pending = undefined;
    this.inRun = false;
    this.inFailures = false;
    this.failedInRun = new Map();
  }

  private testLine(text: string): void {
    if (text.startsWith('test result: ')) {
      this.endRun();
      return;
    }
    const rest = text.slice(5);
    let separator = rest.indexOf(' ... ');
    let status: string;
    if (separator !== -1) {
      status = rest.slice(separator + 5);
    } else if (rest.endsWith(' ...')) {
      separator = rest.length - 4;
      status = '';
    } else {
      return; // `test foo has been running for over 60 seconds`, or not libtest at all
    }
    const id = this.testId(rest.slice(0, separator));
    if (id === '') return;
    const outcome = resultOutcome(status);
    if (outcome) {
      this.record(id, outcome);
    } else if (!status.startsWith('bench:')) {
      const output = new PanicExcerpt();
      if (status !== '') output.add(status);
      this.pending = { id, output };
    }
  }

  private continuePending(text: string): boolean {
    const pending = this.pending;
    if (!pending) return false;
    const outcome = resultOutcome(text);
    if (outcome) {
      this.pending = undefined;
      const result = this.record(pending.id, outcome);
      if (outcome === 'fail') this.attachOutput(result, pending.output);
      return true;
    }
    if (text.startsWith('test ') || text === 'failures:') {
      this.pending = undefined;
      return false;
    }
    pending.output.add(text);
    return true;
  }

  private record(id: string, outcome: Outcome): LibtestResult {
    // A copy of the id, not a slice that would keep its chunk of the log in memory (see `detached`).
    const result: LibtestResult = { id: detached(id), suite: this.suite, framework: 'libtest', outcome, attempt: 1 };
    this.results.push(result);
    if (outcome === 'fail') this.failedInRun.set(id, result);
    return result;
  }

  private startBlock(text: string): void {
    this.endBlock();
    let name = text.slice(5, -5);
    if (name.endsWith(' stdout') || name.endsWith(' stderr')) name = name.slice(0, -7);
    this.block = { id: this.testId(name), output: new PanicExcerpt() };
  }

  private continueBlock(text: string): boolean {
    const block = this.block;
    if (!block) return false;
    if (text.startsWith('---- ') && text.endsWith(' ----')) {
      this.startBlock(text);
      return true;
    }
    if (text === 'failures:' || text.startsWith('test result: ')) {
      this.endBlock();
      return false;
    }
    block.output.add(text);
    return true;
  }

  private endBlock(): void {
    const block = this.block;
    if (!block) return;
    this.block = undefined;
    const result = this.failedInRun.get(block.id);
    if (result) this.attachOutput(result, block.output);
  }

  private attachOutput(result: LibtestResult, output: PanicExcerpt): void {
    // Copies: slices of the log would keep their chunks in memory until the end (see `detached`).
    const message = output.text();
    if (message !== '') result.message = detached(message);
    if (output.location !== undefined) result.failureLocation = detached(output.location);
  }

  private errorLine(text: string): void {
    if (text.startsWith('error: test failed') || text.startsWith('error: doctest failed')) {
      this.endRun();
    } else if (text.startsWith('error[E') || (text.startsWith('error: ') && !text.startsWith('error: could not compile'))) {
      if (!text.includes(' targets failed') && !text.includes(' target failed')) this.compileError = text;
    } else if (text.startsWith('error: could not compile')) {
      const cause = this.compileError === undefined ? '' : `: ${this.compileError}`;
      this.reportError(`${text.slice(7)}${cause}`);
    }
  }

  private reportError(message: string): void {
    this.onError?.(detached(clip(message, MAX_ERROR_CHARS)));
  }

  /** The id as the model documents it: no mode suffix; doc-tests' file path with `/` on every OS. */
  private testId(name: string): string {
    let id = name.trim();
    for (const suffix of MODE_SUFFIXES) {
      if (id.endsWith(suffix)) {
        id = id.slice(0, -suffix.length);
        break;
      }
    }
    if (this.isDocTests) {
      const dash = id.indexOf(' - ');
      if (dash !== -1) id = id.slice(0, dash).replaceAll('\\', '/') + id.slice(dash);
    }
    return id;
  }
}

function resultOutcome(status: string): Outcome | undefined {
  if (status === 'ok') return 'pass';
  if (status === 'FAILED') return 'fail';
  if (status === 'ignored' || status.startsWith('ignored, ')) return 'skip';
  return undefined;
}

/**
 * The suite of a test binary from what follows `Running`:
 * `unittests src/lib.rs (target/debug/deps/foo-0123abcd)` → `src/lib.rs`,
 * `tests/all/main.rs (target/debug/deps/all-0123abcd)` → `tests/all/main.rs`,
 * `target/debug/deps/foo-0123abcd` (cargo before 1.51) → `foo`.
 * Paths use `/` on every OS so that a test has one key across job configurations.
 */
export function binarySuite(running: string): string {
  let rest = running;
  if (rest.startsWith('unittests ')) rest = rest.slice(10);
  const paren = rest.endsWith(')') ? rest.lastIndexOf(' (') : -1;
  if (paren > 0) return rest.slice(0, paren).trim().replaceAll('\\', '/');
  // No source path printed: the binary's file name without directory, `.exe` and hash.
  const path = rest.replaceAll('\\', '/').replaceAll('`', '');
  let name = path.slice(path.lastIndexOf('/') + 1);
  if (name.endsWith('.exe')) name = name.slice(0, -4);
  const dash = name.lastIndexOf('-');
  if (dash > 0 && /^[0-9a-f]{8,}$/.test(name.slice(dash + 1))) name = name.slice(0, dash);
  return name;
}
