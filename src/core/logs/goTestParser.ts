// Reads `go test` console output, plain (only failures and one `ok <pkg>` line per package) and verbose (`-v`:
// `=== RUN`, `--- PASS`...). A test's package is known only from its package's final `ok`/`FAIL` line, so results
// are held per package and attributed then. Go prints a failed subtest's parent as failed too: both are recorded.
// A race report printed outside a test's output (plain mode) goes to the next failure, which the race caused.
// gotestsum's `standard-verbose` format is this output: its `--rerun-fails` reruns, each ended by a `DONE` line, fold
// into the first run's failures (a failure that passed on a rerun is flaky); its own formats' lines are not ours.

import type { Outcome, TestOutcome } from '../model';
import { MAX_MESSAGE_CHARS, TextHead, clip } from './failureText';
import { detached, markersOf, type OutcomeParser, type OutcomeParserOptions } from './outcomeParser';

const MAX_ERROR_CHARS = 500;
/** Output buffers kept at once for tests that started (`=== RUN`) and have no result yet. */
const MAX_RUNNING_BUFFERS = 256;

const OK_LINE = /^ok {0,4}\t(\S+)/;
const FAIL_LINE = /^FAIL\t(\S+)(.*)$/;
const NO_TESTS_LINE = /^\? {0,4}\t\S/;

/**
 * What {@link GoTestParser.line} acts on with no package pending (nothing to attribute, so that the lines that reset a
 * package change nothing): `\t` (`ok  \tpkg`, `FAIL\tpkg`, `?   \tpkg`: go test prints a tab after the status),
 * `===` (`=== RUN`, gotestsum's `=== Failed`), `PASS`, `FAIL`, `SKIP` (`--- FAIL: TestX`, at any depth), `DONE`
 * (gotestsum's end of a run), `panic:`, `# ` (a build's header) and `WARNING: DATA RACE`. go test prints no colours;
 * markers are short, which are searched fastest.
 */
const IDLE_MARKERS = markersOf('\t', '===', 'PASS', 'FAIL', 'SKIP', 'DONE', 'panic:', '# ', 'WARNING: DATA RACE');
/** With a package pending, the lines that reset it too: gotestsum's (`EMPTY pkg`, `✓  pkg`...). */
const PENDING_MARKERS = markersOf(...IDLE_MARKERS, 'EMPTY', '✓', '✖', '∅');
/** And where a test's output is full but has no location yet, the line that may give it (`x_test.go:12`). */
const LOCATING_MARKERS = markersOf(...PENDING_MARKERS, '_test.go');
/** In a race report whose text is full, only its closing rule (`==================`) matters. */
const RACE_END_MARKERS = markersOf('===');

/** The output of one test: the first lines up to the message bound, and the first `*_test.go:NN` seen. Shared with the `-json` parser. */
export class GoTestOutput {
  private readonly head = new TextHead(MAX_MESSAGE_CHARS);
  location: string | undefined;
  /** A line that is not blank was added. */
  hasText = false;

  /** More lines would change nothing but {@link location}: the text is full. */
  get full(): boolean {
    return this.hasText && this.head.omitted;
  }

  add(line: string): void {
    if (this.location === undefined) this.location = testFileLocation(line);
    if (!this.hasText && line.trim() !== '') this.hasText = true;
    this.head.add(line);
  }

  /** The kept lines, with `…` when some did not fit (even when none is left). */
  text(): string {
    const lines = this.head.lineList();
    if (this.head.omitted) lines.push('…');
    return lines.join('\n');
  }

  /** The kept lines, with `…` only after some kept text (`TextHead.text`): the `-json` parser's message. */
  headText(): string {
    return this.head.text();
  }
}

interface GoResult {
  readonly id: string;
  readonly outcome: Outcome;
  readonly duration: number | undefined;
  readonly output: GoTestOutput | undefined;
}

/** Where the lines that follow belong. */
interface Attachment {
  readonly id: string;
  /** `running`: after `=== RUN/CONT/NAME`, every line; `failed`: after `--- FAIL`, lines indented deeper. */
  readonly mode: 'running' | 'failed';
  readonly indent: number;
  readonly output: GoTestOutput;
}

