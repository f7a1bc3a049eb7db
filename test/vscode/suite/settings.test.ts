// Settings take effect at once, from memory: thresholds, decorated statuses and CodeLens; the view's welcome follows
// the state; and the hover shows the trend.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ScenarioTruth } from '../../fakeGithub/scenarios';
import { waitFor } from '../waitFor';
import { fakeGitHub as control, flakelensExtension, idleFlakelens as api, scenarioTruth, workspaceFile } from './extensionUnderTest';

async function setting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('flakelens').update(key, value, vscode.ConfigurationTarget.Workspace);
}

suite('Settings and trend', () => {
  teardown(async () => {
    await setting('minFlakeRate', undefined);
    await setting('codeLens', undefined);
    await setting('decorateStatuses', undefined);
  });

  test('the branches setting picks the runs: a pull-request branch joins the window, and leaving it out drops it again', async () => {
    const extension = await api();
    const pr = scenarioTruth<ScenarioTruth>().pullRequests[0];
    assert.ok(pr, 'the host stage history has pull-request runs');
    const before = extension.findings()?.window;
    assert.deepEqual(before?.branches, ['main']);
    try {
      await setting('branches', ['main', pr.branch]);
      await vscode.commands.executeCommand('flakelens.refresh');
      const during = extension.findings()?.window;
      assert.deepEqual([...(during?.branches ?? [])].sort(), ['main', pr.branch].sort());
      const onBranch = (extension.findings()?.tests ?? []).filter((t) => t.byBranch?.some((b) => b.branch === pr.branch && b.executions > 0));
      assert.ok(onBranch.length > 0, `no test has executions on ${pr.branch}`);
    } finally {
      await setting('branches', undefined);
      await vscode.commands.executeCommand('flakelens.refresh');
    }
    assert.deepEqual(extension.findings()?.window, before);
  });

  test('the workflows setting lists only the named workflows, and a workflow that does not exist is a clear error', async () => {
    const extension = await api();
    try {
      await control('POST', '/_fake/requests/reset');
      await setting('workflows', ['ci.yml']);
      await vscode.commands.executeCommand('flakelens.refresh');
      assert.equal(extension.syncState()?.kind, 'synced');
      const paths = ((await control('GET', '/_fake/requests')) as { requests: { path: string }[] }).requests.map((r) => r.path);
      assert.ok(paths.some((p) => /\/actions\/workflows\/\d+\/runs/.test(p)), paths.join('\n'));
      assert.ok(!paths.some((p) => /\/repos\/acme\/sample\/actions\/runs\?/.test(p)), 'no listing of every workflow');
      const findings = extension.findings()?.tests.length;
      await setting('workflows', ['nightly.yml']);
      await vscode.commands.executeCommand('flakelens.refresh');
      const state = extension.syncState();
      assert.ok(state?.kind === 'error' && state.error.kind === 'no-runs', JSON.stringify(state));
      assert.match(state.error.message, /nightly\.yml.*flakelens\.workflows/);
      assert.equal(extension.findings()?.tests.length, findings, 'the last good findings stay');
    } finally {
      await setting('workflows', undefined);
      await vscode.commands.executeCommand('flakelens.refresh');
    }
    assert.equal(extension.syncState()?.kind, 'synced');
  });

  test('which statuses are decorated is a setting: the flaky marks go when only failing tests are asked for', async () => {
    const extension = await api();
    const tls = scenarioTruth<ScenarioTruth>().tests.find((t) => t.id === 'tls::tls_sample_application');
    assert.ok(tls);
    const uri = workspaceFile(tls.file);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const flakyMarks = () => extension.decorations(uri)?.flaky ?? [];
    await waitFor(() => flakyMarks().some((d) => d.line === tls.line - 1 && /flaky \d+% \(\d+\/\d+\)/.test(d.text)), {
      description: `the flaky mark on ${tls.file}:${tls.line}`,
      timeoutMs: 10_000,
    });
    await setting('decorateStatuses', ['failing']);
    await waitFor(() => flakyMarks().length === 0, { description: 'no flaky marks with decorateStatuses [failing]', timeoutMs: 10_000 });
    await setting('decorateStatuses', ['flaky', 'failing']);
    await waitFor(() => flakyMarks().length > 0, { description: 'the flaky marks back', timeoutMs: 10_000 });
  });

  test("the Flaky Tests view's welcome follows the state: findings, then not signed in", async () => {
    const extension = await api();
    const keys = extension.contextKeys();
    assert.equal(keys['flakelens.noRepository'], false);
    assert.equal(keys['flakelens.hasFindings'], true);
    assert.equal(keys['flakelens.notSignedIn'], false);
    // Every welcome content's when-clause reads only keys the extension sets.
    const welcome = (flakelensExtension().packageJSON as { contributes: { viewsWelcome: { when: string }[] } }).contributes.viewsWelcome;
    for (const entry of welcome) {
      for (const key of entry.when.match(/flakelens\.\w+/g) ?? []) assert.ok(key in keys, `${entry.when}: ${key} is never set`);
    }
    const saved = process.env.GITHUB_TOKEN;
    delete process.env.GITHUB_TOKEN;
    try {
      await vscode.commands.executeCommand('flakelens.refresh');
      assert.equal(extension.contextKeys()['flakelens.notSignedIn'], true);
    } finally {
      process.env.GITHUB_TOKEN = saved;
    }
    await vscode.commands.executeCommand('flakelens.refresh');
    assert.equal(extension.contextKeys()['flakelens.notSignedIn'], false);
  });

  test('a minimum flake rate above every test\'s rate leaves no flaky test, and lowering it brings them back', async () => {
    const extension = await api();
    const flaky = () => (extension.findings()?.tests ?? []).filter((t) => t.status === 'flaky').length;
    assert.ok(flaky() > 0);
    // A setting's rescan reads the sources asynchronously: its findings are there once the extension is idle.
    await setting('minFlakeRate', 0.5);
    await extension.whenIdle();
    assert.equal(flaky(), 0);
    await setting('minFlakeRate', 0);
    await extension.whenIdle();
    assert.ok(flaky() > 0);
  });

  test('CodeLens can be turned off', async () => {
    await api();
    const tls = scenarioTruth<ScenarioTruth>().tests.find((t) => t.id === 'tls::tls_sample_application');
    assert.ok(tls);
    await vscode.workspace.openTextDocument(workspaceFile(tls.file));
    const count = async () => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', workspaceFile(tls.file), 100)).length;
    assert.ok((await count()) > 0);
    await setting('codeLens', 'off');
    assert.equal(await count(), 0);
  });

  test('the hover shows the rate\'s trend over the window', async () => {
    await api();
    const tls = scenarioTruth<ScenarioTruth>().tests.find((t) => t.id === 'tls::tls_sample_application');
    assert.ok(tls);
    const document = await vscode.workspace.openTextDocument(workspaceFile(tls.file));
    const column = document.lineAt(tls.line - 1).text.indexOf('tls_sample_application') + 1;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(tls.line - 1, column));
    const text = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')).join('\n');
    assert.match(text, /Trend: `[▁▂▃▄▅▆▇█ ]{3,10}`/);
  });
});
