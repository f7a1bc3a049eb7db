// What a rescan of the editor costs in reading sources for the classifier: `relatedSources` of flaky tests in a
// workspace of 20,000 files, through `filesByStem` (one table per scan) and, beside it, the filter over every file
// per stem that the editor used before (session 7). Each flaky test is table-driven: 60 quoted strings, each a stem
// that is looked up.

import { performance } from 'node:perf_hooks';
import { filesByStem, relatedSources, type SourceProvider } from '../src/core/scan/testSource';

const FILES = Array.from({ length: 20_000 }, (_, i) => `pkg${i % 500}/sub/file_${i}_test.go`);
const BODY = `func TestX(t *testing.T) {\n${Array.from({ length: 30 }, (_, i) => `  {name: "case_${i}", in: "input_${i}"},`).join('\n')}\n}`;
const MESSAGES = ['x_test.go:12: boom'];
const FLAKY_TESTS = 200;

function perScan(provider: () => SourceProvider): number {
  const start = performance.now();
  // One provider per scan, as the editor makes one per rescan.
  const sources = provider();
  for (let t = 0; t < FLAKY_TESTS; t++) relatedSources(sources, `pkg${t}/a_test.go`, BODY, MESSAGES);
  return performance.now() - start;
}

export function benchScanSources(): { name: string; value: number; unit: string }[] {
  const read = (): undefined => undefined;
  const table = () => ({ read, filesNamed: filesByStem(FILES) });
  const filter = () => ({ read, filesNamed: (stem: string) => FILES.filter((f) => (f.split('/').pop() ?? '').replace(/\.\w+$/, '') === stem).slice(0, 8) });
  perScan(table);
  const tableMs = Math.min(perScan(table), perScan(table), perScan(table));
  // The filter is measured on a tenth of the tests and scaled: it takes minutes otherwise.
  const start = performance.now();
  const sources = filter();
  for (let t = 0; t < FLAKY_TESTS / 10; t++) relatedSources(sources, `pkg${t}/a_test.go`, BODY, MESSAGES);
  const filterMs = ((performance.now() - start) * 10);
  return [
    { name: `rescan sources, ${FLAKY_TESTS} table-driven flaky tests, 20,000 files (one table per scan)`, value: tableMs, unit: 'ms' },
    { name: `same, a filter of every file per stem (before session 7; a tenth measured, x10)`, value: filterMs, unit: 'ms' },
  ];
}
