// The JavaScript/TypeScript part of the test index: each test file's declarations (jsLocator), the framework of each
// file (its imports, else the nearest package.json that names one), and the mapping from a name CI printed
// (`outer › inner › title`, `outer > inner > title`, mocha's `outer inner title`, Playwright's
// `[project] › file.spec.ts:3:5 › title`) to a declaration, literal titles first, then title patterns.
//
// Everything is per file, so setting a file costs its own scan and a few map updates; declarations (whose ids depend
// on the framework) are built when asked for and kept until the file or a package.json above it changes.

import type { Framework, TestDeclaration } from '../model';
import { chooseDeclaration, fileSuiteScore } from './candidateChoice';
import { SegmentedId } from './idPrefixes';
import { locateJsFile, type JsFileScan, type JsTestDeclaration } from './jsLocator';
import { isKnown, matchesName, titleSpecificity, titleStretches, type NameMatcher, type NameStretch, type TestTitle } from './testTitle';
import { dirname, normalizePath } from './workspacePath';

/** The separators runners print between titles: jest/vitest/Playwright `›`, reporters' `>`. */
// Each tried at the start of a run of whitespace only (`(?<!\s)`): tried at every place of a long run, to its end, the
// search was quadratic (a 64 KiB id of tabs from a log: seconds).
const SEPARATOR = /(?<!\s)\s+[›>]\s+/g;

/** The form names are compared in: separators and runs of spaces become one space. */
export function normalizeJsTestName(name: string): string {
  return name.replace(SEPARATOR, ' ').replace(/\s+/g, ' ').trim();
}

function normalizePiece(piece: string): string {
  return piece.replace(SEPARATOR, ' ').replace(/\s+/g, ' ');
}

/** Playwright's location segment: `tests/login.spec.ts:12:5`. */
const LOCATION_SEGMENT = /^(.+\.[cm]?[jt]sx?):(\d+)(?::\d+)?$/;

interface Entry {
  readonly file: string;
  readonly scanned: JsTestDeclaration;
  readonly specificity: number;
  /** The normalized name, for declarations whose titles are all known and not floating. */
  readonly key?: string;
  /** Made on first use, for the others. */
  matcher?: NameMatcher;
}

/** The test frameworks a package.json names, strongest first. */
function manifestFramework(text: string): Framework | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const record = json as Record<string, unknown>;
  const names = new Set<string>();
  for (const field of ['devDependencies', 'dependencies', 'peerDependencies']) {
    const deps = record[field];
    if (typeof deps === 'object' && deps !== null) for (const name of Object.keys(deps)) names.add(name);
  }
  const scripts = record.scripts as Record<string, unknown> | undefined;
  const testScript = typeof scripts?.test === 'string' ? scripts.test : '';
  if (names.has('vitest') || /\bvitest\b/.test(testScript)) return 'vitest';
  if (names.has('jest') || record.jest !== undefined || /\bjest\b/.test(testScript)) return 'jest';
  if (names.has('mocha') || record.mocha !== undefined || /\bmocha\b/.test(testScript)) return 'mocha';
  if (/\bnode\b[^&|;]*--test\b/.test(testScript)) return 'node';
  if (names.has('@playwright/test')) return 'playwright';
  return undefined;
}

export class JsTestIndex {
  private readonly scans = new Map<string, JsFileScan>();
  private readonly entries = new Map<string, { tests: Entry[]; suites: Entry[] }>();
  /** Known-title tests and suites by normalized name. */
  private readonly testsByKey = new Map<string, Entry[]>();
  private readonly suitesByKey = new Map<string, Entry[]>();
  /** Tests and suites with patterns or floating, by file. */
  private readonly patterns = new Map<string, { tests: Entry[]; suites: Entry[] }>();
  /** package.json folders and the framework each names (undefined: none). */
  private readonly manifests = new Map<string, Framework | undefined>();
  /** Declarations by file, built on demand; cleared when a package.json changes. */
  private declarations = new Map<string, Map<Entry, TestDeclaration>>();

  hasFile(path: string): boolean {
    return this.scans.has(path);
  }

