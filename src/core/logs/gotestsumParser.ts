// Reads gotestsum's own console formats: `testname` (`PASS pkg.TestX (0.00s)`), `pkgname`/`short` (`✓  pkg (12ms)`),
// `dots`, and the summary every format ends with (`=== Failed`, `=== FAIL: pkg TestX (0.00s)` and its output,
// `DONE 12 tests, 1 failure in 0.5s`). With `--rerun-fails`, each rerun ends with its own `DONE N runs, ...` line and
// failures of reruns say `(re-run N)`: a test that failed and then passed on a rerun is one flaky outcome.
// `standard-verbose` and `standard-quiet` are `go test`'s own output, read by the go test parser; this parser
// leaves runs in those formats alone. Packages are named as gotestsum prints them (relative to the module).

import type { TestOutcome } from '../model';
import { MAX_MESSAGE_CHARS, TextHead } from './failureText';
import { testFileLocation } from './goTestParser';
import { detached, markersOf, type OutcomeParser } from './outcomeParser';
import { RunOutcomes } from './runOutcomes';

/** Summary entries kept per session; a run with more failures than this keeps the first ones. */
const MAX_SECTION_ENTRIES = 2000;

/**
 * Every line {@link GotestsumParser.line} acts on outside a summary entry holds one of these, colours included:
 * `PASS`, `FAIL`, `SKIP`, `EMPTY` (gotestsum colours the word alone), `✓`, `✖`, `∅`, `===` and `DONE`.
 */
const MARKERS = markersOf('PASS', 'FAIL', 'SKIP', 'EMPTY', '✓', '✖', '∅', '===', 'DONE');
/**
 * Before this session's first line of gotestsum's formats, the `dots` line too, which says the summary is ours:
 * `[calc]·····[poll]·✖✖✖↷` holds a dot (coloured one by one) or, for a package with none yet, `][`.
 */
const UNOWNED_MARKERS = markersOf(...MARKERS, '·', '↷', '][');
/** In a summary entry whose text is full but has no location yet, the line that may give it (`x_test.go:12`). */
const LOCATING_MARKERS = markersOf(...MARKERS, '_test.go');
const UNOWNED_LOCATING_MARKERS = markersOf(...UNOWNED_MARKERS, '_test.go');

interface SectionEntry {
  readonly kind: 'FAIL' | 'SKIP';
  readonly pkg: string;
  readonly test: string;
  /** 0 for the first run, N for `(re-run N)`. */
  readonly rerun: number;
  readonly output: TextHead;
  location: string | undefined;
}

interface PackageState {
  failed: boolean;
  passed: boolean;
}

export class GotestsumParser implements OutcomeParser {
  private readonly outcomes = new RunOutcomes('gotest');
  /** Lines of gotestsum's own formats were seen in this session: its summary is then ours to read. */
  private owned = false;
  /** `testname` lines give every result; otherwise only the summary sections name tests. */
  private perTestLines = false;
  private sections: SectionEntry[] = [];
  private entry: SectionEntry | undefined;
  private inSummary = false;
  private readonly packages = new Map<string, PackageState>();
  private runs = 1;

  /**
   * A summary entry takes every indented or blank line until its text is full (then only its location, if none yet,
   * and what ends it); see {@link MARKERS}.
   */
  get markers(): readonly string[] | undefined {
    const entry = this.entry;
    if (entry) {
      if (!entry.output.omitted) return undefined;
      if (entry.location === undefined) return this.owned ? LOCATING_MARKERS : UNOWNED_LOCATING_MARKERS;
    }
    return this.owned ? MARKERS : UNOWNED_MARKERS;
  }

  line(text: string): void {
    const c = text.charCodeAt(0);
    if (this.entry) {
      if (c === 32 || c === 9 || text === '') {
        this.entryLine(text);
        return;
      }
      this.entry = undefined;
    }
    if (c === 80 /* P */ || c === 70 /* F */ || c === 83 /* S */ || c === 69 /* E */) {
      if (text.startsWith('PASS ') || text.startsWith('FAIL ') || text.startsWith('SKIP ') || text.startsWith('EMPTY ')) this.testnameLine(text);
    } else if (c === 0x2713 /* ✓ */ || c === 0x2716 /* ✖ */ || c === 0x2205 /* ∅ */) {
      this.packageLine(text);
    } else if (c === 91 /* [ */) {
      if (this.isDotsLine(text)) this.owned = true;
    } else if (c === 61 /* = */) {
      if (text.startsWith('=== ')) this.sectionLine(text);
    } else if (c === 68 /* D */) {
      if (text.startsWith('DONE ')) this.doneLine(text);
    }
  }

