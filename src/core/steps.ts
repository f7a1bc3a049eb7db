// Long computations written once as generators that yield between pieces of work: run to the end at once where a
// caller wants the answer now (the CLI, the tests), or stepped by a caller that gives the thread back between pieces
// (the editor, on the extension host's thread that every extension shares). The core has no clock and no timers:
// the caller's `between` decides whether to yield.

/** Runs `steps` to its end at once and returns its result. */
export function runSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Runs `steps` to its end, awaiting `between()` after each piece of work. */
export async function runStepsAsync<T>(steps: Generator<void, T>, between: () => Promise<void> | void): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await between();
  }
}