  hasManifest(dir: string): boolean {
    return this.manifests.has(dir);
  }

  files(): IterableIterator<string> {
    return this.scans.keys();
  }

  setFile(path: string, source: string): void {
    this.removeFile(path);
    const scan = locateJsFile(path, source);
    this.scans.set(path, scan);
    const make = (d: JsTestDeclaration): Entry => {
      const known = !d.floating && d.titles.every(isKnown);
      const specificity = d.titles.reduce((sum, t) => sum + titleSpecificity(t), 0);
      const key = known ? normalizeJsTestName(d.titles.map((t) => t.pieces[0] ?? '').join(' ')) : undefined;
      return { file: path, scanned: d, specificity, ...(key !== undefined ? { key } : {}) };
    };
    const tests = scan.tests.map(make);
    const suites = scan.suites.map(make);
    this.entries.set(path, { tests, suites });
    const pattern = { tests: tests.filter((e) => e.key === undefined), suites: suites.filter((e) => e.key === undefined) };
    if (pattern.tests.length > 0 || pattern.suites.length > 0) this.patterns.set(path, pattern);
    for (const e of tests) if (e.key !== undefined) add(this.testsByKey, e.key, e);
    for (const e of suites) if (e.key !== undefined) add(this.suitesByKey, e.key, e);
  }

  removeFile(path: string): void {
    const old = this.entries.get(path);
    if (!old) return;
    for (const e of old.tests) if (e.key !== undefined) remove(this.testsByKey, e.key, e);
    for (const e of old.suites) if (e.key !== undefined) remove(this.suitesByKey, e.key, e);
    this.entries.delete(path);
    this.patterns.delete(path);
    this.scans.delete(path);
    this.declarations.delete(path);
  }

  /** A package.json was set (text) or removed (undefined) in folder `dir`. */
  setManifest(dir: string, text: string | undefined): void {
    const before = this.manifests.get(dir);
    const had = this.manifests.has(dir);
    if (text === undefined) this.manifests.delete(dir);
    else this.manifests.set(dir, manifestFramework(text));
    if (had !== this.manifests.has(dir) || before !== this.manifests.get(dir)) this.declarations = new Map();
  }

  /** Forgets the package.json files in and under a deleted folder. */
  removeManifestsUnder(dir: string): void {
    for (const d of [...this.manifests.keys()]) {
      if (d === dir || d.startsWith(`${dir}/`)) this.setManifest(d, undefined);
    }
  }

  frameworkOf(path: string): Framework {
    const hint = this.scans.get(path)?.frameworkHint;
    if (hint !== undefined) return hint;
    for (let dir = dirname(path); ; dir = dirname(dir)) {
      const framework = this.manifests.get(dir);
      if (framework !== undefined) return framework;
      if (dir === '') return 'jest';
    }
  }

  declarationsIn(path: string): TestDeclaration[] {
    const entries = this.entries.get(path);
    if (!entries) return [];
    return entries.tests.map((e) => this.declarationOf(e));
  }

  private declarationOf(e: Entry): TestDeclaration {
    let byEntry = this.declarations.get(e.file);
    if (!byEntry) this.declarations.set(e.file, (byEntry = new Map()));
    const cached = byEntry.get(e);
    if (cached) return cached;
    const framework = this.frameworkOf(e.file);
    // mocha's fullTitle joins titles with spaces; the others print ` › `.
    const separator = framework === 'mocha' ? ' ' : ' › ';
    // A title known from constants is shown as it runs; a pattern as written.
    const titles = e.scanned.titles.map((t) => (isKnown(t) ? (t.pieces[0] ?? '') : t.written));
    const decl: TestDeclaration = {
      id: titles.join(separator),
      name: titles[titles.length - 1] ?? '',
      framework,
      file: e.file,
      line: e.scanned.line,
      container: titles.slice(0, -1).join(' › '),
    };
    byEntry.set(e, decl);
    return decl;
  }

