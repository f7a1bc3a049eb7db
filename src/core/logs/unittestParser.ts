// Reads Python unittest's verbose output (`python -m unittest -v`, Django's test runner): one
// `test_x (pkg.mod.TestCase.test_x) ... ok` line per test (`(pkg.mod.TestCase)` before Python 3.11), a docstring
// line between name and result when the test has one, subtest failures on their own lines, then one
// `FAIL: test_x (...)` / `ERROR: test_x (...)` block per failure, whose last lines (the exception) are the message.
// A failing `setUpClass` or `setUpModule` is an error, not a test. The id is the dotted name
// (`pkg.test_x.TestC.test_y`), the suite the dotted class (model.ts). Doctests that `doctest.DocTestSuite` adds print
// `name (pkg.mod)` then `Doctest: pkg.mod.name ... ok`: the id is that dotted name, the suite what is before its last dot.

import type { Outcome, TestOutcome } from '../model';
import { MAX_MESSAGE_CHARS, TextHead, clip } from './failureText';
import { detached, markersOf, type OutcomeParser, type OutcomeParserOptions } from './outcomeParser';
import { RunOutcomes, type PendingOutcome } from './runOutcomes';

const MAX_ERROR_CHARS = 500;
const TEST_LINE = /^([^\s()]+) \(([^\s()]+)\)(?: \((.*?)\))?(?: \.\.\. ?(.*))?$/;
/** A doctest's name: `pkg.mod.Class.method`. */
const DOTTED = /^[\p{L}\p{N}_]+(?:\.[\p{L}\p{N}_]+)*$/u;
const FIXTURES = new Set(['setUpClass', 'tearDownClass', 'setUpModule', 'tearDownModule']);
/**
 * Every line {@link UnittestParser.line} acts on between blocks holds one of these: `test` (a test's line names a
 * method `test*`, subtests included), `FAIL` and `ERROR` (a block's title; Python 3.14 colours the word alone).
 */
const MARKERS = markersOf('test', 'FAIL', 'ERROR');
/** Between a block's title and the rule under it, only the rule matters, and a doctest's `Doctest: name` line. */
const RULE_MARKERS = markersOf('----------', 'Doctest: ');

/** The traceback of one `FAIL:`/`ERROR:` block. */
interface FailureBlock {
  target: PendingOutcome | undefined;
  /** A doctest's block: its `Doctest: name` line came after the title. */
  docTest: boolean;
  /**
   * In a doctest's block: `rule` after the `----` rule under the exception, `true` once the next line is the report's
   * `File "…", line N, in name` (doctest's own report of the failed example). A failing setUp prints no report.
   */
  report: boolean | 'rule';
  readonly title: string;
  /** The exception: the unindented lines after the traceback's frames. */
  exception: TextHead;
  location: string | undefined;
  /** Lines after the `----` rule under the title. */
  started: boolean;
}

export class UnittestParser implements OutcomeParser {
  private readonly outcomes = new RunOutcomes('unittest');
  private readonly onError: ((message: string) => void) | undefined;
  /** A test whose name came without a result: its docstring, then its result, are on the next line. */
  private pending: { id: string; suite: string } | undefined;
  private block: FailureBlock | undefined;

  constructor(options: OutcomeParserOptions = {}) {
    this.onError = options.onError;
  }

  /** In a block's traceback, and on the line after a test's name (its docstring and result), every line matters. */
  get markers(): readonly string[] | undefined {
    if (this.block) return this.block.started ? undefined : RULE_MARKERS;
    return this.pending ? undefined : MARKERS;
  }

