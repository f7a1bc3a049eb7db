// Counts the removals of each key (a workspace folder's URI): work begun for a key before an await, such as starting
// a folder's session, is still wanted afterwards only if the key was not removed meanwhile (even if added again: that
// addition starts its own work).
export class Removals {
  private readonly counts = new Map<string, number>();

  /** Whether this key has been removed since this call, asked after the await. */
  since(key: string): () => boolean {
    const at = this.counts.get(key) ?? 0;
    return () => (this.counts.get(key) ?? 0) !== at;
  }

  removed(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
}
