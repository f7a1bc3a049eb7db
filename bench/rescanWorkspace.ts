// A generated workspace and stored history for the rescan benchmark (rescan.ts): test files in Rust, Go, TypeScript
// and Python of a few hundred to a few thousand lines, helper sources beside them (some of them large, up to the
// 200 KiB a related source is read to), and a history of 100 runs on three OSes in which 200 of the tests are flaky,
// with failure messages in each runner's form that point at the test's own lines and at the helpers (so the scan
// reads those helpers as related sources, as it does in a real repository).

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { TestIndex } from '../src/core/locate/testIndex';
import type { Framework, History, StoredJob, StoredRun, TestDeclaration, TestOutcome } from '../src/core/model';
import { seededRandom } from '../test/unit/support/seededRandom';

type Lang = 'rust' | 'go' | 'typescript' | 'python';

export interface RescanWorkspace {
  readonly root: string;
  /** Every file of the workspace, workspace-relative (what the editor's index lists). */
  readonly files: readonly string[];
  readonly index: TestIndex;
  readonly history: History;
  /** The flaky tests' declarations, for checks. */
  readonly flaky: readonly TestDeclaration[];
  /** Bytes of source on disk. */
  readonly bytes: number;
}

const LANGS: readonly Lang[] = ['rust', 'go', 'typescript', 'python'];
const TEST_FILES_PER_LANG = 10;
const TESTS_PER_FILE = 20;
const FLAKY_PER_LANG = 50;
const HELPERS_PER_LANG = 6;
const RUNS = 100;
const OSES = [
  { job: 'Test Linux', labels: ['ubuntu-latest'] },
  { job: 'Test Windows', labels: ['windows-latest'] },
  { job: 'Test macOS', labels: ['macos-latest'] },
] as const;

/** Builds the workspace under `root` (an empty folder) and its history. Deterministic for a seed. */
export function makeRescanWorkspace(root: string, seed = 20_261_001): RescanWorkspace {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const files: string[] = [];
  let bytes = 0;
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
    files.push(file);
    bytes += Buffer.byteLength(text);
  };
  const body = (lang: Lang, lines: number, theme?: Theme): string[] => Array.from({ length: lines }, () => statement(lang, pick, int, theme));

  const helpersOf = new Map<Lang, string[]>();
  const testFilesOf = new Map<Lang, string[]>();
  write('Cargo.toml', '[package]\nname = "bench"\nversion = "0.1.0"\nedition = "2021"\n');
  write('go.mod', 'module example.com/bench\n\ngo 1.22\n');
  write('package.json', '{ "name": "bench", "devDependencies": { "jest": "29" } }\n');
  for (const lang of LANGS) {
    const helpers: string[] = [];
    for (let h = 0; h < HELPERS_PER_LANG; h++) {
      // Two large helpers per language (about 150 and 200 KiB), the others of a few hundred lines.
      const lines = h === 0 ? 5200 : h === 1 ? 3900 : int(200, 900);
      const name = helperName(lang, h);
      write(name, helperSource(lang, lines, (l, n) => body(l, n, THEMES[h])));
      helpers.push(name);
    }
    helpersOf.set(lang, helpers);
    const tests: string[] = [];
    for (let f = 0; f < TEST_FILES_PER_LANG; f++) {
      const name = testFileName(lang, f);
      // From about 300 to about 3000 lines: the tests spread out between helper functions of the file.
      const filler = Math.round((300 + (2700 * f) / (TEST_FILES_PER_LANG - 1)) / TESTS_PER_FILE);
      write(name, testSource(lang, f, filler, helpers, body, pick, int));
      tests.push(name);
    }
    testFilesOf.set(lang, tests);
  }

  const index = new TestIndex();
  for (const file of files) index.setFile(file, readFileSync(path.join(root, file), 'utf8'));
  const declarations = index.allDeclarations();
  const flaky: TestDeclaration[] = [];
  for (const lang of LANGS) {
    const own = declarations.filter((d) => (testFilesOf.get(lang) ?? []).includes(d.file));
    // Every fourth test of each file, spread over the files.
    flaky.push(...own.filter((_, i) => i % 4 === 1).slice(0, FLAKY_PER_LANG));
  }
  const history = makeHistory(declarations, flaky, helpersOf, random, int);
  return { root, files, index, history, flaky, bytes };
}

