// Test titles that may be only partly known from the source: `adds %i + %i` in a jest `.each`, `` `parses ${kind}` ``
// with `kind` unknown, a JUnit `@ParameterizedTest(name = "{0} is even")`. A title is kept as its literal pieces
// between unknown stretches, and turned into a matcher for the concrete names that CI prints.

/** A title: literal pieces with an unknown stretch between each two (one piece: a fully known title). */
export interface TestTitle {
  /** As written in the source (placeholders included), for display. */
  readonly written: string;
  readonly pieces: readonly string[];
  /**
   * What each unknown stretch may be, when the source lists it (`for (const kind of ['a', 'b'])`): `gaps[i]` is
   * between `pieces[i]` and `pieces[i + 1]`; undefined (or no `gaps`) means any text.
   */
  readonly gaps?: readonly (readonly string[] | undefined)[];
}

/** A title that is one of several known values (a loop variable over a literal list). */
export function oneOfTitle(written: string, values: readonly string[]): TestTitle {
  return { written, pieces: ['', ''], gaps: [values] };
}

export function knownTitle(text: string): TestTitle {
  return { written: text, pieces: [text] };
}

/** A title of which nothing is known but how it was written (`describe(MyClass.title, …)`). */
export function unknownTitle(written: string): TestTitle {
  return { written, pieces: ['', ''] };
}

export function isKnown(title: TestTitle): boolean {
  return title.pieces.length === 1;
}

/** Joins titles into one (pieces across the seam merged). */
export function concatTitles(parts: readonly TestTitle[], separator = ''): TestTitle {
  const pieces: string[] = [''];
  const gaps: (readonly string[] | undefined)[] = [];
  let known = true;
  let written = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part === undefined) continue;
    if (i > 0) {
      written += separator;
      pieces[pieces.length - 1] += separator;
    }
    written += part.written;
    const partPieces = part.pieces;
    for (let j = 0; j < partPieces.length; j++) {
      const p = partPieces[j] ?? '';
      if (j === 0) pieces[pieces.length - 1] += p;
      else {
        const gap = part.gaps?.[j - 1];
        if (gap !== undefined) known = false;
        gaps.push(gap);
        pieces.push(p);
      }
    }
  }
  return known ? { written, pieces } : { written, pieces, gaps };
}

/**
 * The title of a jest/vitest `.each`/`.for` row formatter: printf placeholders (`%s`, `%i`, `%p`, `%#`...) and
 * `$name`/`$a.b` interpolations become unknown stretches; `%%` is a literal `%`.
 */
export function eachTitle(title: TestTitle): TestTitle {
  // Literal stretches are cut out whole (a character at a time, a long title made as many strings).
  const pieces: string[] = [];
  let current = '';
  const source = title.pieces;
  for (let index = 0; index < source.length; index++) {
    const piece = source[index] ?? '';
    if (index > 0) {
      pieces.push(current);
      current = '';
    }
    let i = 0;
    let from = 0;
    while (i < piece.length) {
      const c = piece.charCodeAt(i);
      if (c === 37 /* % */ && i + 1 < piece.length) {
        const d = piece.charCodeAt(i + 1);
        if (d === 37) {
          current += piece.slice(from, i + 1);
          i += 2;
          from = i;
          continue;
        }
        if (isPlaceholderLetter(d)) {
          pieces.push(current + piece.slice(from, i));
          current = '';
          i += 2;
          from = i;
          continue;
        }
      } else if (c === 36 /* $ */ && isInterpolationStart(piece.charCodeAt(i + 1))) {
        let j = i + 1;
        while (j < piece.length && isInterpolationPart(piece.charCodeAt(j))) j++;
        pieces.push(current + piece.slice(from, i));
        current = '';
        i = j;
        from = i;
        continue;
      }
      i++;
    }
    current += piece.slice(from);
  }
  pieces.push(current);
  return { written: title.written, pieces };
}

/** One of `sdifjopO#$`: a printf placeholder's letter after `%`. */
function isPlaceholderLetter(c: number): boolean {
  return c === 115 || c === 100 || c === 105 || c === 102 || c === 106 || c === 111 || c === 112 || c === 79 || c === 35 || c === 36;
}

/** `[A-Za-z_#]`: what may follow `$` in an interpolation. */
function isInterpolationStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 35;
}

/** `[\w.#]`: what an interpolation goes on with. */
function isInterpolationPart(c: number): boolean {
  return isInterpolationStart(c) || (c >= 48 && c <= 57) || c === 46;
}

/** A JUnit `@ParameterizedTest(name = …)`/`@RepeatedTest(name = …)` pattern: `{0}`, `{index}`, `{arguments}`... */
export function junitNameTitle(pattern: string): TestTitle {
  const pieces = pattern.replace(/''/g, "'").split(/\{[^{}]*\}/);
  return { written: pattern, pieces };
}

const SPECIAL = /[.*+?^${}()|[\]\\]/g;

/**
 * The source of a regular expression matching the concrete names of a title: unknown stretches match any text,
 * listed ones their values. `normalize` is applied to every literal part (pieces and values) first.
 */
export function titlePattern(title: TestTitle, normalize: (text: string) => string = (t) => t): string {
  const escape = (text: string): string => normalize(text).replace(SPECIAL, '\\$&');
  return title.pieces
    .map((p, i) => {
      if (i === 0) return escape(p);
      const gap = title.gaps?.[i - 1];
      return `${gap ? `(?:${gap.map(escape).join('|')})` : '[^]*?'}${escape(p)}`;
    })
    .join('');
}

/** How much of a title is known: ranks a literal match above a pattern match, and narrower patterns first. */
export function titleSpecificity(title: TestTitle): number {
  let known = 0;
  for (const p of title.pieces) known += p.length;
  const open = title.pieces.length - 1 - (title.gaps ?? []).filter((g) => g !== undefined).length;
  return known - open * 1000 - (title.pieces.length - 1 - open) * 10;
}
