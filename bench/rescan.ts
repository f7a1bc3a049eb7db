// What one rescan of the editor costs (RepositoryFlakes.rescan): the findings recomputed from a stored history of 100
// runs on three OSes, 800 tests of which 200 are flaky, in Rust, Go, TypeScript and Python files of 300 to 5,000
// lines with helper sources of up to 200 KiB that the failures point at (rescanWorkspace.ts). Timed as the editor
// makes it (FindingsScanner.scan, step by step): the first scan of a window; rescans with nothing changed, after the
// index filled, a setting changed or a sync that changed nothing (the same history: RepositoryFlakes keeps it), and
// with a new history of the same runs (the statistics made again, as after a sync that changed something); and a
// rescan after four test files were edited; with what each step costs on the extension host's thread. Beside it,
// the classifier alone on each language's largest helper, in µs per source line, and how long saving and loading
// that history (HistoryStore, at start and after a changed sync) and the triage of a branch's run against it (after
// each sync on another branch) hold the thread. (Before the classification cache
// and the asynchronous reads, at commit af31be0, a scan took about 39 s on the thread, first or not, of which 12 ms
// of readFileSync and 0.6 s of statistics: `git checkout af31be0 && npm run bench rescan`.)

import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { HistoryStore } from '../src/ci/historyStore';
import { completeTriage, completeTriageInSteps, planTriage, planTriageInSteps } from '../src/core/triage/triageHistory';
import { yieldEvery } from '../src/core/steps';
import { classify, languageOfFile } from '../src/core/classify/classifier';
import { ClassificationCache } from '../src/core/classify/classificationCache';
import type { ReportedTest } from '../src/core/locate/testIndex';
import type { History } from '../src/core/model';
import { completeScan, planScan, scanStatistics, type ScanResult, type ScanStatistics } from '../src/core/scan/scanResult';
import { filesByStem } from '../src/core/scan/testSource';
import { FindingsScanner, readSources, type ReadSource } from '../src/editor/findingsScanner';
import { scratchDir } from '../test/unit/support/scratchDir';
import { makeRescanWorkspace, type RescanWorkspace } from './rescanWorkspace';

interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

interface ScanTimes {
  /** The whole scan, wall clock, reads included. */
  readonly totalMs: number;
  /** The statistics, on the thread: CPU (none when the last scan's are reused). */
  readonly statisticsMs: number;
  /** Reading the sources, wall clock: the thread is free while the disk works. */
  readonly readWallMs: number;
  /** Of the reading, the time the thread was busy (finding what to read, decoding the texts). */
  readonly readBusyMs: number;
  /** Completing the scan from memory (classification through the cache), on the thread: CPU. */
  readonly completeMs: number;
  readonly verdictsMade: number;
  readonly result: ScanResult;
}

/** What one editor window keeps from one scan to the next (FindingsScanner's cache and last statistics). */
interface EditorState {
  readonly cache: ClassificationCache;
  statistics?: { readonly history: History; readonly made: ScanStatistics };
}

const ROUNDS = Number(process.env.FLAKELENS_RESCAN_ROUNDS ?? 5);
const OPTIONS = { maxRuns: 100, since: '2026-09-01', minFlakeRate: 0, all: false };

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/**
 * One scan as RepositoryFlakes.rescan makes it, the steps of FindingsScanner.scan timed one by one: the statistics
 * (the last scan's when the history is the same object: the window is the same throughout), the sources read with
 * fs.promises, the scan completed from memory through the window's classification cache.
 */
async function editorScan(ws: RescanWorkspace, history: History, state: EditorState): Promise<ScanTimes> {
  const inputs = { history, options: OPTIONS, resolve: (t: ReportedTest) => ws.index.resolve(t) };
  const madeBefore = state.cache.stats.verdictMisses;
  const start = performance.now();
  let cpu = process.cpuUsage();
  if (state.statistics?.history !== history) state.statistics = { history, made: scanStatistics(inputs) };
  const plan = planScan(inputs, state.statistics.made);
  const statisticsMs = cpuMs(cpu);
  const readStart = performance.now();
  const loop = performance.eventLoopUtilization();
  const sources = await readSources(plan, filesByStem(ws.files), readSourcesUnder(ws.root));
  const readBusyMs = performance.eventLoopUtilization(loop).active;
  const readWallMs = performance.now() - readStart;
  cpu = process.cpuUsage();
  const result = completeScan(plan, sources, state.cache);
  const completeMs = cpuMs(cpu);
  return { totalMs: performance.now() - start, statisticsMs, readWallMs, readBusyMs, completeMs, verdictsMade: state.cache.stats.verdictMisses - madeBefore, result };
}

/** The time the thread was busy in one whole rescan through FindingsScanner itself (a check on the steps above). */
async function scannerBusyMs(ws: RescanWorkspace, scanner: FindingsScanner): Promise<number> {
  const loop = performance.eventLoopUtilization();
  await scanner.scan({ history: ws.history, options: OPTIONS, resolve: (t) => ws.index.resolve(t) }, filesByStem(ws.files));
  return performance.eventLoopUtilization(loop).active;
}