function helperName(lang: Lang, h: number): string {
  const stems = ['fixture_server', 'net_harness', 'retry_policy', 'clock_source', 'temp_store', 'pool_config'];
  const stem = stems[h] as string;
  switch (lang) {
    case 'rust':
      return `crates/core/src/${stem}.rs`;
    case 'go':
      return `internal/testutil/${stem}.go`;
    case 'typescript':
      return `packages/client/src/${camel(stem)}.ts`;
    case 'python':
      return `tests/helpers/${stem}.py`;
  }
}

function testFileName(lang: Lang, f: number): string {
  const names = ['transport', 'scheduler', 'cache', 'session', 'codec', 'registry', 'watcher', 'limiter', 'queue', 'router'];
  const name = names[f] as string;
  switch (lang) {
    case 'rust':
      return `crates/core/tests/${name}.rs`;
    case 'go':
      return `pkg/${name}/${name}_test.go`;
    case 'typescript':
      return `packages/client/src/${name}.test.ts`;
    case 'python':
      return `tests/test_${name}.py`;
  }
}

function camel(stem: string): string {
  return stem.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
}

const IDENTS = ['conn', 'server', 'client', 'resp', 'buf', 'state', 'queue', 'entry', 'cfg', 'result', 'count', 'handle', 'reader', 'items', 'key', 'value', 'total', 'peer', 'frame', 'token'];
const CALLS = ['open', 'close', 'send', 'recv', 'flush', 'parse', 'encode', 'decode', 'insert', 'lookup', 'refresh', 'start', 'stop', 'apply', 'render'];

/** What a helper is about: the signs of one cause show in it now and then (so the tests' causes differ). */
type Theme = 'network' | 'concurrency' | 'randomness' | 'resource' | 'unordered' | 'plain';
const THEMES: readonly Theme[] = ['network', 'concurrency', 'randomness', 'resource', 'unordered', 'plain'];

/** One line that shows a sign of the theme's cause, in the language's idiom. */
function themedSign(lang: Lang, theme: Theme, a: string, n: number): string | undefined {
  const signs: Record<Lang, Record<Theme, string | undefined>> = {
    rust: {
      network: `        let ${a} = TcpStream::connect("example.com:443")?;`,
      concurrency: `        let ${a} = std::thread::spawn(move || worker(${n}));`,
      randomness: `        let ${a}: u64 = rand::random();`,
      resource: `        let ${a} = TcpListener::bind("127.0.0.1:8080")?;`,
      unordered: `        assert_eq!(${a}.keys().collect::<Vec<_>>(), vec!["a", "b"]);`,
      plain: undefined,
    },
    go: {
      network: `	${a}, err := http.Get("https://example.com/api/${n}")`,
      concurrency: `	go func() { ${a} <- worker(${n}) }()`,
      randomness: `	${a} := rand.Intn(${n + 1})`,
      resource: `	${a}, err := net.Listen("tcp", "127.0.0.1:8080")`,
      unordered: `	for k := range ${a} { keys = append(keys, k) }`,
      plain: undefined,
    },
    typescript: {
      network: `    const ${a} = await fetch('https://example.com/api/${n}');`,
      concurrency: `    const ${a} = new Worker('./worker.js', { workerData: ${n} });`,
      randomness: `    const ${a} = Math.random() * ${n};`,
      resource: `    const ${a} = fs.writeFileSync('/tmp/bench-fixture.json', data);`,
      unordered: `    expect(Object.keys(${a})).toEqual(['a', 'b']);`,
      plain: undefined,
    },
    python: {
      network: `    ${a} = requests.get("https://example.com/api/${n}")`,
      concurrency: `    ${a} = threading.Thread(target=worker, args=(${n},))`,
      randomness: `    ${a} = random.randint(0, ${n})`,
      resource: `    ${a} = open("/tmp/bench-fixture.json", "w")`,
      unordered: `    assert list(${a}.keys()) == ["a", "b"]`,
      plain: undefined,
    },
  };
  return signs[lang][theme];
}

