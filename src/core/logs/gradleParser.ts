// Reads Gradle's console test events: `com.acme.FooTest > bar FAILED` (always), `PASSED` and `SKIPPED` when the build
// asks for them (`testLogging { events ... }`), the exception lines indented under a failure, and the task's
// `8 tests completed, 4 failed, 1 skipped`. JUnit 5 classes and methods are printed by display name
// (`CartTest > Totals > errors() FAILED`, `CartTest > quantity(int) > [3] 3 FAILED`): nested classes join with `$`,
// a parameterized invocation becomes `quantity(int)[3]`, as Surefire names it. A test that failed and then passed in
// the same task (the test-retry plugin) is flaky. Ids follow jvmTestNames.ts.

import type { Outcome, TestOutcome } from '../model';
import { endJvmFailure, jvmMethodId, startJvmFailure, type JvmFailure } from './jvmTestNames';
import { detached, markersOf, type OutcomeParser } from './outcomeParser';
import { RunOutcomes } from './runOutcomes';

const EVENT = /^(\S.*?) > (.+) (PASSED|FAILED|SKIPPED)$/;
const EVENT_END = / (?:PASSED|FAILED|SKIPPED)$/;
/** Every test event ends with one of these words (coloured whole, if at all; `SKIPPE`: six characters search fastest). */
const MARKERS = markersOf('PASSED', 'FAILED', 'SKIPPE');
/**
 * After a failure in the current task, a new task (`> Task :app:test`, or `:test` before Gradle 4) matters too: a
 * later event of the failed test is then a new execution, not a retry. A line that starts with `:` holds nothing
 * else in common, so `:` it is: a timestamped log holds it on every line (the task's line comes soon after, or the
 * build ends with the step).
 */
const AFTER_FAILURE_MARKERS = markersOf(...MARKERS, ':');

export class GradleParser implements OutcomeParser {
  private readonly outcomes = new RunOutcomes('junit');
  private failure: JvmFailure | undefined;
  /** A test failed since the retries were last forgotten: forgetting them now would change what comes after. */
  private failedInTask = false;

  /**
   * Under a failure whose message is still read, every line matters (the indented ones are its message, the others
   * end it). Else the events' words, and after a failure a new task's line (see {@link AFTER_FAILURE_MARKERS}).
   */
  get markers(): readonly string[] | undefined {
    const failure = this.failure;
    if (failure && failure.fresh && (!failure.message.omitted || failure.result.failureLocation === undefined)) return undefined;
    return this.failedInTask ? AFTER_FAILURE_MARKERS : MARKERS;
  }

  line(text: string): void {
    const c = text.charCodeAt(0);
    const failure = this.failure;
    if (failure) {
      if (c === 32 || c === 9) {
        this.failureLine(failure, text.trim());
        return;
      }
      this.endFailure();
    }
    if (c === 58 /* : */ || (c === 62 /* > */ && text.startsWith('> Task :'))) {
      // A new task (`:test`, `> Task :app:integrationTest`): its tests are new executions.
      this.forgetRetries();
      return;
    }
    if (c === 32 || c === 9 || text.length < 10) return;
    const last = text.charCodeAt(text.length - 1);
    if (last !== 68 /* D */) return; // PASSED, FAILED, SKIPPED
    // Only a line that ends with its event is tried: on one that does not, the name's `(.+)` was tried from each
    // ` > ` to the end (quadratic: 0.2 s for 32 KiB).
    const match = EVENT_END.test(text) ? EVENT.exec(text) : null;
    if (!match?.[1] || !match[2] || !match[3]) return;
    const test = gradleTest(match[1], match[2]);
    if (!test) return;
    const outcome: Outcome = match[3] === 'PASSED' ? 'pass' : match[3] === 'FAILED' ? 'fail' : 'skip';
    const result = this.outcomes.attempt(test.id, test.suite, outcome);
    if (outcome === 'fail') {
      this.failedInTask = true;
      this.failure = startJvmFailure(result);
    }
  }

  startStep(): void {
    this.endFailure();
    this.forgetRetries();
  }

  private forgetRetries(): void {
    this.outcomes.forgetRetries();
    this.failedInTask = false;
  }

  finish(): TestOutcome[] {
    this.endFailure();
    return this.outcomes.list();
  }

  /** `    java.lang.AssertionError at PriceTest.java:17`, or the full exception with `exceptionFormat = 'full'`. */
  private failureLine(failure: JvmFailure, line: string): void {
    if (!failure.fresh || line === '') return;
    const at = / at ([^\s:]+\.(?:java|kt|groovy|scala):\d+)$/.exec(line) ?? /^at .*\(([^\s:()]+\.(?:java|kt|groovy|scala):\d+)\)$/.exec(line);
    // Only the test's own file: `CartTest.java` for `com.acme.CartTest$Totals`.
    const outer = (failure.result.suite.split('$')[0] ?? '').split('.').pop() ?? '';
    const own = at?.[1] !== undefined && at[1].startsWith(`${outer}.`) ? at[1] : undefined;
    if (own !== undefined && failure.result.failureLocation === undefined) failure.result.failureLocation = detached(own);
    if (line.startsWith('at ') && own === undefined) return;
    failure.message.add(line);
  }

  private endFailure(): void {
    const failure = this.failure;
    if (!failure) return;
    this.failure = undefined;
    endJvmFailure(failure);
  }
}

/**
 * `com.acme.FooTest` + `bar`; `CartTest` + `Totals > errors()` → `CartTest$Totals` + `errors`;
 * `CartTest` + `quantity(int) > [3] 3` → `quantity(int)[3]`.
 */
function gradleTest(className: string, rest: string): { suite: string; id: string } | undefined {
  const parts = rest.split(' > ');
  let suite = className;
  let id: string | undefined;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    const next = parts[i + 1];
    if (next === undefined) {
      id = part;
    } else if (part.endsWith(')') && next.startsWith('[')) {
      // A parameterized method, then its invocation `[3] 3`.
      const close = next.indexOf(']');
      id = `${part}${close === -1 ? next : next.slice(0, close + 1)}`;
      break;
    } else {
      suite = `${suite}$${part}`;
    }
  }
  if (id === undefined || id === '') return undefined;
  return { suite, id: jvmMethodId(id) };
}
