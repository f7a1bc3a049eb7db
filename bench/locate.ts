// How long locating takes: one large file per language (synthetic, 5,000 and 10,000 lines, scanned 201 times after a
// warm-up: median, 95th percentile, fastest); a synthetic 20,000-file workspace indexed by the extension's own
// time-sliced code (src/core/locate/workspaceIndex.ts) in a child process: total, longest synchronous slice, event
// loop delays, first queries, then one file changed, deleted and renamed; and, with `--tree-sitter DIR` (a folder
// where web-tree-sitter and tree-sitter-wasms are installed), the same large files parsed by tree-sitter.
// Benchmarks may read the clock; tests never do.
//
//   node --import tsx bench/locate.ts [--tree-sitter DIR [--compare CHECKOUT:LANGUAGE]...]
//   node --import tsx bench/run.ts locate           (what `npm run bench` prints for locating: the large files
//                                                   bundled and minified as the extension ships them, and under tsx)
//
// DIR: a folder with `npm install web-tree-sitter @vscode/tree-sitter-wasm` (not project dependencies); --compare
// runs both on the test files of a real checkout (LANGUAGE: rust, go, python, js, java).

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { locateGoFile } from '../src/core/locate/goLocator';
import { locateJsFile } from '../src/core/locate/jsLocator';
import { locateJvmFile } from '../src/core/locate/jvmLocator';
import { locatePythonFile } from '../src/core/locate/pythonLocator';
import { locateRustFile } from '../src/core/locate/rustLocator';
import { WorkspaceIndex } from '../src/core/locate/workspaceIndex';

/** A Rust file of about `lines` lines: nested test modules, literals with braces, doc-tests. */
function syntheticRust(lines: number, tag = ''): string {
  const out: string[] = ['//! Synthetic crate docs.', '//!', '//! ```', '//! let x = 1;', '//! ```', ''];
  let n = 0;
  while (out.length < lines) {
    const id = `${tag}${n}`;
    out.push(
      `/// Item ${n}.`,
      '///',
      '/// ```',
      `/// assert_eq!(item_${n}(), ${n});`,
      '/// ```',
      `pub fn item_${n}() -> u32 { let _s = "{ brace }"; let _c = '}'; let _r = r#"raw "}" text"#; ${n} }`,
      '',
      `mod group_${id} {`,
      '    use super::*;',
      '    // a comment with a { brace',
      '    #[test]',
      `    fn checks_${id}() {`,
      `        assert_eq!(item_${n}(), ${n});`,
      '    }',
      '',
      '    #[tokio::test(flavor = "multi_thread")]',
      '    #[ignore = "slow"]',
      `    async fn waits_${id}<'a>() {`,
      "        let _label = 'outer: loop { break 'outer; };",
      '    }',
      '}',
      '',
    );
    n++;
  }
  return out.join('\n');
}

/** A Go test file of about `lines` lines: tests with literal subtests and tables. */
function syntheticGo(lines: number, tag = ''): string {
  const out: string[] = ['package synthetic', '', 'import "testing"', ''];
  let n = 0;
  while (out.length < lines) {
    const id = `${tag}${n}`;
    out.push(
      `func TestItem${id}(t *testing.T) {`,
      '\ttests := []struct {',
      '\t\tname string',
      '\t\twant int',
      '\t}{',
      `\t\t{name: "first case ${id}", want: 1},`,
      `\t\t{name: "second { case", want: 2}, // a comment }`,
      '\t}',
      '\tfor _, tc := range tests {',
      '\t\tt.Run(tc.name, func(t *testing.T) {',
      '\t\t\t_ = tc.want',
      '\t\t})',
      '\t}',
      '\tt.Run("literal name", func(t *testing.T) {',
      '\t\tt.Run(`nested`, func(t *testing.T) {})',
      '\t})',
      '}',
      '',
    );
    n++;
  }
  return out.join('\n');
}

