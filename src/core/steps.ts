// Long computations written once as generators that yield between pieces of work: run to the end at once where a
// caller wants the answer now (the CLI, the tests), or stepped by a caller that gives the thread back between pieces
// (the editor, on the extension host's thread that every extension shares). The computations have no clock: the
// caller's `between` decides whether to yield (yieldEvery below, the same turn the workspace index takes).

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

/** Gives the event loop a turn: the work queued meanwhile (the editor's requests, events) runs before this resolves. */
export function eventLoopTurn(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * The longest the editor's stepped work (a scan, a triage, the stored history's reading and writing) keeps the
 * extension host's thread before giving it back: a frame or so.
 */
export const SLICE_MS = 12;

/** A `between` for runStepsAsync that gives the event loop a turn once `ms` have passed since the last one. */
export function yieldEvery(ms: number = SLICE_MS, now: () => number = () => performance.now()): () => Promise<void> | void {
  let since = now();
  return () => {
    if (now() - since < ms) return undefined;
    return eventLoopTurn().then(() => {
      since = now();
    });
  };
}
