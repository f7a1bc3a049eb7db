// Throughput and memory of each test-output parser on a ~200 MB job log of its own runner, beside `grep -cE` on the
// same file in the same run (issue 3: each parser at least half of grep's MB/s, and under 100 MB resident over the
// baseline). Per format, two logs built from that runner's real-format fixtures (test/fixtures/logs), repeated with
// varied test names, one `##[group]Run ...` step per repetition, every line timestamped as GitHub writes it, each
// written to a temporary file:
//   - typical: the runner's output is 10% of the bytes; before each repetition, in its step, come the lines a big job
//     log is mostly made of (build and download output, application and service logging, stack traces, JSON logs),
//     some holding words such as test, ok, error, PASS and FAILED. This is what a 200 MB log is: no job prints 200 MB
//     of result lines (that would be two million tests); its size comes from other output. The targets are read here.
//   - dense: the runner's output alone, one result per ~530 bytes (about 390,000 results in 200 MB), half of some
//     runners' lines inside failure blocks: a worst case no real job reaches at this size, reported beside it.
// Each measurement runs in its own child process (`--measure`), which streams the file in 64 KiB chunks through a
// JobLogReader (`formats: [x]`; all parsers auto-detecting; or, as the sync reads a failed job's log, all parsers
// and the failed steps' last lines in the same pass) and reports its time, its resident memory before
// reading (the baseline) and its peak (getrusage maxRSS, and samples along the way). Each log's outcomes are checked
// against what its repetitions hold: a parser misled by the other output fails the benchmark. Beside them, the
// least any reader in Node does (`--floor`): stream the same chunks and count the lines, nothing decoded or parsed.
//
//   node --import tsx bench/run.ts parsers                      # every format, both logs
//   node --import tsx bench/parserThroughput.ts pytest jest typical   # some formats, one kind of log

import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Framework } from '../src/core/model';
import { JobLogReader, LOG_FORMATS, parseJobLog } from '../src/core/logs/jobLogReader';
import type { LogLineKind } from '../src/core/logs/logLines';
import { FailedStepLog } from '../src/core/triage/failedStepLog';

const FIXTURES = join(__dirname, '..', 'test', 'fixtures', 'logs');
const TARGET_BYTES = 200 * 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;
const MB = 1024 * 1024;

interface FormatSpec {
  readonly format: Framework;
  /** Fixtures of this runner, and the command each repetition's step runs. */
  readonly sources: readonly { readonly fixture: string; readonly command: string }[];
  /** What one would grep for to count this runner's result lines (extended regex, no anchors: lines are timestamped). */
  readonly grep: string;
}

