// Reads jest's default reporter: a `PASS path` / `FAIL path` line per test file, with `--verbose` the tree of its
// describe blocks and tests (`✓ name (12 ms)`, `✕`, `○ skipped`, `✎ todo`, two spaces of indentation per level),
// then one `● describe › test` block per failure. Ids are the describe path and the title joined by ` › `, as jest
// prints them in those blocks; the suite is the test file. With `retryTimes(n, { logErrorsBeforeRetry: true })`,
// jest prints `LOGGING RETRY ERRORS  <full name>` before the file's line: a retried test that passed is flaky.
// Without `--verbose` only failures are named; a file that passed is one suite-level result.

import type { Outcome, TestOutcome } from '../model';
import { clip } from './failureText';
import { JsFailureMessage } from './jsFailureText';
import { detached, markersOf, type OutcomeParser, type OutcomeParserOptions } from './outcomeParser';
import { RunOutcomes, type PendingOutcome } from './runOutcomes';

const MAX_ERROR_CHARS = 500;
const MAX_DEPTH = 64;
/** Retried tests remembered before their file's line comes. */
const MAX_RETRIED = 1000;
const SEPARATOR = ' › ';
/**
 * Outside a file, only a file's line (`PASS path`, `FAIL path`), a retry log's (` LOGGING RETRY ERRORS  name`, cut
 * to 6 characters, which V8 finds fastest) and the run's summary (`Test Suites:`, where a run ends) matter. Inside one, every line does: any line not indented ends it.
 * (`PASS ` and `PASS\x1b` would leave out `FAILED` and `PASS-through`, but each marker costs a search of the whole
 * log: more than the few lines it saves.)
 */
const IDLE_MARKERS = markersOf('PASS', 'FAIL', 'LOGGIN', 'Test S');

interface JestFile {
  readonly path: string;
  readonly passed: boolean;
  /** Describe titles by depth, from the latest lines of the tree. */
  readonly describes: string[];
  /** The file printed per-test lines. */
  tree: boolean;
  /** Retry counts of its tests, by their space-joined full name (`Poller eventually responds`). */
  readonly retried: ReadonlyMap<string, Retried>;
}

/** A test jest retried: how often, and the first retried attempt's error. */
interface Retried {
  count: number;
  readonly message: JsFailureMessage;
}

interface FailureBlock {
  readonly file: JestFile;
  readonly title: string;
  readonly message: JsFailureMessage;
}

export class JestParser implements OutcomeParser {
  private readonly outcomes = new RunOutcomes('jest');
  private readonly onError: ((message: string) => void) | undefined;
  private file: JestFile | undefined;
  private block: FailureBlock | undefined;
  /** Retries logged since the last file line, for the next file. */
  private retried = new Map<string, Retried>();
  /** Inside a `LOGGING RETRY ERRORS` block, whose lines are the retried attempts' errors: the test's full name. */
  private retryLogOf: string | undefined;

  constructor(options: OutcomeParserOptions = {}) {
    this.onError = options.onError;
  }

  get markers(): readonly string[] | undefined {
    return this.file || this.retryLogOf !== undefined ? undefined : IDLE_MARKERS;
  }

  line(text: string): void {
    const c = text.charCodeAt(0);
    if (c === 80 /* P */ || c === 70 /* F */) {
      if (text.startsWith('PASS ') || text.startsWith('FAIL ')) {
        this.startFile(text);
        return;
      }
    } else if (c === 32 /* space */) {
      if (text.startsWith(' LOGGING RETRY ERRORS ')) {
        this.endBlock();
        this.retryLogOf = text.slice(22).trim();
        return;
      }
      if (this.retryLogOf !== undefined) {
        if (text.startsWith(' RETRY ')) this.retryLine(this.retryLogOf, text);
        else this.retryMessageLine(this.retryLogOf, text);
        return;
      }
      if (this.file) this.fileLine(this.file, text);
      return;
    }
    if (text === '') return;
    // Anything else at the line's start ends the file: its summary, another tool's output.
    this.retryLogOf = undefined;
    this.endFile();
    // The run's summary comes after its failure blocks (and their repeat under `Summary of all failing tests`): a
    // test named again later is another run's.
    if (c === 84 /* T */ && text.startsWith('Test Suites:')) this.outcomes.forgetRetries();
  }

  startStep(): void {
    this.endFile();
    this.outcomes.forgetRetries();
    this.retried = new Map();
    this.retryLogOf = undefined;
  }

  finish(): TestOutcome[] {
    this.endFile();
    return this.outcomes.list();
  }

  /** `PASS src/cart.test.js`, `FAIL src/cart.test.js (5.2 s)`, `PASS  unit  src/cart.test.js` (a project badge). */
  private startFile(text: string): void {
    this.endFile();
    let rest = text.slice(5).trim();
    if (rest.endsWith(')')) {
      const paren = rest.lastIndexOf(' (');
      if (paren !== -1 && /^\(\d[\d.]* m?s\)$/.test(rest.slice(paren + 1))) rest = rest.slice(0, paren);
    }
    const badge = rest.lastIndexOf('  ');
    if (badge !== -1) rest = rest.slice(badge + 2).trim();
    // A test file has an extension (`cart.test.ts`): gotestsum's `FAIL poll` is no jest line.
    if (rest === '' || rest.includes(' ') || !/\.\w+$/.test(rest)) return;
    this.file = { path: rest, passed: text.startsWith('PASS'), describes: [], tree: false, retried: this.retried };
    this.retried = new Map();
    this.retryLogOf = undefined;
  }

