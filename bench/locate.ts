// How long locating tests in one large file takes: synthetic Rust and Go test files of 5,000 and 10,000 lines,
// scanned several times, median reported. Benchmarks may read the clock; tests never do.

import { performance } from 'node:perf_hooks';
import { locateGoFile } from '../src/core/locate/goLocator';
import { locateRustFile } from '../src/core/locate/rustLocator';

/** A Rust file of about `lines` lines: nested test modules, literals with braces, doc-tests. */
function syntheticRust(lines: number): string {
  const out: string[] = ['//! Synthetic crate docs.', '//!', '//! ```', '//! let x = 1;', '//! ```', ''];
  let n = 0;
  while (out.length < lines) {
    out.push(
      `/// Item ${n}.`,
      '///',
      '/// ```',
      `/// assert_eq!(item_${n}(), ${n});`,
      '/// ```',
      `pub fn item_${n}() -> u32 { let _s = "{ brace }"; let _c = '}'; let _r = r#"raw "}" text"#; ${n} }`,
      '',
      `mod group_${n} {`,
      '    use super::*;',
      '    // a comment with a { brace',
      '    #[test]',
      `    fn checks_${n}() {`,
      `        assert_eq!(item_${n}(), ${n});`,
      '    }',
      '',
      '    #[tokio::test(flavor = "multi_thread")]',
      '    #[ignore = "slow"]',
      `    async fn waits_${n}<'a>() {`,
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
function syntheticGo(lines: number): string {
  const out: string[] = ['package synthetic', '', 'import "testing"', ''];
  let n = 0;
  while (out.length < lines) {
    out.push(
      `func TestItem${n}(t *testing.T) {`,
      '\ttests := []struct {',
      '\t\tname string',
      '\t\twant int',
      '\t}{',
      `\t\t{name: "first case ${n}", want: 1},`,
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

/** Median and fastest of `times` runs after a warm-up; the fastest is the steadier figure on a busy machine. */
function timeMs(run: () => void, times = 31): { median: number; fastest: number } {
  for (let i = 0; i < 5; i++) run(); // warm up: the first runs measure the JIT, not the scan
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)] ?? 0, fastest: samples[0] ?? 0 };
}

export function benchLocate(): { name: string; value: number; unit: string }[] {
  const results: { name: string; value: number; unit: string }[] = [];
  for (const lines of [5_000, 10_000]) {
    const cases: [string, () => void][] = [
      ['Rust', ((source) => () => locateRustFile('src/big.rs', source))(syntheticRust(lines))],
      ['Go', ((source) => () => locateGoFile('big_test.go', source))(syntheticGo(lines))],
    ];
    for (const [language, run] of cases) {
      const { median, fastest } = timeMs(run);
      results.push({ name: `locate ${language} file, ${lines} lines (median)`, value: median, unit: 'ms' });
      results.push({ name: `locate ${language} file, ${lines} lines (fastest)`, value: fastest, unit: 'ms' });
    }
  }
  return results;
}

if (require.main === module) {
  for (const r of benchLocate()) console.log(`${r.name}: ${r.value.toFixed(2)} ${r.unit}`);
}
