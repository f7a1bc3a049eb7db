// Which tool wrote a JUnit XML report, and the test ids each one's test cases get. The ids are the ones the console
// parsers (src/core/logs/) read from the same runner's log, so a test has one key whichever source it came from:
//
// | dialect    | framework  | suite                                   | id                                          |
// |------------|------------|-----------------------------------------|---------------------------------------------|
// | jvm        | junit      | `classname` (fully qualified class)     | `name` as written (`test[1]`, `test(int)`)  |
// | phpunit    | junit      | `class` (`Ns\FooTest`), else classname  | `name` (`testX with data set #0`)           |
// | generic    | junit      | `classname`, else the testsuite name    | `name`                                      |
// | pytest     | pytest     | the file (`tests/test_x.py`)            | the node id `tests/test_x.py::TestC::test_y[p]` |
// | unittest   | unittest   | the dotted class (`tests.test_x.TestC`) | the method (`test_y`)                       |
// | jest       | jest       | the file (`file` attr or a file-like testsuite name) | `describe › test`              |
// | vitest     | vitest     | the file                                | `describe › test` (vitest writes ` > `)     |
// | mocha      | mocha      | '' (mocha's console names no file)      | `describe › test`, rebuilt from the full title |
// | playwright | playwright | the spec file (`classname`)             | `[project] › describe › test` (no project: without it) |
// | go         | gotest     | the package import path (`classname`)   | `TestX/sub`                                 |
// | nextest    | nextest    | the binary id (`crate::bin`)            | the test path (`mod::test_x`)               |
//
// File paths use `/` and lose a GitHub runner's workspace prefix (`/home/runner/work/r/r/`, `D:\a\r\r\`).
// What is not a test is an error, as the console parsers have it: a pytest module that failed to import, a jest
// test file that failed to run.
//
// Retries: `<flakyFailure>`/`<flakyError>` (Surefire, nextest, Playwright with includeRetries, newer
// pytest-rerunfailures) make a passing test case `flaky`; `<rerunFailure>`/`<rerunError>` beside a failure make
// its attempt count. Runners that write one test case per attempt are merged: pytest-rerunfailures (a test case
// repeated in one report is a rerun: its earlier attempts failed) and gotestsum --rerun-fails (a failure then a
// pass of the same test). Other dialects keep repeats as they are (TestNG data providers repeat a method name).

import type { Framework, TestOutcome } from '../model';
import { clip } from '../logs/failureText';
import { MAX_NAME_CHARS, type ReportDialect } from './parsedReport';

/** One `<testcase>` as read, before the dialect is known. */
export interface RawCase {
  readonly classname: string;
  readonly name: string;
  /** The test case's `file` attribute, else the nearest testsuite's. */
  readonly file: string;
  /** PHPUnit's `class` attribute. */
  readonly phpClass: string;
  /** The innermost testsuite's `name` and `hostname` (Playwright's project). */
  readonly suiteName: string;
  readonly suiteHostname: string;
  readonly result: 'pass' | 'fail' | 'skip';
  /** `<flakyFailure>`/`<flakyError>` elements: failed attempts before the pass. */
  readonly flakyAttempts: number;
  /** `<rerunFailure>`/`<rerunError>` elements: failed attempts after the first. */
  readonly reruns: number;
  readonly message?: string;
  readonly duration?: number;
}

/** Document-wide signs of the writer, gathered while reading. */
export interface DialectSigns {
  rootName: string;
  rootHasId: boolean;
  pytestSuiteName: boolean;
  pytestSkipType: boolean;
  goProperty: boolean;
  jvmProperty: boolean;
  suites: number;
  suitesWithHostname: number;
  cases: number;
  pythonFiles: number;
  phpCases: number;
  goCases: number;
  jsFileCases: number;
  angleNames: number;
  chevronClassnames: number;
  javaClassnames: number;
}

export function emptySigns(): DialectSigns {
  return {
    rootName: '',
    rootHasId: false,
    pytestSuiteName: false,
    pytestSkipType: false,
    goProperty: false,
    jvmProperty: false,
    suites: 0,
    suitesWithHostname: 0,
    cases: 0,
    pythonFiles: 0,
    phpCases: 0,
    goCases: 0,
    jsFileCases: 0,
    angleNames: 0,
    chevronClassnames: 0,
    javaClassnames: 0,
  };
}