  private endFile(): void {
    this.endBlock();
    const file = this.file;
    if (!file) return;
    this.file = undefined;
    if (file.passed && !file.tree) {
      // Without --verbose a passing file names no test: it passed as a whole.
      this.outcomes.add('', file.path, 'pass').packageResult = true;
    }
  }

  private fileLine(file: JestFile, text: string): void {
    let indent = 0;
    while (text.charCodeAt(indent) === 32) indent++;
    const c = text.charCodeAt(indent);
    if (c === 0x25cf /* ● */ && indent === 2) {
      this.startBlock(file, text.slice(indent + 2).trim());
      return;
    }
    if (this.block) {
      this.block.message.add(text.startsWith('    ') ? text.slice(4) : text.trimStart());
      return;
    }
    if (indent < 2 || indent % 2 !== 0) return;
    const depth = indent / 2 - 1;
    if (depth >= MAX_DEPTH) return;
    const marker = testMarker(c);
    if (!marker) {
      // A describe block's title.
      file.describes.length = depth;
      file.describes.push(text.slice(indent));
      return;
    }
    let title = text.slice(indent + 2);
    if (marker === 'skip' && title.startsWith('skipped ')) title = title.slice(8);
    else if (marker === 'todo' && title.startsWith('todo ')) title = title.slice(5);
    else title = withoutDuration(title);
    const path = file.describes.slice(0, depth);
    path.push(title);
    file.tree = true;
    const id = path.join(SEPARATOR);
    const retried = file.retried.get(path.join(' '));
    const outcome: Outcome = marker === 'todo' ? 'skip' : marker;
    if (retried !== undefined && (outcome === 'pass' || outcome === 'fail')) {
      const result = this.outcomes.add(id, file.path, outcome === 'pass' ? 'flaky' : 'fail', retried.count + 1);
      if (outcome === 'pass') this.retryMessage(result, retried);
    } else {
      this.outcomes.add(id, file.path, outcome);
    }
  }

  private startBlock(file: JestFile, title: string): void {
    this.endBlock();
    this.block = { file, title, message: new JsFailureMessage() };
  }

  private endBlock(): void {
    const block = this.block;
    if (!block) return;
    this.block = undefined;
    if (block.title === 'Test suite failed to run') {
      const first = block.message.text().split('\n')[0] ?? '';
      this.onError?.(detached(clip(`jest: ${block.file.path} failed to run: ${first}`, MAX_ERROR_CHARS)));
      return;
    }
    let result: PendingOutcome | undefined = this.outcomes.find(block.title, block.file.path);
    if (!result) {
      // Without --verbose the failure blocks are the only place a failed test is named.
      const retried = block.file.retried.get(block.title.split(SEPARATOR).join(' '));
      result = this.outcomes.add(block.title, block.file.path, 'fail', retried === undefined ? 1 : retried.count + 1);
    }
    if (result.message === undefined) {
      const message = block.message.text();
      if (message !== '') result.message = detached(message);
      if (block.message.location !== undefined) result.failureLocation = detached(block.message.location);
    }
  }

  /** ` RETRY 2 ` under ` LOGGING RETRY ERRORS  Poller eventually responds`: the test was retried twice. */
  private retryLine(name: string, text: string): void {
    const count = Number(text.trim().slice(6));
    if (name === '' || !Number.isInteger(count) || count < 1) return;
    const known = this.retried.get(name);
    if (known) known.count = Math.max(count, known.count);
    else if (this.retried.size < MAX_RETRIED) this.retried.set(name, { count, message: new JsFailureMessage() });
  }

  /** The error of the first retried attempt: a flaky test's message. */
  private retryMessageLine(name: string, text: string): void {
    const retried = this.retried.get(name);
    if (retried && retried.count === 1) retried.message.add(text.startsWith('    ') ? text.slice(4) : text.trimStart());
  }

  private retryMessage(result: PendingOutcome, retried: Retried): void {
    const message = retried.message.text();
    if (message !== '') result.message = detached(message);
    if (retried.message.location !== undefined) result.failureLocation = detached(retried.message.location);
  }
}

function testMarker(c: number): 'pass' | 'fail' | 'skip' | 'todo' | undefined {
  switch (c) {
    case 0x2713: // ✓
    case 0x221a: // √ (Windows)
      return 'pass';
    case 0x2715: // ✕
    case 0xd7: // × (Windows)
      return 'fail';
    case 0x25cb: // ○
      return 'skip';
    case 0x270e: // ✎
      return 'todo';
    default:
      return undefined;
  }
}

/** `adds line items (16 ms)` → `adds line items`. */
function withoutDuration(title: string): string {
  if (!title.endsWith(' ms)') && !title.endsWith(' s)')) return title;
  const paren = title.lastIndexOf(' (');
  return paren > 0 && /^\(\d[\d.]* m?s\)$/.test(title.slice(paren + 1)) ? title.slice(0, paren) : title;
}
