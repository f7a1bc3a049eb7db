// The outcomes one parser collects, with the runner's own retries folded in: a test that failed and then passed on a
// retry of the same run is one `flaky` outcome (DESIGN.md: runner-confirmed flaky), never a failure and a pass.

import type { Framework, Outcome, TestOutcome } from '../model';
import { detached } from './outcomeParser';

/**
 * An outcome while its parser may still complete it (a message found later, a retry that passed). Made in the
 * model's form (see {@link TestOutcome}), so that the object itself can be listed in the end, not a copy of it.
 * Parsers set `message` and `failureLocation` as copies out of the log (`detached`): a slice of a log line keeps its
 * whole chunk of the log in memory.
 */
export interface PendingOutcome {
  id: string;
  suite: string;
  readonly framework: Framework;
  outcome: Outcome;
  attempt: number;
  message?: string;
  failureLocation?: string;
  duration?: number;
  packageResult?: boolean;
}

export class RunOutcomes {
  private readonly outcomes: PendingOutcome[] = [];
  /** Suites and ids as kept, one copy each while they recur (see {@link Kept}): many outcomes share one. */
  private readonly suites = new Kept();
  private readonly ids = new Kept();
  /** What {@link list} gave. */
  private listed: TestOutcome[] | undefined;
  /**
   * Outcomes that a later attempt of the same test may still change, by suite, then id: the kept strings themselves
   * as keys, where a key made of both would be one more string per outcome (a step of 300,000 tests: 40 MB).
   */
  private retryable = new Map<string, Map<string, PendingOutcome>>();

  constructor(private readonly framework: Framework) {}

  get size(): number {
    return this.outcomes.length;
  }

  /** Appends one outcome. */
  add(id: string, suite: string, outcome: Outcome, attempt = 1): PendingOutcome {
    // Copies, not slices of the log: a slice keeps its whole chunk of the log in memory (see `detached`).
    const result: PendingOutcome = { id: this.ids.copy(id), suite: this.suites.copy(suite), framework: this.framework, outcome, attempt };
    this.outcomes.push(result);
    let ids = this.retryable.get(result.suite);
    if (ids === undefined) {
      ids = new Map();
      this.retryable.set(result.suite, ids);
    }
    ids.set(result.id, result);
    return result;
  }

  /**
   * Records an attempt that may repeat an earlier one of the same test: after a failure, a pass makes that failure
   * `flaky` and a failure counts one more attempt; anything else is a new outcome.
   */
  attempt(id: string, suite: string, outcome: Outcome, attempt?: number): PendingOutcome {
    const earlier = this.find(id, suite);
    if (earlier && earlier.outcome === 'fail' && (outcome === 'pass' || outcome === 'fail' || outcome === 'flaky')) {
      earlier.attempt = attempt ?? earlier.attempt + 1;
      if (outcome !== 'fail') earlier.outcome = 'flaky';
      return earlier;
    }
    return this.add(id, suite, outcome, attempt ?? 1);
  }

  find(id: string, suite: string): PendingOutcome | undefined {
    return this.retryable.get(suite)?.get(id);
  }

  at(index: number): PendingOutcome | undefined {
    return this.outcomes[index];
  }

  /** The last outcome recorded, if any. */
  last(): PendingOutcome | undefined {
    return this.outcomes[this.outcomes.length - 1];
  }

  /** Later outcomes are new executions, not retries of the ones so far (a new run, a new step). */
  forgetRetries(): void {
    if (this.retryable.size > 0) this.retryable = new Map();
  }

  /**
   * The outcomes as the model has them; a second call gives the same list. An
   * outcome already in the model's form (its properties those of {@link outcomeOf}, in its order) is listed itself,
   * else a copy in that form takes its place: a log with many tests must not hold both (335,000 pytest outcomes: 20
   * MB more at the end).
   */
  list(): TestOutcome[] {
    if (this.listed) return this.listed;
    const list = this.outcomes as (PendingOutcome | TestOutcome)[];
    this.retryable = new Map();
    for (let i = 0; i < list.length; i++) {
      const o = list[i] as PendingOutcome;
      const failed = o.outcome !== 'pass' && o.outcome !== 'skip';
      const message = failed && o.message !== undefined && o.message !== '' ? o.message : undefined;
      const failureLocation = failed ? o.failureLocation : undefined;
      if (!inModelForm(o, message !== undefined, failureLocation !== undefined)) list[i] = outcomeOf(o, message, failureLocation);
    }
    this.listed = list as TestOutcome[];
    return this.listed;
  }
}