const JS_FILE = /\.(?:[cm]?[jt]sx?|vue|svelte)$/i;
const GO_TEST_NAME = /^(?:Test|Example|Fuzz|Benchmark)[\p{Lu}\p{N}_/]|^(?:Test|Example|Fuzz|Benchmark)$/u;
// The simple name and each nested class's hold no `$`: where both could take it, a name of 69 characters such as
// `$.A$A$A$…` took 140 s to refuse (exponential backtracking).
const JAVA_CLASS = /^(?:[\p{L}_$][\p{L}\p{N}_$]*\.)+\p{Lu}[\p{L}\p{N}_]*(?:\$[\p{L}\p{N}_]+)*$/u;

/** Updates the signs with one test case. */
export function noteCase(signs: DialectSigns, c: RawCase): void {
  signs.cases++;
  if (c.file.toLowerCase().endsWith('.py')) signs.pythonFiles++;
  if (c.phpClass !== '' || /\.php$/i.test(c.file)) signs.phpCases++;
  if (c.classname.includes('/') && !c.classname.includes(' ') && GO_TEST_NAME.test(c.name)) signs.goCases++;
  if (JS_FILE.test(c.file) || JS_FILE.test(c.suiteName) || JS_FILE.test(c.classname)) signs.jsFileCases++;
  if (c.name.includes(' > ')) signs.angleNames++;
  if (c.classname.includes(' › ')) signs.chevronClassnames++;
  if (JAVA_CLASS.test(c.classname)) signs.javaClassnames++;
}

/** Property names that only JVM build tools write into a testsuite's `<properties>`. */
export function isJvmProperty(name: string): boolean {
  return /^(?:java\.|sun\.|jdk\.|surefire\.|maven\.|gradle\.|file\.encoding$|os\.arch$)/.test(name);
}

export function resolveDialect(signs: DialectSigns): ReportDialect {
  const root = signs.rootName.trim().toLowerCase();
  const most = (n: number): boolean => signs.cases > 0 && n * 2 > signs.cases;
  if (root === 'nextest-run') return 'nextest';
  if (root.startsWith('vitest')) return 'vitest';
  if (root.startsWith('jest')) return 'jest';
  if (root === 'mocha tests') return 'mocha';
  if (signs.pytestSuiteName || signs.pytestSkipType || root === 'pytest tests') return 'pytest';
  if (signs.goProperty) return 'go';
  if (signs.jvmProperty) return 'jvm';
  if (signs.rootHasId && signs.suites > 0 && signs.suitesWithHostname === signs.suites && most(signs.jsFileCases)) return 'playwright';
  if (most(signs.pythonFiles)) return 'unittest';
  if (most(signs.phpCases)) return 'phpunit';
  if (most(signs.goCases)) return 'go';
  if (most(signs.jsFileCases)) return most(signs.angleNames) ? 'vitest' : 'jest';
  if (most(signs.chevronClassnames)) return 'jest';
  if (most(signs.javaClassnames)) return 'jvm';
  return 'generic';
}

export function frameworkOf(dialect: ReportDialect): Framework {
  switch (dialect) {
    case 'pytest':
    case 'unittest':
    case 'jest':
    case 'vitest':
    case 'mocha':
    case 'playwright':
    case 'nextest':
      return dialect;
    case 'go':
      return 'gotest';
    case 'trx':
      return 'dotnet';
    default:
      return 'junit';
  }
}

/** The outcomes of a report's test cases in the dialect's id form, retries merged, non-tests as errors (see the header). */
export function toOutcomes(dialect: ReportDialect, cases: readonly RawCase[]): { outcomes: TestOutcome[]; errors: string[] } {
  const framework = frameworkOf(dialect);
  const errors: string[] = [];
  const identify = identifier(dialect);
  const keyed: { c: RawCase; suite: string; id: string }[] = [];
  for (const c of cases) {
    const notATest = notATestError(dialect, c);
    if (notATest) errors.push(notATest);
    else keyed.push({ c, ...identify(c) });
  }
  const merge = dialect === 'pytest' ? 'repeats' : dialect === 'go' ? 'failure-then-pass' : 'none';
  const outcomes: TestOutcome[] = [];
  if (merge === 'none') {
    for (const k of keyed) outcomes.push(outcomeOf(framework, k.suite, k.id, k.c));
    return { outcomes, errors };
  }
  // Group repeats of one test, in the order of their first appearance.
  const groups = new Map<string, typeof keyed>();
  for (const k of keyed) {
    const key = `${k.suite}\u001f${k.id}`;
    const group = groups.get(key);
    if (group) group.push(k);
    else groups.set(key, [k]);
  }
  for (const group of groups.values()) {
    const last = group[group.length - 1] as (typeof keyed)[number];
    const anyFailed = group.some((k) => k.c.result === 'fail');
    const retried = group.length > 1 && (merge === 'repeats' || anyFailed);
    if (!retried) {
      for (const k of group) outcomes.push(outcomeOf(framework, k.suite, k.id, k.c));
      continue;
    }
    const firstFailure = group.find((k) => k.c.result === 'fail' || k.c.flakyAttempts > 0);
    const base = outcomeOf(framework, last.suite, last.id, last.c);
    const attempts = group.reduce((n, k) => n + 1 + k.c.flakyAttempts + k.c.reruns, 0);
    if (last.c.result === 'pass') {
      const message = messageFor(framework, firstFailure?.c.message ?? last.c.message);
      outcomes.push({ ...base, outcome: 'flaky', attempt: attempts, ...(message ? { message } : {}) });
    } else if (last.c.result === 'fail') {
      outcomes.push({ ...base, attempt: attempts });
    } else {
      outcomes.push(base);
    }
  }
  return { outcomes, errors };
}