interface Panic {
  readonly firstLine: string;
  readonly output: GoTestOutput;
  result: GoResult | undefined;
  /** After `running tests:` (Go 1.21+ timeouts): the next tab-indented line names the stuck test. */
  inRunningList: boolean;
}

export class GoTestParser implements OutcomeParser {
  private readonly outcomes: TestOutcome[] = [];
  private readonly onError: ((message: string) => void) | undefined;
  /** Results of the package whose final line has not come yet. */
  private packageResults: GoResult[] = [];
  /** The package printed per-test lines (`-v`, or failures): its `ok` is then not a package-level result. */
  private sawTestLines = false;
  private running = new Map<string, GoTestOutput>();
  private attachment: Attachment | undefined;
  private panic: Panic | undefined;
  /** A `WARNING: DATA RACE` report printed outside any test's output, for the failure it causes. */
  private race: TextHead | undefined;
  /** The race report is still being printed (it ends with a line of `=`). */
  private inRace = false;
  /** gotestsum reruns: 0 in the first run, N in the Nth rerun. */
  private rerun = 0;
  /** gotestsum printed its summary (`=== Failed`): the next `DONE` ends the whole run. */
  private sawSummary = false;
  /** Failures of this gotestsum session, by package and test, for reruns to fold into. */
  private failedInSession = new Map<string, number>();
  /** `# pkg` header of compiler output, and the first error under it. */
  private buildHeader: string | undefined;
  private buildDetail: string | undefined;

  constructor(options: OutcomeParserOptions = {}) {
    this.onError = options.onError;
  }

  /**
   * Every line matters in a race report, a panic whose test is not known yet, a test's output (until it is full), a
   * failed test's messages (any line that is not indented deeper ends them, which decides where a panic goes) and
   * the line after a build's `# pkg` header. Else see {@link IDLE_MARKERS}.
   */
  get markers(): readonly string[] | undefined {
    if (this.inRace) return this.race?.omitted === true ? RACE_END_MARKERS : undefined;
    const panic = this.panic;
    if (panic) return panic.result ? fullOutputMarkers(panic.output) : undefined;
    const attachment = this.attachment;
    if (attachment) return attachment.mode === 'running' ? fullOutputMarkers(attachment.output) : undefined;
    if (this.buildHeader !== undefined && this.buildDetail === undefined) return undefined;
    const pending = this.packageResults.length > 0 || this.sawTestLines || this.running.size > 0 || this.race !== undefined;
    return pending ? PENDING_MARKERS : IDLE_MARKERS;
  }

  line(text: string): void {
    const c = text.charCodeAt(0);
    if (this.inRace) return this.raceLine(text);
    if (c === 111 /* o */) {
      if (text.startsWith('ok ') || text.startsWith('ok\t')) {
        const match = OK_LINE.exec(text);
        if (match?.[1] !== undefined) return this.endPackage(match[1], 'ok');
      }
    } else if (c === 70 /* F */) {
      if (text.startsWith('FAIL\t')) {
        const match = FAIL_LINE.exec(text);
        if (match?.[1] !== undefined) return this.failLine(match[1], match[2] ?? '');
      } else if (text === 'FAIL') {
        return this.endPanic(undefined);
      } else if (text.startsWith('FAIL ')) {
        return this.resetPackage(); // gotestsum's `testname` format: what came before was its output, not ours
      }
    } else if (c === 80 /* P */ || c === 83 /* S */ || c === 69 /* E */) {
      if (text.startsWith('PASS ') || text.startsWith('SKIP ') || text.startsWith('EMPTY ')) return this.resetPackage();
    } else if (c === 0x2713 /* ✓ */ || c === 0x2716 /* ✖ */ || c === 0x2205 /* ∅ */) {
      if (text.startsWith('  ', 1)) return this.resetPackage();
    } else if (c === 68 /* D */) {
      if (text.startsWith('DONE ')) return this.doneLine(text);
    } else if (c === 87 /* W */) {
      if (text === 'WARNING: DATA RACE' && this.attachment?.mode !== 'running' && !this.panic) return this.startRace(text);
    } else if (c === 63 /* ? */) {
      if (NO_TESTS_LINE.test(text)) return this.resetPackage();
    } else if (c === 61 /* = */) {
      if (text.startsWith('=== ')) return this.eventLine(text);
      if (text.startsWith('==================') && this.attachment?.mode !== 'running') return;
    } else if (c === 45 /* - */ || c === 32 /* space */) {
      const indent = c === 45 ? 0 : leadingSpaces(text);
      if (text.startsWith('--- ', indent)) return this.resultLine(text.slice(indent), indent);
    }
    if (this.panic) {
      this.panicLine(text);
    } else if (c === 112 /* p */ && text.startsWith('panic: ')) {
      this.startPanic(text);
    } else if (c === 35 /* # */ && text.startsWith('# ')) {
      this.buildHeader = text.slice(2);
      this.buildDetail = undefined;
    } else if (this.attachment) {
      this.outputLine(text, c);
    } else if (this.buildHeader !== undefined && this.buildDetail === undefined && text !== '') {
      this.buildDetail = text;
    }
  }

