// One run at a time (a repository's sync): a start during a run returns the running one; asked again during a run
// (what it read has changed), one more run follows it, at most one however often it is asked.
export class SingleRun {
  private current: Promise<void> | undefined;
  private queued = false;

  /** The run going on, and any run queued behind it. */
  get running(): Promise<void> | undefined {
    return this.current;
  }

  /** Runs `run`, unless a run is going on: then resolves with it. Resolves after a run queued behind, too. */
  start(run: () => Promise<void>, stillWanted: () => boolean = () => true): Promise<void> {
    if (this.current) {
      return this.current;
    }
    this.current = (async () => {
      do {
        this.queued = false;
        await run();
      } while (this.queued && stillWanted());
    })().finally(() => {
      this.current = undefined;
    });
    return this.current;
  }

  /** One more run after the running one, if one is running (else nothing: the next start reads the new state). */
  again(): void {
    if (this.current) {
      this.queued = true;
    }
  }
}
