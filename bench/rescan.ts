// What one rescan of the editor costs (RepositoryFlakes.rescan): the findings recomputed from a stored history of 100
// runs on three OSes, 800 tests of which 200 are flaky, in Rust, Go, TypeScript and Python files of 300 to 5,000
// lines with helper sources of up to 200 KiB that the failures point at (rescanWorkspace.ts). Timed as the editor
// makes it: sources through a provider like the editor's, the first scan and a rescan with nothing changed, with the
// share of reading sources and of classifying them. Beside it, the classifier alone on each language's largest helper,
// in µs per source line.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { classify, languageOfFile } from '../src/core/classify/classifier';
import { scanHistory, type ScanInputs, type ScanResult } from '../src/core/scan/scanResult';
import { filesByStem, type SourceProvider } from '../src/core/scan/testSource';
import { scratchDir } from '../test/unit/support/scratchDir';
import { makeRescanWorkspace, type RescanWorkspace } from './rescanWorkspace';

interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

interface ScanTimes {
  /** The whole scan, wall clock: all of it on the extension host's thread. */
  readonly totalMs: number;
  /** Of which reading sources (`readFileSync`). */
  readonly readMs: number;
  readonly result: ScanResult;
}

const ROUNDS = Number(process.env.FLAKELENS_RESCAN_ROUNDS ?? 2);

/** The editor's provider (RepositoryFlakes.sourceProvider): each file read once per scan, on the calling thread. */
function editorSources(ws: RescanWorkspace, timing: { readMs: number }): SourceProvider {
  const texts = new Map<string, string | undefined>();
  return {
    read: (file) => {
      if (!texts.has(file)) {
        const start = performance.now();
        let text: string | undefined;
        try {
          text = readFileSync(path.join(ws.root, file), 'utf8');
        } catch {
          text = undefined;
        }
        texts.set(file, text);
        timing.readMs += performance.now() - start;
      }
      return texts.get(file);
    },
    filesNamed: filesByStem(ws.files),
  };
}

function scanInputs(ws: RescanWorkspace): Omit<ScanInputs, 'sources'> {
  return {
    history: ws.history,
    options: { maxRuns: 100, since: '2026-09-01', minFlakeRate: 0, all: false },
    resolve: (t) => ws.index.resolve(t),
  };
}

/** One scan as RepositoryFlakes.rescan makes it. */
function editorScan(ws: RescanWorkspace): ScanTimes {
  const timing = { readMs: 0 };
  const start = performance.now();
  const result = scanHistory({ ...scanInputs(ws), sources: editorSources(ws, timing) });
  return { totalMs: performance.now() - start, readMs: timing.readMs, result };
}

/** The statistics alone (and the classifier on the messages alone): what a scan costs without reading sources. */
function statisticsOnly(ws: RescanWorkspace): number {
  const start = performance.now();
  scanHistory({ history: ws.history, options: scanInputs(ws).options });
  return performance.now() - start;
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

export function benchRescan(): Figure[] {
  const ws = makeRescanWorkspace(scratchDir('rescan'));
  const lines = ws.files.reduce((sum, file) => sum + readFileSync(path.join(ws.root, file), 'utf8').split('\n').length, 0);
  const figures: Figure[] = [
    { name: `workspace: ${ws.files.length} files, ${lines} lines, ${(ws.bytes / 1024 / 1024).toFixed(1)} MiB, ${ws.index.allDeclarations().length} tests; runs`, value: ws.history.runs.length, unit: '' },
  ];
  const first: ScanTimes[] = [];
  const again: ScanTimes[] = [];
  const statistics: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // The editor keeps nothing from one scan to the next: the first scan and a rescan are the same work.
    first.push(editorScan(ws));
    again.push(editorScan(ws));
    statistics.push(statisticsOnly(ws));
  }
  const located = again[0]?.result.tests.filter((t) => t.location !== null).length ?? 0;
  const stats = median(statistics);
  for (const [label, scans] of [
    ['first scan', first],
    ['rescan, nothing changed', again],
  ] as const) {
    const total = median(scans.map((s) => s.totalMs));
    const read = median(scans.map((s) => s.readMs));
    figures.push(
      { name: `${label}: the whole scan, on the extension host's thread`, value: total, unit: 'ms' },
      { name: `${label}:   of which reading sources (readFileSync)`, value: read, unit: 'ms' },
      { name: `${label}:   of which classifying them (the rest but statistics)`, value: Math.max(0, total - read - stats), unit: 'ms' },
    );
  }
  figures.push({ name: `statistics, causes from messages alone (a scan without sources)`, value: stats, unit: 'ms' });
  figures.push({ name: `flaky tests located (of ${ws.flaky.length})`, value: located, unit: '' });
  for (const file of ws.files.filter((f) => /\/(?:fixture_server|fixtureServer)\.\w+$/.test(f))) {
    figures.push({ name: `classifier alone, ${path.basename(file)} (200 KiB): CPU per line`, value: classifierPerLine(ws, file), unit: 'µs' });
  }
  return figures;
}
