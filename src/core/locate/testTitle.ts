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

/** What one stretch of a name must be: this text, one of these texts, or any text. */
export type NameStretch = { readonly text: string } | { readonly oneOf: readonly string[] } | { readonly any: true };

/** What the concrete names of a title (or of titles joined) look like, for {@link matchesName}. */
export interface NameMatcher {
  readonly stretches: readonly NameStretch[];
  /** Every space of the texts may be missing from the name (names are compared trimmed; an unknown part may be empty). */
  readonly optionalSpaces?: boolean;
  /** The name may start with any text of one line and a space (a title whose enclosing titles are unknown). */
  readonly floating?: boolean;
}

/**
 * The stretches of a title's concrete names: its pieces as texts, unknown stretches as any text, listed ones as their
 * values. `normalize` is applied to every literal part (pieces and values) first.
 */
export function titleStretches(title: TestTitle, normalize: (text: string) => string = (t) => t): NameStretch[] {
  const stretches: NameStretch[] = [];
  title.pieces.forEach((piece, i) => {
    if (i > 0) {
      const gap = title.gaps?.[i - 1];
      stretches.push(gap ? { oneOf: gap.map(normalize) } : { any: true });
    }
    stretches.push({ text: normalize(piece) });
  });
  return stretches;
}

/**
 * Whether `name` is one of the names `matcher` describes, found by position: the places the name can have reached
 * after each stretch, one after the other. The regular expressions this replaces (`[^]*?` for each unknown stretch)
 * backtracked over every way to split the name, O(n^k) for k unknown stretches: a 4 KiB name from a log against a
 * `.each` title with three placeholders took 58 s. This takes O(n) per character of the texts at most.
 */
export function matchesName(matcher: NameMatcher, name: string): boolean {
  const n = name.length;
  const start: number[] = [0];
  if (matcher.floating) {
    // `(?:^|^.* )`: `.` stops at a line break.
    for (let i = 0; i < n && !isLineBreak(name.charCodeAt(i)); i++) if (name.charCodeAt(i) === 32) start.push(i + 1);
  }
  const optionalSpaces = matcher.optionalSpaces === true;
  let at: Places = start;
  for (const stretch of matcher.stretches) {
    if (typeof at !== 'number' && at.length === 0) return false;
    if ('any' in stretch) {
      at = typeof at === 'number' ? at : (at[0] as number);
    } else if ('text' in stretch) {
      at = afterText(name, at, stretch.text, optionalSpaces);
    } else {
      const reached = new Set<number>();
      let from: number | undefined;
      for (const value of stretch.oneOf.length > 0 ? stretch.oneOf : ['']) {
        const after = afterText(name, at, value, optionalSpaces);
        if (typeof after === 'number') from = Math.min(from ?? after, after);
        else for (const q of after) reached.add(q);
      }
      // Every place from `from` on, and the others before it.
      const before = [...reached].filter((q) => from === undefined || q < from).sort((a, b) => a - b);
      at = from === undefined ? before : before.length === 0 ? from : [...before, ...range(from, n)];
    }
  }
  return typeof at === 'number' ? at <= n : at[at.length - 1] === n;
}

/**
 * The places a name can have reached, ascending and each once; a number for every place from that one on (after an
 * unknown stretch, kept as one number until a character narrows it).
 */
type Places = readonly number[] | number;

/** The places where `text` can end when it starts at one of `at`. */
function afterText(name: string, at: Places, text: string, optionalSpaces: boolean): Places {
  let current = at;
  for (let j = 0; j < text.length; j++) {
    const c = text.charCodeAt(j);
    const optional = optionalSpaces && c === 32;
    if (typeof current === 'number') {
      // An optional space after every place from `current` on reaches those same places.
      if (optional) continue;
      const next: number[] = [];
      const char = text.charAt(j);
      for (let q = name.indexOf(char, current); q !== -1; q = name.indexOf(char, q + 1)) next.push(q + 1);
      current = next;
    } else {
      const next: number[] = [];
      for (const q of current) {
        if (optional && next[next.length - 1] !== q) next.push(q);
        if (name.charCodeAt(q) === c) next.push(q + 1);
      }
      current = next;
    }
    if (typeof current !== 'number' && current.length === 0) break;
  }
  return current;
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let q = from; q <= to; q++) out.push(q);
  return out;
}

function isLineBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

/** How much of a title is known: ranks a literal match above a pattern match, and narrower patterns first. */
export function titleSpecificity(title: TestTitle): number {
  let known = 0;
  for (const p of title.pieces) known += p.length;
  const open = title.pieces.length - 1 - (title.gaps ?? []).filter((g) => g !== undefined).length;
  return known - open * 1000 - (title.pieces.length - 1 - open) * 10;
}
