// Problems-panel entries for the flaky and failing tests of every session: from the open documents' current text,
// and from the index for the files that are not open, so they can be listed and filtered like any other problem.
import * as vscode from 'vscode';
import { findingsForFile } from '../core/present/fileFindings';
import { findingMessage } from '../core/present/testSummary';
import type { ReportedTest } from '../core/locate/testIndex';
import type { TestDeclaration } from '../core/model';
import type { ScanTest } from '../core/scan/scanResult';
import type { TriageFailure } from '../core/triage/triageRun';
import type { FolderSession, Sessions } from './sessions';
import type { FlakelensSettings } from './settings';
import { nameRange, placeTests } from './testPlacement';

export class TestDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('flakelens');
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(
    private readonly sessions: Sessions,
    private settings: FlakelensSettings,
    private readonly triage: { newFailures(session: FolderSession): readonly TriageFailure[]; onDidChange: vscode.Event<FolderSession> },
  ) {
    this.disposables.push(
      triage.onDidChange(() => this.refreshAll()),
      sessions.onDidChangeFindings(() => this.refreshAll()),
      sessions.onDidChangeSessions(() => this.refreshAll()),
      // An edit re-locates one file: only its entries can have moved.
      sessions.onDidChangeTests(({ session, files }) => (files.length > 50 ? this.refreshAll() : files.forEach((file) => this.refreshFile(session, file)))),
      vscode.workspace.onDidOpenTextDocument((d) => this.refresh(d)),
    );
    this.refreshAll();
  }

  updateSettings(settings: FlakelensSettings): void {
    this.settings = settings;
    this.refreshAll();
  }

  refreshAll(): void {
    this.collection.clear();
    if (!this.settings.problems) {
      return;
    }
    const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
    for (const session of this.sessions.all) {
      const byFile = new Map<string, vscode.Diagnostic[]>();
      const add = (location: TestDeclaration | undefined, entry: (range: vscode.Range) => vscode.Diagnostic) => {
        if (location) byFile.set(location.file, [...(byFile.get(location.file) ?? []), entry(lineRange(location.line))]);
      };
      for (const test of session.flakes.result?.tests ?? []) add(session.tests.index.resolve(test), (range) => this.diagnostic(test, range));
      for (const failure of this.triage.newFailures(session)) add(session.tests.index.resolve(failure), (range) => this.newFailureDiagnostic(failure, range));
      for (const [file, list] of byFile) {
        const uri = vscode.Uri.joinPath(session.folder.uri, file);
        if (!open.has(uri.toString())) this.collection.set(uri, list);
      }
    }
    for (const document of vscode.workspace.textDocuments) {
      this.refresh(document);
    }
  }

  /** The entries of one file of a session: from its open document when there is one, else from the index. */
  refreshFile(session: FolderSession, file: string): void {
    if (!this.settings.problems || !session.flakes.result) {
      return;
    }
    const uri = vscode.Uri.joinPath(session.folder.uri, file);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) {
      this.refresh(open);
      return;
    }
    const resolve = (t: ReportedTest) => session.tests.index.resolve(t);
    const entries = findingsForFile(file, session.flakes.testsLocatedIn(file), resolve).map(({ test, declaration }) => this.diagnostic(test, lineRange(declaration.line)));
    // This branch's new failures in the file too, as refreshAll gives them.
    for (const failure of this.triage.newFailures(session)) {
      const location = resolve(failure);
      if (location?.file === file) entries.push(this.newFailureDiagnostic(failure, lineRange(location.line)));
    }
    this.collection.set(uri, entries);
  }

  refresh(document: vscode.TextDocument): void {
    const session = this.sessions.forUri(document.uri);
    if (!this.settings.problems || !session || !session.tests.relative(document.uri)) {
      return;
    }
    const file = session.tests.relative(document.uri);
    const fresh = this.triage
      .newFailures(session)
      .map((f) => ({ f, d: session.tests.index.resolve(f) }))
      .flatMap(({ f, d }) => (d && d.file === file && d.line >= 1 && d.line <= document.lineCount ? [this.newFailureDiagnostic(f, nameRange(document, d))] : []));
    this.collection.set(document.uri, [...placeTests(document, session.tests, session.flakes).map((p) => this.diagnostic(p.test, p.range)), ...fresh]);
  }

  private newFailureDiagnostic(failure: TriageFailure, range: vscode.Range): vscode.Diagnostic {
    const diagnostic = new vscode.Diagnostic(
      range,
      `${failure.id} failed in ${failure.job} on this branch, and not on the default branch: look at your change. ${failure.reason}`.slice(0, 500),
      vscode.DiagnosticSeverity.Error,
    );
    diagnostic.source = 'Flakelens';
    diagnostic.code = 'new-failure';
    return diagnostic;
  }

  private diagnostic(test: ScanTest, range: vscode.Range): vscode.Diagnostic {
    const severity = test.status === 'failing' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
    const diagnostic = new vscode.Diagnostic(range, findingMessage(test), severity);
    diagnostic.source = 'Flakelens';
    diagnostic.code = test.status === 'failing' ? 'failing-test' : 'flaky-test';
    return diagnostic;
  }

  dispose(): void {
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}

/** The whole of a 1-based line in a file that is not open (no document to measure it by). */
function lineRange(line: number): vscode.Range {
  const index = Math.max(0, line - 1);
  return new vscode.Range(index, 0, index, 200);
}
