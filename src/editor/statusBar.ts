// The status bar item: how many tests are flaky or failing in the workspace's repositories (each test once, when two
// folders hold one repository), and the sync state; a click refreshes (or, with no repository, explains why).
import * as vscode from 'vscode';
import { repositoryNames } from '../core/present/repositoryTests';
import type { Sessions } from './sessions';

export class FlakeStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('flakelens.status', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [this.item];
  private problem: string | undefined;

  constructor(private readonly sessions: Sessions) {
    this.item.name = 'Flakelens';
    this.disposables.push(sessions.onDidChangeFindings(() => this.render()), sessions.onDidChangeSessions(() => this.render()));
    this.render();
    this.item.show();
  }

  /** Why there is no session (no folder, no GitHub remote, an untrusted API host). */
  setProblem(problem: string | undefined): void {
    this.problem = problem;
    this.render();
  }

  /** What the item shows now (its text and tooltip as plain text). */
  get shown(): { readonly text: string; readonly tooltip: string } {
    const tooltip = this.item.tooltip;
    return { text: this.item.text, tooltip: typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? '') };
  }

  render(): void {
    const sessions = this.sessions.all;
    this.item.backgroundColor = undefined;
    if (sessions.length === 0) {
      this.item.text = '$(beaker) Flakelens';
      this.item.tooltip = this.problem ?? 'Flakelens: no GitHub repository found in this workspace.';
      this.item.command = 'flakelens.showOutput';
      return;
    }
    const tests = this.sessions.repositoryTests();
    const flaky = tests.filter((t) => t.status === 'flaky').length;
    const failing = tests.filter((t) => t.status === 'failing').length;
    const anyResult = sessions.some((s) => s.flakes.result);
    const counts = anyResult ? `${flaky} flaky${failing ? ` · ${failing} failing` : ''}` : 'no data yet';
    const states = sessions.map((s) => s.flakes.state);
    const error = states.find((s) => s.kind === 'error');
    const names = repositoryNames(sessions.map((s) => s.flakes)).join(', ');
    this.item.command = 'flakelens.refresh';
    if (states.some((s) => s.kind === 'syncing')) {
      this.item.text = `$(sync~spin) ${counts}`;
      this.item.tooltip = `Flakelens: syncing ${names}…`;
    } else if (error?.kind === 'error') {
      this.item.text = `$(warning) ${counts}`;
      this.item.tooltip = `Flakelens: ${error.error.message} Click to retry.`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    } else {
      const synced = states.find((s) => s.kind === 'synced');
      this.item.text = `$(beaker) ${counts}`;
      this.item.tooltip =
        synced?.kind === 'synced'
          ? `Flakelens: ${names}; synced at ${new Date(synced.at).toLocaleTimeString()} with ${synced.result.requests.total} requests. Click to refresh.`
          : `Flakelens: ${names}. Click to refresh.`;
    }
  }

  dispose(): void {
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}