  line(text: string): void {
    if (this.block) {
      if (this.blockLine(this.block, text)) return;
    }
    if (this.pending) {
      const pending = this.pending;
      this.pending = undefined;
      const at = text.lastIndexOf(' ... ');
      if (at !== -1) {
        const outcome = statusOutcome(text.slice(at + 5));
        if (outcome) this.outcomes.add(pending.id, pending.suite, outcome);
        return;
      }
    }
    const c = text.charCodeAt(0);
    if (c === 70 /* F */ || c === 69 /* E */) {
      if (text.startsWith('FAIL: ') || text.startsWith('ERROR: ')) this.startBlock(text);
    } else if (c === 68 /* D */) {
      if (text.startsWith('Doctest: ')) this.docTestLine(text.slice(9));
    } else if (c === 32 /* space */) {
      // A subtest's result: `  test_x (pkg.mod.C.test_x) (i=2) ... FAIL`.
      if (text.startsWith('  ') && text.charCodeAt(2) !== 32) this.testLine(text.slice(2));
    } else if (c !== 61 /* = */ && c !== 45 /* - */ && text.includes(' (')) {
      this.testLine(text);
    }
  }

  startStep(): void {
    this.endBlock();
    this.pending = undefined;
  }

  finish(): TestOutcome[] {
    this.endBlock();
    return this.outcomes.list();
  }

  private testLine(text: string): void {
    // TEST_LINE's first ` (` follows a name without spaces: its first space. Other lines skip the expression.
    const open = text.indexOf(' (');
    if (open <= 0 || text.indexOf(' ') !== open) return;
    const match = TEST_LINE.exec(text);
    if (!match?.[1] || !match[2]) return;
    const method = match[1];
    const suite = classOf(method, match[2]);
    // unittest's loader runs methods named `test*` only: anything else is not its line.
    if (suite === undefined || (!method.startsWith('test') && !FIXTURES.has(method))) return;
    const status = match[4];
    if (FIXTURES.has(method)) return; // told with its `ERROR:` block
    if (status === undefined) {
      this.pending = { id: `${suite}.${method}`, suite };
      return;
    }
    if (status === '') {
      // `test_x (...) ... ` and its subtests' results on the next lines.
      this.pending = undefined;
      return;
    }
    const outcome = statusOutcome(status);
    if (!outcome) return;
    const id = `${suite}.${method}`;
    const known = this.outcomes.find(id, suite);
    if (match[3] !== undefined) {
      // A subtest: its failure is its test's failure, one outcome however many subtests failed.
      if (outcome !== 'fail') return;
      if (known) known.outcome = 'fail';
      else this.outcomes.add(id, suite, 'fail');
      return;
    }
    if (known && known.outcome === 'fail') return; // its subtests failed first
    this.outcomes.add(id, suite, outcome);
  }

  /** `Doctest: pkg.mod.name ... ok`, after the line `name (pkg.mod)`. */
  private docTestLine(text: string): void {
    const at = text.lastIndexOf(' ... ');
    if (at <= 0) return;
    const name = text.slice(0, at);
    const outcome = statusOutcome(text.slice(at + 5));
    if (!outcome || !DOTTED.test(name)) return;
    this.outcomes.add(name, docTestSuite(name), outcome);
  }

  /** `FAIL: test_x (pkg.mod.C.test_x)`, `ERROR: setUpClass (pkg.mod.C)`. */
  private startBlock(text: string): void {
    this.endBlock();
    const title = text.slice(text.indexOf(': ') + 2);
    const match = TEST_LINE.exec(title);
    let target: PendingOutcome | undefined;
    if (match?.[1] && match[2] && !FIXTURES.has(match[1])) {
      const suite = classOf(match[1], match[2]);
      if (suite !== undefined) target = this.outcomes.find(`${suite}.${match[1]}`, suite) ?? this.outcomes.add(`${suite}.${match[1]}`, suite, 'fail');
    }
    this.block = { target, docTest: false, report: false, title, exception: new TextHead(MAX_MESSAGE_CHARS), location: undefined, started: false };
  }

