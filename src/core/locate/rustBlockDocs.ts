// The lines of a Rust block doc comment (`/** … *\/`, `/*! … *\/`) as rustdoc reads them. rustc turns the comment
// into doc text with `beautify_doc_string` (rustc_ast::util::comments): CRLF read as LF; a first line that is empty
// or all `*` dropped, and a last one that is all `*`; then, when every line (the first only if it starts with `*`,
// blank lines at either end aside) has its `*` in one column after blanks only, those blanks taken off each line and
// the `*` after them too. rustdoc then counts the text's lines, a last empty one not included, to number the
// doc-tests of the item: this module gives the lines that count, where their text starts and ends in the source.

/** One line of a block doc comment that rustdoc counts: its text in the source, and its line from the opener's. */
export interface BlockDocLine {
  readonly start: number;
  readonly end: number;
  /** 0 for the opener's own line. */
  readonly lineOffset: number;
}

function isBlank(source: string, start: number, end: number): boolean {
  for (let q = start; q < end; q++) {
    const c = source.charCodeAt(q);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

function isAllStars(source: string, start: number, end: number): boolean {
  for (let q = start; q < end; q++) if (source.charCodeAt(q) !== 42) return false;
  return true;
}

/** Where the first non-blank character of the line is, or `end`. */
function firstNonBlank(source: string, start: number, end: number): number {
  let q = start;
  while (q < end && (source.charCodeAt(q) === 32 || source.charCodeAt(q) === 9)) q++;
  return q;
}

/**
 * The lines rustdoc counts of the block doc comment whose text runs from `from` (after `/**` or `/*!`) to `to` (the
 * `*` of its `*\/`), with the text of each as rustdoc reads it (its decoration taken off).
 */
export function blockDocLines(source: string, from: number, to: number): BlockDocLine[] {
  // The lines, as Rust's str::lines() gives them: `\r` before `\n` left out, no last line after a final `\n`.
  const starts: number[] = [];
  const ends: number[] = [];
  const withoutCr = (start: number, end: number): number => (end > start && source.charCodeAt(end - 1) === 13 ? end - 1 : end);
  for (let start = from; ; ) {
    const newline = source.indexOf('\n', start);
    if (newline < 0 || newline >= to) {
      // Text without a newline is read as it is: one line.
      if (starts.length === 0) return [{ start: from, end: withoutCr(from, to), lineOffset: 0 }];
      if (start < to) {
        starts.push(start);
        ends.push(withoutCr(start, to));
      }
      break;
    }
    starts.push(start);
    ends.push(withoutCr(start, newline));
    start = newline + 1;
  }
  const count = starts.length;
  const startOf = (i: number): number => starts[i] ?? 0;
  const endOf = (i: number): number => ends[i] ?? 0;

  // Vertical trim.
  let first = 0;
  let last = count; // exclusive
  if (isAllStars(source, startOf(0), endOf(0))) first = 1;
  if (last > first && endOf(last - 1) > startOf(last - 1) && isAllStars(source, startOf(last - 1), endOf(last - 1))) last--;

  // Horizontal trim: the column of the `*` that every significant line has after blanks only.
  let sigFrom = first;
  if (sigFrom < last) {
    const q = firstNonBlank(source, startOf(sigFrom), endOf(sigFrom));
    if (!(q < endOf(sigFrom) && source.charCodeAt(q) === 42)) sigFrom++;
  }
  let sigTo = last;
  while (sigFrom < sigTo && isBlank(source, startOf(sigFrom), endOf(sigFrom))) sigFrom++;
  while (sigTo > sigFrom && isBlank(source, startOf(sigTo - 1), endOf(sigTo - 1))) sigTo--;
  let column = -1;
  for (let i = sigFrom; i < sigTo; i++) {
    const q = firstNonBlank(source, startOf(i), endOf(i));
    const at = q - startOf(i);
    if (q >= endOf(i) || source.charCodeAt(q) !== 42 || (column >= 0 && at !== column)) {
      column = -1;
      break;
    }
    column = at;
  }
  const prefix = column >= 0 ? source.slice(startOf(sigFrom), startOf(sigFrom) + column) : undefined;

  const lines: BlockDocLine[] = [];
  for (let i = first; i < last; i++) {
    let start = startOf(i);
    const end = endOf(i);
    if (prefix !== undefined && source.startsWith(prefix, start) && start + prefix.length <= end) {
      start += prefix.length;
      const c = source.charCodeAt(start);
      const d = start + 1 < end ? source.charCodeAt(start + 1) : -1;
      if (c === 42 && (start + 1 === end || d === 32 || d === 42)) start++;
    }
    lines.push({ start, end, lineOffset: i });
  }
  // A last line left empty is not a line of the text.
  const tail = lines[lines.length - 1];
  if (tail && tail.start >= tail.end) lines.pop();
  return lines;
}