  finish(): TestOutcome[] {
    // Results of a package whose final line never came (a log cut short) cannot be attributed: they are dropped.
    this.resetPackage();
    return this.outcomes.slice();
  }

  startStep(): void {
    this.resetPackage();
    this.endSession();
  }

  /** gotestsum's end of a run: reruns follow unless it printed its summary or nothing failed. */
  private doneLine(text: string): void {
    this.resetPackage();
    if (this.sawSummary || !text.includes(' failure')) {
      this.endSession();
    } else {
      this.rerun++;
    }
  }

  private endSession(): void {
    this.rerun = 0;
    this.sawSummary = false;
    this.failedInSession = new Map();
  }

  private startRace(text: string): void {
    this.attachment = undefined;
    this.race = new TextHead(MAX_MESSAGE_CHARS);
    // The line of `=` before the warning was not kept: every report has one.
    this.race.add('==================');
    this.race.add(text);
    this.inRace = true;
  }

  private raceLine(text: string): void {
    this.race?.add(text);
    if (text.startsWith('==================')) this.inRace = false;
  }

  private eventLine(text: string): void {
    const rest = text.slice(4);
    const space = rest.indexOf(' ');
    const event = space === -1 ? rest : rest.slice(0, space);
    const name = space === -1 ? '' : rest.slice(space + 1).trim();
    if (event === 'RUN') {
      this.sawTestLines = true;
      if (name === '') return;
      let output = this.running.get(name);
      if (!output && this.running.size < MAX_RUNNING_BUFFERS) {
        output = new GoTestOutput();
        this.running.set(name, output);
      }
      this.attachment = output ? { id: name, mode: 'running', indent: 0, output } : undefined;
    } else if (event === 'CONT' || event === 'NAME') {
      const output = this.running.get(name);
      this.attachment = output ? { id: name, mode: 'running', indent: 0, output } : undefined;
    } else {
      // `=== PAUSE`, and gotestsum's summary (`=== Failed`, `=== FAIL: pkg TestX`) which repeats what came before.
      this.attachment = undefined;
      if (event === 'Failed' || event === 'Skipped' || event === 'Errors') this.sawSummary = true;
    }
  }

  /** `--- PASS: TestX/sub (0.00s)`, indented by four spaces per subtest level. */
  private resultLine(trimmed: string, indent: number): void {
    const colon = trimmed.indexOf(': ', 4);
    if (colon === -1) return;
    const kind = trimmed.slice(4, colon);
    const outcome: Outcome | undefined =
      kind === 'PASS' ? 'pass' : kind === 'FAIL' ? 'fail' : kind === 'SKIP' ? 'skip' : undefined;
    if (!outcome) return; // `--- BENCH:`
    let name = trimmed.slice(colon + 2);
    let duration: number | undefined;
    const paren = name.lastIndexOf(' (');
    if (paren !== -1 && name.endsWith('s)')) {
      const seconds = Number(name.slice(paren + 2, -2));
      if (Number.isFinite(seconds)) duration = seconds;
      name = name.slice(0, paren);
    }
    if (name === '' || name.includes(' ')) return;
    this.endPanic(undefined);
    this.sawTestLines = true;
    const buffered = this.running.get(name);
    this.running.delete(name);
    if (outcome === 'fail') {
      const output = buffered ?? new GoTestOutput();
      const race = this.race;
      if (race) {
        this.race = undefined;
        for (const line of race.rawLines()) output.add(line);
      }
      this.packageResults.push({ id: name, outcome, duration, output });
      this.attachment = { id: name, mode: 'failed', indent, output };
    } else {
      this.packageResults.push({ id: name, outcome, duration, output: undefined });
      this.attachment = undefined;
    }
  }

