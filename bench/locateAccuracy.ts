// How well locating works on real code nobody here wrote: indexes a checkout the way `flakelens locate` does
// (readWorkspace), asks for the tests the language's own tooling lists (or reads a list given on the command line),
// resolves each one as CI would report it, and checks that each lands on its declaration.
//
//   node --import tsx bench/locateAccuracy.ts <checkout-dir> <language> [--ci-list FILE] [--junit-xml DIR]
//        [--doctest-lines FILE] [--quiet]
//
// language: rust | go | python | js | java | kotlin. Tooling run when no list is given:
//   rust    cargo test --offline -- --list        (suites from the `Running …`/`Doc-tests …` lines)
//   go      go test -list . ./...                 (top-level tests, benchmarks, examples and fuzz targets);
//           with --run-tests, go test -v ./...    (runs them: subtests too, from the `=== RUN` lines)
//   python  python3 -m pytest --collect-only -q   (node ids; `src/` put on PYTHONPATH)
//   js      vitest list --json                    (VITEST=path to a vitest binary, else `npx vitest`)
//   java    the Surefire reports in target/surefire-reports (run `mvn -o test` first), or --junit-xml DIR
//   kotlin  Gradle's JUnit XML in build/test-results/test, or --junit-xml DIR (any JUnit XML: Surefire, Gradle, the
//           JUnit Platform console launcher's --reports-dir). java and kotlin count only their own files'
//           declarations, and leave out listed tests of classes declared only in the other language's files.
// --ci-list FILE: one test a line, `framework<TAB>suite<TAB>id` (as the log parsers produce them).
// --doctest-lines FILE: Python doctests as bench/doctestLines.py prints them (name, file, line from CPython's
//   DocTestFinder): a listed doctest is at its declaration on that line only, and every doctest the index declares
//   is compared with the list.
//
// Prints expected, resolved, precision, recall, every miss, every test resolved to a line that does not declare it,
// and the declarations no listed test resolved to. Never run by the tests: it needs the checkout and its toolchain.

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve as resolvePath } from 'node:path';
import { readWorkspace } from '../src/cli/workspaceFiles';
import { checkDocTests, type DocTestCheck, type DocTestLine } from './docTestCheck';
import type { TestDeclaration } from '../src/core/model';
import { locateRustFile, type RustDocTest } from '../src/core/locate/rustLocator';
import { performance } from 'node:perf_hooks';

interface Listed {
  readonly framework: string;
  readonly suite: string;
  readonly id: string;
  /** The word the declaration line must contain (the function, method or own title). */
  readonly name: string;
}

const LANGUAGE_FRAMEWORKS: Record<string, readonly string[]> = {
  rust: ['libtest'],
  go: ['gotest'],
  python: ['pytest', 'unittest'],
  js: ['jest', 'vitest', 'mocha', 'node', 'playwright'],
  java: ['junit'],
  kotlin: ['junit'],
};

