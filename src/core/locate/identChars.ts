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
