// Reads vitest's default and verbose reporters (v1 to v4): a line per test file (` ✓ test/a.test.ts (3 tests) 4ms`,
// ` ❯ ...` when some failed), the tests of failed files under it (`   × Cart > totals > rounds 8ms`), the verbose
// reporter's one line per test (` ✓ test/a.test.ts > Cart > totals > adds 2ms (retry x1)`), and the `FAIL  file >
// describe > test` blocks with the failures' errors. Ids are the describe path and title joined by ` › ` (as jest
// has them); the suite is the test file. A test that passed after `(retry xN)` is flaky.

import type { Outcome, TestOutcome } from '../model';
import { JsFailureMessage } from './jsFailureText';
import { detached, markersOf, type OutcomeParser } from './outcomeParser';
import { RunOutcomes, type PendingOutcome } from './runOutcomes';

const SEPARATOR = ' › ';
const FILE_COUNTS = /^(\S.*?) {1,2}\((\d+) tests?(?: \|[^)]*)?\)(?: .*)?$/;
const DURATION = / \d+(?:\.\d+)?m?s$/;
const RETRY = / \(retry x(\d+)\)$/;

/**
 * Outside a run, only its start matters: ` RUN  v3.2.4 /path`, plain or coloured (` RUN ` inside its colours, the
 * version in others), and not Docker's `#5 [build 2/9] RUN make`.
 */
const IDLE_MARKERS = markersOf('RUN  ', 'RUN \x1b');
/**
 * In a run: a new run, a failure block (` FAIL  `), the summary (` Test Files `, cut to 6 characters, which V8 finds
 * fastest), the file and test lines by their result signs, and a test's `→ message`.
 */
const RUN_MARKERS = markersOf('RUN  ', 'RUN \x1b', 'FAIL', 'Test F', '✓', '√', '×', '✗', '❯', '↓', '□', '→');
/** In a failure block whose message is complete: its end (`⎯⎯⎯`), the next block, a new run. */
const BLOCK_END_MARKERS = markersOf('⎯', 'RUN  ', 'RUN \x1b', 'FAIL');
/** The same while the message, full, has no location yet: stack frames too. */
const BLOCK_FRAME_MARKERS = markersOf('⎯', 'RUN  ', 'RUN \x1b', 'FAIL', 'at ', '❯');

interface VitestFile {
  readonly path: string;
  readonly passed: boolean;
  tests: number;
}

interface FailureBlock {
  readonly id: string;
  readonly path: string;
  readonly message: JsFailureMessage;
}

export class VitestParser implements OutcomeParser {
  private readonly outcomes = new RunOutcomes('vitest');
  /** Major version from ` RUN  v3.2.4 /path`: before v2 a test line has no duration to strip. */
  private major: number | undefined;
  private inRun = false;
  private file: VitestFile | undefined;
  private block: FailureBlock | undefined;
  /** The test of the latest line, for the `→ message` lines under it. */
  private latest: PendingOutcome | undefined;

  /** In a failure block, every line matters until its message is full. */
  get markers(): readonly string[] | undefined {
    if (!this.inRun) return IDLE_MARKERS;
    const block = this.block;
    if (!block) return RUN_MARKERS;
    if (!block.message.full) return undefined;
    return block.message.location === undefined ? BLOCK_FRAME_MARKERS : BLOCK_END_MARKERS;
  }

  line(text: string): void {
    const c = text.charCodeAt(0);
    if (c !== 32) {
      if (c === 0x23af /* ⎯ */) this.endBlock();
      else if (text !== '' && this.block) this.block.message.add(text);
      return;
    }
    const c1 = text.charCodeAt(1);
    if (c1 === 82 /* R */ && text.startsWith(' RUN  v')) {
      this.startRun(text);
      return;
    }
    if (!this.inRun) return;
    if (c1 === 70 /* F */ && text.startsWith(' FAIL  ')) {
      this.startBlock(text.slice(7));
      return;
    }
    if (this.block) {
      this.block.message.add(text.slice(1));
      return;
    }
    if (c1 === 84 /* T */ && text.startsWith(' Test Files ')) {
      this.endRun();
      return;
    }
    if (c1 !== 32) {
      this.topLine(text);
    } else {
      this.treeLine(text);
    }
  }

  startStep(): void {
    this.endRun();
  }

  finish(): TestOutcome[] {
    this.endRun();
    return this.outcomes.list();
  }

  private startRun(text: string): void {
    this.endRun();
    const major = Number(/^ RUN {2}v(\d+)\./.exec(text)?.[1]);
    this.major = Number.isInteger(major) ? major : undefined;
    this.inRun = true;
  }

  private endRun(): void {
    this.endBlock();
    this.endFile();
    this.inRun = false;
    this.latest = undefined;
    this.outcomes.forgetRetries();
  }

