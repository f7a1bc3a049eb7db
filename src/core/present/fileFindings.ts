// Which findings belong on a file, and on which line now: the pure half of placing decorations, hovers, CodeLens
// and Problems entries (the editor adds ranges). The tests located in the file at scan time are resolved again
// against the current index, so marks follow edits, and parameterized names (`adds %i`, rstest cases, `test_x[a-1]`,
// `bar(int)[1]`) land on their declaration as the CLI places them. Runs on every debounced edit: memory only.
import type { TestDeclaration } from '../model';
import type { ScanTest } from '../scan/scanResult';

export interface FileFinding {
  readonly declaration: TestDeclaration;
  readonly test: ScanTest;
}

export function findingsForFile(file: string, tests: readonly ScanTest[], resolve: (test: ScanTest) => TestDeclaration | undefined): FileFinding[] {
  const findings: FileFinding[] = [];
  for (const test of tests) {
    const declaration = resolve(test);
    if (declaration && declaration.file === file) {
      findings.push({ declaration, test });
    }
  }
  return findings.sort((a, b) => a.declaration.line - b.declaration.line);
}

/** The column of a test's name on its declaration line (Go subtests: the quoted name), or -1. */
export function nameColumn(lineText: string, declaration: TestDeclaration): { column: number; length: number } {
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
