// CodeLens above flaky and failing tests: the rate, "Run ×N locally", "Re-run CI job", "Open last failure".
import * as vscode from 'vscode';
import { testSummary } from '../core/present/testSummary';
import type { LocalRuns } from './localRuns';
import type { RepositoryFlakes } from './repositoryFlakes';
import type { FlakelensSettings } from './settings';
import { placeTests } from './testPlacement';
import type { WorkspaceTests } from './workspaceTests';

export class TestCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(
    private readonly tests: WorkspaceTests,
    private readonly flakes: RepositoryFlakes,
    private readonly localRuns: LocalRuns,
    private settings: FlakelensSettings,
  ) {
    this.disposables.push(
      flakes.onDidChange(() => this.changed.fire()),
      tests.onDidChange(() => this.changed.fire()),
      localRuns.onDidChange(() => this.changed.fire()),
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
    const lenses: vscode.CodeLens[] = [];
    for (const { test, declaration, range } of placeTests(document, this.tests, this.flakes)) {
      if (test.status === 'stable') {
        continue;
      }
      const ref = { framework: test.framework, suite: test.suite, id: test.id };
      const local = this.localRuns.resultOf(test);
      const localText = local ? ` · local ${local.failures}/${local.runs} failed` : '';
      lenses.push(new vscode.CodeLens(range, { title: `${testSummary(test)}${localText}`, command: 'flakelens.showTestDetails', arguments: [{ ...ref, file: declaration.file, line: declaration.line }] }));
      lenses.push(new vscode.CodeLens(range, { title: `Run ×${this.settings.localRunCount} locally`, command: 'flakelens.runLocally', arguments: [{ ...ref, times: this.settings.localRunCount }] }));
      if (test.lastFailure) {
        lenses.push(new vscode.CodeLens(range, { title: 'Re-run CI job', command: 'flakelens.rerunJob', arguments: [{ jobId: test.lastFailure.jobId, runId: test.lastFailure.runId }] }));
        lenses.push(new vscode.CodeLens(range, { title: 'Open last failure', command: 'flakelens.openLastFailure', arguments: [{ url: test.lastFailure.url }] }));
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