  startStep(): void {
    this.endSession();
  }

  finish(): TestOutcome[] {
    this.endSession();
    return this.outcomes.list();
  }

  /** `PASS pkg.TestX (0.00s)`, `FAIL pkg.TestX (re-run 1) (0.01s)`, or a package's `PASS pkg (cached)`. */
  private testnameLine(text: string): void {
    const space = text.indexOf(' ');
    const word = text.slice(0, space);
    let rest = text.slice(space + 1);
    let duration: number | undefined;
    const paren = rest.lastIndexOf(' (');
    if (paren !== -1 && rest.endsWith(')')) {
      const inside = rest.slice(paren + 2, -1);
      if (inside.endsWith('s') && Number.isFinite(Number(inside.slice(0, -1)))) {
        duration = Number(inside.slice(0, -1));
        rest = rest.slice(0, paren);
      } else if (inside === 'cached' || inside.startsWith('coverage') || inside.endsWith('ms')) {
        rest = rest.slice(0, paren);
      }
    }
    let rerun = 0;
    const rerunAt = rest.indexOf(' (re-run ');
    if (rerunAt !== -1 && rest.endsWith(')')) {
      rerun = Number(rest.slice(rerunAt + 9, -1));
      if (!Number.isInteger(rerun)) return;
      rest = rest.slice(0, rerunAt);
    }
    if (rest === '' || rest.includes(' ')) return;
    const split = testStart(rest);
    if (split === -1) {
      // A package line: `PASS calc (cached)`, `FAIL poll`, `EMPTY pkg`.
      if (word === 'SKIP') return;
      this.owned = true;
      this.packageStatus(rest, word === 'FAIL' ? 'fail' : 'pass');
      return;
    }
    if (word === 'EMPTY') return;
    this.owned = true;
    this.perTestLines = true;
    const pkg = rest.slice(0, split);
    const test = rest.slice(split + 1);
    const outcome = word === 'PASS' ? 'pass' : word === 'FAIL' ? 'fail' : 'skip';
    const result = rerun > 0 ? this.outcomes.attempt(test, pkg, outcome, rerun + 1) : this.outcomes.add(test, pkg, outcome);
    if (duration !== undefined && result.duration === undefined) result.duration = duration;
  }

  /** `✓  calc (cached)`, `✖  poll (6ms)`, `∅  internal/tools`. */
  private packageLine(text: string): void {
    if (text.charCodeAt(1) !== 32 || text.charCodeAt(2) !== 32) return;
    let pkg = text.slice(3);
    const paren = pkg.indexOf(' (');
    if (paren !== -1) pkg = pkg.slice(0, paren);
    if (pkg === '' || pkg.includes(' ')) return;
    this.owned = true;
    const first = text.charCodeAt(0);
    if (first === 0x2205) return;
    this.packageStatus(pkg, first === 0x2716 ? 'fail' : 'pass');
  }

  private packageStatus(pkg: string, status: 'pass' | 'fail'): void {
    let state = this.packages.get(pkg);
    if (!state) {
      state = { failed: false, passed: false };
      this.packages.set(pkg, state);
    }
    if (status === 'fail') state.failed = true;
    else state.passed = true;
  }

  /**
   * `[calc]·····[poll]·✖✖✖↷`: a package and a dot, or the next package. A line of one `[word]` alone is not taken
   * (`[INFO]`, `[ci]`): dots-v1 prints each finished test's dot on the line of its package's name.
   */
  private isDotsLine(text: string): boolean {
    const close = text.indexOf(']');
    if (close < 2) return false;
    const next = text.charCodeAt(close + 1);
    if (next !== 0xb7 /* · */ && next !== 0x2716 && next !== 0x21b7 /* ↷ */ && next !== 91) return false;
    return text.lastIndexOf(' ', close) === -1;
  }

