// Which findings belong on a file's test declarations: the pure half of placing decorations, hovers and Problems
// entries (the editor adds ranges). Runs on every debounced edit, so it only looks things up in memory.
import type { TestDeclaration } from '../model';
import type { ScanTest } from '../scan/scanResult';

export interface FileFinding {
  readonly declaration: TestDeclaration;
  readonly test: ScanTest;
}

export function findingsForFile(
  declarations: readonly TestDeclaration[],
  testsWithId: (id: string) => readonly ScanTest[],
  resolve: (test: ScanTest) => TestDeclaration | undefined,
): FileFinding[] {
  const findings: FileFinding[] = [];
  for (const declaration of declarations) {
    const candidates = testsWithId(declaration.id);
    if (candidates.length === 0) {
      continue;
    }
    // One id can name tests of several suites (the same module path in two crates): keep the one that resolves here.
    const test =
      candidates.length === 1
        ? candidates[0]
        : candidates.find((t) => {
            const resolved = resolve(t);
            return resolved?.file === declaration.file && resolved.line === declaration.line;
          });
    if (test) {
      findings.push({ declaration, test });
    }
  }
  return findings;
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
