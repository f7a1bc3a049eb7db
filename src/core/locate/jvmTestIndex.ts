// The Java/Kotlin part of the test index: each file's JUnit/TestNG tests (jvmLocator), and the mapping from what
// Surefire, Gradle and JUnit XML print back to them:
// - suite = the class (`com.acme.FooTest`, nested `com.acme.FooTest$Inner`, or a simple name), id = the method as
//   printed: `bar`, `bar()`, `bar(int)[1]`, `bar(String)`, a `@DisplayName`, or an invocation's display name
//   (`[1] 2, 3`, `repetition 1 of 5`, a `@ParameterizedTest(name = …)` pattern filled in);
// - Gradle's `FooTest > bar()` and `FooTest > Inner > bar(int) > [1] 2` in the id, suite empty or not;
// - Surefire's `com.acme.FooTest.bar` / `FooTest#bar` with no suite.
// A test a class inherits is found on the base class's method.

import type { TestDeclaration } from '../model';
import { chooseDeclaration } from './candidateChoice';
import { locateJvmFile, type JvmClass, type JvmFileScan, type JvmTest } from './jvmLocator';
import { junitNameTitle, matchesName, titleStretches } from './testTitle';

interface Entry {
  readonly decl: TestDeclaration;
  readonly test: JvmTest;
  /** Package parts then class path: `['com', 'acme', 'FooTest', 'Inner']`. */
  readonly qualified: readonly string[];
}

interface ClassEntry {
  readonly file: string;
  readonly cls: JvmClass;
  readonly qualified: readonly string[];
  readonly packageName: string;
}

const REPETITION = /^repetition \d+ of \d+$/;

export class JvmTestIndex {
  private readonly scans = new Map<string, JvmFileScan>();
  private readonly entries = new Map<string, Entry[]>();
  /** Classes by simple (innermost) name. */
  private readonly classesByName = new Map<string, ClassEntry[]>();
  /** Tests by qualified class name (`com.acme.FooTest.Inner`). */
  private readonly testsByClass = new Map<string, Entry[]>();

  hasFile(path: string): boolean {
    return this.scans.has(path);
  }

  files(): IterableIterator<string> {
    return this.scans.keys();
  }

  setFile(path: string, source: string): void {
    this.removeFile(path);
    const scan = locateJvmFile(path, source);
    this.scans.set(path, scan);
    const pkg = scan.packageName === '' ? [] : scan.packageName.split('.');
    const entries = scan.tests.map((test): Entry => {
      const container = [scan.packageName, test.classPath.join('$')].filter((p) => p !== '').join('.');
      return {
        decl: { id: test.name, name: test.name, framework: 'junit', file: path, line: test.line, container },
        test,
        qualified: [...pkg, ...test.classPath],
      };
    });
    this.entries.set(path, entries);
    for (const e of entries) add(this.testsByClass, e.qualified.join('.'), e);
    for (const cls of scan.classes) {
      const name = cls.classPath[cls.classPath.length - 1] ?? '';
      add(this.classesByName, name, { file: path, cls, qualified: [...pkg, ...cls.classPath], packageName: scan.packageName });
    }
  }

  removeFile(path: string): void {
    const scan = this.scans.get(path);
    if (!scan) return;
    for (const e of this.entries.get(path) ?? []) remove(this.testsByClass, e.qualified.join('.'), (x) => x === e);
    for (const cls of scan.classes) {
      remove(this.classesByName, cls.classPath[cls.classPath.length - 1] ?? '', (x) => x.file === path);
    }
    this.entries.delete(path);
    this.scans.delete(path);
  }

  declarationsIn(path: string): TestDeclaration[] {
    return (this.entries.get(path) ?? []).map((e) => e.decl);
  }

