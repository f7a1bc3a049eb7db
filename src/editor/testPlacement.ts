// Places the findings on a document: each flaky or failing test declared in it, with the range of its name.
// Works from memory only (the index and the findings), so every editor feature can call it on each change.
import * as vscode from 'vscode';
import type { TestDeclaration } from '../core/model';
import { findingsForFile, nameColumn } from '../core/present/fileFindings';
import type { ScanTest } from '../core/scan/scanResult';
import type { RepositoryFlakes } from './repositoryFlakes';
import type { WorkspaceTests } from './workspaceTests';

export interface PlacedTest {
  readonly test: ScanTest;
  /** Every test on this declaration, `test` first (the cases of a parameterized test; see `FileFinding.cases`). */
  readonly cases: readonly ScanTest[];
  readonly declaration: TestDeclaration;
  /** The test's name on its declaration line. */
  readonly range: vscode.Range;
}

export function placeTests(document: vscode.TextDocument, tests: WorkspaceTests, flakes: RepositoryFlakes): PlacedTest[] {
  const file = tests.relative(document.uri);
  if (!file || !flakes.result) {
    return [];
  }
  const findings = findingsForFile(file, flakes.testsLocatedIn(file), (t) => tests.index.resolve(t));
  const placed: PlacedTest[] = [];
  for (const { declaration, test, cases } of findings) {
    if (declaration.line < 1 || declaration.line > document.lineCount) {
      continue;
    }
    placed.push({ test, cases, declaration, range: nameRange(document, declaration) });
  }
  return placed;
}

/** The test's name on its declaration line (in range), else the line from its first character that is no space. */
export function nameRange(document: vscode.TextDocument, declaration: Pick<TestDeclaration, 'line' | 'name'>): vscode.Range {
  const line = document.lineAt(declaration.line - 1);
  const { column, length } = nameColumn(line.text, declaration);
  return column >= 0
    ? new vscode.Range(line.lineNumber, column, line.lineNumber, column + length)
    : new vscode.Range(line.lineNumber, line.firstNonWhitespaceCharacterIndex, line.lineNumber, line.text.length);
}