export const FORMAT_SPECS: readonly FormatSpec[] = [
  { format: 'nextest', sources: [{ fixture: 'nextest.txt', command: 'cargo nextest run' }, { fixture: 'nextest-legacy.txt', command: 'cargo nextest run' }], grep: '(PASS|FAIL|FLAKY|TIMEOUT|LEAK|SIGSEGV) \\[' },
  {
    format: 'libtest',
    sources: [
      { fixture: 'libtest-color.txt', command: 'cargo test --no-fail-fast' },
      { fixture: 'libtest-backtrace.txt', command: 'cargo test' },
      { fixture: 'libtest-no-fail-fast.txt', command: 'cargo test --no-fail-fast' },
    ],
    grep: ' \\.\\.\\. (ok|FAILED|ignored)',
  },
  {
    format: 'gotest',
    sources: [
      { fixture: 'gotest-v.txt', command: 'go test -v ./...' },
      { fixture: 'gotest-plain.txt', command: 'go test ./...' },
      { fixture: 'gotest-json.txt', command: 'go test -json ./...' },
      { fixture: 'gotestsum-testname.txt', command: 'gotestsum --format testname' },
      { fixture: 'gotestsum-rerun-verbose.txt', command: 'gotestsum --rerun-fails' },
    ],
    grep: '(PASS|FAIL|SKIP|"pass"|"fail"|"skip")',
  },
  {
    format: 'pytest',
    sources: [
      { fixture: 'pytest-v.txt', command: 'pytest -v' },
      { fixture: 'pytest-rA.txt', command: 'pytest -rA' },
      { fixture: 'pytest-xdist.txt', command: 'pytest -n 2 -v' },
      { fixture: 'pytest-plain.txt', command: 'pytest' },
    ],
    grep: '(PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS|RERUN)',
  },
  { format: 'unittest', sources: [{ fixture: 'unittest-v.txt', command: 'python -m unittest -v' }], grep: ' \\.\\.\\. (ok|FAIL|ERROR|skipped)' },
  { format: 'jest', sources: [{ fixture: 'jest-verbose.txt', command: 'npx jest --verbose' }, { fixture: 'jest-default.txt', command: 'npx jest --ci' }], grep: '(✓|✕|○|PASS|FAIL) ' },
  {
    format: 'vitest',
    sources: [
      { fixture: 'vitest3-verbose.txt', command: 'npx vitest run --reporter=verbose' },
      { fixture: 'vitest3-default.txt', command: 'npx vitest run' },
      { fixture: 'vitest4-verbose.txt', command: 'npx vitest run --reporter=verbose' },
    ],
    grep: '(✓|×|↓|❯) ',
  },
  { format: 'mocha', sources: [{ fixture: 'mocha-spec.txt', command: 'npx mocha' }], grep: '(✓|[0-9]\\) )' },
  { format: 'node', sources: [{ fixture: 'node-spec.txt', command: 'node --test' }, { fixture: 'node-tap.txt', command: 'node --test --test-reporter=tap' }], grep: '(✔|✖|ok [0-9]+ - )' },
  { format: 'playwright', sources: [{ fixture: 'playwright-list.txt', command: 'npx playwright test' }, { fixture: 'playwright-line.txt', command: 'npx playwright test --reporter=line' }], grep: '(✓|✘|›)' },
  {
    format: 'junit',
    sources: [
      { fixture: 'maven-surefire3-rerun.txt', command: 'mvn -B test' },
      { fixture: 'maven-surefire2-junit5.txt', command: 'mvn -B test' },
      { fixture: 'gradle-junit5.txt', command: './gradlew test' },
      { fixture: 'gradle-junit4.txt', command: './gradlew test' },
    ],
    grep: '(Tests run:|PASSED|FAILED|SKIPPED)',
  },
  { format: 'dotnet', sources: [{ fixture: 'dotnet-test.txt', command: 'dotnet test' }], grep: '(Passed|Failed|Skipped) ' },
];

/** Words of a runner's own syntax, never varied (they are not test names). */
const KEEP = new Set(['running', 'result', 'failures', 'PASSED', 'FAILED', 'SKIPPED', 'ERROR', 'RERUN', 'ignored', 'should', 'panic', 'Summary', 'Starting', 'TestRun', 'testsuite', 'passed', 'failed', 'skipped', 'Action', 'Package', 'Output', 'Elapsed']);

/**
 * A fixture's text with its test names varied per repetition: every identifier-like word (6+ characters) of the
 * ids the parser reads from it gets the repetition's suffix. Checked: the varied text must read to as many outcomes
 * as the original, else the fixture is repeated as it is.
 */
function variants(format: Framework, text: string): (i: number) => string {
  const ids = parseJobLog(text, { formats: [format] }).outcomes;
  const words = new Set<string>();
  for (const o of ids) for (const w of `${o.id} ${o.suite}`.match(/[A-Za-z_][A-Za-z0-9_]{5,}/g) ?? []) if (!KEEP.has(w)) words.add(w);
  if (words.size === 0) return () => text;
  const pattern = new RegExp(`\\b(${[...words].sort((a, b) => b.length - a.length).join('|')})\\b`, 'g');
  const vary = (i: number): string => text.replace(pattern, (w) => `${w}_${i}`);
  const sample = parseJobLog(vary(7), { formats: [format] }).outcomes;
  return sample.length === ids.length ? vary : () => text;
}

