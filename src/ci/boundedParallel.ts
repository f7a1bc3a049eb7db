// Runs async work over items with at most `limit` at a time, in order of start; the first error stops new work.

export async function forEachBounded<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        await work(items[index] as T, index);
      } catch (error) {
        failed ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failed) {
    throw failed.error;
  }
}

/**
 * A bound on what work holds at once, in bytes (the artifacts being downloaded and read): `acquire(n)` waits until
 * `n` more fit, first come first served, and gives the function that hands them back. Work larger than the whole
 * budget waits until it runs alone.
 */
export class ByteBudget {
  private used = 0;
  private readonly waiting: { readonly bytes: number; readonly start: () => void }[] = [];

  constructor(readonly capacity: number) {}

  /** Bytes held now. */
  get held(): number {
    return this.used;
  }

  acquire(bytes: number): Promise<() => void> {
    // A size that is no number (an old cache's artifact) counts as the whole budget.
    const wanted = Number.isFinite(bytes) ? Math.min(Math.max(0, bytes), this.capacity) : this.capacity;
    return new Promise((resolve) => {
      const start = () => {
        this.used += wanted;
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          this.used -= wanted;
          this.startWaiting();
        });
      };
      this.waiting.push({ bytes: wanted, start });
      this.startWaiting();
    });
  }

  private startWaiting(): void {
    // In order: a large piece of work is not passed over for ever by small ones.
    while (this.waiting.length > 0) {
      const first = this.waiting[0] as { bytes: number; start: () => void };
      if (this.used > 0 && this.used + first.bytes > this.capacity) return;
      this.waiting.shift();
      first.start();
    }
  }
}