  resolve(suite: string, id: string): TestDeclaration | undefined {
    const trimmed = withoutDisplaySuffix(id.trim().replace(/:\d+$/, ''));
    const s = suite.trim();
    if (trimmed.includes(' > ')) {
      const segments = trimmed.split(' > ').map((x) => x.trim());
      // Leading segments name classes (the suite, when given, comes first); the rest the method and invocation.
      const classes = s === '' ? [] : [s];
      let i = 0;
      const suiteClass = s.slice(Math.max(s.lastIndexOf('.'), s.lastIndexOf('$')) + 1);
      if (classes.length === 0) classes.push(segments[i++] ?? '');
      else if (segments[0] === suiteClass || segments[0] === s) i = 1;
      while (i < segments.length - 1 && this.classesOf([...classes, segments[i] ?? '']).length > 0) {
        classes.push(segments[i++] ?? '');
      }
      return this.resolveIn(classes, segments[i] ?? '', segments.slice(i + 1));
    }
    if (s !== '') return this.resolveIn([s], trimmed, []);
    // `com.acme.FooTest.bar(int)`, `FooTest#bar`: the class is what comes before the method.
    const paren = trimmed.indexOf('(');
    const head = paren >= 0 ? trimmed.slice(0, paren) : trimmed;
    const cut = Math.max(head.lastIndexOf('.'), head.lastIndexOf('#'));
    if (cut < 0) return undefined;
    return this.resolveIn([trimmed.slice(0, cut)], trimmed.slice(cut + 1), []);
  }

  /** Classes named by `names`: each a qualified name (`$` or `.` between nested classes) or a simple name. */
  private classesOf(names: readonly string[]): ClassEntry[] {
    const parts = names.flatMap((n) => n.replace(/\$/g, '.').split('.')).filter((p) => p !== '');
    const last = parts[parts.length - 1];
    if (last === undefined) return [];
    const suffixLength = (c: ClassEntry): number => {
      if (parts.length > c.qualified.length) return -1;
      for (let i = 1; i <= parts.length; i++) if (c.qualified[c.qualified.length - i] !== parts[parts.length - i]) return -1;
      return parts.length;
    };
    const found = (this.classesByName.get(last) ?? []).filter((c) => suffixLength(c) >= 0);
    // The longest match wins: `a.FooTest` over a `FooTest` elsewhere only when both match equally.
    return found;
  }

  private resolveIn(classNames: readonly string[], method: string, invocation: readonly string[]): TestDeclaration | undefined {
    const classes = this.classesOf(classNames);
    // The name without its invocation index and its parameter list: the last `(…)` only, as a Kotlin name may hold
    // parentheses of its own (`size (and count) match()`), which a name printed without a list keeps whole.
    const unindexed = withoutIndexes(method).trim();
    const plain = unindexed.replace(/\([^()]*\)$/, '').trim();
    const printed = method.replace(/\(\)$/, '').trim();
    const inClass = (c: ClassEntry): Entry[] => this.testsByClass.get(c.qualified.join('.')) ?? [];
    // Overloads: `bar(int)[1]` names the parameter types; `bar` and `bar()` the method without parameters.
    const paren = /\(([^()]*)\)(?:\[\d+\])*$/.exec(method);
    const printedTypes = paren ? (paren[1] ?? '').split(',').map((t) => simpleType(t)).filter((t) => t !== '') : [];
    const overloadScore = (e: Entry): number => {
      const declared = e.test.parameters.map(simpleType);
      if (declared.length === printedTypes.length && declared.every((t, i) => t === printedTypes[i])) return 2;
      return paren || declared.length > 0 ? 0 : 1;
    };
    const pick = (entries: readonly Entry[]): TestDeclaration | undefined =>
      chooseDeclaration(entries, (e) => e.decl, (e) => [0, overloadScore(e)])?.decl;

    for (const matcher of [
      (e: Entry) => e.test.name === unindexed,
      (e: Entry) => e.test.name === plain,
      (e: Entry) => e.test.displayName === method || e.test.displayName === printed,
      (e: Entry) => invocationMatches(e.test, method),
    ]) {
      const hits = classes.flatMap(inClass).filter(matcher);
      if (hits.length > 0) return pick(hits);
      // Inherited from a base class.
      const inherited = this.ancestors(classes).flatMap(inClass).filter(matcher);
      if (inherited.length > 0) return pick(inherited);
    }
    // An invocation name alone (`[1] 2, 3` as JUnit XML prints it): the class's one parameterized test.
    if (invocation.length === 0 && (method.startsWith('[') || REPETITION.test(method))) {
      const kind = REPETITION.test(method) ? 'repeated' : 'parameterized';
      const hits = classes.flatMap(inClass).filter((e) => e.test.kind === kind || (kind === 'parameterized' && e.test.kind === 'template'));
      if (hits.length > 0) return pick(hits);
    }
    return undefined;
  }