/** How a synthetic log is made (see the top of this file). */
export type Composition = 'typical' | 'dense';

/** In a typical log, the share of the bytes that the runner's own output takes. */
const RUNNER_SHARE = 0.1;

const pad2 = (n: number): string => String(n % 60).padStart(2, '0');

/**
 * Lines of other output, as big job logs hold them: build and download progress, application and service logging,
 * JSON logs, stack traces, warnings; a few hold words that test runners print too.
 */
const OTHER_OUTPUT: readonly ((n: number) => string)[] = [
  (n) => `2026-10-01 08:${pad2(n)}:${pad2(n * 7)}.${String(n % 1000).padStart(3, '0')} INFO  [pool-${n % 4}-thread-${n % 8}] c.a.shop.OrderService - order ${48_000 + n} reserved ${(n % 9) + 1} items in ${n % 97} ms`,
  (n) => `2026-10-01 08:${pad2(n)}:${pad2(n * 3)},${String(n % 1000).padStart(3, '0')} DEBUG sqlalchemy.engine.Engine SELECT orders.id, orders.total FROM orders WHERE orders.customer_id = ? LIMIT ? (${n}, 50)`,
  (n) => `[api] GET /api/cart/${n} 200 ${(n % 50) / 10}ms - "Mozilla/5.0 (X11; Linux x86_64)" request_id=${(n * 2_654_435_761) >>> 0}`,
  (n) => `{"level":"info","ts":1790000000.${n % 100_000},"logger":"payments","msg":"charge settled","order":${n},"amount_cents":${(n * 13) % 10_000}}`,
  (n) => `   Compiling shop-core v0.${n % 40}.${n % 7} (/home/runner/work/shop/shop/crates/core-${n % 30})`,
  (n) => `Downloading artifact shop-assets-${n % 12}.tar.gz (${n % 900} kB of ${900 + (n % 100)} kB)`,
  (n) => `2026-10-01 08:${pad2(n)}:${pad2(n)} INFO  test fixture database ready on port ${40_000 + (n % 20_000)}; health check ok`,
  (n) => `2026-10-01 08:${pad2(n)}:${pad2(n)} WARN  [http-nio-8080-exec-${n % 10}] c.a.shop.Gateway - retrying request after error: connection reset by peer (attempt ${(n % 3) + 1})`,
  (n) => `2026-10-01 08:${pad2(n)}:${pad2(n)} INFO  payment ${n} FAILED validation: card expired, invoice sent; PASS-through mode off`,
  (n) => `java.lang.IllegalStateException: order ${n} already settled`,
  (n) => `    at com.acme.shop.OrderService.reserve(OrderService.java:${n % 300})`,
  (n) => `npm warn deprecated inflight@1.0.6: This module is not supported, and leaks memory (${n})`,
  (n) => `#${n % 20} [build ${n % 5}/9] RUN make -j4 assets && ls -la dist/ | wc -l  # ${n}`,
  (n) => `worker-${n % 6} | ${n} events processed, queue depth ${n % 40}, lag ${(n % 1000) / 100}s`,
];

