// Renders what `go test -v ./...` prints for a planned run, as the go command prints it (checked against real
// output): `=== RUN`, `=== PAUSE`/`=== CONT` for parallel subtests, `--- PASS/FAIL/SKIP` lines nested by four
// spaces per level, then `PASS`/`FAIL` and the package line (`ok  \t<pkg>\t0.059s`).

import { goTestFailed, type GoPackage, type GoRun, type GoTest } from './jobPlan';

export function renderGoTest(run: GoRun): string[] {
  const lines: string[] = [];
  let anyFailed = false;
  for (const pkg of [...run.packages].sort((a, b) => a.importPath.localeCompare(b.importPath))) {
    if (pkg.noTestFiles || pkg.tests.length === 0) {
      lines.push(`?   \t${pkg.importPath}\t[no test files]`);
      continue;
    }
    const failed = renderPackage(pkg, lines);
    anyFailed ||= failed;
  }
  if (anyFailed) lines.push('FAIL');
  return lines;
}

function renderPackage(pkg: GoPackage, lines: string[]): boolean {
  for (const test of pkg.tests) {
    renderRun(test, lines);
    renderResult(test, 0, lines);
  }
  const failed = pkg.tests.some(goTestFailed);
  lines.push(failed ? 'FAIL' : 'PASS');
  lines.push(failed ? `FAIL\t${pkg.importPath}\t${pkg.seconds.toFixed(3)}s` : `ok  \t${pkg.importPath}\t${pkg.seconds.toFixed(3)}s`);
  return failed;
}

/** The `=== RUN` part: sequential subtests run in place; parallel ones pause and continue after the others. */
function renderRun(test: GoTest, lines: string[]): void {
  lines.push(`=== RUN   ${test.name}`);
  lines.push(...(test.output ?? []));
  const parallel: GoTest[] = [];
  for (const sub of test.subtests ?? []) {
    if (sub.parallel) {
      lines.push(`=== RUN   ${sub.name}`, `=== PAUSE ${sub.name}`);
      parallel.push(sub);
    } else {
      renderRun(sub, lines);
    }
  }
  for (const sub of parallel) {
    lines.push(`=== CONT  ${sub.name}`);
    lines.push(...(sub.output ?? []));
    for (const inner of sub.subtests ?? []) renderRun(inner, lines);
  }
}

function renderResult(test: GoTest, depth: number, lines: string[]): void {
  const word = goTestFailed(test) ? 'FAIL' : test.outcome === 'skip' ? 'SKIP' : 'PASS';
  lines.push(`${'    '.repeat(depth)}--- ${word}: ${test.name} (${goSeconds(test).toFixed(2)}s)`);
  for (const sub of test.subtests ?? []) renderResult(sub, depth + 1, lines);
}

function goSeconds(test: GoTest): number {
  const subs = (test.subtests ?? []).reduce((sum, s) => sum + goSeconds(s), 0);
  return Math.max(test.seconds, subs);
}

/** Formats nanoseconds like Go's time.Duration.String for values between 1µs and 1 minute: `48.2137ms`, `1.5s`. */
export function formatGoDuration(nanoseconds: number): string {
  const ns = Math.round(nanoseconds);
  const trim = (value: number, decimals: number): string => value.toFixed(decimals).replace(/\.?0+$/, '');
  if (ns < 1000) return `${ns}ns`;
  if (ns < 1_000_000) return `${trim(ns / 1000, 3)}µs`;
  if (ns < 1_000_000_000) return `${trim(ns / 1_000_000, 6)}ms`;
  return `${trim(ns / 1_000_000_000, 9)}s`;
}
