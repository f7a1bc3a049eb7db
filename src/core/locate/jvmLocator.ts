// Finds the tests of one Java or Kotlin source file: methods annotated `@Test`, `@ParameterizedTest`,
// `@RepeatedTest`, `@TestFactory`, `@TestTemplate` (JUnit 4 and 5, TestNG, kotlin.test), the public methods of a
// TestNG class annotated `@Test`, JUnit 3 `test*` methods of `TestCase` subclasses; with the package, the class path
// (`@Nested` inner classes included), base classes, and the `@DisplayName`s and name patterns that reports print.
//
// A linear scan over a token stream (comments, strings, text blocks and Kotlin string templates skipped), tracking
// braces and the annotations in front of each declaration: not a parser.

import { TokenBuffer, countNewlines, lineEnd } from './tokenBuffer';
import { DOLLAR_WORD_PART, asciiTable, isDollarWordStart as isIdentStart, nameEnd, numberEnd } from './identChars';

export type JvmTestKind = 'test' | 'parameterized' | 'repeated' | 'factory' | 'template';

export interface JvmTest {
  /** The method's name (a Kotlin backticked name without its backticks). */
  readonly name: string;
  /** Enclosing classes, outermost first. */
  readonly classPath: readonly string[];
  /** 1-based line of the method's name. */
  readonly line: number;
  readonly kind: JvmTestKind;
  /** `@DisplayName("…")` when present. */
  readonly displayName?: string;
  /** `@ParameterizedTest(name = "…")`/`@RepeatedTest(name = "…")`: the pattern of each invocation's name. */
  readonly invocationName?: string;
  /** Simple names of the parameter types (`['Character', 'boolean']`): tell overloads apart, as reports print them. */
  readonly parameters: readonly string[];
}

export interface JvmClass {
  readonly classPath: readonly string[];
  readonly line: number;
  /** Superclass and interfaces as written, without type arguments (`AbstractStoreTest`, `TestCase`). */
  readonly bases: readonly string[];
  readonly displayName?: string;
}

export interface JvmFileScan {
  readonly file: string;
  /** `package` name, '' for the default package. */
  readonly packageName: string;
  readonly classes: readonly JvmClass[];
  readonly tests: readonly JvmTest[];
}

const IDENT = 1;
const PUNCT = 2;
const STRING = 3;
const OTHER = 4;

const TOKENS = new TokenBuffer();

/** Skips a Kotlin `${…}` template expression starting after `${`; returns the index after its `}`. */
function skipTemplateExpression(source: string, from: number): number {
  const n = source.length;
  let depth = 0;
  let j = from;
  while (j < n) {
    const c = source.charCodeAt(j);
    if (c === 125) {
      if (depth === 0) return j + 1;
      depth--;
    } else if (c === 123) depth++;
    else if (c === 34) {
      j = skipString(source, j, true);
      continue;
    }
    j++;
  }
  return n;
}

/** Skips a string, text block or raw string opening at `open`; returns the index after it. */
function skipString(source: string, open: number, kotlin: boolean): number {
  const n = source.length;
  const triple = source.charCodeAt(open + 1) === 34 && source.charCodeAt(open + 2) === 34;
  let j = open + (triple ? 3 : 1);
  while (j < n) {
    const c = source.charCodeAt(j);
    if (c === 92 && !(kotlin && triple)) {
      j += 2;
    } else if (c === 34) {
      if (!triple) return j + 1;
      if (source.charCodeAt(j + 1) === 34 && source.charCodeAt(j + 2) === 34) {
        j += 3;
        while (source.charCodeAt(j) === 34) j++; // `""""` ends with a quote in the string
        return j;
      }
      j++;
    } else if (kotlin && c === 36 && source.charCodeAt(j + 1) === 123) {
      j = skipTemplateExpression(source, j + 2);
    } else if (c === 10 && !triple) {
      return j;
    } else {
      j++;
    }
  }
  return n;
}