/** About `bytes` bytes of other output, each line timestamped with `stamp`; `seed` varies the lines. */
function otherOutput(stamp: string, bytes: number, seed: number): string[] {
  const lines: string[] = [];
  let size = 0;
  for (let n = seed * 7919; size < bytes; n++) {
    const make = OTHER_OUTPUT[(n * 31 + (n >>> 3)) % OTHER_OUTPUT.length] as (n: number) => string;
    const line = `${stamp}${make(n)}`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines;
}

/**
 * Writes a ~200 MB log of one format to `file`; returns its size and the number of outcomes its repetitions hold
 * (each repetition is a step of its own, with test names of its own).
 */
export function writeSyntheticLog(spec: FormatSpec, file: string, targetBytes = TARGET_BYTES, composition: Composition = 'dense'): { bytes: number; outcomes: number } {
  const sources = spec.sources.map((s) => {
    const text = readFileSync(join(FIXTURES, s.fixture), 'utf8');
    return { command: s.command, vary: variants(spec.format, text), outcomes: parseJobLog(text, { formats: [spec.format] }).outcomes.length };
  });
  const fd = openSync(file, 'w');
  let size = 0;
  let outcomes = 0;
  try {
    const bom = Buffer.from('\ufeff');
    writeSync(fd, bom);
    size += bom.length;
    let batch: string[] = [];
    let batchSize = 0;
    for (let i = 0; size < targetBytes; i++) {
      const source = sources[i % sources.length];
      if (!source) break;
      const stamp = `2026-10-01T${String(8 + Math.floor(i / 3600) % 12).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.${String(1234567 + i).slice(-7)}Z `;
      const runner = source.vary(i);
      outcomes += source.outcomes;
      const lines = [`##[group]Run ${source.command}`, source.command, '##[endgroup]', ...runner.split('\n'), '##[error]Process completed with exit code 1.'];
      for (const [index, line] of lines.entries()) {
        if (index === 3 && composition === 'typical') {
          for (const other of otherOutput(stamp, (runner.length * (1 - RUNNER_SHARE)) / RUNNER_SHARE, i)) {
            batch.push(`${other}\n`);
            batchSize += other.length + 1;
          }
        }
        const entry = `${stamp}${line}\n`;
        batch.push(entry);
        batchSize += entry.length;
      }
      if (batchSize > 4 * MB) {
        const bytes = Buffer.from(batch.join(''));
        writeSync(fd, bytes);
        size += bytes.length;
        batch = [];
        batchSize = 0;
      }
    }
    if (batch.length > 0) {
      const bytes = Buffer.from(batch.join(''));
      writeSync(fd, bytes);
      size += bytes.length;
    }
  } finally {
    closeSync(fd);
  }
  return { bytes: size, outcomes };
}

interface Measured {
  readonly bytes: number;
  readonly seconds: number;
  readonly outcomes: number;
  /** Resident memory before reading, and the peaks: getrusage's (lifetime) and the highest sample while reading. */
  readonly baselineRss: number;
  readonly maxRss: number;
  readonly sampledPeakRss: number;
  /** The heap the outcomes read take, after a full GC: the result itself, not the streaming. */
  readonly retainedHeap: number;
}

/** In the child: streams `file` through a reader (`all`: every parser) and prints what it measured as JSON. */
function measure(file: string, format: string): void {
  // `failed-job`: every parser, and each failed step's last lines followed in the same pass, as the sync reads the
  // log of a failed job.
  const steps = format === 'failed-job' ? new FailedStepLog() : undefined;
  const options = steps ? { onLine: (text: string, kind: LogLineKind) => steps.cleanLine(text, kind) } : format === 'all' ? {} : { formats: [format as Framework] };
  // Warm the JIT on the first 8 MB, then forget it: the baseline is taken after.
  const warm = Buffer.alloc(8 * MB);
  const warmFd = openSync(file, 'r');
  const warmBytes = readSync(warmFd, warm, 0, warm.length, 0);
  closeSync(warmFd);
  const warmReader = new JobLogReader({ ...options, maxBytes: 1024 * MB });
  for (let p = 0; p < warmBytes; p += CHUNK_BYTES) warmReader.push(warm.subarray(p, Math.min(warmBytes, p + CHUNK_BYTES)));
  warmReader.end();
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  gc();
  const baselineRss = process.memoryUsage().rss;
  const baselineHeap = process.memoryUsage().heapUsed;

  const fd = openSync(file, 'r');
  const reader = new JobLogReader({ ...options, maxBytes: 1024 * MB });
  let bytes = 0;
  let sampledPeakRss = baselineRss;
  const start = performance.now();
  for (let n = 0; ; n++) {
    // A fresh buffer per chunk, as a download stream hands them over.
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    const read = readSync(fd, chunk, 0, CHUNK_BYTES, null);
    if (read === 0) break;
    bytes += read;
    reader.push(read === CHUNK_BYTES ? chunk : chunk.subarray(0, read));
    if ((n & 63) === 0) sampledPeakRss = Math.max(sampledPeakRss, process.memoryUsage().rss);
  }
  const result = reader.end();
  const seconds = (performance.now() - start) / 1000;
  closeSync(fd);
  sampledPeakRss = Math.max(sampledPeakRss, process.memoryUsage().rss);
  const maxRss = process.resourceUsage().maxRSS * 1024;
  gc();
  const retainedHeap = process.memoryUsage().heapUsed - baselineHeap;
  const measured: Measured = { bytes, seconds, outcomes: result.outcomes.length, baselineRss, maxRss, sampledPeakRss, retainedHeap };
  process.stdout.write(`${JSON.stringify(measured)}\n`);
}

/**
 * In the child: the least any reader in Node does with the log, nothing parsed: stream it in the same fresh 64 KiB
 * chunks and count its lines (`Buffer.indexOf`, native), which a reader must to say where each step starts. Prints
 * the seconds taken, best of 3.
 */
function measureFloor(file: string): void {
  let best = Infinity;
  let lines = 0;
  for (let run = 0; run < 3; run++) {
    const fd = openSync(file, 'r');
    const start = performance.now();
    lines = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const read = readSync(fd, chunk, 0, CHUNK_BYTES, null);
      if (read === 0) break;
      for (let at = chunk.indexOf(10); at !== -1 && at < read; at = chunk.indexOf(10, at + 1)) lines++;
    }
    best = Math.min(best, (performance.now() - start) / 1000);
    closeSync(fd);
  }
  process.stdout.write(`${JSON.stringify({ seconds: best, lines })}\n`);
}

