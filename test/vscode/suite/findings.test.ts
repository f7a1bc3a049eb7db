// What a developer sees in a real VS Code once Flakelens has synced the fake GitHub history: the right tests marked,
// hovers with the figures and causes, Problems entries, and decorations that follow edits.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ScenarioTruth, TruthTest } from '../../fakeGithub/scenarios';
import { waitFor, withDeadline } from '../waitFor';
import { idleFlakelens as api, scenarioTruth, workspaceFile } from './extensionUnderTest';

function truthOf(kind: TruthTest['expected']): TruthTest[] {
  return scenarioTruth<ScenarioTruth>().tests.filter((t) => t.expected === kind && !t.failsWith);
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n')
    .replace(/\\(.)/g, '$1');
}

async function diagnosticsAt(uri: vscode.Uri, line: number): Promise<vscode.Diagnostic[]> {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.range.start.line === line && d.source === 'Flakelens');
}

suite('Flakelens findings in the editor', () => {
  test('the flaky and failing tests are exactly the scenario\'s', async () => {
    const findings = (await api()).findings();
    assert.ok(findings, 'no findings after the first sync');
    const keys = (status: string) => findings.tests.filter((t) => t.status === status).map((t) => `${t.suite} ${t.id}`).sort();
    assert.deepEqual(keys('flaky'), truthOf('flaky').map((t) => `${t.suite} ${t.id}`).sort());
    assert.deepEqual(keys('failing'), truthOf('failing').map((t) => `${t.suite} ${t.id}`).sort());
  });

  test('the hover on a flaky test shows its rate with the sample, the per-job table, the cause and a job log link', async () => {
    await api();
    const tls = truthOf('flaky').find((t) => t.id === 'tls::tls_sample_application');
    assert.ok(tls);
    const document = await vscode.workspace.openTextDocument(workspaceFile(tls.file));
    await vscode.window.showTextDocument(document);
    const column = document.lineAt(tls.line - 1).text.indexOf('tls_sample_application') + 2;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(tls.line - 1, column));
    const text = hoverText(hovers);
    assert.match(text, /flaky \d+% \(\d+\/\d+\)/);
    assert.match(text, /95% interval/);
    assert.match(text, /\| Test Windows MSVC x86_64 \| windows \|/);
    assert.match(text, /Likely cause: network/);
    assert.match(text, /example\.com/);
    assert.match(text, /job log\]\(https:\/\/github\.com\/acme\/sample\/actions\/runs\/\d+\/job\/\d+\)/);
  });

  test('the Windows-only flaky subtest is placed on its t.Run line and its hover names the timing cause', async () => {
    await api();
    const poll = truthOf('flaky').find((t) => t.id === 'TestPoll/timeout');
    assert.ok(poll);
    const uri = workspaceFile(poll.file);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const [diagnostic] = await diagnosticsAt(uri, poll.line - 1);
    assert.ok(diagnostic, `no Problems entry on ${poll.file}:${poll.line}`);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(diagnostic.message, /flaky in CI: \d+% \(\d+\/\d+\) \(windows \d+% \(\d+\/\d+\)\)/);
    const column = document.lineAt(poll.line - 1).text.indexOf('timeout') + 1;
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(poll.line - 1, column)));
    assert.match(text, /Likely cause: timing/);
    assert.match(text, /tolerance|granularity/);
  });

  test('the failing test is an error in the Problems panel, even in a file that was never opened', async () => {
    await api();
    const failing = truthOf('failing')[0];
    assert.ok(failing);
    const uri = workspaceFile(failing.file);
    const diagnostics = await waitFor(async () => {
      const found = await diagnosticsAt(uri, failing.line - 1);
      return found.length > 0 ? found : undefined;
    }, { description: `a Problems entry for ${failing.id}`, timeoutMs: 10_000 });
    assert.equal(diagnostics[0]?.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diagnostics[0]?.message ?? '', /fails in CI on every run since [0-9a-f]{7}/);
  });

  test('stable tests get nothing', async () => {
    await api();
    const stable = scenarioTruth<ScenarioTruth>().tests.filter((t) => t.expected === 'stable' && t.file.endsWith('.rs'));
    assert.ok(stable.length > 0);
    for (const t of stable) {
      const uri = workspaceFile(t.file);
      await vscode.workspace.openTextDocument(uri);
      assert.deepEqual(await diagnosticsAt(uri, t.line - 1), [], `${t.id} should not be marked`);
    }
  });

  test('a flaky test whose file is renamed is marked in its new file, without any sync', async () => {
    const extension = await api();
    const stateBefore = extension.syncState();
    const poll = truthOf('flaky').find((t) => t.file.endsWith('_test.go'));
    assert.ok(poll);
    const from = workspaceFile(poll.file);
    const to = workspaceFile(poll.file.replace(/_test\.go$/, '_moved_test.go'));
    const lenses = async (uri: vscode.Uri) =>
      (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)).filter((l) => l.range.start.line === poll.line - 1 && l.command);
    assert.ok((await lenses(from)).length > 0, 'the test is marked where it was');
    await vscode.workspace.fs.rename(from, to);
    try {
      // Same package, same function: the same test for Go. Its marks must follow it before any new scan.
      const moved = await waitFor(async () => {
        const found = await lenses(to);
        return found.length > 0 ? found : undefined;
      }, { description: `the CodeLens of ${poll.id} in the renamed file`, timeoutMs: 15_000 });
      assert.match(moved.map((l) => l.command?.title ?? '').join(' | '), /flaky/);
      assert.equal(extension.syncState(), stateBefore, 'a rename must not start a sync');
    } finally {
      await vscode.workspace.fs.rename(to, from);
    }
  });

  test('marks follow edits: lines inserted above a flaky test move its Problems entry without any sync', async () => {
    const extension = await api();
    const requestsBefore = extension.syncState();
    const tls = truthOf('flaky').find((t) => t.id === 'tls::tls_sample_application');
    assert.ok(tls);
    const uri = workspaceFile(tls.file);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), '// one\n// two\n// three\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      const moved = await waitFor(async () => {
        const found = await diagnosticsAt(uri, tls.line - 1 + 3);
        return found.length > 0 ? found : undefined;
      }, { description: 'the Problems entry three lines lower', timeoutMs: 10_000 });
      assert.match(moved[0]?.message ?? '', /tls::tls_sample_application is flaky/);
      assert.deepEqual(await diagnosticsAt(uri, tls.line - 1), []);
      assert.equal(extension.syncState(), requestsBefore, 'an edit must not start a sync');
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  test('a test renamed in the editor, then closed without saving, is found again under its saved name', async () => {
    const extension = await api();
    const join = scenarioTruth<ScenarioTruth>().tests.find((t) => t.id === 'TestJoin');
    assert.ok(join);
    // A file of its own: the extension host keeps any document a test opened through the API open for minutes, and
    // closing the editor of such a file closes no document.
    const file = 'internal/pathutil/closing_test.go';
    const uri = workspaceFile(file);
    const saved = { framework: join.framework, suite: join.suite, id: 'TestSavedName' };
    const renamed = { ...saved, id: 'TestRenamedUnsaved' };
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('package pathutil\n\nimport "testing"\n\nfunc TestSavedName(t *testing.T) {}\n'));
    try {
      await waitFor(() => extension.declarationOf(saved), { description: `${file} indexed`, timeoutMs: 10_000 });
      await vscode.commands.executeCommand('vscode.open', uri); // an editor, as a user opens it (openTextDocument would hold the document)
      const document = vscode.window.activeTextEditor?.document;
      assert.equal(document?.uri.toString(), uri.toString());
      const line = 4;
      const column = document.lineAt(line).text.indexOf('TestSavedName');
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(line, column, line, column + 'TestSavedName'.length), 'TestRenamedUnsaved');
      assert.ok(await vscode.workspace.applyEdit(edit));
      await waitFor(() => extension.declarationOf(renamed) && !extension.declarationOf(saved), { description: 'the index reading the edited buffer', timeoutMs: 10_000 });
      // Closed without saving and with no change event: the soft revert that "Don't Save" falls back to when the file
      // cannot be read again (VS Code's extension tests have it as _workbench.revertAllDirty) keeps the edited text,
      // and the editor then closes the document as it is.
      const closed = new Promise<void>((resolve) => {
        const listener = vscode.workspace.onDidCloseTextDocument((d) => {
          if (d.uri.toString() === uri.toString()) {
            listener.dispose();
            resolve();
          }
        });
      });
      await vscode.commands.executeCommand('_workbench.revertAllDirty');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await withDeadline(closed, 10_000, () => `${file} was not closed`);
      const found = await waitFor(() => extension.declarationOf(saved), { description: 'the saved name in the index again', timeoutMs: 10_000 }, () =>
        `the index has ${JSON.stringify(extension.declarationOf(renamed))} for ${renamed.id}`,
      );
      assert.deepEqual(found, { file, line: line + 1 });
      assert.equal(extension.declarationOf(renamed), undefined, 'the unsaved name is gone');
    } finally {
      await vscode.workspace.fs.delete(uri);
      await waitFor(() => !extension.declarationOf(saved), { description: `${file} out of the index`, timeoutMs: 10_000 });
    }
  });
});