/** Languages whose tests share a framework with another language: the files that are theirs. */
const LANGUAGE_FILES: Record<string, RegExp> = {
  java: /\.java$/,
  kotlin: /\.kts?$/,
};

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const e = error as { stdout?: string; message: string };
    if (e.stdout) return e.stdout;
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}: ${e.message.split('\n')[0]}`, { cause: error });
  }
}

function rustList(dir: string): Listed[] {
  const out = run('cargo', ['test', '--offline', '--', '--list'], dir);
  const listed: Listed[] = [];
  let suite = '';
  // cargo prints `Running …` on stderr; --list output holds the Doc-tests markers on stdout: rerun per binary
  // is not needed when both streams are merged, so merge them.
  const merged = out.includes('Running') ? out : run('sh', ['-c', 'cargo test --offline -- --list 2>&1'], dir);
  for (const line of merged.split('\n')) {
    const running = /^\s*Running (?:unittests )?(\S+)/.exec(line);
    if (running) {
      suite = running[1] ?? '';
      continue;
    }
    const doc = /^\s*Doc-tests (\S+)/.exec(line);
    if (doc) {
      suite = `Doc-tests ${doc[1]}`;
      continue;
    }
    const test = /^(.*): test$/.exec(line);
    if (!test) continue;
    const id = test[1] ?? '';
    const docName = / - (?:(.*) )?\(line \d+\)/.exec(id);
    const name = docName ? (docName[1] ?? '').split('::').pop() ?? '' : id.split('::').pop() ?? '';
    listed.push({ framework: 'libtest', suite, id, name: docName ? name : name.replace(/^r#/, '') });
  }
  return listed;
}

/** With `runTests`, `go test -v` runs the tests and its `=== RUN` lines name the subtests too. */
function goList(dir: string, runTests: boolean): Listed[] {
  const command = runTests ? 'go test -v -count=1 ./... 2>&1' : 'go test -list . ./... 2>&1';
  const out = run('sh', ['-c', command], dir);
  const listed: Listed[] = [];
  let pending: string[] = [];
  for (const line of out.split('\n')) {
    const ok = /^(?:ok|FAIL)\s+(\S+)/.exec(line);
    if (ok) {
      for (const id of new Set(pending)) {
        listed.push({ framework: 'gotest', suite: ok[1] ?? '', id, name: id.split('/').pop() ?? id });
      }
      pending = [];
      continue;
    }
    const test = runTests ? /^=== RUN\s+(\S+)$/.exec(line)?.[1] : /^(?:Test|Benchmark|Example|Fuzz)\S*$/.exec(line.trim())?.[0];
    if (test) pending.push(test);
  }
  return listed;
}

function pythonList(dir: string): Listed[] {
  const src = existsSync(join(dir, 'src')) ? join(dir, 'src') : '';
  const out = run('python3', ['-m', 'pytest', '--collect-only', '-q', '-p', 'no:cacheprovider', '-m', ''], dir, {
    PYTHONPATH: [src, process.env.PYTHONPATH ?? ''].filter((p) => p !== '').join(':'),
  });
  const listed: Listed[] = [];
  for (const line of out.split('\n')) {
    if (!line.includes('::')) continue;
    const id = line.trim();
    const head = id.split('[')[0] ?? id;
    listed.push({ framework: 'pytest', suite: head.split('::')[0] ?? '', id, name: head.split('::').pop() ?? '' });
  }
  return listed;
}

function jsList(dir: string): Listed[] {
  const vitest = process.env.VITEST;
  const out = vitest ? run(vitest, ['list', '--json'], dir) : run('npx', ['--no-install', 'vitest', 'list', '--json'], dir);
  const json = JSON.parse(out.slice(out.indexOf('['))) as { name: string; file: string }[];
  return json.map((t) => ({
    framework: 'vitest',
    suite: relative(dir, t.file).replace(/\\/g, '/'),
    id: t.name,
    name: t.name.split(' > ').pop() ?? t.name,
  }));
}

function junitXmlList(reportDir: string): Listed[] {
  const listed: Listed[] = [];
  for (const file of readdirSync(reportDir).filter((f) => f.endsWith('.xml'))) {
    const xml = readFileSync(join(reportDir, file), 'utf8');
    for (const m of xml.matchAll(/<testcase\b([^>]*)>/g)) {
      const attrs = m[1] ?? '';
      const attr = (name: string): string =>
        (new RegExp(`\\b${name}="([^"]*)"`).exec(attrs)?.[1] ?? '')
          .replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
      const id = attr('name');
      const suite = attr('classname');
      // Only the last parameter list: a Kotlin name in backticks can hold parentheses, `size (and count) match()`.
      listed.push({ framework: 'junit', suite, id, name: id.replace(/(?:\[\d+\])+$/, '').replace(/\([^()]*\)$/, '') });
    }
  }
  return listed;
}

