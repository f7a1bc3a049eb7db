/**
 * Character-class tests the scanners share, on UTF-16 code units. Any code unit above 127 counts as a letter: the
 * scanners only need to find where a name ends, not to validate it.
 */

/** Starts a Go or Rust identifier: an ASCII letter, `_` or any non-ASCII code unit. */
export function isWordStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c > 127;
}

/** Continues a Go or Rust identifier: as isWordStart, or an ASCII digit. */
export function isWordPart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c > 127;
}

/** Starts a JavaScript, Java or Kotlin identifier: as isWordStart, or `$`. */
export function isDollarWordStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c > 127;
}

/** Continues a JavaScript, Java or Kotlin identifier: as isDollarWordStart, or an ASCII digit. */
export function isDollarWordPart(c: number): boolean {
  return isDollarWordStart(c) || (c >= 48 && c <= 57);
}

/** A lookup table of the 128 ASCII code units: `of(c)` for each, so that a scanner's dispatch is one array read. */
export function asciiTable(of: (c: number) => number): Uint8Array {
  const table = new Uint8Array(128);
  for (let c = 0; c < 128; c++) table[c] = of(c);
  return table;
}

/** 1 for the ASCII code units that continue a Go or Rust identifier ({@link isWordPart}). */
export const WORD_PART: Uint8Array = asciiTable((c) => (isWordPart(c) ? 1 : 0));

/** 1 for the ASCII code units that continue a JavaScript, Java or Kotlin identifier ({@link isDollarWordPart}). */
export const DOLLAR_WORD_PART: Uint8Array = asciiTable((c) => (isDollarWordPart(c) ? 1 : 0));

/**
 * Where a name from `from` ends: the first code unit before `n` that is ASCII and not marked in `part`
 * ({@link WORD_PART} or {@link DOLLAR_WORD_PART}); non-ASCII code units continue it.
 */
export function nameEnd(source: string, from: number, n: number, part: Uint8Array): number {
  let j = from;
  while (j < n) {
    const x = source.charCodeAt(j);
    if (x < 128 && part[x] === 0) break;
    j++;
  }
  return j;
}

/** Where a number literal from `from` ends: name characters of `part` and dots (`1.5e3`, `0x1F`, `1_000u64`). */
export function numberEnd(source: string, from: number, n: number, part: Uint8Array): number {
  let j = from;
  while (j < n) {
    const x = source.charCodeAt(j);
    if (x < 128 && part[x] === 0 && x !== 46) break;
    j++;
  }
  return j;
}