  private outputLine(text: string, first: number): void {
    const attachment = this.attachment;
    if (!attachment) return;
    if (attachment.mode === 'running') {
      attachment.output.add(dedent(text, 4));
      return;
    }
    // After `--- FAIL`, its messages are indented deeper than the result line; anything else is someone else's.
    const indented = first === 32 || first === 9;
    if (indented && leadingSpaces(text) > attachment.indent) {
      attachment.output.add(dedent(text, attachment.indent + 4));
    } else if (text !== '') {
      this.attachment = undefined;
    }
  }

  /** A panic ends the test binary; it belongs to the running (or just failed) test, else to the test in the trace. */
  private startPanic(text: string): void {
    const attachment = this.attachment;
    let result: GoResult | undefined;
    let output: GoTestOutput;
    if (attachment) {
      output = attachment.output;
      result = this.packageResults.find((r) => r.output === output);
      if (!result) {
        result = { id: attachment.id, outcome: 'fail', duration: undefined, output };
        this.packageResults.push(result);
        this.running.delete(attachment.id);
      }
    } else {
      output = new GoTestOutput();
    }
    this.attachment = undefined;
    this.sawTestLines = true;
    this.panic = { firstLine: text, output, result, inRunningList: false };
    output.add(text);
  }

  private panicLine(text: string): void {
    const panic = this.panic;
    if (!panic) return;
    panic.output.add(text);
    if (panic.result) return;
    if (text === 'running tests:') {
      panic.inRunningList = true;
      return;
    }
    const id = panic.inRunningList ? runningListTest(text) : testFunctionInFrame(text);
    panic.inRunningList = false;
    if (id !== undefined) {
      panic.result = { id, outcome: 'fail', duration: undefined, output: panic.output };
      this.packageResults.push(panic.result);
    }
  }

  private endPanic(pkg: string | undefined): void {
    const panic = this.panic;
    if (!panic) return;
    this.panic = undefined;
    if (!panic.result) this.reportError(`go: panic outside a test${pkg ? ` in ${pkg}` : ''}: ${panic.firstLine}`);
  }

  private failLine(pkg: string, rest: string): void {
    const status = rest.trim();
    if (status.startsWith('[') && status.endsWith(' failed]')) {
      // `FAIL pkg [build failed]`, `[setup failed]`: the package's tests never ran.
      const header = this.buildHeader;
      const detail = header !== undefined && (header === pkg || header.startsWith(`${pkg} `)) ? this.buildDetail : undefined;
      this.reportError(`go: ${pkg} ${status}${detail ? `: ${detail}` : ''}`);
      this.buildHeader = undefined;
      this.buildDetail = undefined;
      this.resetPackage();
      return;
    }
    this.endPackage(pkg, 'fail');
  }

  private endPackage(name: string, status: 'ok' | 'fail'): void {
    this.endPanic(name);
    const pkg = detached(name);
    const results = this.packageResults;
    for (const result of results) {
      const id = detached(result.id);
      const { duration } = result;
      // The duration in the literal: added after it, it would take a property array of its own (40 bytes a test).
      const outcome: { -readonly [K in keyof TestOutcome]: TestOutcome[K] } =
        duration !== undefined ? { id, suite: pkg, framework: 'gotest', outcome: result.outcome, attempt: 1, duration } : { id, suite: pkg, framework: 'gotest', outcome: result.outcome, attempt: 1 };
      if (result.outcome === 'fail') {
        // A parent failed because of its subtests prints nothing itself: show the first failed subtest's message.
        const source = hasText(result.output) ? result.output : firstFailedChild(results, result.id)?.output;
        const message = source?.text();
        if (message) outcome.message = detached(message);
        if (source?.location !== undefined) outcome.failureLocation = detached(source.location);
      }
      this.record(outcome);
    }
    if (status === 'ok' && !this.sawTestLines) {
      this.outcomes.push({ id: '', suite: pkg, framework: 'gotest', outcome: 'pass', attempt: 1, packageResult: true });
    }
    this.resetPackage();
  }

