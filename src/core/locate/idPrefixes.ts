// The prefixes of a test id that the index tries when the whole id names no declaration: an rstest case's function
// (`tests::parses::case_1`), a Go subtest's nearest known parent (`TestX/a/b`, then `TestX/a`), the suite of a
// JavaScript hook. Each prefix tried is a string as long as itself, made and looked up, so trying every prefix of a
// long id from a log was quadratic (a 32 KiB Go id of `/` took 12.9 s, a Rust id of `::` 3.2 s, a jest id of ` › `
// 2.4 s). The whole id is still tried; its shorter prefixes only up to the length of a name a report keeps.

/** Prefixes longer than this are not tried: no declaration's id is as long (parsedReport.ts cuts names there too). */
export const MAX_PREFIX_CHARS = 1000;

/** An id's segments joined once (`a::b::c`), to cut its prefixes from. */
export class SegmentedId {
  private readonly joined: string;
  /** `ends[n]`: the length of the first `n` segments joined. */
  private readonly ends: number[] = [0];

  constructor(
    private readonly parts: readonly string[],
    separator: string,
  ) {
    this.joined = parts.join(separator);
    let length = -separator.length;
    for (const part of parts) this.ends.push((length += separator.length + part.length));
  }

  /** The first `n` segments joined. */
  prefix(n: number): string {
    return this.joined.slice(0, this.ends[n]);
  }

  /**
   * The numbers of segments of the prefixes to try, longest first: from `longest` down to `shortest`, the whole id
   * when `longest` is all of it, then only prefixes of at most MAX_PREFIX_CHARS characters.
   */
  *prefixCounts(longest: number, shortest = 1): Generator<number> {
    const all = this.parts.length;
    let from = longest;
    if (from >= all) {
      if (all >= shortest) yield all;
      from = all - 1;
    }
    let fitting = Math.min(from, all);
    while (fitting > 0 && (this.ends[fitting] as number) > MAX_PREFIX_CHARS) fitting--;
    for (let n = fitting; n >= shortest; n--) yield n;
  }
}
