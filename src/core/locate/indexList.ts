// A reusable, growing list of token indices kept between scans: a scanner notes while tokenizing the few tokens a later
// pass looks for (a `Run` name, a `:`), and that pass visits those instead of every token of the file.

/** Lists above this many indices are not kept for the next scan. */
const RETAINED = 1 << 16;

export class IndexList {
  items = new Int32Array(256);
  count = 0;

  reset(): void {
    this.count = 0;
    if (this.items.length > RETAINED) this.items = new Int32Array(256);
  }

  push(index: number): void {
    if (this.count === this.items.length) {
      const grown = new Int32Array(this.count * 2);
      grown.set(this.items);
      this.items = grown;
    }
    this.items[this.count++] = index;
  }

  /** The position of the first index at or after `index` (`count` when none): the list is pushed in ascending order. */
  lowerBound(index: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.items[mid] ?? 0) < index) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
