// What the quick-fix suites share: the Flakelens Problems entry of a flaky test, the code actions offered on it, and
// applying an action's text changes the way a user who accepts the preview does.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from '../waitFor';

export interface FlakyEntry {
  readonly uri: vscode.Uri;
  readonly document: vscode.TextDocument;
  readonly line: number;
  readonly diagnostic: vscode.Diagnostic;
}

/** Opens the file and waits for the flaky-test Problems entry on the line that contains `text`. */
export async function flakyEntryAt(uri: vscode.Uri, text: string): Promise<FlakyEntry> {
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  const line = document.getText().split(/\r?\n/).findIndex((l) => l.includes(text));
  assert.ok(line >= 0, `${uri.path} has no line with ${text}`);
  const diagnostic = await waitFor(
    () => vscode.languages.getDiagnostics(uri).find((d) => d.source === 'Flakelens' && d.code === 'flaky-test' && d.range.start.line === line),
    { description: `a flaky-test Problems entry on ${uri.path}:${line + 1}`, timeoutMs: 10_000 },
  );
  return { uri, document, line, diagnostic };
}

export async function codeActions(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
  return actions.filter((a): a is vscode.CodeAction => 'kind' in a && a.title.startsWith('Flakelens:'));
}

export function named(actions: readonly vscode.CodeAction[], pattern: RegExp): vscode.CodeAction {
  const found = actions.find((a) => pattern.test(a.title));
  assert.ok(found, `no code action matching ${pattern} among: ${actions.map((a) => a.title).join(' | ')}`);
  return found;
}

/** Applies the text changes of an action's edit, without the preview (the test plays the user who accepts it). */
export async function applyTextChanges(action: vscode.CodeAction): Promise<vscode.Uri[]> {
  assert.ok(action.edit, `${action.title} has no edit`);
  const plain = new vscode.WorkspaceEdit();
  const uris: vscode.Uri[] = [];
  for (const [uri, edits] of action.edit.entries()) {
    uris.push(uri);
    for (const edit of edits) plain.replace(uri, edit.range, edit.newText);
  }
  assert.ok(await vscode.workspace.applyEdit(plain), `${action.title} did not apply`);
  return uris;
}

/** Reverts every changed document (each test starts from the files on disk). */
export async function revertAll(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
}