function floorSeconds(file: string): number {
  const child = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--floor', file], { encoding: 'utf8', cwd: join(__dirname, '..') });
  if (child.status !== 0) throw new Error(`measuring the floor failed: ${child.stderr}`);
  return (JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as { seconds: number }).seconds;
}

function runChild(file: string, format: string): Measured {
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', __filename, '--measure', file, format], {
    encoding: 'utf8',
    maxBuffer: 16 * MB,
    cwd: join(__dirname, '..'),
  });
  if (child.status !== 0) throw new Error(`measuring ${format} failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as Measured;
}

function grepSeconds(pattern: string, file: string): { seconds: number; count: number } {
  const start = performance.now();
  const child = spawnSync('grep', ['-cE', pattern, file], { encoding: 'utf8' });
  const seconds = (performance.now() - start) / 1000;
  return { seconds, count: Number(child.stdout.trim()) };
}

export interface ParserFigures {
  readonly format: Framework;
  readonly composition: Composition;
  readonly megabytes: number;
  readonly outcomes: number;
  /** The outcomes the log's repetitions hold (see {@link writeSyntheticLog}); the parser alone must read them all. */
  readonly expectedOutcomes: number;
  readonly parserMBps: number;
  readonly allMBps: number;
  /** Every parser and the failed-step excerpts: how the sync reads a failed job's log (ci/sync.ts readJobLog). */
  readonly failedJobMBps: number;
  readonly grepMBps: number;
  readonly grepPattern: string;
  /** Node streaming the log and counting its lines, nothing parsed (see {@link measureFloor}). */
  readonly floorMBps: number;
  /** Peak resident memory over the baseline, MB: the parser alone, and every parser. */
  readonly parserRssMB: number;
  readonly allRssMB: number;
  /** Of that, the heap the outcomes read take (the parser alone's). */
  readonly outcomesMB: number;
}

const RUNS = 2;

/** Generates, measures and deletes one format's log of one composition. */
export function benchFormat(spec: FormatSpec, dir: string, composition: Composition = 'typical'): ParserFigures {
  const file = join(dir, `${spec.format}-${composition}.log`);
  const { bytes, outcomes: expectedOutcomes } = writeSyntheticLog(spec, file, TARGET_BYTES, composition);
  try {
    const best = (format: string) => {
      const runs = Array.from({ length: RUNS }, () => runChild(file, format));
      const seconds = Math.min(...runs.map((r) => r.seconds));
      const rss = Math.max(...runs.map((r) => Math.max(r.maxRss, r.sampledPeakRss) - r.baselineRss));
      return { seconds, rss, outcomes: runs[0]?.outcomes ?? 0, retained: Math.max(...runs.map((r) => r.retainedHeap)) };
    };
    const alone = best(spec.format);
    if (alone.outcomes !== expectedOutcomes) {
      throw new Error(`${spec.format} (${composition}) read ${alone.outcomes} outcomes where the log holds ${expectedOutcomes}`);
    }
    const all = best('all');
    const failedJob = best('failed-job');
    grepSeconds(spec.grep, file); // the file in the page cache for grep too
    const grep = Math.min(...Array.from({ length: 3 }, () => grepSeconds(spec.grep, file).seconds));
    const floor = floorSeconds(file);
    const megabytes = bytes / MB;
    return {
      format: spec.format,
      composition,
      megabytes,
      outcomes: alone.outcomes,
      expectedOutcomes,
      parserMBps: megabytes / alone.seconds,
      allMBps: megabytes / all.seconds,
      failedJobMBps: megabytes / failedJob.seconds,
      grepMBps: megabytes / grep,
      grepPattern: spec.grep,
      floorMBps: megabytes / floor,
      parserRssMB: alone.rss / MB,
      allRssMB: all.rss / MB,
      outcomesMB: alone.retained / MB,
    };
  } finally {
    rmSync(file, { force: true });
  }
}

const COMPOSITIONS: readonly Composition[] = ['typical', 'dense'];

/** Arguments: formats, and `typical` or `dense` to measure only one kind of log (default both). */
export function benchParsers(args: readonly string[] = []): ParserFigures[] {
  const formats = args.filter((a) => !COMPOSITIONS.includes(a as Composition));
  const compositions = COMPOSITIONS.filter((c) => args.includes(c));
  const dir = mkdtempSync(join(tmpdir(), 'flakelens-parsers-'));
  try {
    const chosen = FORMAT_SPECS.filter((s) => formats.length === 0 || formats.includes(s.format));
    const figures: ParserFigures[] = [];
    for (const composition of compositions.length > 0 ? compositions : COMPOSITIONS) {
      for (const spec of chosen) figures.push(benchFormat(spec, dir, composition));
    }
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printParserTable(figures: readonly ParserFigures[]): void {
  const header = ['log', 'format', 'log MB', 'outcomes', 'parser MB/s', 'all MB/s', 'failed job MB/s', 'grep MB/s', 'parser/grep', 'all/grep', 'read+lines MB/s', 'parser RSS+', 'all RSS+', 'outcomes heap'];
  const rows = figures.map((f) => [
    f.composition,
    f.format,
    f.megabytes.toFixed(0),
    String(f.outcomes),
    f.parserMBps.toFixed(1),
    f.allMBps.toFixed(1),
    f.failedJobMBps.toFixed(1),
    f.grepMBps.toFixed(0),
    (f.parserMBps / f.grepMBps).toFixed(2),
    (f.allMBps / f.grepMBps).toFixed(2),
    f.floorMBps.toFixed(0),
    `${f.parserRssMB.toFixed(0)} MB`,
    `${f.allRssMB.toFixed(0)} MB`,
    `${f.outcomesMB.toFixed(0)} MB`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => `  ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')}`;
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  const typical = figures.filter((f) => f.composition === 'typical');
  if (typical.length > 0) {
    const slow = typical.filter((f) => f.parserMBps < 0.5 * f.grepMBps).map((f) => f.format);
    const big = typical.filter((f) => f.parserRssMB >= 100).map((f) => f.format);
    console.log(`\n  typical logs: ${slow.length === 0 ? 'every parser at least 0.5 of grep' : `under 0.5 of grep: ${slow.join(', ')}`}; ${big.length === 0 ? 'every parser under 100 MB over the baseline' : `100 MB or more over the baseline: ${big.join(', ')}`}`);
    // Where half of grep's speed is more than Node's reading and counting lines alone, no reader in Node meets it.
    const beyond = typical.filter((f) => 0.5 * f.grepMBps > f.floorMBps).map((f) => `${f.format} (0.5 of grep ${(0.5 * f.grepMBps).toFixed(0)}, read+lines ${f.floorMBps.toFixed(0)} MB/s)`);
    if (beyond.length > 0) console.log(`  0.5 of grep is faster than Node reads the log and counts its lines, nothing parsed: ${beyond.join(', ')}`);
    printRunnerShare(typical, figures.filter((f) => f.composition === 'dense'));
  }
  console.log('\n  grep -cE patterns:');
  for (const f of figures.filter((g, i) => figures.findIndex((h) => h.format === g.format) === i)) console.log(`  ${f.format.padEnd(10)} '${f.grepPattern}'`);
}

