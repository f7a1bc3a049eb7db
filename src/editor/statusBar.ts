// The status bar item: how many tests are flaky or failing, and the sync state; a click refreshes or explains.
import * as vscode from 'vscode';
import type { RepositoryFlakes } from './repositoryFlakes';

export class FlakeStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('flakelens.status', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [this.item];

  constructor(private readonly flakes: RepositoryFlakes | undefined, private readonly problem?: string) {
    this.item.name = 'Flakelens';
    if (flakes) {
      this.disposables.push(flakes.onDidChange(() => this.render()));
    }
    this.render();
    this.item.show();
  }

  render(): void {
    const flakes = this.flakes;
    if (!flakes) {
      this.item.text = '$(beaker) Flakelens';
      this.item.tooltip = this.problem ?? 'Flakelens: no GitHub repository found in this workspace.';
      this.item.command = 'flakelens.showOutput';
      return;
    }
    const tests = flakes.result?.tests ?? [];
    const flaky = tests.filter((t) => t.status === 'flaky').length;
    const failing = tests.filter((t) => t.status === 'failing').length;
    const counts = flakes.result ? `${flaky} flaky${failing ? ` · ${failing} failing` : ''}` : 'no data yet';
    const state = flakes.state;
    this.item.command = 'flakelens.refresh';
    this.item.backgroundColor = undefined;
    switch (state.kind) {
      case 'syncing':
        this.item.text = `$(sync~spin) ${counts}`;
        this.item.tooltip = `Flakelens: syncing ${flakes.repository}…`;
        break;
      case 'error':
        this.item.text = `$(warning) ${counts}`;
        this.item.tooltip = `Flakelens: ${state.error.message} Click to retry.`;
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
      case 'synced':
        this.item.text = `$(beaker) ${counts}`;
        this.item.tooltip = `Flakelens: ${flakes.repository}, ${flakes.result?.window.runs ?? 0} runs; synced at ${new Date(state.at).toLocaleTimeString()} with ${state.result.requests.total} requests. Click to refresh.`;
        break;
      default:
        this.item.text = `$(beaker) ${counts}`;
        this.item.tooltip = `Flakelens: ${flakes.repository}. Click to refresh.`;
    }
  }

  dispose(): void {
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}