  /** Where a test that a JS runner reported is declared; see the file header for the name forms read. */
  resolve(suite: string, id: string): TestDeclaration | undefined {
    let segments = id.trim().split(/(?<!\s)\s+[›>](?:\s+|$)/);
    if (segments.length > 1 && /^\[[^\]]*\]$/.test(segments[0] ?? '')) segments = segments.slice(1);
    let fileSuite = suite;
    let lineHint: number | undefined;
    const location = LOCATION_SEGMENT.exec(segments[0] ?? '');
    if (location && segments.length > 1) {
      fileSuite = location[1] ?? suite;
      lineHint = Number(location[2]);
      segments = segments.slice(1);
    }
    const name = normalizeJsTestName(segments.join(' › '));
    const suiteScore = (e: Entry): number => fileSuiteScore(fileSuite, e.file);
    const scores = (exactness: number) => (e: Entry): number[] => {
      const s = suiteScore(e);
      const near = lineHint !== undefined && Math.abs(e.scanned.line - lineHint) <= 1 ? 1 : 0;
      return [s < 0 ? -1 : s + near, exactness, e.specificity];
    };
    const choose = (candidates: readonly Entry[], exactness: number): TestDeclaration | undefined => {
      const found = chooseDeclaration(candidates, (e) => this.declarationOf(e), scores(exactness));
      return found && this.declarationOf(found);
    };

    const exact = this.testsByKey.get(name);
    if (exact && exact.some((e) => suiteScore(e) >= 0)) return choose(exact, 1);
    const matching = this.matchPatterns(name, fileSuite, 'tests');
    const found = matching.length > 0 ? choose(matching, 0) : undefined;
    if (found) return found;
    // Several patterns fit (two loops of `test(input, …)` in one suite): their suite is as close as the source allows.

    // An id naming a suite (a hook's failure), else the nearest suite above a test the source does not name.
    const segmented = new SegmentedId(segments, ' › ');
    for (const n of segmented.prefixCounts(segments.length)) {
      const prefix = normalizeJsTestName(segmented.prefix(n));
      const suites = [...(this.suitesByKey.get(prefix) ?? []), ...this.matchPatterns(prefix, fileSuite, 'suites')];
      if (suites.some((e) => suiteScore(e) >= 0)) {
        const found = choose(suites, 0);
        return found && { ...found, id };
      }
    }
    return undefined;
  }

  private matchPatterns(name: string, fileSuite: string, kind: 'tests' | 'suites'): Entry[] {
    const found: Entry[] = [];
    // A suite naming an indexed file exactly rules out every other file: no need to look at them.
    const suiteFile = normalizePath(fileSuite.trim());
    const files: Iterable<[string, { tests: Entry[]; suites: Entry[] }]> = this.scans.has(suiteFile)
      ? [[suiteFile, this.patterns.get(suiteFile) ?? { tests: [], suites: [] }]]
      : this.patterns;
    for (const [file, entries] of files) {
      if (fileSuiteScore(suiteFile, file) < 0) continue;
      for (const e of entries[kind]) {
        if (!e.matcher) e.matcher = titlesMatcher(e.scanned.titles, e.scanned.floating);
        if (matchesName(e.matcher, name)) found.push(e);
      }
    }
    return found;
  }
}

/** What the names of a test or suite declared with `titles` (outermost first) look like, as CI prints them normalized. */
export function titlesMatcher(titles: readonly TestTitle[], floating: boolean): NameMatcher {
  // Names are compared trimmed and a title's unknown part may be empty: spaces in titles are optional, and each
  // title is trimmed.
  const stretches: NameStretch[] = [];
  titles.forEach((title, i) => {
    const own = titleStretches(title, normalizePiece);
    const first = own[0];
    if (first && 'text' in first) own[0] = { text: first.text.trimStart() };
    const last = own[own.length - 1];
    if (last && 'text' in last) own[own.length - 1] = { text: last.text.trimEnd() };
    if (i > 0) stretches.push({ text: ' ' });
    stretches.push(...own);
  });
  return { stretches, optionalSpaces: true, floating };
}

function add<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function remove<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (!list) return;
  const rest = list.filter((v) => v !== value);
  if (rest.length > 0) map.set(key, rest);
  else map.delete(key);
}

