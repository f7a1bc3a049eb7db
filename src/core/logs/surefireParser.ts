// Reads Maven Surefire's and Failsafe's console output (2.x and 3.x): `Running com.acme.FooTest`, one line per
// failed test with its exception under it (`com.acme.FooTest.bar -- Time elapsed: 0.01 s <<< FAILURE!` in 3.x,
// `bar(com.acme.FooTest)  Time elapsed: 0.01 s  <<< FAILURE!` in 2.x), the class's `Tests run: 3, Failures: 1, ...
// in com.acme.FooTest`, and the results after the run, where `rerunFailingTestsCount` lists each rerun
// (`Run 1: ...`, `Run 2: PASS`) and a `Flakes:` section: a test that passed on a rerun is flaky. Surefire names
// only failures: a class without any is one suite-level pass. Ids follow jvmTestNames.ts.

import type { TestOutcome } from '../model';
import { endJvmFailure, jvmFrameLocation, splitJvmTest, startJvmFailure, type JvmFailure } from './jvmTestNames';
import { detached, markersOf, type OutcomeParser } from './outcomeParser';
import { RunOutcomes, type PendingOutcome } from './runOutcomes';

/** Classes remembered per module to split `com.acme.FooTest.bar` where its class ends. */
const MAX_CLASSES = 100_000;
// Read on lines without their trailing whitespace: a `\s*$` after the lazy elapsed time tried every position of a
// long run of spaces to its end (quadratic: 0.9 s for 32 KiB).
const TESTS_RUN = /^Tests run: (\d+), Failures: (\d+), Errors: (\d+), Skipped: (\d+)(?:, Flakes: (\d+))?(?:, Time elapsed: [^-<]*?)?(?: <<< (?:FAILURE|ERROR)!)?(?: --? in (\S+))?$/;
/** The end of a failed test's line, read from the last `Time elapsed: ` (see {@link failedTestName}). */
const TEST_FAILED_TAIL = /^Time elapsed: [\d.,]+ s(?:ec)?\s+<<< (FAILURE|ERROR)!$/;

type Section = 'failures' | 'errors' | 'flakes';

/**
 * Every line {@link SurefireParser.line} acts on outside a failure's exception and the results' lists holds one of
 * these (Maven's level and colours go around them; cut to six characters, which are searched fastest): `Runnin`
 * (`Running com.acme.FooTest`), `Tests ` (`Tests run:`, `Tests in error:`), `Fail` (`Failures:`, `Failed tests:`),
 * `Flake` (`Flakes:`, `Flaked tests:`), `Errors` and `Time e` (a failed test's `Time elapsed: ... <<< FAILURE!`).
 */
const MARKERS = markersOf('Runnin', 'Tests ', 'Fail', 'Flake', 'Errors', 'Time e');

export class SurefireParser implements OutcomeParser {
  private readonly outcomes = new RunOutcomes('junit');
  private readonly classes = new Set<string>();
  /** The class of the latest `Running` line. */
  private running: string | undefined;
  /** Classes with a failure printed, to tell a class that passed as a whole. */
  private failedClasses = new Set<string>();
  /** The exception lines of the latest failed test. */
  private failure: JvmFailure | undefined;
  /** In the results after the run: which list, and the test whose `Run N:` lines follow. */
  private section: Section | undefined;
  private sectionTest: { suite: string; id: string } | undefined;
  private sectionRuns = 0;

  /**
   * Under a failed test every line matters (a blank line or one with a level ends its exception, and until then
   * any other line is taken as part of it), and in the results' lists (any line may head a test's reruns).
   */
  get markers(): readonly string[] | undefined {
    return this.failure || this.section ? undefined : MARKERS;
  }

  line(raw: string): void {
    const text = withoutLevel(raw);
    const failure = this.failure;
    if (failure) {
      if (text !== '' && (raw.charCodeAt(0) !== 91 /* [ */ || text.startsWith('\tat '))) {
        this.failureLine(failure, text);
        return;
      }
      this.endFailure();
    }
    const c = text.charCodeAt(0);
    if (c === 82 /* R */) {
      if (text.startsWith('Running ')) this.startClass(text.slice(8).trim());
      else if (text === 'Results:' || text === 'Results :') this.section = undefined;
    } else if (c === 84 /* T */) {
      if (text.startsWith('Tests run: ')) this.testsRun(text);
      else if (text === 'Tests in error: ') this.startSection('errors');
    } else if (c === 70 /* F */) {
      if (text === 'Failures: ' || text === 'Failures:' || text === 'Failed tests: ') this.startSection('failures');
      else if (text === 'Flakes: ' || text === 'Flakes:' || text === 'Flaked tests: ') this.startSection('flakes');
    } else if (c === 69 /* E */ && (text === 'Errors: ' || text === 'Errors:')) {
      this.startSection('errors');
    } else if (c === 32 /* space */) {
      if (this.section) this.runLine(text);
    } else if (text.endsWith('!') && text.includes('Time elapsed: ')) {
      this.testFailed(text);
    } else if (this.section && text !== '' && !text.startsWith('-')) {
      this.sectionHeader(text);
    }
  }

  startStep(): void {
    this.endFailure();
    this.endModule();
  }

  finish(): TestOutcome[] {
    this.endFailure();
    this.endModule();
    return this.outcomes.list();
  }

  private startClass(name: string): void {
    if (name === '' || name.includes(' ')) return;
    this.running = name;
    // A copy: the set lives as long as the parser, a slice would keep its chunk of the log (see `detached`).
    if (this.classes.size < MAX_CLASSES && !this.classes.has(name)) this.classes.add(detached(name));
  }