  /** A file line (` ✓ test/a.test.ts (3 tests) 4ms`) or a verbose test line (` ✓ test/a.test.ts > Cart > adds 2ms`). */
  private topLine(text: string): void {
    const marker = testMarker(text.charCodeAt(1));
    if (!marker || text.charCodeAt(2) !== 32) return;
    const rest = text.slice(3);
    // Every count needs a `)` after its ` (`: without one, `[^)]*` ran from each ` (` to the end (quadratic: 0.1 s for
    // 32 KiB), and no count can match.
    const counts = rest.lastIndexOf(')') > rest.indexOf(' (') ? FILE_COUNTS.exec(rest) : null;
    if (counts?.[1] && !counts[1].includes(' > ')) {
      this.endFile();
      this.file = { path: counts[1].trim(), passed: marker === 'pass', tests: 0 };
      return;
    }
    const gt = rest.indexOf(' > ');
    if (gt <= 0) return;
    this.endFile();
    this.test(rest.slice(0, gt), rest.slice(gt + 3), marker);
  }

  /** Under a file line: `   ✓ Cart > totals > adds 2ms` (v2, v3), `       ✓ adds 2ms` (v4, titles only), `     → message`. */
  private treeLine(text: string): void {
    let indent = 0;
    while (text.charCodeAt(indent) === 32) indent++;
    const c = text.charCodeAt(indent);
    if (c === 0x2192 /* → */) {
      const latest = this.latest;
      if (latest && latest.message === undefined && latest.outcome === 'fail') latest.message = detached(text.slice(indent + 2));
      return;
    }
    const file = this.file;
    const marker = testMarker(c);
    if (!file || !marker || text.charCodeAt(indent + 1) !== 32) return;
    let rest = text.slice(indent + 2);
    if (rest.startsWith(`${file.path} > `)) rest = rest.slice(file.path.length + 3); // v1: `   ❯ file > test`
    else if (indent > 3 && !rest.includes(' > ')) {
      // v4 names only the title under its describe blocks: the failure blocks name these tests in full.
      this.latest = undefined;
      return;
    }
    this.test(file.path, rest, marker);
  }

  private test(path: string, name: string, marker: Outcome | 'todo'): void {
    let rest = name;
    let retries = 0;
    const retry = RETRY.exec(rest);
    if (retry?.[1]) {
      retries = Number(retry[1]);
      rest = rest.slice(0, retry.index);
    }
    if (this.major === undefined || this.major >= 2) rest = rest.replace(DURATION, '');
    const id = rest.split(' > ').join(SEPARATOR);
    if (this.file && this.file.path === path) this.file.tests++;
    const outcome: Outcome = marker === 'todo' ? 'skip' : marker;
    const known = this.outcomes.find(id, path);
    if (known) {
      this.latest = known;
      return;
    }
    const result =
      retries > 0 && (outcome === 'pass' || outcome === 'fail')
        ? this.outcomes.add(id, path, outcome === 'pass' ? 'flaky' : 'fail', retries + 1)
        : this.outcomes.add(id, path, outcome);
    this.latest = result;
  }

  private endFile(): void {
    const file = this.file;
    if (!file) return;
    this.file = undefined;
    // A passing file the default reporter does not expand passed as a whole.
    if (file.passed && file.tests === 0) this.outcomes.add('', file.path, 'pass').packageResult = true;
  }

  /** ` FAIL  test/cart.test.ts > Cart > totals > rounds to cents`. */
  private startBlock(name: string): void {
    this.endFile();
    const gt = name.indexOf(' > ');
    if (gt <= 0) {
      this.endBlock();
      return; // a file that failed to load: its error is the run's, not a test's
    }
    const path = name.slice(0, gt);
    const id = name.slice(gt + 3).split(' > ').join(SEPARATOR);
    // A retried test's block repeats its title once per attempt.
    if (this.block && this.block.id === id && this.block.path === path) return;
    this.endBlock();
    this.block = { id, path, message: new JsFailureMessage() };
  }

  private endBlock(): void {
    const block = this.block;
    if (!block) return;
    this.block = undefined;
    const result = this.outcomes.find(block.id, block.path) ?? this.outcomes.add(block.id, block.path, 'fail');
    const message = block.message.text();
    if (message !== '' && (result.message === undefined || !result.message.includes('\n'))) result.message = detached(message);
    if (block.message.location !== undefined) result.failureLocation = detached(block.message.location);
  }
}

function testMarker(c: number): Outcome | 'todo' | undefined {
  switch (c) {
    case 0x2713: // ✓
    case 0x221a: // √
      return 'pass';
    case 0xd7: // ×
    case 0x2717: // ✗
    case 0x276f: // ❯ (v1: a failed test; a file with failures)
      return 'fail';
    case 0x2193: // ↓
      return 'skip';
    case 0x25a1: // □
      return 'todo';
    default:
      return undefined;
  }
}