  /** Adds an outcome, or folds a gotestsum rerun's result into the failure it reruns. */
  private record(outcome: { -readonly [K in keyof TestOutcome]: TestOutcome[K] }): void {
    const key = `${outcome.suite}\u001f${outcome.id}`;
    const earlier = this.rerun > 0 ? this.failedInSession.get(key) : undefined;
    const first = earlier === undefined ? undefined : this.outcomes[earlier];
    if (earlier !== undefined && first && (outcome.outcome === 'pass' || outcome.outcome === 'fail')) {
      this.outcomes[earlier] = { ...first, outcome: outcome.outcome === 'pass' ? 'flaky' : 'fail', attempt: this.rerun + 1 };
      return;
    }
    if (outcome.outcome === 'fail' && this.rerun === 0) this.failedInSession.set(key, this.outcomes.length);
    this.outcomes.push(outcome);
  }

  private resetPackage(): void {
    this.endPanic(undefined);
    this.race = undefined;
    this.inRace = false;
    this.packageResults = [];
    this.sawTestLines = false;
    this.running = new Map();
    this.attachment = undefined;
  }

  private reportError(message: string): void {
    this.onError?.(detached(clip(message, MAX_ERROR_CHARS)));
  }
}

/** Where every line goes to `output`: those that change something once it is full, or undefined before. */
function fullOutputMarkers(output: GoTestOutput): readonly string[] | undefined {
  if (!output.full) return undefined;
  return output.location === undefined ? LOCATING_MARKERS : PENDING_MARKERS;
}

function hasText(output: GoTestOutput | undefined): output is GoTestOutput {
  return output !== undefined && output.hasText;
}

function firstFailedChild(results: readonly GoResult[], parent: string): GoResult | undefined {
  const prefix = `${parent}/`;
  return results.find((r) => r.outcome === 'fail' && r.id.startsWith(prefix) && hasText(r.output));
}

function leadingSpaces(text: string): number {
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return i;
}

/** Removes up to `count` leading spaces (a tab counts as one level of four). */
function dedent(text: string, count: number): string {
  let i = 0;
  let removed = 0;
  while (i < text.length && removed < count) {
    const c = text.charCodeAt(i);
    if (c === 32) removed += 1;
    else if (c === 9) removed += 4;
    else break;
    i++;
  }
  return i === 0 ? text : text.slice(i);
}

/** The first `name_test.go:NN` token of a line, as printed (a bare file name in `t.Log`, a path in a trace). */
export function testFileLocation(line: string): string | undefined {
  const at = line.indexOf('_test.go:');
  if (at === -1) return undefined;
  let start = at;
  while (start > 0) {
    const c = line.charCodeAt(start - 1);
    if (c === 32 || c === 9) break;
    start--;
  }
  let end = at + 9;
  while (end < line.length) {
    const c = line.charCodeAt(end);
    if (c < 48 || c > 57) break;
    end++;
  }
  if (end === at + 9) return undefined;
  return line.slice(start, end);
}

/** `\tTestStuck (10m0s)` under `running tests:`. */
function runningListTest(line: string): string | undefined {
  if (line.charCodeAt(0) !== 9) return undefined;
  const paren = line.indexOf(' (');
  const name = (paren === -1 ? line : line.slice(0, paren)).trim();
  return name === '' || name.includes(' ') ? undefined : name;
}

/** `github.com/acme/pkg.TestName(0xc000...)` or `pkg.TestName.func1(...)` in a goroutine trace → `TestName`. */
function testFunctionInFrame(line: string): string | undefined {
  const first = line.charCodeAt(0);
  if (first === 9 || first === 32 || line.startsWith('testing.')) return undefined;
  const at = line.indexOf('.Test');
  if (at === -1) return undefined;
  let end = at + 1;
  while (end < line.length) {
    const c = line.charCodeAt(end);
    if (c === 46 /* . */ || c === 40 /* ( */ || c === 91 /* [ */) break;
    end++;
  }
  const name = line.slice(at + 1, end);
  return end < line.length && name.length > 4 ? name : undefined;
}