  /** `=== Skipped`, `=== Failed`, `=== Errors`, and entries `=== FAIL: pkg TestX (re-run 1) (0.00s)`. */
  private sectionLine(text: string): void {
    if (text === '=== Skipped' || text === '=== Failed' || text === '=== Errors') {
      this.inSummary = true;
      return;
    }
    if (!this.inSummary) return;
    const kind = text.startsWith('=== FAIL: ') ? 'FAIL' : text.startsWith('=== SKIP: ') ? 'SKIP' : undefined;
    if (!kind) return;
    let rest = text.slice(10);
    if (rest.endsWith(')')) {
      const paren = rest.lastIndexOf(' (');
      if (paren !== -1) rest = rest.slice(0, paren);
    }
    let rerun = 0;
    const rerunAt = rest.indexOf(' (re-run ');
    if (rerunAt !== -1 && rest.endsWith(')')) {
      rerun = Number(rest.slice(rerunAt + 9, -1)) || 0;
      rest = rest.slice(0, rerunAt);
    }
    const space = rest.indexOf(' ');
    if (space <= 0) return;
    const pkg = rest.slice(0, space);
    const test = rest.slice(space + 1);
    if (test === '' || test.includes(' ') || this.sections.length >= MAX_SECTION_ENTRIES) return;
    this.entry = { kind, pkg, test, rerun, output: new TextHead(MAX_MESSAGE_CHARS), location: undefined };
    this.sections.push(this.entry);
  }

  private entryLine(text: string): void {
    const entry = this.entry;
    if (!entry) return;
    const line = text.startsWith('    ') ? text.slice(4) : text.trimStart();
    if (line.startsWith('--- FAIL: ') || line.startsWith('--- SKIP: ') || line.startsWith('=== RUN ')) return;
    if (entry.location === undefined) entry.location = testFileLocation(line);
    entry.output.add(line);
  }

  /** `DONE 12 tests, 1 failure in 0.5s`, `DONE 2 runs, 13 tests, ...`: the end of a run; reruns may follow. */
  private doneLine(text: string): void {
    const runs = /^DONE (\d+) runs?, /.exec(text);
    if (runs?.[1] !== undefined) this.runs = Number(runs[1]);
    // gotestsum prints its summary once, after the last run: a DONE without it, of a run with failures, has reruns after it.
    const last = this.inSummary || !text.includes(' failure');
    this.entry = undefined;
    if (last) this.endSession();
  }

  private endSession(): void {
    this.entry = undefined;
    if (this.owned) this.readSummary();
    this.owned = false;
    this.perTestLines = false;
    this.sections = [];
    this.inSummary = false;
    this.packages.clear();
    this.runs = 1;
    this.outcomes.forgetRetries();
  }

  private readSummary(): void {
    if (this.perTestLines) {
      // Every result was printed: the summary only adds the failures' output.
      for (const entry of this.sections) {
        const result = this.outcomes.find(entry.test, entry.pkg);
        if (!result || result.message !== undefined || (result.outcome !== 'fail' && result.outcome !== 'flaky')) continue;
        this.attach(result, entry);
      }
      return;
    }
    const failures = new Map<string, SectionEntry[]>();
    for (const entry of this.sections) {
      if (entry.kind === 'SKIP') {
        if (!this.outcomes.find(entry.test, entry.pkg)) this.outcomes.add(entry.test, entry.pkg, 'skip');
        continue;
      }
      const key = `${entry.pkg}\u001f${entry.test}`;
      const list = failures.get(key);
      if (list) list.push(entry);
      else failures.set(key, [entry]);
      this.packageStatus(entry.pkg, 'fail');
    }
    for (const entries of failures.values()) {
      const first = entries[0];
      if (!first) continue;
      const lastRerun = Math.max(...entries.map((e) => e.rerun));
      // A test rerun after its last failure and not failing again passed on that rerun.
      const passedLater = lastRerun + 1 < this.runs;
      const result = this.outcomes.add(first.test, first.pkg, passedLater ? 'flaky' : 'fail', passedLater ? lastRerun + 2 : lastRerun + 1);
      this.attach(result, entries.find((e) => e.output.size > 0) ?? first);
    }
    for (const [pkg, state] of this.packages) {
      if (state.passed && !state.failed) {
        const result = this.outcomes.add('', pkg, 'pass');
        result.packageResult = true;
      }
    }
  }

  private attach(result: { message?: string; failureLocation?: string }, entry: SectionEntry): void {
    const message = entry.output.text();
    if (message !== '') result.message = detached(message);
    if (entry.location !== undefined) result.failureLocation = detached(entry.location);
  }
}

/** Where the test name starts in `pkg.TestX/sub`: the `.` before `Test`, `Example`, `Fuzz` or `Benchmark`. */
function testStart(name: string): number {
  for (let dot = name.indexOf('.'); dot !== -1; dot = name.indexOf('.', dot + 1)) {
    const rest = name.slice(dot + 1);
    if (rest.startsWith('Test') || rest.startsWith('Example') || rest.startsWith('Fuzz') || rest.startsWith('Benchmark')) {
      const slash = name.indexOf('/', dot);
      // A `.` inside a subtest name is not the package's end.
      if (slash === -1 || slash > dot) return dot;
    }
  }
  return -1;
}
