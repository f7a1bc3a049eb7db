// A reusable token store for the locators' scanners: parallel typed arrays instead of one object per token, and
// kept between scans, so that scanning a large file allocates (and later collects) almost nothing.

/** Buffers up to this many tokens are kept for the next scan; larger ones are left to the garbage collector. */
const RETAINED_TOKENS = 1 << 18;

export class TokenBuffer {
  kinds = new Uint8Array(1024);
  starts = new Int32Array(1024);
  ends = new Int32Array(1024);
  lines = new Int32Array(1024);
  count = 0;

  /** Empties the buffer for a source of `length` characters. */
  reset(length: number): void {
    this.count = 0;
    const expected = (length >> 2) + 1024;
    if (this.kinds.length > RETAINED_TOKENS && expected <= RETAINED_TOKENS) this.allocate(expected);
    else if (this.kinds.length < expected) this.allocate(expected);
  }

  push(kind: number, start: number, end: number, line: number): void {
    if (this.count === this.kinds.length) this.allocate(this.count * 2);
    const k = this.count++;
    this.kinds[k] = kind;
    this.starts[k] = start;
    this.ends[k] = end;
    this.lines[k] = line;
  }

  private allocate(capacity: number): void {
    const copy = this.count;
    const kinds = new Uint8Array(capacity);
    const starts = new Int32Array(capacity);
    const ends = new Int32Array(capacity);
    const lines = new Int32Array(capacity);
    kinds.set(this.kinds.subarray(0, copy));
    starts.set(this.starts.subarray(0, copy));
    ends.set(this.ends.subarray(0, copy));
    lines.set(this.lines.subarray(0, copy));
    this.kinds = kinds;
    this.starts = starts;
    this.ends = ends;
    this.lines = lines;
  }
}