/**
 * Copies of strings cut from the log (see {@link detached}), one per value among the last ones seen: a value seen
 * again (the suite of the next test, the id of a retried or re-run test) is the copy kept before, not a new one. The
 * values of a log come in runs (a file's tests follow each other, a run repeats its ids in the order it ran them):
 * when the table is full it starts again, so that it stays bounded whatever the number of distinct values, and the
 * sharing goes on (before, past 10,000 suites every outcome took a copy of its own: 325,000 of them on a 200 MB log).
 */
class Kept {
  private readonly copies = new Map<string, string>();

  copy(text: string): string {
    let kept = this.copies.get(text);
    if (kept === undefined) {
      kept = detached(text);
      if (this.copies.size >= MAX_KEPT) this.copies.clear();
      this.copies.set(kept, kept);
    }
    return kept;
  }
}

/** Values a {@link Kept} table holds at most. */
const MAX_KEPT = 16_384;

/** The properties of a {@link TestOutcome}, in the order {@link outcomeOf} gives them. */
const MODEL_KEYS = ['id', 'suite', 'framework', 'outcome', 'attempt', 'message', 'failureLocation', 'duration', 'packageResult'] as const;

/**
 * Whether `o` has the properties, and only those, in the order, that {@link outcomeOf} gives it (a message and a
 * location where the outcome keeps them): then it is listed as it is.
 */
function inModelForm(o: PendingOutcome, message: boolean, failureLocation: boolean): boolean {
  // Bit i: MODEL_KEYS[i] is wanted.
  const wanted = 0b11111 | (message ? 1 << 5 : 0) | (failureLocation ? 1 << 6 : 0) | (o.duration !== undefined ? 1 << 7 : 0) | (o.packageResult === true ? 1 << 8 : 0);
  let next = 0;
  for (const key in o) {
    while (next < MODEL_KEYS.length && (wanted & (1 << next)) === 0) next++;
    if (next === MODEL_KEYS.length || MODEL_KEYS[next] !== key) return false;
    next++;
  }
  while (next < MODEL_KEYS.length && (wanted & (1 << next)) === 0) next++;
  return next === MODEL_KEYS.length;
}

type MutableOutcome = { -readonly [K in keyof TestOutcome]: TestOutcome[K] };

/**
 * The outcome as the model has it, its properties in this order and only those set. The common shapes are made
 * whole by one literal each: a property added after an object's literal goes to a separate property array (40
 * bytes more for a failure with a message and a location).
 */
function outcomeOf(o: PendingOutcome, message: string | undefined, failureLocation: string | undefined): TestOutcome {
  const { id, suite, framework, outcome, attempt, duration } = o;
  if (!o.packageResult) {
    if (duration === undefined) {
      if (message === undefined && failureLocation === undefined) return { id, suite, framework, outcome, attempt };
      if (message !== undefined && failureLocation !== undefined) return { id, suite, framework, outcome, attempt, message, failureLocation };
      if (message !== undefined) return { id, suite, framework, outcome, attempt, message };
    } else if (message === undefined && failureLocation === undefined) {
      return { id, suite, framework, outcome, attempt, duration };
    } else if (message !== undefined && failureLocation !== undefined) {
      return { id, suite, framework, outcome, attempt, message, failureLocation, duration };
    } else if (message !== undefined) {
      return { id, suite, framework, outcome, attempt, message, duration };
    }
  }
  const result: MutableOutcome = { id, suite, framework, outcome, attempt };
  if (message !== undefined) result.message = message;
  if (failureLocation !== undefined) result.failureLocation = failureLocation;
  if (duration !== undefined) result.duration = duration;
  if (o.packageResult) result.packageResult = true;
  return result;
}