/** What a character below 128 starts: one table lookup instead of a chain of comparisons per character. */
const C_PUNCT = 0;
const C_NEWLINE = 1;
const C_SPACE = 2;
const C_SLASH = 3;
const C_QUOTE = 4;
const C_APOSTROPHE = 5;
const C_BACKTICK = 6;
const C_IDENT = 7;
const C_DIGIT = 8;
const CHAR_CLASS = asciiTable((c) =>
  c === 10 ? C_NEWLINE
  : c === 32 || c === 9 || c === 13 || c === 12 ? C_SPACE
  : c === 47 ? C_SLASH
  : c === 34 ? C_QUOTE
  : c === 39 ? C_APOSTROPHE
  : c === 96 ? C_BACKTICK
  : isIdentStart(c) ? C_IDENT
  : c >= 48 && c <= 57 ? C_DIGIT
  : C_PUNCT,
);

function tokenize(source: string, kotlin: boolean): TokenBuffer {
  const n = source.length;
  const tokens = TOKENS;
  tokens.reset(n);
  let i = 0;
  let line = 1;
  let counted = 0;
  // Lines are counted lazily over skipped stretches.
  const countTo = (to: number): void => {
    line += countNewlines(source, counted, to);
    counted = Math.max(counted, to);
    exact = true;
  };
  // Whether every newline before `i` has been counted or passed (set again after a character literal or a backticked
  // name, which may cover one): then counting up to `i` finds nothing, and needs no reading.
  let exact = true;
  while (i < n) {
    const c = source.charCodeAt(i);
    const cls = c < 128 ? (CHAR_CLASS[c] ?? C_PUNCT) : c === 0xfeff ? C_SPACE : C_IDENT;
    switch (cls) {
      case C_NEWLINE:
        if (i >= counted) {
          line++;
          counted = i + 1;
        }
        i++;
        break;
      case C_SPACE:
        // The rest of the run (indentation) in one step.
        i++;
        while (i < n) {
          const x = source.charCodeAt(i);
          if (x !== 32 && x !== 9 && x !== 13 && x !== 12) break;
          i++;
        }
        break;
      case C_IDENT: {
        const j = nameEnd(source, i + 1, n, DOLLAR_WORD_PART);
        tokens.push(IDENT, i, j, line, c);
        i = j;
        break;
      }
      case C_SLASH: {
        const next = source.charCodeAt(i + 1);
        if (next === 47) {
          i = lineEnd(source, i);
        } else if (next === 42) {
          // Kotlin block comments nest; Java's do not.
          let depth = 1;
          let j = i + 2;
          while (j < n && depth > 0) {
            if (source.charCodeAt(j) === 42 && source.charCodeAt(j + 1) === 47) {
              depth--;
              j += 2;
            } else if (kotlin && source.charCodeAt(j) === 47 && source.charCodeAt(j + 1) === 42) {
              depth++;
              j += 2;
            } else j++;
          }
          countTo(j);
          i = j;
        } else {
          tokens.push(PUNCT, i, i + 1, line, c);
          i++;
        }
        break;
      }
      case C_QUOTE: {
        const startLine = line;
        if (exact) counted = Math.max(counted, i);
        else countTo(i);
        const end = skipString(source, i, kotlin);
        tokens.push(STRING, i, end, startLine, c);
        countTo(end);
        i = end;
        break;
      }
      case C_APOSTROPHE: {
        let j = i + 1;
        while (j < n && source.charCodeAt(j) !== 39 && source.charCodeAt(j) !== 10) j += source.charCodeAt(j) === 92 ? 2 : 1;
        tokens.push(OTHER, i, j + 1, line, c);
        i = j + 1;
        exact = false;
        break;
      }
      case C_BACKTICK: {
        if (!kotlin) {
          tokens.push(PUNCT, i, i + 1, line, c);
          i++;
          break;
        }
        const close = source.indexOf('`', i + 1);
        const end = close < 0 ? n : close + 1;
        tokens.push(IDENT, i + 1, end - 1, line, source.charCodeAt(i + 1));
        i = end;
        exact = false;
        break;
      }
      case C_DIGIT: {
        const j = numberEnd(source, i + 1, n, DOLLAR_WORD_PART);
        tokens.push(OTHER, i, j, line, c);
        i = j;
        break;
      }
      default:
        tokens.push(PUNCT, i, i + 1, line, c);
        i++;
    }
  }
  return tokens.finish(n);
}