/** A test case that stands for something other than a test, told as an error; `undefined` for a test. */
function notATestError(dialect: ReportDialect, c: RawCase): string | undefined {
  const firstLine = (c.message ?? '').split('\n').find((l) => l.trim() !== '' && !/^●?\s*Test suite failed to run$/.test(l.trim()));
  const detail = firstLine ? `: ${firstLine.trim()}` : '';
  if (dialect === 'pytest' && c.classname === '' && c.result === 'fail' && /^[\w.]+$/.test(c.name) && c.name.includes('.')) {
    // pytest's `E   ` lines hold the exception; the message attribute only says "collection failure".
    const raised = /^E\s+(.+)$/m.exec(c.message ?? '')?.[1];
    return clip(`pytest: error collecting ${c.name.split('.').join('/')}.py${raised ? `: ${raised.trim()}` : detail}`, MAX_NAME_CHARS);
  }
  if (dialect === 'jest' && c.classname === 'Test suite failed to run') {
    return clip(`jest: ${workspacePath(c.name || c.suiteName)} failed to run${detail}`, MAX_NAME_CHARS);
  }
  return undefined;
}

function outcomeOf(framework: Framework, suite: string, id: string, c: RawCase): TestOutcome {
  let outcome: TestOutcome['outcome'] = c.result;
  let attempt = 1;
  if (c.result === 'fail') {
    attempt = 1 + c.reruns + c.flakyAttempts;
  } else if (c.result === 'pass' && c.flakyAttempts > 0) {
    outcome = 'flaky';
    attempt = 1 + c.flakyAttempts;
  }
  const message = outcome === 'fail' || outcome === 'flaky' ? messageFor(framework, c.message) : undefined;
  return {
    id,
    suite,
    framework,
    outcome,
    attempt,
    ...(message ? { message } : {}),
    ...(c.duration !== undefined ? { duration: c.duration } : {}),
  };
}

/**
 * A failure message in the framework's form. A Go test's output as `go test -v` framed it (gotestsum, go-junit-report keep the `=== RUN` and `--- FAIL`
 * lines): only what the test logged, without its indentation, as the log parser reads it.
 */
function messageFor(framework: Framework, message: string | undefined): string | undefined {
  if (message === undefined || framework !== 'gotest') return message;
  const lines = message.split('\n').filter((l) => !/^\s*(?:=== (?:RUN|PAUSE|CONT|NAME)\s|--- (?:FAIL|PASS|SKIP):)/.test(l));
  return lines.map((l) => l.trim()).join('\n').trim() || undefined;
}

/** The suite and id of each test case in a dialect's form (the table in the header); mocha's needs the cases in order. */
export function identifier(dialect: ReportDialect): (c: RawCase) => { suite: string; id: string } {
  const mochaPaths = new Map<string, string[]>();
  return (c) => {
    const { suite, id } = identity(dialect, c, mochaPaths);
    return { suite: clip(suite, MAX_NAME_CHARS), id: clip(id, MAX_NAME_CHARS) };
  };
}

function identity(dialect: ReportDialect, c: RawCase, mochaPaths: Map<string, string[]>): { suite: string; id: string } {
  const name = c.name;
  switch (dialect) {
    case 'pytest':
      return pytestIdentity(c);
    case 'unittest':
      return unittestIdentity(c);
    case 'jest':
      return { suite: fileSuite(c), id: jestId(c.classname, name) };
    case 'vitest':
      return { suite: fileSuite(c), id: name.split(' > ').join(' › ') };
    case 'playwright': {
      const project = c.suiteHostname;
      const title = project && name.startsWith(`[${project}] `) ? name.slice(project.length + 3) : name;
      return { suite: workspacePath(c.classname || c.suiteName), id: project ? `[${project}] › ${title}` : title };
    }
    case 'mocha':
      return { suite: '', id: mochaId(c, mochaPaths) };
    case 'phpunit':
      return { suite: c.phpClass || c.classname || c.suiteName, id: name };
    default:
      // jvm, go, nextest, generic: the class, package or binary is `classname`
      return { suite: c.classname || c.suiteName, id: name };
  }
}