/** One plausible line of code: mostly plain statements, now and then one of the signs the classifier reads. */
function statement(lang: Lang, pick: <T>(items: readonly T[]) => T, int: (lo: number, hi: number) => number, theme: Theme = 'plain'): string {
  const a = pick(IDENTS);
  const b = pick(IDENTS);
  const call = pick(CALLS);
  const n = int(0, 5000);
  const roll = int(0, 999);
  const sign = roll >= 990 ? themedSign(lang, theme, a, n) : undefined;
  if (sign !== undefined) return sign;
  switch (lang) {
    case 'rust':
      if (roll < 1) return `        std::thread::sleep(Duration::from_millis(${int(1, 200)}));`;
      if (roll < 4) return `        let ${a} = HashMap::<String, u64>::new();`;
      if (roll < 5) return `        let started = Instant::now();`;
      if (roll < 300) return `        let ${a} = ${b}.${call}(${n})?;`;
      if (roll < 450) return `        if ${a}.len() > ${n} { ${b}.${call}(&${a}); }`;
      if (roll < 550) return `        // ${call} the ${a} before the ${b} is read again`;
      if (roll < 650) return `        assert_eq!(${a}.${call}(), ${n}, "${a} after ${call}");`;
      if (roll < 800) return `        for ${a} in ${b}.iter().take(${n}) { ${a}.${call}(); }`;
      return `        ${a}.${call}(&mut ${b}, ${n}).expect("${call} ${b}");`;
    case 'go':
      if (roll < 1) return `\ttime.Sleep(${int(1, 200)} * time.Millisecond)`;
      if (roll < 4) return `\t${a} := map[string]int{}`;
      if (roll < 5) return '\tstart := time.Now()';
      if (roll < 300) return `\t${a}, err := ${b}.${cap(call)}(${n})`;
      if (roll < 450) return `\tif err != nil {\n\t\treturn fmt.Errorf("${call} ${a}: %w", err)\n\t}`;
      if (roll < 550) return `\t// ${cap(call)} the ${a} before the ${b} is read again`;
      if (roll < 650) return `\tif ${a} != ${n} {\n\t\tt.Errorf("${a} = %d, want ${n}", ${a})\n\t}`;
      if (roll < 800) return `\tfor _, ${a} := range ${b}.Items() {\n\t\t${a}.${cap(call)}()\n\t}`;
      return `\t${b}.${cap(call)}(ctx, ${a}, ${n})`;
    case 'typescript':
      if (roll < 1) return `    await new Promise((resolve) => setTimeout(resolve, ${int(1, 200)}));`;
      if (roll < 4) return `    const ${a} = new Map<string, number>();`;
      if (roll < 5) return '    const started = Date.now();';
      if (roll < 300) return `    const ${a} = await ${b}.${call}(${n});`;
      if (roll < 450) return `    if (${a}.length > ${n}) { ${b}.${call}(${a}); }`;
      if (roll < 550) return `    // ${call} the ${a} before the ${b} is read again`;
      if (roll < 650) return `    expect(${a}.${call}()).toBe(${n});`;
      if (roll < 800) return `    for (const ${a} of ${b}.items) { ${a}.${call}(); }`;
      return `    ${b}.${call}(${a}, { limit: ${n}, label: '${call}-${a}' });`;
    case 'python':
      if (roll < 1) return `    time.sleep(${(int(1, 200) / 100).toFixed(2)})`;
      if (roll < 4) return `    ${a} = {"${b}": ${n}}`;
      if (roll < 5) return '    started = time.monotonic()';
      if (roll < 300) return `    ${a} = ${b}.${call}(${n})`;
      if (roll < 450) return `    if len(${a}) > ${n}: ${b}.${call}(${a})`;
      if (roll < 550) return `    # ${call} the ${a} before the ${b} is read again`;
      if (roll < 650) return `    assert ${a}.${call}() == ${n}, "${a} after ${call}"`;
      if (roll < 800) return `    for ${a} in ${b}.items[:${n}]: ${a}.${call}()`;
      return `    ${b}.${call}(${a}, limit=${n}, label="${call}-${a}")`;
  }
}