/**
 * A first scan through FindingsScanner as the editor makes it: the longest the event loop was blocked meanwhile (the
 * extension host's thread held without a break), as the longest gap between the ticks of a 1 ms interval. The
 * statistics and the classification are made in steps (timed whole above); what is left is the longest step.
 */
async function longestHoldMs(ws: RescanWorkspace): Promise<number> {
  const scanner = new FindingsScanner(readSourcesUnder(ws.root), new ClassificationCache());
  return longestHold(() => scanner.scan({ history: ws.history, options: OPTIONS, resolve: (t) => ws.index.resolve(t) }, filesByStem(ws.files)));
}

/** Reads files under `root` asynchronously, as the editor's WorkspaceTests.readSource does through VS Code. */
function readSourcesUnder(root: string): ReadSource {
  return async (file) => {
    try {
      return await readFile(path.join(root, file), 'utf8');
    } catch {
      return undefined;
    }
  };
}

/**
 * The stored history of the workspace (HistoryStore, as the editor loads it at start and saves it after a changed
 * sync): the longest the event loop was blocked while it was saved and loaded, beside one JSON.stringify and one
 * JSON.parse of the whole file (how it was written and read before it was read a run at a time).
 */
async function storedHistoryHolds(ws: RescanWorkspace): Promise<Figure[]> {
  const store = new HistoryStore(scratchDir('rescan-store'), 'https://api.github.com', ws.history.repository);
  const state = { history: ws.history, etags: {} };
  const saves: number[] = [];
  const loads: number[] = [];
  const stringify: number[] = [];
  const parse: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    saves.push(await longestHold(() => store.save(state)));
    loads.push(await longestHold(() => store.load(ws.history.repository)));
    const started = performance.now();
    const text = JSON.stringify({ format: 'flakelens-history', version: 1, ...state });
    stringify.push(performance.now() - started);
    const parsing = performance.now();
    JSON.parse(text);
    parse.push(performance.now() - parsing);
  }
  const mib = (statSync(store.file).size / 1024 / 1024).toFixed(1);
  return [
    { name: `stored history (${mib} MiB): save, longest the event loop was blocked`, value: median(saves), unit: 'ms' },
    { name: `stored history: load, longest the event loop was blocked`, value: median(loads), unit: 'ms' },
    { name: `stored history: one JSON.stringify of the whole (before)`, value: median(stringify), unit: 'ms' },
    { name: `stored history: one JSON.parse of the whole (before)`, value: median(parse), unit: 'ms' },
  ];
}

/**
 * The editor's triage of a branch's run (RepositoryFlakes.triage, after every sync on a branch other than the default
 * one) against this history, its verdicts cached as after a first triage: the longest the event loop was blocked, in
 * steps as the editor makes it, beside the same triage made at once (as it was made before it was stepped).
 */
async function triageHolds(ws: RescanWorkspace): Promise<Figure[]> {
  const newest = ws.history.runs.reduce((a, b) => (a.createdAt > b.createdAt ? a : b));
  const run = { ...newest, id: newest.id + 1_000_000, branch: 'feature/bench' };
  const inputs = { run, history: ws.history, window: { maxRuns: 100, since: OPTIONS.since }, minFlakeRate: 0, resolve: (t: ReportedTest) => ws.index.resolve(t) };
  const cache = new ClassificationCache();
  const read = readSourcesUnder(ws.root);
  const stepped: number[] = [];
  const atOnce: number[] = [];
  for (let round = 0; round < ROUNDS + 1; round++) {
    const inSteps = await longestHold(async () => {
      const between = yieldEvery();
      const plan = await planTriageInSteps(inputs, between);
      await completeTriageInSteps(plan, await readSources(plan.base, filesByStem(ws.files), read), cache, between);
    });
    const whole = await longestHold(async () => {
      const plan = planTriage(inputs);
      const sources = await readSources(plan.base, filesByStem(ws.files), read);
      completeTriage(plan, sources, cache);
    });
    // The first round fills the cache.
    if (round > 0) {
      stepped.push(inSteps);
      atOnce.push(whole);
    }
  }
  return [
    { name: 'triage of a branch run, in steps: longest the event loop was blocked', value: median(stepped), unit: 'ms' },
    { name: 'triage of a branch run, made at once (before): longest block', value: median(atOnce), unit: 'ms' },
  ];
}

