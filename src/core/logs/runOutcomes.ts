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
}

export class RunOutcomes {
  private readonly outcomes: PendingOutcome[] = [];
  /** Outcomes that a later attempt of the same test may still change, by suite and id. */
  private retryable = new Map<string, PendingOutcome>();

  constructor(private readonly framework: Framework) {}

  get size(): number {
    return this.outcomes.length;
  }

  /** Appends one outcome. */
  add(id: string, suite: string, outcome: Outcome, attempt = 1): PendingOutcome {
    const result: PendingOutcome = { id, suite, outcome, attempt };
    this.outcomes.push(result);
    this.retryable.set(key(suite, id), result);
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
  }

  /** The outcomes as the model has them, their strings detached from the log. */
  list(): TestOutcome[] {
    return this.outcomes.map((o) => {
      const outcome: { -readonly [K in keyof TestOutcome]: TestOutcome[K] } = {
        id: detached(o.id),
        suite: detached(o.suite),
        framework: this.framework,
        outcome: o.outcome,
        attempt: o.attempt,
      };
      if (o.message !== undefined && o.message !== '' && o.outcome !== 'pass' && o.outcome !== 'skip') {
        outcome.message = detached(o.message);
      }
      if (o.failureLocation !== undefined && o.outcome !== 'pass' && o.outcome !== 'skip') {
        outcome.failureLocation = detached(o.failureLocation);
      }
      if (o.duration !== undefined) outcome.duration = o.duration;
      if (o.packageResult) outcome.packageResult = true;
      return outcome;
    });
  }
}

function key(suite: string, id: string): string {
  return `${suite}\u001f${id}`;
}