  /** `bar(com.acme.FooTest)  Time elapsed: 0.01 s  <<< FAILURE!` and the other forms. */
  private testFailed(text: string): void {
    const name = failedTestName(text);
    if (name === undefined) return;
    const test = name.includes('.') || name.endsWith(')') ? splitJvmTest(name, this.classes) : undefined;
    // Surefire 2 with JUnit 5 prints the method alone, under its class's `Running` line.
    const located = test ?? (this.running !== undefined ? splitJvmTest(`${this.running}.${name}`, this.classes) : undefined);
    if (!located) return;
    this.failedClasses.add(located.suite);
    const known = this.outcomes.find(located.id, located.suite);
    // A rerun (`rerunFailingTestsCount`) prints the failure again: one more attempt of the same test.
    const result = known ? this.outcomes.attempt(located.id, located.suite, 'fail') : this.outcomes.add(located.id, located.suite, 'fail');
    this.failure = startJvmFailure(result);
  }

  private failureLine(failure: JvmFailure, text: string): void {
    if (!failure.fresh) return;
    const nested = nestedClassFrame(text, failure.result);
    if (nested !== undefined) failure.result.suite = detached(nested);
    const location = jvmFrameLocation(text, failure.result.suite);
    if (location !== undefined && failure.result.failureLocation === undefined) failure.result.failureLocation = detached(location);
    // The exception and its message; of the stack, only the test's own frame.
    if (text.startsWith('\tat ') || text.startsWith('    at ')) {
      if (location !== undefined) failure.message.add(text.trim());
      return;
    }
    failure.message.add(text);
  }

  private endFailure(): void {
    const failure = this.failure;
    if (!failure) return;
    this.failure = undefined;
    endJvmFailure(failure);
  }

  /** A class's `Tests run: ... - in com.acme.FooTest`, or the module's total (no `in`). */
  private testsRun(text: string): void {
    const match = TESTS_RUN.exec(text.trimEnd());
    if (!match) return;
    const suite = match[6];
    if (suite === undefined) {
      this.endModule();
      return;
    }
    const run = Number(match[1]);
    const failed = Number(match[2]) + Number(match[3]);
    const skipped = Number(match[4]);
    const flakes = Number(match[5] ?? 0);
    if (failed === 0 && flakes === 0 && run > skipped && !this.failedClasses.has(suite)) {
      this.outcomes.add('', suite, 'pass').packageResult = true;
    }
    // Surefire 2 prints a class's failures after its counts, naming the method alone.
    this.running = suite;
  }

  private startSection(section: Section): void {
    this.section = section;
    this.sectionTest = undefined;
    this.sectionRuns = 0;
  }

  /** `com.acme.FooTest.bar(com.acme.FooTest)` or `com.acme.FooTest.bar`, heading its `Run N:` lines. */
  private sectionHeader(text: string): void {
    this.sectionTest = splitJvmTest(text.trim(), this.classes);
    this.sectionRuns = 0;
  }

  /** `  Run 2: PASS` under a rerun test; `  FooTest.bar:42 expected...` (no reruns) says nothing new. */
  private runLine(text: string): void {
    const match = /^ {2}Run (\d+): (.*)$/.exec(text);
    const test = this.sectionTest;
    if (!match?.[1] || !test) return;
    const run = Number(match[1]);
    this.sectionRuns = Math.max(this.sectionRuns, run);
    const result = this.outcomes.find(test.id, test.suite) ?? this.outcomes.add(test.id, test.suite, 'fail');
    if (this.section === 'flakes' && match[2] === 'PASS') {
      result.outcome = 'flaky';
      result.attempt = run;
    } else if (this.section !== 'flakes') {
      result.attempt = Math.max(result.attempt, run);
    }
    if (result.message === undefined && match[2] !== 'PASS') result.message = detached(match[2] ?? '');
  }

  private endModule(): void {
    this.running = undefined;
    this.section = undefined;
    this.sectionTest = undefined;
    this.failedClasses = new Set();
    this.outcomes.forgetRetries();
  }
}

/**
 * Surefire 2 runs JUnit 5 nested classes under their outer class's name; the test's own frame
 * (`at com.acme.CartTest$Totals.errors(CartTest.java:33)`) says which class it really is.
 */
function nestedClassFrame(line: string, result: PendingOutcome): string | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith(`at ${result.suite}$`)) return undefined;
  const method = result.id.replace(/[([].*$/, '');
  const end = trimmed.indexOf(`.${method}(`);
  return end === -1 ? undefined : trimmed.slice(3, end);
}

/** `[ERROR] text` → `text`: Maven's level prefix (absent before Maven 3.5 and with `-q`). */
function withoutLevel(text: string): string {
  if (text.charCodeAt(0) !== 91 /* [ */) return text;
  const close = text.indexOf('] ');
  if (close === -1 || close > 8) return text.endsWith(']') && text.length <= 9 ? '' : text;
  return text.slice(close + 2);
}

/**
 * The test of `bar(com.acme.FooTest)  Time elapsed: 0.01 s  <<< FAILURE!` (also `name -- Time elapsed…` and one
 * space), or undefined. The name ends at whitespace (or ` --`) before the last `Time elapsed: `: found by position, as
 * the lazy name of one regular expression tried each of its characters against a long run of whitespace (1 s for
 * 32 KiB, quadratic).
 */
export function failedTestName(text: string): string | undefined {
  const at = text.lastIndexOf('Time elapsed: ');
  if (at <= 0 || !TEST_FAILED_TAIL.test(text.slice(at))) return undefined;
  const head = text.slice(0, at);
  let name = head.trimEnd();
  if (name.endsWith(' --')) name = name.slice(0, -3);
  else if (name.length === head.length) return undefined;
  name = name.trim();
  return name === '' ? undefined : name;
}