/** A jest/vitest test file of about `lines` lines: nested suites, templates, .each, regular expressions, JSX-free. */
export function syntheticJs(lines: number, tag = ''): string {
  const out: string[] = ["import { describe, expect, it } from 'vitest';", "const GROUP = 'group';", ''];
  let n = 0;
  while (out.length < lines) {
    const id = `${tag}${n}`;
    out.push(
      `describe(\`\${GROUP} ${id}\`, () => {`,
      `  const pattern = /["'{}]+/g; // braces { and quotes " in a comment`,
      `  it('parses item ${id}', () => {`,
      `    expect(\`value \${${n} + 1} {\`.replace(pattern, '')).toBe('value ${n + 1} ');`,
      '  });',
      '',
      '  it.each([',
      `    [${n}, ${n + 1}],`,
      '  ])(\'adds %i to %i\', (a, b) => {',
      '    expect(a + 1).toBe(b);',
      '  });',
      '',
      `  describe('nested ${id}', () => {`,
      `    test.skip("handles \\"quotes\\" ${id}", async () => {`,
      "      await Promise.resolve('}');",
      '    });',
      '  });',
      '});',
      '',
    );
    n++;
  }
  return out.join('\n');
}

/** A pytest/unittest file of about `lines` lines: functions, classes, decorators, triple-quoted strings. */
export function syntheticPython(lines: number, tag = ''): string {
  const out: string[] = ['import pytest', 'import unittest', ''];
  let n = 0;
  while (out.length < lines) {
    const id = `${tag}${n}`;
    out.push(
      `@pytest.mark.parametrize("value", [${n}, ${n + 1}])`,
      `def test_item_${id}(value):`,
      `    text = """def test_not_${n}():`,
      '    pass"""',
      `    assert value >= ${n}  # a comment with def test_fake():`,
      '',
      `class TestGroup${id}:`,
      `    def test_member_${id}(self):`,
      `        assert {"k": [${n}]}`,
      '',
      `    def helper_${n}(self):`,
      '        return (',
      `            ${n}`,
      '        )',
      '',
      `class Case${id}(unittest.TestCase):`,
      `    def test_case_${id}(self):`,
      `        self.assertEqual('${n}', "${n}")`,
      '',
    );
    n++;
  }
  return out.join('\n');
}

/** A JUnit 5 class of about `lines` lines: nested classes, parameterized tests, text blocks, anonymous classes. */
export function syntheticJava(lines: number, tag = ''): string {
  const out: string[] = ['package com.acme.synthetic;', '', 'import org.junit.jupiter.api.*;', '', 'class BigTest {'];
  let n = 0;
  while (out.length < lines) {
    const id = `${tag}${n}`;
    out.push(
      '    @Test',
      `    @DisplayName("item ${n} { works }")`,
      `    void item${id}() {`,
      `        String block = """`,
      `            @Test void fake${n}() {}`,
      '            """;',
      `        Runnable r = new Runnable() { public void run() { System.out.println('}'); } };`,
      '    }',
      '',
      '    @ParameterizedTest(name = "{0} works")',
      `    @ValueSource(ints = {${n}, ${n + 1}})`,
      `    void values${id}(final int value) throws Exception {`,
      '        // a comment with a brace {',
      '    }',
      '',
      '    @Nested',
      `    class Inner${id} {`,
      '        @Test',
      `        void inner${id}() {}`,
      '    }',
      '',
    );
    n++;
  }
  out.push('}');
  return out.join('\n');
}

/** A Kotlin JUnit class of about `lines` lines: backticked names, string templates, nested comments. */
export function syntheticKotlin(lines: number): string {
  const out: string[] = ['package com.acme.synthetic', '', 'import org.junit.jupiter.api.Test', '', 'class BigTest {'];
  let n = 0;
  while (out.length < lines) {
    out.push(
      '    @Test',
      `    fun \`item ${n} works\`() {`,
      `        val s = "value \${listOf("}").size} { $n"`,
      '        /* nested /* comment { */ */',
      '    }',
      '',
      '    @Nested',
      `    inner class Inner${n} {`,
      '        @Test',
      `        fun inner${n}() = check(true)`,
      '    }',
      '',
    );
    n++;
  }
  out.push('}');
  return out.join('\n');
}

/** Fastest, median and 95th percentile of `times` runs after a warm-up (the first runs measure the JIT, not the scan). */
function timeMs(
  run: () => void,
  times = 31,
  warmUp = 5,
  between?: () => void,
): { median: number; fastest: number; p95: number; inOrder: readonly number[] } {
  for (let i = 0; i < warmUp; i++) run();
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    between?.();
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  const inOrder = samples.slice();
  samples.sort((a, b) => a - b);
  return {
    inOrder,
    median: samples[Math.floor(samples.length / 2)] ?? 0,
    fastest: samples[0] ?? 0,
    p95: samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.95))] ?? 0,
  };
}

type Figure = { name: string; value: number; unit: string };

