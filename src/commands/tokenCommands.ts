// Sign in with VS Code's GitHub account, or set / clear a personal access token kept in SecretStorage: each for one
// API host (github.com, a GitHub Enterprise Server), which the caller chose.
import * as vscode from 'vscode';
import type { GitHubAuth } from '../editor/githubAuth';

export async function signIn(auth: GitHubAuth, host: string): Promise<boolean> {
  try {
    if (await auth.signIn(host)) return true;
    void vscode.window.showWarningMessage(`Flakelens: VS Code has no sign-in for ${host} (github-enterprise.uri names another server, or none). Set a token instead.`, 'Set Token').then((choice) => {
      if (choice) {
        void vscode.commands.executeCommand('flakelens.setToken', undefined, host);
      }
    });
    return false;
  } catch (error) {
    void vscode.window.showErrorMessage(`Flakelens: sign-in did not complete (${(error as Error).message}). You can set a token instead.`, 'Set Token').then((choice) => {
      if (choice) {
        void vscode.commands.executeCommand('flakelens.setToken', undefined, host);
      }
    });
    return false;
  }
}

/** Stores a token for `host`; `token` comes from the command's argument (automation) or a password prompt. */
export async function setToken(auth: GitHubAuth, host: string, token?: string): Promise<boolean> {
  const value =
    typeof token === 'string'
      ? token
      : await vscode.window.showInputBox({
          title: `Flakelens: token for ${host}`,
          prompt: 'A token that can read the repository\'s Actions (classic: repo; fine-grained: Actions read). Kept in VS Code\'s secret storage.',
          password: true,
          ignoreFocusOut: true,
          validateInput: (v) => (v.trim().length === 0 ? 'The token is empty.' : /^[\x21-\x7e]+$/.test(v.trim()) ? undefined : 'A token has no spaces, line breaks or other characters than printable ASCII.'),
        });
  if (!value || !value.trim()) {
    return false;
  }
  await auth.setToken(value.trim(), host);
  return true;
}

export async function clearToken(auth: GitHubAuth, host: string): Promise<void> {
  await auth.clearToken(host);
  void vscode.window.showInformationMessage(`Flakelens: the stored token for ${host} was removed.`);
}
