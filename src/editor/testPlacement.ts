// Places the findings on a document: each flaky or failing test declared in it, with the range of its name.
// Works from memory only (the index and the findings), so every editor feature can call it on each change.
import * as vscode from 'vscode';
import type { TestDeclaration } from '../core/model';
import type { ScanTest } from '../core/scan/scanResult';
import type { RepositoryFlakes } from './repositoryFlakes';
import type { WorkspaceTests } from './workspaceTests';

export interface PlacedTest {
  readonly test: ScanTest;
  readonly declaration: TestDeclaration;
  /** The test's name on its declaration line. */
  readonly range: vscode.Range;
}

export function placeTests(document: vscode.TextDocument, tests: WorkspaceTests, flakes: RepositoryFlakes): PlacedTest[] {
  const file = tests.relative(document.uri);
  if (!file || !flakes.result) {
    return [];
  }
  const placed: PlacedTest[] = [];
  for (const declaration of tests.index.declarationsIn(file)) {
    const candidates = flakes.testsWithId(declaration.id);
    if (candidates.length === 0) {
      continue;
    }
    // One id may name tests of several suites (the same module path in two crates): keep the ones that resolve here.
    const test =
      candidates.length === 1
        ? candidates[0]
        : candidates.find((t) => {
            const resolved = tests.index.resolve(t);
            return resolved?.file === file && resolved.line === declaration.line;
          });
    if (!test || declaration.line < 1 || declaration.line > document.lineCount) {
      continue;
    }
    const line = document.lineAt(declaration.line - 1);
    const name = declaration.name.split('/').pop() ?? declaration.name;
    const quotedAt = line.text.indexOf(`"${name.replace(/_/g, ' ')}"`);
    let column = line.text.indexOf(name);
    if (column < 0 && quotedAt >= 0) {
      column = quotedAt + 1;
    }
    const range =
      column >= 0
        ? new vscode.Range(line.lineNumber, column, line.lineNumber, column + name.length)
        : new vscode.Range(line.lineNumber, line.firstNonWhitespaceCharacterIndex, line.lineNumber, line.text.length);
    placed.push({ test, declaration, range });
  }
  return placed;
}
