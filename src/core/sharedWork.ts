// Work that several callers may ask for at once, done once: the sync of one repository that two workspace folders
// hold (two git worktrees, or two clones) reads its runs and logs once, and both folders take its result.

export class SharedWork<T> {
  private readonly underWay = new Map<string, Promise<T>>();

  /**
   * The result of the work under way for `key`, if any (`joined`), else of `work`, started now and shared with
   * whoever asks for the same key before it ends. A failure of shared work reaches each caller that waits for it.
   */
  run(key: string, work: () => Promise<T>): { readonly result: Promise<T>; readonly joined: boolean } {
    const current = this.underWay.get(key);
    if (current) return { result: current, joined: true };
    const result = (async () => work())().finally(() => {
      if (this.underWay.get(key) === result) this.underWay.delete(key);
    });
    this.underWay.set(key, result);
    return { result, joined: false };
  }

  /** Keys with work under way. */
  get size(): number {
    return this.underWay.size;
  }
}