/** The large files of every language, with the scanner that reads each. */
export function largeFiles(lines: number): { language: string; file: string; source: string; scan: (s: string) => unknown }[] {
  return [
    { language: 'Rust', file: 'src/big.rs', source: syntheticRust(lines), scan: (s) => locateRustFile('src/big.rs', s) },
    { language: 'Go', file: 'big_test.go', source: syntheticGo(lines), scan: (s) => locateGoFile('big_test.go', s) },
    { language: 'TypeScript', file: 'big.test.ts', source: syntheticJs(lines), scan: (s) => locateJsFile('big.test.ts', s) },
    { language: 'Python', file: 'test_big.py', source: syntheticPython(lines), scan: (s) => locatePythonFile('test_big.py', s) },
    { language: 'Java', file: 'BigTest.java', source: syntheticJava(lines), scan: (s) => locateJvmFile('BigTest.java', s) },
    { language: 'Kotlin', file: 'BigTest.kt', source: syntheticKotlin(lines), scan: (s) => locateJvmFile('BigTest.kt', s) },
  ];
}

/** Every figure of locating: large files per language, then the 20,000-file workspace (what `npm run bench` prints). */
export function benchLocate(): Figure[] {
  return [...benchLargeFiles(), ...benchWorkspace()];
}

/**
 * The machine's own speed, for reading the figures beside it: a fixed loop over a 432 KB string that does what a
 * scanner does most (read characters, write some positions to a typed array). This VM shares its cores: in some
 * phases this loop and the scans slow down together, about 2x (sample by sample, their times correlate at r 0.6-0.9).
 */
const REFERENCE_TEXT = 'fn test_something() { let x = 1; assert_eq!(x, 1); }\n'.repeat(8000);
const REFERENCE_POSITIONS = new Int32Array(200_000);
function referenceLoop(): number {
  let k = 0;
  let h = 0;
  for (let i = 0; i < REFERENCE_TEXT.length; i++) {
    const c = REFERENCE_TEXT.charCodeAt(i);
    h = (h * 31 + c) | 0;
    if (c === 32) REFERENCE_POSITIONS[k++ % 200_000] = i;
  }
  return h + k;
}

/** Each language's large files scanned many times after a warm-up: median and 95th percentile, and the fastest run. */
export function benchLargeFiles(sizes: readonly number[] = [5_000, 10_000], times = 201): Figure[] {
  const results: Figure[] = [];
  for (const lines of sizes) {
    for (const { language, source, scan } of largeFiles(lines)) {
      // The reference loop runs between the scans, so that both see the same phases of the machine.
      const reference: number[] = [];
      const { median, fastest, p95, inOrder } = timeMs(
        () => scan(source),
        times,
        30,
        () => {
          const start = performance.now();
          referenceLoop();
          reference.push(performance.now() - start);
        },
      );
      // What the scan costs relative to the machine: each scan's time over the reference loop's just before it
      // (both slow down together in the VM's slow phases), the median of those ratios, at the loop's fastest.
      const ratios = inOrder.map((t, i) => t / (reference[i] ?? t)).sort((a, b) => a - b);
      const ratio = ratios[ratios.length >> 1] ?? 0;
      reference.sort((a, b) => a - b);
      results.push({ name: `locate ${language} file, ${lines} lines: median of ${times}`, value: median, unit: 'ms' });
      results.push({ name: `locate ${language} file, ${lines} lines: 95th percentile`, value: p95, unit: 'ms' });
      results.push({ name: `locate ${language} file, ${lines} lines: fastest`, value: fastest, unit: 'ms' });
      results.push({
        name: `locate ${language} file, ${lines} lines: machine reference loop meanwhile, median (fastest ${(reference[0] ?? 0).toFixed(2)} ms)`,
        value: reference[reference.length >> 1] ?? 0,
        unit: 'ms',
      });
      results.push({ name: `locate ${language} file, ${lines} lines: machine reference loop meanwhile, fastest`, value: reference[0] ?? 0, unit: 'ms' });
      results.push({
        name: `locate ${language} file, ${lines} lines: at the machine's full speed (${ratio.toFixed(2)}x the loop, at its fastest)`,
        value: ratio * (reference[0] ?? 0),
        unit: 'ms',
      });
    }
  }
  return results;
}

/**
 * A synthetic workspace of `total` files written under `root`: Rust crates, Go packages, JS/TS packages, Python
 * and Java test folders, in the proportions of a large polyglot monorepo. Returns the relative paths.
 */
