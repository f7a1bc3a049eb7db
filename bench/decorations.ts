// The editor's work on each debounced change of a test file: locate the file's tests again from its text, join them
// with the findings in memory, and write each decoration's text. Measured on a 5,000-line Rust test file with
// 5,000 tests in the findings (50 of them flaky in this file). `npm run bench decorations` runs it as the extension
// ships it: bundled and minified by esbuild with the extension's options (bench/bundled.ts), in a child process,
// 200 edits after 20 of warm-up; under tsx the same code is slower (tsx wraps every named function).
import { performance } from 'node:perf_hooks';
import { TestIndex } from '../src/core/locate/testIndex';
import { findingsForFile } from '../src/core/present/fileFindings';
import { testSummary } from '../src/core/present/testSummary';
import type { ScanTest } from '../src/core/scan/scanResult';

function rustFile(lines: number): { text: string; ids: string[] } {
  const out: string[] = ['use std::time::Duration;', '', '#[cfg(test)]', 'mod tests {', '    use super::*;', ''];
  const ids: string[] = [];
  for (let i = 0; out.length < lines - 2; i++) {
    const name = `case_${i}_handles_input`;
    ids.push(`tests::${name}`);
    out.push('    #[test]', `    fn ${name}() {`, `        let value = compute(${i});`, '        // a comment with { braces } and "strings"', `        assert_eq!(value, ${i} * 2, "value for {}", ${i});`, '        let s = r#"raw { string"#;', '        assert!(!s.is_empty());', '    }', '');
  }
  out.push('}', '');
  return { text: out.join('\n'), ids };
}

function finding(id: string, status: ScanTest['status']): ScanTest {
  return {
    key: `libtest\u001ftests/all/main.rs\u001f${id}`,
    id,
    suite: 'src/lib.rs',
    framework: 'libtest',
    status,
    executions: 300,
    failures: status === 'stable' ? 0 : 20,
    flakyFailures: status === 'flaky' ? 20 : 0,
    confirmedFlakyFailures: 5,
    likelyFlakyFailures: 15,
    regressionFailures: 0,
    systemicFailures: 0,
    flakeRate: status === 'flaky' ? 20 / 300 : 0,
    interval: [0.04, 0.1],
    byJob: [],
    byOs: [
      { os: 'windows', executions: 100, flakyFailures: 20, flakeRate: 0.2, interval: [0.13, 0.29] },
      { os: 'linux', executions: 100, flakyFailures: 0, flakeRate: 0, interval: [0, 0.04] },
    ],
    category: 'timing',
    categories: [],
    evidence: [],
    suggestion: null,
    lastFailure: null,
    recentFailures: [],
    failingSince: null,
    fixedSince: null,
    trend: [],
    location: null,
  };
}

export function benchDecorations(): { name: string; value: number; unit: string }[] {
  const { text, ids } = rustFile(5000);
  const byId = new Map<string, ScanTest[]>();
  for (let i = 0; i < 5000; i++) {
    const id = i < ids.length ? (ids[i] as string) : `other_${i}::test_${i}`;
    const status = i < ids.length && i % 10 === 0 ? 'flaky' : 'stable';
    byId.set(id, [finding(id, status)]);
  }
  const index = new TestIndex();
  index.setFile('Cargo.toml', '[package]\nname = "bench"\n');
  // Nineteen other open test files in the index: an edit re-locates only the edited one.
  for (let f = 0; f < 19; f++) {
    index.setFile(`tests/open_${f}.rs`, rustFile(500).text.replace(/case_/g, `open_${f}_case_`));
  }
  const file = 'src/lib.rs';
  // The findings the last scan located in this file (all its tests, ${ids.length}; a tenth of them flaky).
  const inFile = ids.map((id) => (byId.get(id) ?? [])[0]).filter((t): t is ScanTest => t !== undefined);
  const pass = () => {
    index.setFile(file, text);
    const findings = findingsForFile(file, inFile, (t) => index.resolve(t));
    let decorated = 0;
    for (const f of findings) {
      if (f.test.status !== 'stable') {
        testSummary(f.test);
        decorated++;
      }
    }
    return { declarations: index.declarationsIn(file).length, decorated };
  };
  const first = pass();
  for (let i = 0; i < 20; i++) pass(); // warm-up: the JIT settles as it does in a long-running extension host
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const start = performance.now();
    pass();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return [
    { name: `one edit of a 5,000-line test file (${first.declarations} tests, ${first.decorated} decorated; 5,000 tests in the findings, 20 files open), median`, value: times[Math.floor(times.length / 2)] ?? 0, unit: 'ms' },
    { name: 'one edit of that file: 95th percentile (a frame is 16.7 ms)', value: times[Math.floor(times.length * 0.95)] ?? 0, unit: 'ms' },
    { name: 'one edit of that file: 99th percentile', value: times[Math.floor(times.length * 0.99)] ?? 0, unit: 'ms' },
  ];
}

// `node dist-bench/decorations.js`: the bundled benchmark prints its figures as JSON.
if (process.env.FLAKELENS_BENCH_MAIN === 'decorations') console.log(JSON.stringify(benchDecorations()));