/** The longest gap between the ticks of a 1 ms interval while `work` ran: how long the event loop was held at once. */
async function longestHold(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  await work();
  clearInterval(probe);
  return Math.max(longest, performance.now() - last);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** CPU µs per source line of the classifier on one large source, as a related source of a one-line test. */
function classifierPerLine(ws: RescanWorkspace, file: string): number {
  const text = readFileSync(path.join(ws.root, file), 'utf8').slice(0, 200_000);
  const lines = text.split('\n').length;
  const language = languageOfFile(file);
  const run = () =>
    classify({
      language: language === 'unknown' ? 'rust' : language,
      testName: 'bench_test',
      testSource: { file: 'bench_test.txt', text: 'fn bench_test() {\n}\n', startLine: 1 },
      relatedSources: [{ file, text, startLine: 1 }],
      messages: [],
    });
  run();
  run();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const before = process.cpuUsage();
    run();
    const cpu = process.cpuUsage(before);
    times.push((cpu.user + cpu.system) / lines);
  }
  return median(times);
}

export async function benchRescan(): Promise<Figure[]> {
  const ws = makeRescanWorkspace(scratchDir('rescan'));
  const lines = ws.files.reduce((sum, file) => sum + readFileSync(path.join(ws.root, file), 'utf8').split('\n').length, 0);
  const figures: Figure[] = [
    { name: `workspace: ${ws.files.length} files, ${lines} lines, ${(ws.bytes / 1024 / 1024).toFixed(1)} MiB, ${ws.index.allDeclarations().length} tests; runs`, value: ws.history.runs.length, unit: '' },
  ];
  const first: ScanTimes[] = [];
  const again: ScanTimes[] = [];
  const synced: ScanTimes[] = [];
  const edited: ScanTimes[] = [];
  const throughScanner: number[] = [];
  const holds: number[] = [];
  // One test file of each language edited between two rescans: its tests get fresh verdicts, the others do not.
  const editedFiles = ws.files.filter((f) => /transport/.test(f));
  for (let round = 0; round < ROUNDS; round++) {
    // A new window: the first scan of the repository.
    const state: EditorState = { cache: new ClassificationCache() };
    first.push(await editorScan(ws, ws.history, state));
    // The index filled, or a setting changed: the same history.
    again.push(await editorScan(ws, ws.history, state));
    const originals = editedFiles.map((file) => readFileSync(path.join(ws.root, file), 'utf8'));
    // A line added at the top moves every test of the file: their evidence lines change, so do their verdicts.
    editedFiles.forEach((file, i) => writeFileSync(path.join(ws.root, file), (originals[i] ?? '').replace('\n', `\n${file.endsWith('.py') ? '#' : '//'} edited\n`)));
    edited.push(await editorScan(ws, ws.history, state));
    editedFiles.forEach((file, i) => writeFileSync(path.join(ws.root, file), originals[i] ?? ''));
    // A new history of the same runs: what a sync that changed something costs beyond its changes.
    synced.push(await editorScan(ws, structuredClone(ws.history), state));
    const scanner = new FindingsScanner(readSourcesUnder(ws.root));
    await scanner.scan({ history: ws.history, options: OPTIONS, resolve: (t) => ws.index.resolve(t) }, filesByStem(ws.files));
    throughScanner.push(await scannerBusyMs(ws, scanner));
    holds.push(await longestHoldMs(ws));
  }
  const located = again[0]?.result.tests.filter((t) => t.location !== null).length ?? 0;
  for (const [label, scans] of [
    ['first scan', first],
    ['rescan, same history', again],
    ['rescan, 4 files edited', edited],
    ['rescan, new history of the same runs', synced],
  ] as const) {
    figures.push(
      { name: `${label}: the whole scan, wall clock`, value: median(scans.map((s) => s.totalMs)), unit: 'ms' },
      { name: `${label}:   statistics, on the thread (CPU)`, value: median(scans.map((s) => s.statisticsMs)), unit: 'ms' },
      { name: `${label}:   reading sources (fs.promises), wall clock`, value: median(scans.map((s) => s.readWallMs)), unit: 'ms' },
      { name: `${label}:   of which the thread was busy`, value: median(scans.map((s) => s.readBusyMs)), unit: 'ms' },
      { name: `${label}:   classifying, from memory, on the thread (CPU)`, value: median(scans.map((s) => s.completeMs)), unit: 'ms' },
      { name: `${label}:   verdicts made (others from the cache)`, value: median(scans.map((s) => s.verdictsMade)), unit: '' },
    );
  }
  figures.push({ name: 'rescan, same history, through FindingsScanner: thread busy', value: median(throughScanner), unit: 'ms' });
  figures.push({ name: 'first scan, through FindingsScanner: longest the event loop was blocked', value: median(holds), unit: 'ms' });
  figures.push({ name: `flaky tests located (of ${ws.flaky.length})`, value: located, unit: '' });
  figures.push(...(await storedHistoryHolds(ws)));
  figures.push(...(await triageHolds(ws)));
  for (const file of ws.files.filter((f) => /\/(?:fixture_server|fixtureServer)\.\w+$/.test(f))) {
    figures.push({ name: `classifier alone, ${path.basename(file)} (200 KiB): CPU per line`, value: classifierPerLine(ws, file), unit: 'µs' });
  }
  return figures;
}