  private ancestors(classes: readonly ClassEntry[]): ClassEntry[] {
    const out: ClassEntry[] = [];
    const seen = new Set<JvmClass>(classes.map((c) => c.cls));
    let frontier = classes;
    for (let depth = 0; depth < 8 && frontier.length > 0; depth++) {
      const next: ClassEntry[] = [];
      for (const c of frontier) {
        for (const base of c.cls.bases) {
          const candidates = this.classesByName.get(base) ?? [];
          const samePackage = candidates.filter((b) => b.packageName === c.packageName);
          for (const b of samePackage.length > 0 ? samePackage : candidates) {
            if (seen.has(b.cls)) continue;
            seen.add(b.cls);
            next.push(b);
          }
        }
      }
      out.push(...next);
      frontier = next;
    }
    return out;
  }
}

/**
 * A parameter type as reports print it: the simple name, without generics (from the first `<` to the last `>`, as
 * `/<.*>/s` removed them, found by position: that tried each `<` to the end, quadratic on a printed `bar(<<<…)`) or
 * array and varargs marks.
 */
export function simpleType(type: string): string {
  const open = type.indexOf('<');
  const close = type.lastIndexOf('>');
  const plain = open !== -1 && close > open ? type.slice(0, open) + type.slice(close + 1) : type;
  const base = plain.replace(/\[\]|\.\.\./g, '').trim();
  return base.slice(base.lastIndexOf('.') + 1);
}

/** Whether an invocation's display name fits a parameterized or repeated test's name pattern. */
function invocationMatches(test: JvmTest, printed: string): boolean {
  if (test.invocationName === undefined) return false;
  return matchesName({ stretches: titleStretches(junitNameTitle(test.invocationName)) }, printed);
}

function add<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function remove<K, V>(map: Map<K, V[]>, key: K, drop: (v: V) => boolean): void {
  const list = map.get(key);
  if (!list) return;
  const rest = list.filter((v) => !drop(v));
  if (rest.length > 0) map.set(key, rest);
  else map.delete(key);
}

/**
 * `id` without what follows the first ` »` (whitespace, then `»`), as `/\s+».*$/` removed it, found by position: that
 * expression tried each place of a long run of whitespace to its end (a 64 KiB id from a log: 14.6 s).
 */
export function withoutDisplaySuffix(id: string): string {
  // `.` stops at a line break: only a `»` after the last one can match.
  const lastBreak = Math.max(id.lastIndexOf('\n'), id.lastIndexOf('\r'), id.lastIndexOf('\u2028'), id.lastIndexOf('\u2029'));
  for (let at = id.indexOf('»', lastBreak + 1); at !== -1; at = id.indexOf('»', at + 1)) {
    if (at === 0 || !/\s/.test(id.charAt(at - 1))) continue;
    let start = at - 1;
    while (start > 0 && /\s/.test(id.charAt(start - 1))) start--;
    return id.slice(0, start);
  }
  return id;
}

/** `name[1][2]` without its trailing invocation indexes, as `/(?:\[\d+\])+$/` removed them (quadratic on `[1][1]…x]`). */
export function withoutIndexes(name: string): string {
  let end = name.length;
  while (end > 0 && name.charCodeAt(end - 1) === 93 /* ] */) {
    const open = name.lastIndexOf('[', end - 1);
    if (open < 0 || open + 1 === end - 1 || !/^\d+$/.test(name.slice(open + 1, end - 1))) break;
    end = open;
  }
  return name.slice(0, end);
}
