// Quick fixes for TypeScript (jest) and Python (pytest) in the multi-root workspace: quarantine with `test.skip` and
// the reason in a comment (a describe-nested test too), pytest's flaky(reruns=N) and skip(reason=…), and the widened
// timing bound of the pytest backoff test; a plain number that bounds a price is not offered as a tolerance.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FlakelensApi } from '../../../src/extension';
import { waitFor } from '../waitFor';
import { flakelensExtension } from './extensionUnderTest';

async function api(): Promise<FlakelensApi> {
  const extensionApi = (await flakelensExtension().activate()) as unknown as FlakelensApi;
  await extensionApi.whenIdle();
  return extensionApi;
}

function fileIn(folder: string, relativePath: string): vscode.Uri {
  const root = vscode.workspace.workspaceFolders?.find((f) => f.name === folder);
  if (!root) throw new Error(`The workspace has no folder ${folder}.`);
  return vscode.Uri.joinPath(root.uri, ...relativePath.split('/'));
}

async function flakyEntry(folder: string, file: string, text: string): Promise<{ uri: vscode.Uri; document: vscode.TextDocument; diagnostic: vscode.Diagnostic }> {
  const uri = fileIn(folder, file);
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  const line = document.getText().split(/\r?\n/).findIndex((l) => l.includes(text));
  assert.ok(line >= 0, `${file} has no line with ${text}`);
  const diagnostic = await waitFor(
    () => vscode.languages.getDiagnostics(uri).find((d) => d.source === 'Flakelens' && d.code === 'flaky-test' && d.range.start.line === line),
    { description: `a flaky-test Problems entry on ${folder}/${file}:${line + 1}`, timeoutMs: 10_000 },
  );
  return { uri, document, diagnostic };
}

async function codeActions(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
  return actions.filter((a): a is vscode.CodeAction => 'kind' in a && a.title.startsWith('Flakelens:'));
}

function named(actions: readonly vscode.CodeAction[], pattern: RegExp): vscode.CodeAction {
  const found = actions.find((a) => pattern.test(a.title));
  assert.ok(found, `no code action matching ${pattern} among: ${actions.map((a) => a.title).join(' | ')}`);
  return found;
}

async function applyTextChanges(action: vscode.CodeAction): Promise<void> {
  assert.ok(action.edit, `${action.title} has no edit`);
  const plain = new vscode.WorkspaceEdit();
  for (const [uri, edits] of action.edit.entries()) for (const edit of edits) plain.replace(uri, edit.range, edit.newText);
  assert.ok(await vscode.workspace.applyEdit(plain), `${action.title} did not apply`);
}

suite('Flakelens quick fixes for TypeScript and Python (multi-root)', () => {
  teardown(async () => {
    for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  test('jest: Poller › eventually responds is quarantined with test.skip and the reason in a comment above', async () => {
    const extension = await api();
    const { uri, document, diagnostic } = await flakyEntry('shop-web', 'src/poller.test.ts', "test('eventually responds'");
    const actions = await codeActions(uri, diagnostic.range);
    const quarantine = named(actions, /^Flakelens: Quarantine: test\.skip\(…\) with the reason in a comment$/);
    named(actions, /^Flakelens: File an issue for Poller › eventually responds$/);
    const described = await extension.quickFixes(uri, diagnostic.range.start.line);
    assert.equal(described.find((d) => d.title === quarantine.title)?.metadata?.needsConfirmation, true);
    await applyTextChanges(quarantine);
    assert.match(document.getText(), /\n {2}\/\/ flaky: \d+(?:\.\d)?% \(\d+\/\d+\) in CI[^\n]*\(quarantined\)\n {2}test\.skip\('eventually responds', async \(\) => \{\n/);
  });

  test('jest: the describe-nested Cart › totals › applies a coupon is quarantined; its price bound is not a timing tolerance', async () => {
    await api();
    const { uri, document, diagnostic } = await flakyEntry('shop-web', 'src/cart.test.ts', "test('applies a coupon'");
    const actions = await codeActions(uri, diagnostic.range);
    assert.ok(!actions.some((a) => /Widen/.test(a.title)), actions.map((a) => a.title).join(' | '));
    await applyTextChanges(named(actions, /^Flakelens: Quarantine: test\.skip/));
    assert.match(document.getText(), /\n {4}\/\/ flaky: [^\n]*\(quarantined\)\n {4}test\.skip\('applies a coupon', async \(\) => \{\n/);
  });

  test('pytest: test_retry_backoff offers flaky(reruns=N) and skip(reason=…), and its lower time bound one tick smaller', async () => {
    await api();
    const { uri, document, diagnostic } = await flakyEntry('shop-api', 'tests/test_api.py', 'def test_retry_backoff(');
    const actions = await codeActions(uri, diagnostic.range);
    const flaky = named(actions, /^Flakelens: Quarantine: @pytest\.mark\.flaky\(reruns=[1-5]\) \(pytest-rerunfailures re-runs it\)$/);
    const skip = named(actions, /^Flakelens: Quarantine: @pytest\.mark\.skip\(reason="flaky: /);
    const widen = named(actions, /^Flakelens: Widen the timing tolerance: 0\.2 → 0\.184$/);
    await applyTextChanges(widen);
    assert.match(document.getText(), /\n {4}assert elapsed >= 0\.184\n/);
    await applyTextChanges(skip);
    assert.match(document.getText(), /\n@pytest\.mark\.skip\(reason="flaky: \d+(?:\.\d)?% \(\d+\/\d+\) in CI[^"\n]*"\)\ndef test_retry_backoff\(client\):\n/);
    assert.equal(document.getText().split('\nimport pytest\n').length, 2, 'import pytest is already there: not added again');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await applyTextChanges(flaky);
    assert.match(document.getText(), /\n# flaky: [^\n]+\n@pytest\.mark\.flaky\(reruns=[1-5]\)\ndef test_retry_backoff\(client\):\n/);
  });
});
