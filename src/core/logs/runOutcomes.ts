// The outcomes one parser collects, with the runner's own retries folded in: a test that failed and then passed on a
// retry of the same run is one `flaky` outcome (DESIGN.md: runner-confirmed flaky), never a failure and a pass.

import type { Framework, Outcome, TestOutcome } from '../model';
import { detached } from './outcomeParser';

/** An outcome while its parser may still complete it (a message found later, a retry that passed). */
export interface PendingOutcome {
  id: string;
  suite: string;
  outcome: Outcome;
  attempt: number;
  message?: string;
  failureLocation?: string;
  duration?: number;
  packageResult?: boolean;
  /** The message and location as copied out of the log by `settle` (a parser may set others later). */
  settled?: { readonly message: string | undefined; readonly failureLocation: string | undefined };
}

export class RunOutcomes {
  private readonly outcomes: PendingOutcome[] = [];
  /** Suites as kept, one copy each: many outcomes share one. */
  private readonly suites = new Map<string, string>();
  /** Outcomes before this index have their message and location copied out of the log (see {@link settle}). */
  private settled = 0;
  /** What {@link list} gave. */
  private listed: TestOutcome[] | undefined;
  /** Outcomes that a later attempt of the same test may still change, by suite and id. */
  private retryable = new Map<string, PendingOutcome>();

  constructor(private readonly framework: Framework) {}

  get size(): number {
    return this.outcomes.length;
  }

  /** Appends one outcome. */
  add(id: string, suite: string, outcome: Outcome, attempt = 1): PendingOutcome {
    // Copies, not slices of the log: a slice keeps its whole chunk of the log in memory (see `detached`).
    const result: PendingOutcome = { id: detached(id), suite: this.suite(suite), outcome, attempt };
    this.outcomes.push(result);
    this.retryable.set(key(result.suite, result.id), result);
    if (this.outcomes.length - this.settled >= 2 * SETTLE_BATCH) this.settle(this.outcomes.length - SETTLE_BATCH);
    return result;
  }

  /**
   * Records an attempt that may repeat an earlier one of the same test: after a failure, a pass makes that failure
   * `flaky` and a failure counts one more attempt; anything else is a new outcome.
   */
  attempt(id: string, suite: string, outcome: Outcome, attempt?: number): PendingOutcome {
    const earlier = this.retryable.get(key(suite, id));
    if (earlier && earlier.outcome === 'fail' && (outcome === 'pass' || outcome === 'fail' || outcome === 'flaky')) {
      earlier.attempt = attempt ?? earlier.attempt + 1;
      if (outcome !== 'fail') earlier.outcome = 'flaky';
      return earlier;
    }
    return this.add(id, suite, outcome, attempt ?? 1);
  }

  private suite(suite: string): string {
    let kept = this.suites.get(suite);
    if (kept === undefined) {
      kept = detached(suite);
      if (this.suites.size < MAX_SUITES) this.suites.set(kept, kept);
    }
    return kept;
  }

  find(id: string, suite: string): PendingOutcome | undefined {
    return this.retryable.get(key(suite, id));
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
    this.settle(this.outcomes.length);
  }

  /**
   * Copies the messages and locations of the outcomes up to `end` out of the log: parsers set them as slices of
   * log lines, and a slice keeps its whole chunk of the log in memory. Done in batches, behind the outcomes that a
   * parser may still complete; the few set later are copied by {@link list}.
   */
  private settle(end: number): void {
    for (let i = this.settled; i < end; i++) {
      const o = this.outcomes[i] as PendingOutcome;
      if (o.message === undefined && o.failureLocation === undefined) continue;
      if (o.message !== undefined) o.message = detached(o.message);
      if (o.failureLocation !== undefined) o.failureLocation = detached(o.failureLocation);
      o.settled = { message: o.message, failureLocation: o.failureLocation };
    }
    this.settled = Math.max(this.settled, end);
  }

  /**
   * The outcomes as the model has them, their strings detached from the log. The pending outcomes are let go as they
   * are turned into these (a log with many tests must not hold both); a second call gives the same list.
   */
  list(): TestOutcome[] {
    if (this.listed) return this.listed;
    const pending = this.outcomes;
    const listed: TestOutcome[] = new Array(pending.length);
    this.retryable = new Map();
    for (let i = 0; i < pending.length; i++) {
      const o = pending[i] as PendingOutcome;
      (pending as (PendingOutcome | undefined)[])[i] = undefined;
      const outcome: { -readonly [K in keyof TestOutcome]: TestOutcome[K] } = {
        id: o.id,
        suite: o.suite,
        framework: this.framework,
        outcome: o.outcome,
        attempt: o.attempt,
      };
      if (o.message !== undefined && o.message !== '' && o.outcome !== 'pass' && o.outcome !== 'skip') {
        // Equal to the settled copy (by value): that copy, not a slice a parser may have set since.
        outcome.message = o.settled?.message === o.message ? o.settled.message : detached(o.message);
      }
      if (o.failureLocation !== undefined && o.outcome !== 'pass' && o.outcome !== 'skip') {
        outcome.failureLocation = o.settled?.failureLocation === o.failureLocation ? o.settled.failureLocation : detached(o.failureLocation);
      }
      if (o.duration !== undefined) outcome.duration = o.duration;
      if (o.packageResult) outcome.packageResult = true;
      listed[i] = outcome;
    }
    pending.length = 0;
    this.listed = listed;
    return listed;
  }
}

/** Distinct suites shared between outcomes; past this many, each outcome keeps its own copy. */
const MAX_SUITES = 10_000;
/** Outcomes settled at a time (see `settle`). */
const SETTLE_BATCH = 256;

function key(suite: string, id: string): string {
  return `${suite}\u001f${id}`;
}