  private blockLine(block: FailureBlock, text: string): boolean {
    if (!block.started) {
      if (text.startsWith('----------')) block.started = true;
      else if (text.startsWith('Doctest: ')) this.docTestBlock(block, text.slice(9).trim());
      return true;
    }
    if (block.report === 'rule') {
      // `File "/path/mod.py", line 11, in pkg.mod.name` (the failed example's line), then the example, what it should
      // print and what it printed; the next rule ends the first failed example's report.
      const file = /^File "([^"]+)", line (\d+), in /.exec(text);
      if (!file?.[1] || !file[2]) {
        this.endBlock(); // no report: this rule ended the block (`Ran 2 tests`, or another runner's line)
        return false;
      }
      block.location = `${file[1]}:${file[2]}`;
      block.report = true;
      return true;
    }
    if (text.startsWith('==========')) {
      this.endBlock();
      return true;
    }
    if (text.startsWith('----------')) {
      if (block.docTest && block.report === false) block.report = 'rule';
      else this.endBlock();
      return true;
    }
    if (block.report) {
      block.exception.add(text);
      return true;
    }
    const c = text.charCodeAt(0);
    if (c === 32) {
      // A frame: `  File "/path/test_x.py", line 8, in test_x` and its code line. The exception comes after the last.
      // A doctest's `Failed doctest test for …` is followed by its docstring's place, in the same form.
      const file = /^ {2}File "([^"]+)", line (\d+)/.exec(text);
      if (file?.[1] && file[2]) block.location = `${file[1]}:${file[2]}`;
      if (block.exception.size > 0 && !text.startsWith('    ') && !block.docTest) block.exception = new TextHead(MAX_MESSAGE_CHARS);
      return true;
    }
    if (text.startsWith('Traceback (most recent call last):') || text.startsWith('During handling of the above exception')) {
      block.exception = new TextHead(MAX_MESSAGE_CHARS);
      return true;
    }
    if (block.exception.size === 0 && text === '') return true;
    block.exception.add(text);
    return true;
  }

  /** A block titled `name (pkg.mod)` whose next line is `Doctest: pkg.mod.name`: the doctest's failure. */
  private docTestBlock(block: FailureBlock, name: string): void {
    const suite = docTestSuite(name);
    if (!DOTTED.test(name) || block.title !== `${name.slice(name.lastIndexOf('.') + 1)} (${suite})`) return;
    block.docTest = true;
    block.target = this.outcomes.find(name, suite) ?? this.outcomes.add(name, suite, 'fail');
  }

  private endBlock(): void {
    const block = this.block;
    if (!block) return;
    this.block = undefined;
    const message = block.exception.text();
    const target = block.target;
    if (!target) {
      this.onError?.(detached(clip(`unittest: ${block.title}${message ? `: ${message.split('\n')[0] ?? ''}` : ''}`, MAX_ERROR_CHARS)));
      return;
    }
    if (target.message === undefined && message !== '') target.message = detached(message);
    if (target.failureLocation === undefined && block.location !== undefined) target.failureLocation = detached(block.location);
  }
}

/** `pkg.mod.C.test_x` (Python 3.11+) or `pkg.mod.C` → `pkg.mod.C`; undefined when it is no dotted name. */
function classOf(method: string, dotted: string): string | undefined {
  const suite = dotted.endsWith(`.${method}`) ? dotted.slice(0, -method.length - 1) : dotted;
  return suite.includes('.') ? suite : undefined;
}

function statusOutcome(status: string): Outcome | undefined {
  if (status === 'ok' || status === 'unexpected success') return 'pass';
  if (status === 'FAIL' || status === 'ERROR') return 'fail';
  if (status.startsWith('skipped') || status === 'expected failure') return 'skip';
  return undefined;
}

/** A doctest's suite: its dotted name without the last part (`pkg.mod` of `pkg.mod.name`), '' for a module's own. */
function docTestSuite(name: string): string {
  return name.slice(0, Math.max(0, name.lastIndexOf('.')));
}
