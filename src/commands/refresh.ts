// Refresh: sync the history now, with a cancellable progress notification; errors say what to do, with a button.
import * as vscode from 'vscode';
import type { RepositoryFlakes } from '../editor/repositoryFlakes';

export async function refresh(flakes: RepositoryFlakes, options: { notify: boolean }): Promise<void> {
  if (options.notify) {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Flakelens: syncing ${flakes.repository}`, cancellable: true },
      (progress, token) => flakes.sync(progress, token),
    );
  } else {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Flakelens' }, (progress) => flakes.sync(progress));
  }
  const state = flakes.state;
  if (state.kind !== 'error' || state.error.kind === 'cancelled') {
    return;
  }
  // A background sync speaks up only when the user must act (sign in); its other errors stay in the status bar.
  if (!options.notify && state.error.kind !== 'not-signed-in') {
    return;
  }
  const actions: Record<string, string> = {};
  switch (state.error.kind) {
    case 'not-signed-in':
    case 'bad-credentials':
      actions['Sign in'] = 'flakelens.signIn';
      actions['Set Token'] = 'flakelens.setToken';
      break;
    case 'no-access':
    case 'no-runs':
      actions['Open Settings'] = 'flakelens.openSettings';
      actions['Sign in'] = 'flakelens.signIn';
      break;
    default:
      actions['Retry'] = 'flakelens.refresh';
      actions['Show Log'] = 'flakelens.showOutput';
  }
  // Not awaited: the refresh is over when the sync is; the message stays until the user answers it.
  void vscode.window.showWarningMessage(`Flakelens: ${state.error.message}`, ...Object.keys(actions)).then((choice) => {
    if (choice && actions[choice]) {
      void vscode.commands.executeCommand(actions[choice] as string);
    }
  });
}
