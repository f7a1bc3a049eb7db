// Which findings belong on a file, and on which line now: the pure half of placing decorations, hovers, CodeLens
// and Problems entries (the editor adds ranges). The tests located in the file at scan time are resolved again
// against the current index, so marks follow edits, and parameterized names (`adds %i`, rstest cases, `test_x[a-1]`,
// `bar(int)[1]`) land on their declaration as the CLI places them. Runs on every debounced edit: memory only.
import type { TestDeclaration } from '../model';
import type { ScanTest } from '../scan/scanResult';

export interface FileFinding {
  readonly declaration: TestDeclaration;
  /** The test the line's marks show: of its cases, the failing one first, then the flakiest. */
  readonly test: ScanTest;
  /**
   * Every test placed on this declaration, `test` first: the cases of a parameterized test (`test_x[a]`,
   * `test_x[b]`) are one function, and get one set of marks, not one stacked per case.
   */
  readonly cases: readonly ScanTest[];
}

export function findingsForFile(file: string, tests: readonly ScanTest[], resolve: (test: ScanTest) => TestDeclaration | undefined): FileFinding[] {
  const byLine = new Map<number, { declaration: TestDeclaration; cases: ScanTest[] }>();
  for (const test of tests) {
    const declaration = resolve(test);
    if (!declaration || declaration.file !== file) continue;
    const placed = byLine.get(declaration.line);
    if (placed) placed.cases.push(test);
    else byLine.set(declaration.line, { declaration, cases: [test] });
  }
  const findings: FileFinding[] = [];
  for (const { declaration, cases } of byLine.values()) {
    cases.sort(worstFirst);
    findings.push({ declaration, test: cases[0] as ScanTest, cases });
  }
  return findings.sort((a, b) => a.declaration.line - b.declaration.line);
}

/** Failing before flaky, then the higher flake rate, then more failures, then by id (a stable order). */
function worstFirst(a: ScanTest, b: ScanTest): number {
  const failing = Number(b.status === 'failing') - Number(a.status === 'failing');
  if (failing !== 0) return failing;
  const rate = (t: ScanTest) => (t.executions > 0 ? t.flakyFailures / t.executions : 0);
  return rate(b) - rate(a) || b.failures - a.failures || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The column of a test's name on its declaration line (Go subtests: the quoted name), or -1. */
export function nameColumn(lineText: string, declaration: Pick<TestDeclaration, 'name'>): { column: number; length: number } {
  const name = declaration.name.split('/').pop() ?? declaration.name;
  const direct = lineText.indexOf(name);
  if (direct >= 0) {
    return { column: direct, length: name.length };
  }
  const spaced = name.replace(/_/g, ' ');
  const quoted = lineText.indexOf(`"${spaced}"`);
  if (quoted >= 0) {
    return { column: quoted + 1, length: spaced.length };
  }
  return { column: -1, length: 0 };
}