function ciList(file: string): Listed[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => {
      const [framework = '', suite = '', ...rest] = l.split('\t');
      const id = rest.join('\t');
      const unittest = /^(\w+) \(/.exec(id);
      const name = unittest
        ? (unittest[1] ?? '')
        : (id.split(/ › | > |::|\/|\.(?=[^.]*$)/).pop()?.replace(/\[.*$/, '').replace(/\(.*\)$/, '') ?? id);
      return { framework, suite, id, name };
    });
}

const docTestScans = new Map<string, readonly RustDocTest[]>();
/** The doc-tests the Rust scanner finds in a file, scanned once. */
function docTestsOf(file: string, lines: (file: string) => string[]): readonly RustDocTest[] {
  let found = docTestScans.get(file);
  if (!found) docTestScans.set(file, (found = locateRustFile(file, lines(file).join('\n')).docTests));
  return found;
}

function docTestLines(file: string): Map<string, DocTestLine> {
  const lines = new Map<string, DocTestLine>();
  for (const l of readFileSync(file, 'utf8').split('\n')) {
    const [name = '', path = '', line = ''] = l.split('\t');
    if (name !== '' && /^\d+$/.test(line)) lines.set(name, { file: path, line: Number(line) });
  }
  return lines;
}

/** The doctest name a listed Python test would have: `name (module)`, `file.py::module.name`, a dotted name. */
function docTestName(t: Listed): string {
  const verbose = /^(\w+) \(([\w.]*)\)$/.exec(t.id);
  if (verbose) return verbose[2] ? `${verbose[2]}.${verbose[1] ?? ''}` : (verbose[1] ?? '');
  const node = t.id.lastIndexOf('::');
  if (node >= 0) return t.id.slice(node + 2);
  return t.suite !== '' && !t.id.includes('.') ? `${t.suite}.${t.id}` : t.id;
}

/** Whether the declaration's line shows the test: its name, or for JS the literal part of its own title. */
function sitsAtDeclaration(
  decl: TestDeclaration,
  listed: Listed,
  lines: (file: string) => string[],
  declared: ReadonlySet<string>,
  docTests?: ReadonlyMap<string, DocTestLine>,
): boolean {
  // A Python doctest sits on the line DocTestFinder gives it (its docstring's, usually).
  const doc = docTests?.get(docTestName(listed));
  if (doc) return decl.line === doc.line && (decl.file === doc.file || decl.file.endsWith(`/${doc.file}`));
  const text = lines(decl.file)[decl.line - 1] ?? '';
  // A doc-test sits at the fence of the code block its id names: the line rustdoc prints is the fence's own, or, in a
  // block doc comment whose first line is empty, one less (the scanner tells which fences those are).
  const docLine = /\(line (\d+)\)/.exec(listed.id);
  if (listed.framework === 'libtest' && docLine) {
    if (!/^\s*(?:\*\s*)?(?:\/\/[/!]\s*)?(?:```|~~~)/.test(text)) return false;
    const fence = docTestsOf(decl.file, lines).find((d) => d.line === decl.line);
    return fence !== undefined && (fence.listedLine ?? fence.line) === Number(docLine[1]);
  }
  if (listed.name !== '' && text.includes(listed.name)) return true;
  // Not a test declaration (an enclosing suite, a parent test): only the test's own name counts.
  if (!declared.has(`${decl.file}:${decl.line}`)) return false;
  if (text.includes(decl.name)) return true;
  // A title built from a template or constants: some literal word of it.
  const words = decl.name.split(/\$\{[^}]*\}|%\w|\$\w+/).map((w) => w.trim()).filter((w) => w.length >= 3);
  return words.some((w) => text.includes(w)) || /\b(?:it|test|specify)\s*[.(]/.test(text);
}

function main(): void {
  const [dirArg, language = '', ...rest] = process.argv.slice(2);
  if (!dirArg || !LANGUAGE_FRAMEWORKS[language]) {
    console.error('usage: locateAccuracy.ts <checkout-dir> <rust|go|python|js|java|kotlin> [--ci-list FILE] [--junit-xml DIR] [--quiet]');
    process.exit(2);
  }
  const dir = resolvePath(dirArg);
  const option = (name: string): string | undefined => {
    const i = rest.indexOf(name);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const quiet = rest.includes('--quiet');
  const listFile = option('--ci-list');
  const xmlDir = option('--junit-xml');
  const docTestFile = option('--doctest-lines');
  const docTests = docTestFile ? docTestLines(docTestFile) : undefined;
  let listed: Listed[];
  let source: string;
  if (listFile) {
    listed = ciList(listFile);
    source = `list ${listFile}`;
  } else if (xmlDir || language === 'java' || language === 'kotlin') {
    const reports = xmlDir ?? (language === 'kotlin' ? join(dir, 'build', 'test-results', 'test') : join(dir, 'target', 'surefire-reports'));
    listed = junitXmlList(reports);
    source = `JUnit XML in ${reports}`;
  } else {
    const listers: Record<string, (d: string) => Listed[]> = {
      rust: rustList,
      go: (d) => goList(d, rest.includes('--run-tests')),
      python: pythonList,
      js: jsList,
    };
    listed = (listers[language] ?? (() => []))(dir);
    source = { rust: 'cargo test -- --list', go: rest.includes('--run-tests') ? 'go test -v' : 'go test -list .', python: 'pytest --collect-only', js: 'vitest list' }[language] ?? '';
  }

  const started = performance.now();
  const workspace = readWorkspace(dir);
  const indexedMs = performance.now() - started;
  const frameworks = LANGUAGE_FRAMEWORKS[language] ?? [];
  const ofFrameworks = workspace.index.allDeclarations().filter((d) => frameworks.includes(d.framework));
  const ownFiles = LANGUAGE_FILES[language];
  const declarations = ownFiles ? ofFrameworks.filter((d) => ownFiles.test(d.file)) : ofFrameworks;
  let leftOut = 0;
  if (ownFiles) {
    // A listed test whose class is declared only in another language's files (a Java test class in a Kotlin project).
    const className = (c: string): string => c.replace(/\$/g, '.');
    const own = new Set(declarations.map((d) => className(d.container ?? '')));
    const other = new Set(ofFrameworks.filter((d) => !ownFiles.test(d.file)).map((d) => className(d.container ?? '')));
    const before = listed.length;
    listed = listed.filter((t) => own.has(className(t.suite)) || !other.has(className(t.suite)));
    leftOut = before - listed.length;
  }
  const cache = new Map<string, string[]>();
  const lines = (file: string): string[] => {
    let l = cache.get(file);
    if (!l) cache.set(file, (l = readFileSync(join(dir, file), 'utf8').split('\n')));
    return l;
  };

  const declaredPlaces = new Set(declarations.map((d) => `${d.file}:${d.line}`));
  const misses: Listed[] = [];
  const misplaced: { listed: Listed; decl: TestDeclaration }[] = [];
  const reached = new Set<string>();
  let resolved = 0;
  const resolveStarted = performance.now();
  for (const t of listed) {
    const decl = workspace.index.resolve({ framework: t.framework, suite: t.suite, id: t.id });
    if (!decl) {
      misses.push(t);
      continue;
    }
    if (!sitsAtDeclaration(decl, t, lines, declaredPlaces, docTests)) {
      misplaced.push({ listed: t, decl });
      continue;
    }
    resolved++;
    reached.add(`${decl.file}:${decl.line}`);
  }
  const resolveMs = performance.now() - resolveStarted;
  const unreached = declarations.filter((d) => !reached.has(`${d.file}:${d.line}`));
  const distinctDeclarations = new Set(declarations.map((d) => `${d.file}:${d.line}`)).size;
  const precisionBase = distinctDeclarations;
  const usefulDeclarations = new Set(declarations.map((d) => `${d.file}:${d.line}`).filter((k) => reached.has(k))).size;

  console.log(`checkout   ${dir}`);
  console.log(`expected   ${listed.length} tests (${source})${leftOut > 0 ? `; ${leftOut} more of classes in other languages' files left out` : ''}`);
  console.log(`resolved   ${resolved} at their declaration, ${misplaced.length} elsewhere, ${misses.length} not found`);
  console.log(`recall     ${(listed.length === 0 ? 0 : (100 * resolved) / listed.length).toFixed(1)}%`);
  console.log(`declared   ${declarations.length} declarations at ${distinctDeclarations} places; ${usefulDeclarations} reached by a listed test`);
  console.log(`precision  ${(precisionBase === 0 ? 0 : (100 * usefulDeclarations) / precisionBase).toFixed(1)}% (places reached / places declared)`);
  console.log(`time       index ${indexedMs.toFixed(0)} ms (${workspace.files.length} files read), resolve ${resolveMs.toFixed(0)} ms`);
  // Every doctest the index declares, against DocTestFinder's list (names as the index gives them: the file's path).
  let docCheck: DocTestCheck | undefined;
  if (docTests) {
    docCheck = checkDocTests(workspace.files, declarations, lines, docTests);
    const extra = docCheck.unlisted;
    console.log(`doctests   ${docTests.size} listed by DocTestFinder, ${docCheck.same} declared on its line; ${docCheck.declared} declared, ${extra.length} of them not listed${extra.length > 0 ? ` (${extra.slice(0, 5).map((d) => d.id).join(', ')}${extra.length > 5 ? ', …' : ''})` : ''}`);
  }
  if (quiet) return;
  const show = <T>(title: string, items: readonly T[], format: (x: T) => string): void => {
    if (items.length === 0) return;
    console.log(`\n${title} (${items.length}):`);
    for (const x of items.slice(0, 200)) console.log(`  ${format(x)}`);
    if (items.length > 200) console.log(`  … ${items.length - 200} more`);
  };
  show('not found', misses, (t) => `${t.framework} | ${t.suite} | ${t.id}`);
  show('doctests not declared on the line DocTestFinder gives', docCheck?.mismatches ?? [], (m) => m);
  show('doctests declared that DocTestFinder does not list', docCheck?.unlisted ?? [], (d) => `${d.file}:${d.line} ${d.id}`);
  show('resolved to a line that does not declare it (an enclosing suite or parent test, or wrong)', misplaced, ({ listed: t, decl }) => `${t.suite} | ${t.id} → ${decl.file}:${decl.line}`);
  show('declared but reached by no listed test', unreached, (d) => `${d.file}:${d.line} ${d.id}`);
}

main();