/**
 * What the speed target leaves for reading the runner's own lines. A typical log is the runner's output (a tenth of
 * its bytes) among other output; the dense log is that same output alone, so the parser's speed on it is its speed on
 * those lines. However fast the other nine tenths were skipped, the runner's tenth takes at least
 * `0.1 × size / dense MB/s`; half of grep's speed allows `size / (0.5 × grep MB/s)` for the whole log.
 */
function printRunnerShare(typical: readonly ParserFigures[], dense: readonly ParserFigures[]): void {
  const rows = typical.flatMap((t) => {
    const d = dense.find((f) => f.format === t.format);
    if (!d) return [];
    const allowed = t.megabytes / (0.5 * t.grepMBps);
    const runnerLines = (t.megabytes * RUNNER_SHARE) / d.parserMBps;
    return [{ format: t.format, allowed, runnerLines }];
  });
  if (rows.length === 0) return;
  console.log(`\n  The runner's own lines (${RUNNER_SHARE * 100}% of a typical log), at the parser's speed on the dense log, against what 0.5 of grep allows for the whole log:`);
  for (const r of rows) {
    const verdict = r.runnerLines > r.allowed ? `over by ${((r.runnerLines / r.allowed - 1) * 100).toFixed(0)}% with the rest skipped for free` : `leaves ${((r.allowed - r.runnerLines) * 1000).toFixed(0)} ms for the other ${100 - RUNNER_SHARE * 100}%`;
    console.log(`  ${r.format.padEnd(10)} allowed ${(r.allowed * 1000).toFixed(0).padStart(4)} ms, runner's lines alone ${(r.runnerLines * 1000).toFixed(0).padStart(4)} ms: ${verdict}`);
  }
}

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args[0] === '--measure') {
    measure(args[1] ?? '', args[2] ?? 'all');
  } else if (args[0] === '--floor') {
    measureFloor(args[1] ?? '');
  } else {
    const unknown = args.filter((a) => !LOG_FORMATS.includes(a as Framework) && !COMPOSITIONS.includes(a as Composition));
    if (unknown.length > 0) throw new Error(`unknown formats: ${unknown.join(', ')}`);
    printParserTable(benchParsers(args));
  }
}