/** The value of a Java/Kotlin string literal token (escapes of the common kinds read). */
function stringValue(literal: string): string {
  const triple = literal.startsWith('"""');
  const body = triple ? literal.slice(3, -3) : literal.slice(1, -1);
  if (!body.includes('\\')) return body;
  return body.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e: string) => {
    if (e.startsWith('u') && e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', s: ' ' } as Record<string, string>)[e] ?? e;
  });
}

/** The kind of test an annotation named `name` (`Test`, `ParameterizedTest`...) declares; undefined for others. */
function testAnnotationKind(name: string): JvmTestKind | undefined {
  switch (name) {
    case 'Test':
      return 'test';
    case 'ParameterizedTest':
      return 'parameterized';
    case 'RepeatedTest':
      return 'repeated';
    case 'TestFactory':
      return 'factory';
    case 'TestTemplate':
      return 'template';
    case 'Property':
      return 'parameterized';
    case 'Example':
    case 'ArchTest':
      return 'test';
    default:
      return undefined;
  }
}

/** Annotations that make a public method of a TestNG `@Test` class something other than a test. */
const NOT_TESTS = /^(?:Before|After|DataProvider|Factory|Parameters|Ignore|Disabled)/;

/** Kotlin modifiers that may open a declaration (after its annotations): where a class without a body ends. */
const KOTLIN_MODIFIERS = new Set([
  'public', 'private', 'protected', 'internal', 'open', 'override', 'abstract', 'final', 'suspend', 'inline',
  'data', 'enum', 'sealed', 'inner', 'annotation', 'companion', 'lateinit', 'const', 'operator', 'infix', 'tailrec',
  'external', 'value', 'expect', 'actual',
]);

interface Frame {
  /** Set for class bodies. */
  readonly classPath?: readonly string[];
  readonly testClass?: boolean;
  readonly junit3?: boolean;
}

/** The frame of any block that is not a class body (shared: frames are only read). */
const NO_CLASS: Frame = {};

/**
 * The words the scan acts on, by length then first character: an identifier is compared with the few of its length
 * and first letter, character by character, instead of being cut out of the source.
 */
const KEYWORDS: readonly string[] = [
  'package', 'class', 'interface', 'enum', 'record', 'object', 'public', 'private', 'protected', 'static', 'abstract',
  'internal', 'open', 'override', 'suspend', 'final', 'fun', 'new',
];
const KEYWORDS_BY_LENGTH: string[][] = [];
for (const w of KEYWORDS) (KEYWORDS_BY_LENGTH[w.length] ??= []).push(w);

/** The keyword of KEYWORDS that source[start, end) is, or ''. */
function keywordAt(source: string, start: number, end: number): string {
  const candidates = KEYWORDS_BY_LENGTH[end - start];
  if (candidates === undefined) return '';
  const first = source.charCodeAt(start);
  for (const w of candidates) {
    if (w.charCodeAt(0) !== first) continue;
    let i = 1;
    while (i < w.length && source.charCodeAt(start + i) === w.charCodeAt(i)) i++;
    if (i === w.length) return w;
  }
  return '';
}

/** The simple type name of one parameter's words (Java `final @A Type<X> name`, Kotlin `name: Type<X>`). */
function parameterType(part: readonly string[], kotlin: boolean): string {
  const colon = part.indexOf(':');
  const words = kotlin && colon >= 0 ? part.slice(colon + 1) : part.slice(0, -1);
  const type = words.filter((w) => w !== 'final' && w !== ':' && w !== '.' && !w.startsWith('@'));
  return type[type.length - 1] ?? '';
}