function cap(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function helperSource(lang: Lang, lines: number, body: (lang: Lang, lines: number) => string[]): string {
  const out: string[] = [];
  const perFunction = 40;
  for (let i = 0; out.length < lines; i++) {
    switch (lang) {
      case 'rust':
        out.push(`pub fn helper_${i}(conn: &mut Conn, count: usize) -> Result<(), Error> {`, ...body(lang, perFunction), '    Ok(())', '}', '');
        break;
      case 'go':
        out.push(`func helper${i}(ctx context.Context, conn *Conn, count int) error {`, ...body(lang, perFunction), '\treturn nil', '}', '');
        break;
      case 'typescript':
        out.push(`export async function helper${i}(conn: Conn, count: number): Promise<void> {`, ...body(lang, perFunction), '}', '');
        break;
      case 'python':
        out.push(`def helper_${i}(conn, count):`, ...body(lang, perFunction), '    return None', '');
        break;
    }
  }
  const head = { rust: 'use std::collections::HashMap;\nuse std::time::{Duration, Instant};\n', go: 'package testutil\n\nimport (\n\t"context"\n\t"fmt"\n\t"time"\n)\n', typescript: "import { Conn } from './conn';\n", python: 'import time\n' }[lang];
  return `${head}\n${out.join('\n')}\n`;
}

function testSource(
  lang: Lang,
  f: number,
  filler: number,
  helpers: readonly string[],
  body: (lang: Lang, lines: number) => string[],
  pick: <T>(items: readonly T[]) => T,
  int: (lo: number, hi: number) => number,
): string {
  const out: string[] = [];
  const helperStems = helpers.map((h) => (h.split('/').pop() ?? '').replace(/\.\w+$/, ''));
  for (let t = 0; t < TESTS_PER_FILE; t++) {
    const name = `case_${f}_${t}`;
    const steps = body(lang, int(8, 30));
    // Half the tests name a fixture by its helper's stem (`run_fixture("fixture_server")`): a related source.
    const fixture = t % 2 === 0 ? pick(helperStems) : undefined;
    switch (lang) {
      case 'rust':
        out.push(`fn support_${f}_${t}(conn: &mut Conn) -> usize {`, ...body(lang, filler), '    0', '}', '');
        out.push('#[test]', `fn ${name}() {`, ...(fixture ? [`    let conn = run_fixture("${fixture}");`] : []), ...steps, '}', '');
        break;
      case 'go':
        out.push(`func support${f}x${t}(conn *Conn) int {`, ...body(lang, filler), '\treturn 0', '}', '');
        out.push(`func TestCase${f}x${t}(t *testing.T) {`, ...(fixture ? [`\tconn := runFixture(t, "${fixture}")`] : []), ...steps, '}', '');
        break;
      case 'typescript':
        out.push(`function support${f}x${t}(conn: Conn): number {`, ...body(lang, filler), '  return 0;', '}', '');
        out.push(`describe('suite ${f}', () => {`, `  it('case ${t}', async () => {`, ...(fixture ? [`    const conn = await runFixture('${fixture}');`] : []), ...steps, '  });', '});', '');
        break;
      case 'python':
        out.push(`def support_${f}_${t}(conn):`, ...body(lang, filler), '    return 0', '');
        out.push(`def test_${name}():`, ...(fixture ? [`    conn = run_fixture("${fixture}")`] : []), ...steps, '');
        break;
    }
  }
  const head = {
    rust: 'use std::collections::HashMap;\nuse std::time::{Duration, Instant};\n',
    go: `package ${['transport', 'scheduler', 'cache', 'session', 'codec', 'registry', 'watcher', 'limiter', 'queue', 'router'][f]}\n\nimport (\n\t"testing"\n\t"time"\n)\n`,
    typescript: "import { describe, expect, it } from '@jest/globals';\n",
    python: 'import time\n',
  }[lang];
  return `${head}\n${out.join('\n')}\n`;
}

function frameworkOf(file: string): Framework {
  if (file.endsWith('.rs')) return 'libtest';
  if (file.endsWith('.go')) return 'gotest';
  if (file.endsWith('.py')) return 'pytest';
  return 'jest';
}

/** The suite CI prints for a test of this file, in each runner's form. */
function suiteOf(declaration: TestDeclaration): string {
  if (declaration.file.endsWith('.rs')) return `tests/${(declaration.file.split('/').pop() ?? '').replace(/\.rs$/, '')}.rs`;
  if (declaration.file.endsWith('.go')) return `example.com/bench/${path.posix.dirname(declaration.file)}`;
  return declaration.file;
}

/** A failure message in the runner's form, pointing at the test's line and at a helper's. */
function failureMessage(declaration: TestDeclaration, helper: string, helperLine: number, n: number): string {
  const line = declaration.line + 3;
  const file = declaration.file;
  const base = file.split('/').pop() ?? file;
  if (file.endsWith('.rs')) {
    return `thread '${declaration.id}' panicked at ${helper}:${helperLine}:9:\nassertion \`left == right\` failed: frame ${n} after retry\n  left: ${n}\n right: ${n + 1}\nnote: run with \`RUST_BACKTRACE=1\` environment variable to display a backtrace`;
  }
  if (file.endsWith('.go')) {
    return `    ${base}:${line}: queue length = ${n}, want ${n + 1}\n    ${helper.split('/').pop() ?? helper}:${helperLine}: state after ${n} polls: draining`;
  }
  if (file.endsWith('.py')) {
    return `${file}:${line}: in ${declaration.name}\n    assert result.count == ${n + 1}\n${helper}:${helperLine}: in helper\n    return conn.count\nE   AssertionError: assert ${n} == ${n + 1}`;
  }
  return `Error: expect(received).toBe(expected) // Object.is equality\n\nExpected: ${n + 1}\nReceived: ${n}\n    at Object.<anonymous> (${file}:${line}:23)\n    at helper (${helper}:${helperLine}:11)`;
}

function makeHistory(
  declarations: readonly TestDeclaration[],
  flaky: readonly TestDeclaration[],
  helpersOf: ReadonlyMap<Lang, readonly string[]>,
  random: () => number,
  int: (lo: number, hi: number) => number,
): History {
  const flakyKeys = new Set(flaky.map((d) => `${d.file}\u0000${d.id}`));
  const base = Date.UTC(2026, 9, 1, 10, 0, 0);
  let jobId = 10_000;
  const runs: StoredRun[] = [];
  for (let r = 0; r < RUNS; r++) {
    const id = 5000 + r;
    const createdAt = new Date(base + r * 3_600_000).toISOString();
    const jobs: StoredJob[] = OSES.map((os) => {
      const outcomes: TestOutcome[] = declarations.map((d) => {
        const fails = flakyKeys.has(`${d.file}\u0000${d.id}`) && random() < 0.06;
        const lang: Lang = d.file.endsWith('.rs') ? 'rust' : d.file.endsWith('.go') ? 'go' : d.file.endsWith('.py') ? 'python' : 'typescript';
        const helpers = helpersOf.get(lang) ?? [];
        // Most failures point at one of the two large helpers.
        const helper = helpers[random() < 0.7 ? int(0, 1) : int(2, helpers.length - 1)] ?? '';
        return {
          id: d.id,
          suite: suiteOf(d),
          framework: frameworkOf(d.file),
          outcome: fails ? 'fail' : 'pass',
          ...(fails ? { message: failureMessage(d, helper, int(1, 3000), int(1, 99)) } : {}),
        };
      });
      const failed = outcomes.some((o) => o.outcome === 'fail');
      const job = jobId++;
      return {
        id: job,
        runId: id,
        runAttempt: 1,
        name: os.job,
        workflowName: 'CI',
        labels: os.labels,
        conclusion: failed ? 'failure' : 'success',
        startedAt: createdAt,
        completedAt: createdAt,
        url: `https://github.com/acme/bench/actions/runs/${id}/job/${job}`,
        steps: [],
        logState: 'parsed',
        outcomes,
      };
    });
    runs.push({
      id,
      workflowId: 1,
      workflowName: 'CI',
      branch: 'main',
      sha: `sha${String(r).padStart(5, '0')}`,
      event: 'push',
      runNumber: r + 1,
      runAttempt: 1,
      conclusion: jobs.some((j) => j.conclusion === 'failure') ? 'failure' : 'success',
      createdAt,
      updatedAt: createdAt,
      url: `https://github.com/acme/bench/actions/runs/${id}`,
      jobs,
    });
  }
  // Newest first, as the store keeps them.
  return { version: 1, repository: 'acme/bench', defaultBranch: 'main', runs: runs.reverse() };
}
