// Sign in with VS Code's GitHub account, or set / clear a personal access token kept in SecretStorage.
import * as vscode from 'vscode';
import type { GitHubAuth } from '../editor/githubAuth';

export async function signIn(auth: GitHubAuth): Promise<boolean> {
  try {
    return await auth.signIn();
  } catch (error) {
    void vscode.window.showErrorMessage(`Flakelens: sign-in did not complete (${(error as Error).message}). You can set a token instead.`, 'Set Token').then((choice) => {
      if (choice) {
        void vscode.commands.executeCommand('flakelens.setToken');
      }
    });
    return false;
  }
}

/** Stores a token; `token` comes from the command's argument (automation) or a password prompt. */
export async function setToken(auth: GitHubAuth, token?: string): Promise<boolean> {
  const value =
    typeof token === 'string'
      ? token
      : await vscode.window.showInputBox({
          title: 'Flakelens: GitHub token',
          prompt: 'A token that can read the repository\'s Actions (classic: repo; fine-grained: Actions read). Kept in VS Code\'s secret storage.',
          password: true,
          ignoreFocusOut: true,
          validateInput: (v) => (v.trim().length === 0 ? 'The token is empty.' : /^[\x21-\x7e]+$/.test(v.trim()) ? undefined : 'A token has no spaces, line breaks or other characters than printable ASCII.'),
        });
  if (!value || !value.trim()) {
    return false;
  }
  await auth.setToken(value.trim());
  return true;
}

export async function clearToken(auth: GitHubAuth): Promise<void> {
  await auth.clearToken();
  void vscode.window.showInformationMessage('Flakelens: the stored token was removed.');
}