/** Scans one Java (`.java`) or Kotlin (`.kt`, `.kts`) file. */
export function locateJvmFile(file: string, source: string): JvmFileScan {
  const kotlin = !file.endsWith('.java');
  const { kinds, starts, ends, lines, firsts, count } = tokenize(source, kotlin);
  const kindAt = (k: number): number => (k >= 0 && k < count ? (kinds[k] ?? 0) : 0);
  const text = (k: number): string => (k >= 0 && k < count ? source.slice(starts[k], ends[k]) : '');
  const lineAt = (k: number): number => lines[k] ?? 0;
  const isPunct = (k: number, ch: number): boolean => kindAt(k) === PUNCT && firsts[k] === ch;
  const skipGroup = (k: number, open: number, close: number): number => {
    let depth = 0;
    for (let j = k; j < count; j++) {
      if (isPunct(j, open)) depth++;
      else if (isPunct(j, close) && --depth === 0) return j;
    }
    return count;
  };
  /** Whether token k is the identifier `word` (compared in place). */
  const isWordAt = (k: number, word: string): boolean => {
    const start = starts[k] ?? 0;
    if ((ends[k] ?? 0) - start !== word.length) return false;
    for (let i = 0; i < word.length; i++) if (source.charCodeAt(start + i) !== word.charCodeAt(i)) return false;
    return true;
  };
  /** The name token of the annotation whose `@` is at `k`: `@Test`, `@org.junit.Test`, Kotlin `@field:Test`. */
  const annotationName = (k: number): number => {
    let j = k + 1;
    while (isPunct(j + 1, 46) && kindAt(j + 2) === IDENT) j += 2;
    if (kotlin && isPunct(j + 1, 58 /* : */) && kindAt(j + 2) === IDENT) j += 2; // use-site target
    return j;
  };

  let packageName = '';
  const classes: JvmClass[] = [];
  const tests: JvmTest[] = [];
  const frames: Frame[] = [{}];
  // The annotations in front of the current declaration: the first `annotationCount` entries of three arrays kept for
  // the whole scan (no object or array per annotation or declaration).
  const annotationNames: string[] = [];
  /** The first string argument (`@DisplayName("x")`), when there is one. */
  const annotationValues: (string | undefined)[] = [];
  /** The `name = "…"` argument, when there is one. */
  const annotationNameArguments: (string | undefined)[] = [];
  let annotationCount = 0;
  /** The index of the first annotation named `name`, or -1. */
  const annotationNamed = (name: string): number => {
    for (let a = 0; a < annotationCount; a++) if (annotationNames[a] === name) return a;
    return -1;
  };
  const modifiers = new Set<string>();
  /** A class header read, waiting for its `{`. */
  let pendingClass: Frame | undefined;

  const currentClass = (): Frame | undefined => {
    const top = frames[frames.length - 1];
    return top?.classPath ? top : undefined;
  };
  /** The value of the `@DisplayName` annotation, if any. */
  const displayNameAnnotation = (): string | undefined => {
    const a = annotationNamed('DisplayName');
    return a >= 0 ? annotationValues[a] : undefined;
  };
  const notTestAnnotated = (): boolean => {
    for (let a = 0; a < annotationCount; a++) if (NOT_TESTS.test(annotationNames[a] ?? '')) return true;
    return false;
  };
  const reset = (): void => {
    annotationCount = 0;
    if (modifiers.size > 0) modifiers.clear();
  };

  for (let k = 0; k < count; k++) {
    const kind = kinds[k];
    if (kind === PUNCT) {
      const c = firsts[k];
      if (c === 64 /* @ */ && kindAt(k + 1) === IDENT && !isWordAt(k + 1, 'interface')) {
        let j = annotationName(k);
        const name = text(j);
        let value: string | undefined;
        let nameArgument: string | undefined;
        if (isPunct(j + 1, 40)) {
          const close = skipGroup(j + 1, 40, 41);
          for (let a = j + 2; a < close; a++) {
            if (kindAt(a) !== STRING) continue;
            const v = stringValue(text(a));
            if (value === undefined && (isPunct(a - 1, 40) || isPunct(a - 1, 123))) value = v;
            if (text(a - 2) === 'name' && isPunct(a - 1, 61)) nameArgument = v;
          }
          j = close;
        }
        annotationNames[annotationCount] = name;
        annotationValues[annotationCount] = value;
        annotationNameArguments[annotationCount] = nameArgument;
        annotationCount++;
        k = j;
      } else if (c === 123 /* { */) {
        frames.push(pendingClass ?? NO_CLASS);
        pendingClass = undefined;
        reset();
      } else if (c === 125 /* } */) {
        if (frames.length > 1) frames.pop();
        pendingClass = undefined;
        reset();
      } else if (c === 59 /* ; */) {
        reset();
      }
      continue;
    }
    if (kind !== IDENT) continue;
    // Only the keywords below matter here: '' for any other identifier (nothing cut out of the source).
    const word = keywordAt(source, starts[k] ?? 0, ends[k] ?? 0);
    // Any other identifier matters only as a Java method's name, before its `(`.
    if (word === '' && (kotlin || !isPunct(k + 1, 40))) continue;
    if (word === 'package' && packageName === '' && frames.length === 1) {
      let j = k + 1;
      let name = '';
      while (kindAt(j) === IDENT) {
        name += text(j);
        if (!isPunct(j + 1, 46)) break;
        name += '.';
        j += 2;
      }
      packageName = name;
      k = j;
      continue;
    }
    if (word === 'class' || word === 'interface' || word === 'enum' || word === 'record' || word === 'object') {
      if (isPunct(k - 1, 46) || isPunct(k - 1, 58)) continue; // Foo.class, Foo::class
      if (kindAt(k + 1) !== IDENT) {
        if (word === 'object') pendingClass = {}; // companion object, object expressions
        continue;
      }
      const outer = currentClass();
      const outerPath = outer?.classPath;
      const className = text(k + 1);
      // Sized literals for the usual depths (a spread builds its array by growing it).
      const classPath =
        outerPath === undefined || outerPath.length === 0
          ? [className]
          : outerPath.length === 1
            ? [outerPath[0] ?? '', className]
            : [...outerPath, className];
      // Bases: `extends A implements B`, Kotlin `: A(), B`.
      const bases: string[] = [];
      let j = k + 2;
      if (isPunct(j, 60)) j = skipGroup(j, 60, 62) + 1;
      if (isPunct(j, 40)) j = skipGroup(j, 40, 41) + 1;
      let inBases = false;
      // Kotlin: the first annotation or modifier of what follows a class without a body (`@Test fun`, `private val`),
      // where scanning resumes; -1 while the tokens still belong to the header (`@Inject constructor(…)`, bases).
      let next = -1;
      for (; j < count && !isPunct(j, 123) && !isPunct(j, 59) && !isPunct(j, 125); j++) {
        const w = kindAt(j) === IDENT ? text(j) : '';
        if (w === 'extends' || w === 'implements' || w === 'permits' || (kotlin && isPunct(j, 58))) {
          inBases = w !== 'permits';
          next = -1;
          continue;
        }
        if (kotlin && isPunct(j, 64) && kindAt(j + 1) === IDENT) {
          if (next < 0) next = j;
          j = annotationName(j);
          if (isPunct(j + 1, 40)) j = skipGroup(j + 1, 40, 41);
          continue;
        }
        if (kotlin && KOTLIN_MODIFIERS.has(w)) {
          if (next < 0) next = j;
          continue;
        }
        if (kotlin && (w === 'fun' || w === 'class' || w === 'val' || w === 'var' || w === 'object' || w === 'interface' ||
          w === 'init' || w === 'typealias')) {
          if (next < 0) next = j;
          break;
        }
        next = -1;
        if (w === 'where') break;
        if (isPunct(j, 60)) j = skipGroup(j, 60, 62);
        else if (isPunct(j, 40)) j = skipGroup(j, 40, 41);
        else if (inBases && w !== '' && !isPunct(j + 1, 46)) bases.push(w);
      }
      const classTest = annotationNamed('Test') >= 0;
      const displayName = displayNameAnnotation();
      const line = lineAt(k + 1);
      classes.push(displayName === undefined ? { classPath, line, bases } : { classPath, line, bases, displayName });
      pendingClass = {
        classPath,
        testClass: classTest,
        junit3: bases.includes('TestCase') || bases.includes('GroovyTestCase'),
      };
      if (!isPunct(j, 123)) {
        // A Kotlin class without a body: what follows it (its annotations and modifiers included) is read again.
        pendingClass = undefined;
        reset();
        k = (next >= 0 ? next : j) - 1;
        continue;
      }
      annotationCount = 0;
      k = j - 1;
      continue;
    }
    const owner = currentClass();
    if (!owner) continue;
    if (word === 'public' || word === 'private' || word === 'protected' || word === 'static' || word === 'abstract' ||
      word === 'internal' || word === 'open' || word === 'override' || word === 'suspend' || word === 'final') {
      modifiers.add(word);
      continue;
    }
    // A method: Kotlin `fun name(`; Java `<type> name(` followed by `{` or `throws`.
    let nameToken = -1;
    if (kotlin) {
      if (word === 'fun') {
        let j = k + 1;
        if (isPunct(j, 60)) j = skipGroup(j, 60, 62) + 1;
        if (kindAt(j) === IDENT && isPunct(j + 1, 40)) nameToken = j;
      }
    } else if (isPunct(k + 1, 40) && kindAt(k - 1) !== 0 && !isPunct(k - 1, 46) && !isPunct(k - 1, 61) && word !== 'new') {
      const close = skipGroup(k + 1, 40, 41);
      if (isPunct(close + 1, 123) || text(close + 1) === 'throws' || isPunct(close + 1, 59)) {
        const prev = k - 1;
        if (kindAt(prev) === IDENT || isPunct(prev, 62) || isPunct(prev, 93)) nameToken = k;
      }
    }
    if (nameToken < 0) continue;
    const name = text(nameToken);
    const constructor = !kotlin && name === owner.classPath?.[owner.classPath.length - 1];
    let testAnnotation = -1;
    for (let a = 0; a < annotationCount && testAnnotation < 0; a++) {
      if (testAnnotationKind(annotationNames[a] ?? '') !== undefined) testAnnotation = a;
    }
    let testKind = testAnnotation >= 0 ? testAnnotationKind(annotationNames[testAnnotation] ?? '') : undefined;
    const publicMethod = kotlin ? !modifiers.has('private') && !modifiers.has('protected') : modifiers.has('public');
    if (testKind === undefined && owner.testClass && publicMethod && !modifiers.has('static') && !constructor &&
      !notTestAnnotated()) {
      testKind = 'test';
    }
    if (testKind === undefined && owner.junit3 && publicMethod && name.startsWith('test') &&
      isPunct(nameToken + 2, 41)) {
      testKind = 'test';
    }
    if (testKind !== undefined && owner.classPath) {
      // Parameter types: Java `final @A Type<X> name`, Kotlin `name: Type<X>`; the simple name of each.
      const parameters: string[] = [];
      const close = skipGroup(nameToken + 1, 40, 41);
      let part: string[] = [];
      let depth = 0;
      for (let j = nameToken + 2; j < close; j++) {
        if (isPunct(j, 60)) depth++;
        else if (isPunct(j, 62)) depth--;
        else if (isPunct(j, 64) && kindAt(j + 1) === IDENT) {
          j++;
          while (isPunct(j + 1, 46)) j += 2;
          if (isPunct(j + 1, 40)) j = skipGroup(j + 1, 40, 41);
        } else if (depth === 0 && isPunct(j, 44)) {
          if (part.length > 0) parameters.push(parameterType(part, kotlin));
          part = [];
        }
        else if (depth === 0 && (kindAt(j) === IDENT || isPunct(j, 58) || isPunct(j, 46))) part.push(text(j));
      }
      if (part.length > 0) parameters.push(parameterType(part, kotlin));
      const displayName = displayNameAnnotation();
      const invocationName = testAnnotation >= 0 ? annotationNameArguments[testAnnotation] : undefined;
      const classPath = owner.classPath;
      const line = lineAt(nameToken);
      // The optional keys only when set, in this order (no spread of temporary objects).
      if (displayName === undefined && invocationName === undefined) {
        tests.push({ name, classPath, line, kind: testKind, parameters });
      } else if (invocationName === undefined) {
        tests.push({ name, classPath, line, kind: testKind, displayName, parameters });
      } else if (displayName === undefined) {
        tests.push({ name, classPath, line, kind: testKind, invocationName, parameters });
      } else {
        tests.push({ name, classPath, line, kind: testKind, displayName, invocationName, parameters });
      }
    }
    reset();
    k = nameToken + 1 <= k ? k : nameToken;
  }
  return { file, packageName, classes, tests };
}