function writeWorkspace(root: string, total: number): string[] {
  const files: string[] = [];
  const write = (rel: string, text: string): void => {
    const full = join(root, rel);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
    files.push(rel);
  };
  const per = Math.floor(total / 5);
  // Rust: crates of 20 files (Cargo.toml, lib.rs declaring 18 modules, 18 module files).
  for (let c = 0; files.length < per; c++) {
    write(`rust/crate${c}/Cargo.toml`, `[package]\nname = "crate${c}"\nversion = "0.1.0"\n`);
    write(`rust/crate${c}/src/lib.rs`, Array.from({ length: 18 }, (_, m) => `pub mod m${m};`).join('\n'));
    for (let m = 0; m < 18 && files.length < per; m++) write(`rust/crate${c}/src/m${m}.rs`, syntheticRust(120, `c${c}m${m}x`));
  }
  write('go/go.mod', 'module example.com/big\n');
  for (let p = 0; files.length < 2 * per; p++) {
    for (let f = 0; f < 4 && files.length < 2 * per; f++) {
      const source = syntheticGo(120, `p${p}f${f}x`).replace('package synthetic', `package pkg${p}`).replace(/TestItem/g, `TestP${p}F${f}Item`);
      write(`go/pkg${p}/f${f}_test.go`, source);
    }
  }
  for (let p = 0; files.length < 3 * per; p++) {
    write(`js/packages/p${p}/package.json`, '{ "devDependencies": { "vitest": "^2.0.0" } }');
    for (let f = 0; f < 50 && files.length < 3 * per; f++) write(`js/packages/p${p}/src/f${f}.test.ts`, syntheticJs(120, `p${p}f${f}x`));
  }
  for (let p = 0; files.length < 4 * per; p++) {
    for (let f = 0; f < 20 && files.length < 4 * per; f++) write(`python/pkg${p}/tests/test_f${f}.py`, syntheticPython(120, `p${p}f${f}x`));
  }
  for (let p = 0; files.length < total; p++) {
    for (let f = 0; f < 20 && files.length < total; f++) {
      write(`java/src/test/java/com/acme/p${p}/F${f}Test.java`, syntheticJava(120, `p${p}f${f}x`).replace('package com.acme.synthetic;', `package com.acme.p${p};`).replace('class BigTest', `class F${f}Test`));
    }
  }
  return files;
}

/**
 * Indexing a 20,000-file workspace with the extension's own code (src/core/locate/workspaceIndex.ts, which
 * src/editor/workspaceTests.ts drives): files read asynchronously a batch at a time and indexed in time slices,
 * yielding to the event loop between two. The editor stays responsive when every synchronous slice, every pause of
 * the event loop (garbage collection included, seen by monitorEventLoopDelay) and every first query (where Rust and
 * Go packages are derived) is shorter than a frame (~16 ms). Then one file changed, deleted and renamed.
 *
 * Run in a child process (`--workspace-json`): a fresh heap, and `npm run bench` stays synchronous.
 */