/**
 * mocha-junit-reporter writes `name` = the full title (describe titles and the test's, joined by spaces),
 * `classname` = the test's title, one testsuite per describe named by its own title. The describe path is rebuilt
 * from the testsuites met so far (parents come before their children), and joined by ` › ` as the console parser has
 * it. A name that does not end with the title (jenkinsMode, switched attributes) is kept as written.
 */
function mochaId(c: RawCase, paths: Map<string, string[]>): string {
  const title = c.classname;
  if (title === '' || c.name === title) return c.name;
  if (!c.name.endsWith(` ${title}`)) return c.name;
  const prefix = c.name.slice(0, -(title.length + 1));
  let path = paths.get(prefix);
  if (!path) {
    const own = c.suiteName;
    if (prefix === own) path = [own];
    else if (own !== '' && prefix.endsWith(` ${own}`)) {
      const parent = prefix.slice(0, -(own.length + 1));
      path = [...(paths.get(parent) ?? [parent]), own];
    } else path = [prefix];
    paths.set(prefix, path);
  }
  return [...path, title].join(' › ');
}

/** jest-junit writes `classname` = the describe blocks and `name` = the test title (or both `{classname} {title}`). */
function jestId(classname: string, name: string): string {
  if (classname === '' || classname === name || name.startsWith(`${classname} `)) return name;
  return `${classname} › ${name}`;
}

/** The test file of a JavaScript test case: a `file` attribute, else a file-like testsuite name or classname. */
function fileSuite(c: RawCase): string {
  if (c.file) return workspacePath(c.file);
  if (JS_FILE.test(c.suiteName)) return workspacePath(c.suiteName);
  if (JS_FILE.test(c.classname)) return workspacePath(c.classname);
  return c.suiteName;
}

/**
 * pytest's node id from its JUnit classname (the file's dotted path, then the classes) and name:
 * `tests.test_x.TestC` + `test_y[p]` → `tests/test_x.py::TestC::test_y[p]`. A `file` attribute (xunit1) says where
 * the module ends; without one, the classes are the trailing segments that start with a capital letter (pytest
 * collects `Test*` classes), the rest is the module.
 */
function pytestIdentity(c: RawCase): { suite: string; id: string } {
  const { file, classes } = pythonModule(c);
  if (file === '') return { suite: c.classname, id: [...classes, c.name].join('::') };
  return { suite: file, id: [file, ...classes, c.name].join('::') };
}

/**
 * unittest's console names a test by its method and dotted class (`test_y (tests.test_x.TestC.test_y)`):
 * unittest-xml-reporting's classname is that class, or the class alone beside a `file` attribute.
 */
function unittestIdentity(c: RawCase): { suite: string; id: string } {
  const { file, classes } = pythonModule(c);
  if (file === '') return { suite: c.classname, id: c.name };
  const module = file.replace(/\.py$/i, '').split('/').join('.');
  return { suite: [module, ...classes].join('.'), id: c.name };
}

function pythonModule(c: RawCase): { file: string; classes: string[] } {
  const segments = c.classname === '' ? [] : c.classname.split('.');
  if (c.file) {
    const file = workspacePath(c.file);
    const module = file.replace(/\.py$/i, '').split('/').join('.');
    if (c.classname === module) return { file, classes: [] };
    if (c.classname.startsWith(`${module}.`)) return { file, classes: c.classname.slice(module.length + 1).split('.') };
    return { file, classes: trailingClasses(segments) };
  }
  const classes = trailingClasses(segments);
  const module = segments.slice(0, segments.length - classes.length);
  return { file: module.length > 0 ? `${module.join('/')}.py` : '', classes };
}

function trailingClasses(segments: readonly string[]): string[] {
  let start = segments.length;
  while (start > 0 && /^\p{Lu}/u.test(segments[start - 1] as string)) start--;
  return segments.slice(start);
}

/** A path with `/` separators, without `./` or a GitHub runner's workspace prefix. */
export function workspacePath(path: string): string {
  let p = path.replace(/\\/g, '/');
  p = p.replace(/^(?:\/home\/runner\/work|\/Users\/runner\/work|[A-Za-z]:\/a|\/__w)\/[^/]+\/[^/]+\//, '');
  while (p.startsWith('./')) p = p.slice(2);
  return p;
}
