// CodeLens above flaky and failing tests: the rate, "Run ×N locally", "Re-run CI job", "Open last failure".
import * as vscode from 'vscode';
import { testSummary } from '../core/present/testSummary';
import type { Sessions } from './sessions';
import type { FlakelensSettings } from './settings';
import { placeTests } from './testPlacement';

export class TestCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(
    private readonly sessions: Sessions,
    private settings: FlakelensSettings,
  ) {
    this.disposables.push(
      sessions.onDidChangeFindings(() => this.changed.fire()),
      sessions.onDidChangeTests(() => this.changed.fire()),
      sessions.onDidChangeLocal(() => this.changed.fire()),
    );
  }

  updateSettings(settings: FlakelensSettings): void {
    this.settings = settings;
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (this.settings.codeLens === 'off') {
      return [];
    }
    const session = this.sessions.forUri(document.uri);
    if (!session) {
      return [];
    }
    const lenses: vscode.CodeLens[] = [];
    for (const { test, declaration, range } of placeTests(document, session.tests, session.flakes)) {
      if (test.status === 'stable') {
        continue;
      }
      const folder = session.folder.uri.toString();
      const ref = { framework: test.framework, suite: test.suite, id: test.id, repository: session.flakes.repository, folder };
      const local = session.localRuns.resultOf(test);
      const localText = local ? ` · local ${local.failures}/${local.runs} failed` : '';
      lenses.push(new vscode.CodeLens(range, { title: `${testSummary(test)}${localText}`, command: 'flakelens.showTestDetails', arguments: [{ ...ref, file: declaration.file, line: declaration.line }] }));
      lenses.push(new vscode.CodeLens(range, { title: `Run ×${this.settings.localRunCount} locally`, command: 'flakelens.runLocally', arguments: [{ ...ref, times: this.settings.localRunCount }] }));
      if (test.lastFailure) {
        lenses.push(new vscode.CodeLens(range, { title: 'Re-run CI job', command: 'flakelens.rerunJob', arguments: [{ jobId: test.lastFailure.jobId, runId: test.lastFailure.runId, repository: session.flakes.repository, folder }] }));
        lenses.push(new vscode.CodeLens(range, { title: 'Open last failure', command: 'flakelens.openLastFailure', arguments: [{ url: test.lastFailure.url, repository: session.flakes.repository, folder }] }));
      }
    }
    return lenses;
  }

  dispose(): void {
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}