export async function benchWorkspaceAsync(total = 20_000): Promise<Figure[]> {
  const root = mkdtempSync(join(tmpdir(), 'flakelens-bench-'));
  try {
    const files = writeWorkspace(root, total);
    let lines = 0;
    const workspace = new WorkspaceIndex();
    const index = workspace.index;
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const stats = await workspace.indexAll(files, async (f) => {
      const text = await readFile(join(root, f), 'utf8');
      lines += text.split('\n').length;
      return text;
    });
    delay.disable();
    const load = loadavg()[0] ?? 0;
    const sorted = [...stats.slices].sort((a, b) => a - b);
    const percentile = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
    const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
    // The first queries derive what is lazy (Rust module trees, Go packages, id maps): one synchronous slice each.
    const queries: [string, () => unknown][] = [
      ['Rust', () => index.resolve({ framework: 'libtest', suite: 'crate3', id: 'm3::group_c3m3x2::checks_c3m3x2' })],
      ['Go', () => index.resolve({ framework: 'gotest', suite: 'example.com/big/pkg7', id: 'TestP7F1Itemp7f1x3/literal_name' })],
      ['TypeScript', () => index.resolve({ framework: 'vitest', suite: 'js/packages/p1/src/f3.test.ts', id: 'group p1f3x2 › adds 2 to 3' })],
      ['Python', () => index.resolve({ framework: 'pytest', suite: '', id: 'python/pkg2/tests/test_f3.py::TestGroupp2f3x1::test_member_p2f3x1' })],
      ['Java', () => index.resolve({ framework: 'junit', suite: 'com.acme.p2.F3Test', id: 'valuesp2f3x1(int)[1]' })],
    ];
    const first: Figure[] = [];
    for (const [language, query] of queries) {
      const t = performance.now();
      const found = query();
      const ms = performance.now() - t;
      if (!found) throw new Error(`first query, ${language}: not found`);
      first.push({ name: `  first query after indexing, ${language}`, value: ms, unit: 'ms' });
    }
    const textOf = (f: string): string => readFileSync(join(root, f), 'utf8');
    // One file changed, then what an edit triggers: its declarations and a resolve. Median of 21.
    const changes: [string, string, (text: string) => string, () => unknown][] = [
      ['Rust', files.find((f) => f.endsWith('/m5.rs')) ?? '', (t) => `${t}\n#[test]\nfn added() {}\n`, () => index.resolve({ framework: 'libtest', suite: 'crate0', id: 'm5::added' })],
      ['Go', files.find((f) => f.endsWith('_test.go')) ?? '', (t) => `${t}\nfunc TestAdded(t *testing.T) {}\n`, () => index.resolve({ framework: 'gotest', suite: 'example.com/big/pkg0', id: 'TestAdded' })],
      ['TypeScript', files.find((f) => f.endsWith('.test.ts')) ?? '', (t) => `${t}\nit('added', () => {});\n`, () => index.resolve({ framework: 'vitest', suite: 'js/packages/p0/src/f0.test.ts', id: 'added' })],
      ['Python', files.find((f) => f.endsWith('.py')) ?? '', (t) => `${t}\ndef test_added():\n    pass\n`, () => index.resolve({ framework: 'pytest', suite: '', id: 'python/pkg0/tests/test_f0.py::test_added' })],
      ['Java', files.find((f) => f.endsWith('.java')) ?? '', (t) => t.replace(/void item\w+\(\)/, 'void added()'), () => index.resolve({ framework: 'junit', suite: 'com.acme.p0.F0Test', id: 'added' })],
    ];
    const median = (samples: number[]): number => samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? 0;
    const incremental: Figure[] = [];
    for (const [language, file, edit, query] of changes) {
      const original = textOf(file);
      const text = edit(original);
      const changed: number[] = [];
      const deleted: number[] = [];
      const renamed: number[] = [];
      for (let i = 0; i < 21; i++) {
        let t = performance.now();
        workspace.setFile(file, i % 2 === 0 ? text : `${text}\n`);
        index.declarationsIn(file);
        const found = query();
        changed.push(performance.now() - t);
        if (!found) throw new Error(`incremental ${language}: the changed test was not found`);
        t = performance.now();
        workspace.removeFile(file);
        index.declarationsIn(file);
        deleted.push(performance.now() - t);
        // Not timed: resolving an id no file declares any more tries every fallback form across the workspace.
        if (query()) throw new Error(`incremental ${language}: the deleted test was still found`);
        const moved = file.replace(/([^/]+)$/, 'moved_$1');
        workspace.setFile(file, original);
        t = performance.now();
        workspace.renameFile(file, moved, original);
        index.declarationsIn(moved);
        renamed.push(performance.now() - t);
        workspace.renameFile(moved, file, original);
      }
      incremental.push({ name: `  one ${language} file changed: update + its declarations + resolve (median)`, value: median(changed), unit: 'ms' });
      incremental.push({ name: `  one ${language} file deleted: update + its declarations (median)`, value: median(deleted), unit: 'ms' });
      incremental.push({ name: `  one ${language} file renamed: update + its declarations (median)`, value: median(renamed), unit: 'ms' });
    }
    return [
      { name: `workspace of ${stats.files} files (${lines} lines) indexed in time slices: total`, value: stats.totalMs, unit: 'ms' },
      { name: `  files indexed`, value: stats.indexed, unit: 'files' },
      { name: `  synchronous slices`, value: stats.slices.length, unit: 'slices' },
      { name: '  longest synchronous slice', value: stats.longestSliceMs, unit: 'ms' },
      { name: '  99th percentile slice', value: percentile(0.99), unit: 'ms' },
      { name: '  median slice', value: percentile(0.5), unit: 'ms' },
      { name: '  event loop: longest delay while indexing (GC included)', value: delay.max / 1e6, unit: 'ms' },
      { name: '  event loop: 99th percentile delay while indexing', value: delay.percentile(99) / 1e6, unit: 'ms' },
      { name: '  heap used after indexing', value: heapMb, unit: 'MB' },
      // Slices and pauses are wall-clock: on a shared machine they include the time other processes held the CPU.
      { name: '  machine load while indexing (1-minute average; the machine has ' + String(cpus().length) + ' cores)', value: load, unit: '' },
      ...first,
      ...incremental,
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** {@link benchWorkspaceAsync} in a child process (fresh heap), synchronously. */
export function benchWorkspace(total = 20_000): Figure[] {
  const child = spawnSync(process.execPath, [...process.execArgv, __filename, '--workspace-json', String(total)], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`workspace benchmark failed: ${child.stderr}`);
  const json = child.stdout.trim().split('\n').pop() ?? '[]';
  return JSON.parse(json) as Figure[];
}

// ---- tree-sitter, for the comparison in test/fixtures/locate/COMPARISON.md ----

interface SyntaxNode {
  readonly type: string;
  readonly text: string;
  readonly startPosition: { readonly row: number };
  readonly namedChildren: readonly SyntaxNode[];
  readonly parent: SyntaxNode | null;
  readonly previousNamedSibling: SyntaxNode | null;
  childForFieldName(name: string): SyntaxNode | null;
}

interface TreeSitterParser {
  setLanguage(language: unknown): void;
  parse(source: string): { rootNode: SyntaxNode; delete(): void };
}

/** web-tree-sitter (0.25 or newer) and the grammars of @vscode/tree-sitter-wasm, installed in `dir`. */
async function loadTreeSitter(dir: string): Promise<Record<string, TreeSitterParser>> {
  const { createRequire } = await import('node:module');
  const load = createRequire(join(dir, 'package.json'));
  const ts = load(join(dir, 'node_modules', 'web-tree-sitter', 'web-tree-sitter.cjs')) as {
    Parser: { init(): Promise<void>; new (): TreeSitterParser };
    Language: { load(path: string): Promise<unknown> };
  };
  await ts.Parser.init();
  const parsers: Record<string, TreeSitterParser> = {};
  const grammars: Record<string, string> = { rust: 'rust', go: 'go', ts: 'typescript', tsx: 'tsx', js: 'javascript', python: 'python', java: 'java' };
  for (const [key, grammar] of Object.entries(grammars)) {
    const parser = new ts.Parser();
    parser.setLanguage(await ts.Language.load(join(dir, 'node_modules', '@vscode', 'tree-sitter-wasm', 'wasm', `tree-sitter-${grammar}.wasm`)));
    parsers[key] = parser;
  }
  return parsers;
}

function walk(node: SyntaxNode, visit: (n: SyntaxNode) => boolean | void): void {
  if (visit(node) === false) return;
  for (const child of node.namedChildren) walk(child, visit);
}

const TS_TEST_ATTRIBUTE = /#\[\s*(?:[\w:]+::)?(?:\w*test|rstest|test_case|test_matrix|quickcheck|bench)\b/;
const TS_JS_BASES = new Set(['describe', 'suite', 'context', 'fdescribe', 'xdescribe', 'it', 'test', 'specify', 'fit', 'xit', 'xtest']);
const TS_JS_NOT_TESTS = new Set(['step', 'beforeEach', 'afterEach', 'beforeAll', 'afterAll', 'use', 'extend', 'configure', 'info', 'setTimeout', 'slow']);
const TS_JVM_ANNOTATIONS = new Set(['Test', 'ParameterizedTest', 'RepeatedTest', 'TestFactory', 'TestTemplate']);

/** Test declarations (line, as the scanners place them) that a straightforward walk of a tree-sitter tree finds. */
function treeSitterTests(language: string, root: SyntaxNode): number[] {
  const lines: number[] = [];
  const line = (n: SyntaxNode | null): void => {
    if (n) lines.push(n.startPosition.row + 1);
  };
  if (language === 'rust') {
    walk(root, (n) => {
      if (n.type !== 'function_item') return;
      for (let a = n.previousNamedSibling; a && (a.type === 'attribute_item' || a.type === 'line_comment'); a = a.previousNamedSibling) {
        if (a.type === 'attribute_item' && TS_TEST_ATTRIBUTE.test(a.text)) {
          line(n.childForFieldName('name'));
          break;
        }
      }
    });
  } else if (language === 'go') {
    for (const n of root.namedChildren) {
      const name = n.type === 'function_declaration' ? n.childForFieldName('name') : null;
      if (!name || !/^(?:Test|Benchmark|Example|Fuzz)(?![a-z])/.test(name.text) || name.text === 'TestMain') continue;
      const params = n.childForFieldName('parameters')?.text ?? '';
      if (/\*\s*(?:\w+\.)?[TBF]\s*\)$/.test(params) || (name.text.startsWith('Example') && params === '()')) line(name);
    }
  } else if (language === 'python') {
    const collect = (block: SyntaxNode, inClass: boolean): void => {
      for (const child of block.namedChildren) {
        const def = child.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
        if (!def) continue;
        const name = def.childForFieldName('name')?.text ?? '';
        const decorators = child.type === 'decorated_definition' ? (child.text.split('def ')[0] ?? '') : '';
        if (def.type === 'function_definition' && name.startsWith('test') && !/@(?:pytest\.)?fixture\b/.test(decorators)) {
          line(def);
        } else if (def.type === 'class_definition') {
          const bases = def.childForFieldName('superclasses')?.text ?? '';
          if (name.startsWith('Test') || /TestCase|Case\b/.test(bases)) collect(def.childForFieldName('body') ?? def, true);
        }
      }
      void inClass;
    };
    collect(root, false);
  } else if (language === 'js') {
    const base = (n: SyntaxNode | null, chain: string[]): string | undefined => {
      if (!n) return undefined;
      if (n.type === 'identifier') return n.text;
      if (n.type === 'member_expression') {
        chain.push(n.childForFieldName('property')?.text ?? '');
        return base(n.childForFieldName('object'), chain);
      }
      if (n.type === 'call_expression') return base(n.childForFieldName('function'), chain);
      return undefined;
    };
    walk(root, (n) => {
      if (n.type !== 'call_expression') return;
      const chain: string[] = [];
      const name = base(n.childForFieldName('function'), chain);
      if (!name || !TS_JS_BASES.has(name) || chain.some((c) => TS_JS_NOT_TESTS.has(c))) return;
      if (n.childForFieldName('function')?.type === 'member_expression' && chain.length === 0) return;
      const args = n.childForFieldName('arguments')?.namedChildren ?? [];
      const first = args[0];
      const fn = args.slice(1).some((a) => a.type === 'arrow_function' || a.type === 'function_expression' || a.type === 'function' || a.type === 'identifier');
      const isSuite = name === 'describe' || name === 'suite' || name === 'context' || chain.includes('describe');
      if (first && !isSuite && (fn || chain.includes('todo') || (args.length === 1 && /string|template/.test(first.type)))) line(first);
    });
  } else if (language === 'java') {
    walk(root, (n) => {
      if (n.type !== 'method_declaration') return;
      const modifiers = n.namedChildren.find((c) => c.type === 'modifiers');
      const annotated = modifiers?.namedChildren.some((a) => {
        const nameNode = a.childForFieldName('name');
        const simple = (nameNode?.text ?? '').split('.').pop() ?? '';
        return (a.type === 'marker_annotation' || a.type === 'annotation') && TS_JVM_ANNOTATIONS.has(simple);
      });
      if (annotated) line(n.childForFieldName('name'));
    });
  }
  return lines;
}

/** The lines our scanners place a file's test declarations on, without the index (what tree-sitter is compared with). */
function scannerTests(language: string, file: string, source: string): number[] {
  switch (language) {
    case 'rust':
      return locateRustFile(file, source).tests.map((t) => t.line);
    case 'go':
      return locateGoFile(file, source).tests.map((t) => t.line);
    case 'python':
      return locatePythonFile(file, source).tests.map((t) => t.line);
    case 'js':
      return locateJsFile(file, source).tests.map((t) => t.line);
    default:
      return locateJvmFile(file, source).tests.map((t) => t.line);
  }
}

const COMPARED_EXTENSIONS: Record<string, RegExp> = {
  rust: /\.rs$/,
  go: /_test\.go$/,
  python: /\.py$/,
  js: /\.(?:[cm]?[jt]s|[jt]sx)$/,
  java: /\.java$/,
};

/**
 * Runs tree-sitter and the scanners over the test files of real checkouts (`DIR:LANGUAGE`): declarations each finds,
 * where they disagree, and the time each takes. Tree-sitter parsers are created once, as an extension would.
 */
export async function compareWithTreeSitter(dir: string, checkouts: readonly string[]): Promise<void> {
  const parsers = await loadTreeSitter(dir);
  const { readWorkspace } = await import('../src/cli/workspaceFiles');
  const { isTestFileCandidate } = await import('../src/core/locate/testIndex');
  for (const spec of checkouts) {
    const [root = '', language = ''] = spec.split(':');
    const files = readWorkspace(root).files.filter((f) => COMPARED_EXTENSIONS[language]?.test(f) && isTestFileCandidate(f));
    let both = 0;
    const onlyTree: string[] = [];
    const onlyScanner: string[] = [];
    let treeMs = 0;
    let scanMs = 0;
    let lines = 0;
    for (const file of files) {
      const source = readFileSync(join(root, file), 'utf8');
      lines += source.split('\n').length;
      const parser = language === 'js' ? (file.endsWith('x') ? parsers.tsx : file.endsWith('.ts') || file.endsWith('ts') ? parsers.ts : parsers.js) : parsers[language];
      if (!parser) continue;
      let t = performance.now();
      const tree = parser.parse(source);
      const fromTree = new Set(treeSitterTests(language, tree.rootNode));
      tree.delete();
      treeMs += performance.now() - t;
      t = performance.now();
      const fromScanner = new Set(scannerTests(language, file, source));
      scanMs += performance.now() - t;
      for (const l of fromTree) (fromScanner.has(l) ? () => both++ : () => onlyTree.push(`${file}:${l}`))();
      for (const l of fromScanner) if (!fromTree.has(l)) onlyScanner.push(`${file}:${l}`);
    }
    console.log(`${root} (${language}): ${files.length} files, ${lines} lines`);
    console.log(`  both ${both}, only tree-sitter ${onlyTree.length}, only scanner ${onlyScanner.length}`);
    console.log(`  time: tree-sitter parse + walk ${treeMs.toFixed(1)} ms, scanner ${scanMs.toFixed(1)} ms`);
    for (const x of onlyTree.slice(0, 8)) console.log(`    only tree-sitter: ${x}`);
    for (const x of onlyScanner.slice(0, 8)) console.log(`    only scanner:     ${x}`);
  }
}

/** The large files parsed by tree-sitter: parse alone, then parse and the walk that finds the tests. */
export async function benchTreeSitter(dir: string): Promise<Figure[]> {
  const parsers = await loadTreeSitter(dir);
  const keys: Record<string, string> = { Rust: 'rust', Go: 'go', TypeScript: 'ts', Python: 'python', Java: 'java' };
  const walkers: Record<string, string> = { Rust: 'rust', Go: 'go', TypeScript: 'js', Python: 'python', Java: 'java' };
  const results: Figure[] = [];
  for (const { language, source } of largeFiles(10_000)) {
    const parser = parsers[keys[language] ?? ''];
    if (!parser) continue;
    const parse = timeMs(() => parser.parse(source).delete(), 9);
    const both = timeMs(() => {
      const tree = parser.parse(source);
      treeSitterTests(walkers[language] ?? '', tree.rootNode);
      tree.delete();
    }, 9);
    results.push({ name: `tree-sitter ${language} file, 10000 lines: parse (median)`, value: parse.median, unit: 'ms' });
    results.push({ name: `tree-sitter ${language} file, 10000 lines: parse + find tests (median)`, value: both.median, unit: 'ms' });
  }
  return results;
}

async function main(): Promise<void> {
  const print = (figures: readonly Figure[]): void => {
    for (const r of figures) console.log(`${r.name.padEnd(84)} ${r.value.toFixed(2).padStart(9)} ${r.unit}`);
  };
  const w = process.argv.indexOf('--workspace-json');
  if (w >= 0) {
    console.log(JSON.stringify(await benchWorkspaceAsync(Number(process.argv[w + 1] ?? 20_000))));
    return;
  }
  const i = process.argv.indexOf('--tree-sitter');
  const dir = i >= 0 ? process.argv[i + 1] : undefined;
  if (!dir) {
    print(benchLocate());
    return;
  }
  print(benchLargeFiles());
  print(await benchTreeSitter(dir));
  const checkouts = process.argv.filter((_, k) => process.argv[k - 1] === '--compare');
  if (checkouts.length > 0) await compareWithTreeSitter(dir, checkouts);
}

if (process.env.FLAKELENS_BENCH_MAIN === 'locate') {
  // Bundled by bench/bundled.ts: the large files as the extension's minified code scans them, as JSON.
  console.log(JSON.stringify(benchLargeFiles()));
} else if (require.main === module) void main();
