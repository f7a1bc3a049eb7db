// "My branch's CI is red: is it my fault?" — the triage of pull-request branch runs against main's history, its
// notification and buttons (answered through the extension's test hook), the marks of new failures, and the
// Test Explorer entries on a test item of a controller registered here.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { ScenarioTruth } from '../../fakeGithub/scenarios';
import { waitFor } from '../waitFor';
import { fakeRequests, flakelensExtension, idleFlakelens as api, scenarioTruth, workspaceFile } from './extensionUnderTest';

const pullRequests = () => scenarioTruth<ScenarioTruth>().pullRequests;

suite('Triage of a branch\'s red CI', () => {
  test('every pull-request run gets the verdicts its history implies', async () => {
    const extension = await api();
    assert.ok(pullRequests().length >= 6, 'the host stage history has pull-request runs');
    for (const pr of pullRequests()) {
      extension.answerNextPrompt(undefined);
      const triage = await vscode.commands.executeCommand<{ failures: { job: string; id: string; verdict: string }[]; infrastructure: { job: string; step: string }[]; rerunMayPass: boolean; run: { id: number } }>(
        'flakelens.triage',
        { branch: pr.branch },
      );
      await extension.whenNotified();
      assert.ok(triage, pr.branch);
      assert.equal(triage.run.id, pr.runId, pr.branch);
      const key = (f: { job: string; id: string; verdict: string }) => `${f.job} | ${f.id} | ${f.verdict}`;
      assert.deepEqual(triage.failures.map(key).sort(), pr.failures.map(key).sort(), pr.branch);
      assert.deepEqual(triage.infrastructure.map((i) => `${i.job} | ${i.step}`).sort(), pr.infrastructure.map((i) => `${i.job} | ${i.step}`).sort(), pr.branch);
      assert.equal(triage.rerunMayPass, pr.rerunMayPass, pr.branch);
    }
  });

  test('when every failure is a known flake or infrastructure, the notification offers the re-run first, and it re-runs', async () => {
    const extension = await api();
    const pr = pullRequests().find((p) => p.rerunMayPass);
    assert.ok(pr);
    extension.answerNextPrompt('Re-run Failed Jobs');
    await vscode.commands.executeCommand('flakelens.triage', { branch: pr.branch, notifyAgain: true });
    await extension.whenNotified();
    const prompt = extension.prompts().at(-1) ?? '';
    assert.match(prompt, /^Flakelens: CI failed: .* \[Re-run Failed Jobs \| Show Triage\]$/);
    const post = (await fakeRequests()).find((r) => r.method === 'POST' && r.path === `/repos/acme/sample/actions/runs/${pr.runId}/rerun-failed-jobs`);
    assert.equal(post?.status, 201);
  });

  test('a new failure is marked in the Problems panel and its button opens the test', async () => {
    const extension = await api();
    const pr = pullRequests().find((p) => p.failures.some((f) => f.verdict === 'new') && !p.rerunMayPass);
    assert.ok(pr);
    const failure = pr.failures.find((f) => f.verdict === 'new');
    assert.ok(failure);
    const declared = scenarioTruth<ScenarioTruth>().tests.find((t) => t.id === failure.id);
    assert.ok(declared);
    extension.answerNextPrompt('Open New Failure');
    await vscode.commands.executeCommand('flakelens.triage', { branch: pr.branch, notifyAgain: true });
    await extension.whenNotified();
    assert.match(extension.prompts().at(-1) ?? '', /\[Open New Failure \| Show Triage \| Re-run Failed Jobs\]$/);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document.uri.path.endsWith(declared.file), `opened ${editor?.document.uri.path}`);
    const uri = workspaceFile(declared.file);
    const entries = await waitFor(() => {
      const found = vscode.languages.getDiagnostics(uri).filter((d) => d.code === 'new-failure');
      return found.length > 0 ? found : undefined;
    }, { description: `a new-failure entry in ${declared.file}`, timeoutMs: 10_000 });
    assert.match(entries[0]?.message ?? '', /not on the default branch/);
    assert.equal(entries[0]?.severity, vscode.DiagnosticSeverity.Error);
    // In the open editor the entry marks the test's name, as a flaky test's does, not the whole line.
    const name = failure.id.split(/::|\//).pop() ?? failure.id;
    const marked = await waitFor(() => vscode.languages.getDiagnostics(uri).find((d) => d.code === 'new-failure' && editor.document.getText(d.range) === name), {
      description: `the new-failure entry on the name ${name}`,
      timeoutMs: 10_000,
    });
    assert.equal(marked.range.start.line, declared.line - 1);
  });

  test('the marks follow the checked-out branch: a checkout sorts its run, and one with no run, or main, drops them', async function () {
    this.timeout(120_000);
    const extension = await api();
    const pr = pullRequests().find((p) => p.failures.some((f) => f.verdict === 'new') && !p.rerunMayPass);
    const failure = pr?.failures.find((f) => f.verdict === 'new');
    const declared = scenarioTruth<ScenarioTruth>().tests.find((t) => t.id === failure?.id);
    assert.ok(pr && declared);
    const uri = workspaceFile(declared.file);
    const cwd = workspaceFile('.').fsPath;
    const git = (...args: string[]) => execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const marks = () => vscode.languages.getDiagnostics(uri).filter((d) => d.code === 'new-failure').length;
    const shows = (runId: number | undefined) => async () => {
      await extension.whenIdle();
      return extension.lastTriage()?.run.id === runId && (runId === undefined ? marks() === 0 : marks() > 0);
    };
    const seen = () => `triage of run ${extension.lastTriage()?.run.id}, ${marks()} new-failure marks`;
    try {
      git('checkout', '-q', '-b', pr.branch);
      await waitFor(shows(pr.runId), { description: `${pr.branch}'s run triaged and marked`, timeoutMs: 20_000 }, seen);
      git('checkout', '-q', '-b', 'flakelens-no-ci-yet');
      await waitFor(shows(undefined), { description: 'no triage and no marks on a branch with no run', timeoutMs: 20_000 }, seen);
      git('checkout', '-q', pr.branch);
      await waitFor(shows(pr.runId), { description: `${pr.branch}'s marks back`, timeoutMs: 20_000 }, seen);
      git('checkout', '-q', 'main');
      await waitFor(shows(undefined), { description: 'no triage and no marks on main', timeoutMs: 20_000 }, seen);
    } finally {
      git('checkout', '-q', 'main');
      for (const branch of git('branch', '--format=%(refname:short)').toString().split('\n')) {
        if (branch === pr.branch || branch === 'flakelens-no-ci-yet') git('branch', '-q', '-D', branch);
      }
    }
  });
});

suite('Test Explorer entries', () => {
  let controller: vscode.TestController;
  suiteSetup(() => {
    controller = vscode.tests.createTestController('flakelens-test-controller', 'A controller of the tests');
  });
  suiteTeardown(() => controller.dispose());

  test('the menus of any controller\'s test items offer the CI history and local runs', () => {
    const menus = flakelensExtension().packageJSON.contributes.menus as Record<string, { command: string }[]>;
    for (const menu of ['testing/item/context', 'testing/item/gutter']) {
      assert.deepEqual(menus[menu]?.map((m) => m.command), ['flakelens.testItemHistory', 'flakelens.testItemRunLocally'], menu);
    }
  });

  test('Show CI History on another controller\'s test item opens the matching test with its findings', async () => {
    await api();
    const tls = scenarioTruth<ScenarioTruth>().tests.find((t) => t.id === 'tls::tls_sample_application');
    assert.ok(tls);
    const item = controller.createTestItem('tls', 'tls_sample_application', workspaceFile(tls.file));
    item.range = new vscode.Range(tls.line - 2, 0, tls.line + 2, 1);
    controller.items.add(item);
    assert.equal(await vscode.commands.executeCommand('flakelens.testItemHistory', item), true);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document.uri.path.endsWith(tls.file));
    assert.equal(editor.selection.active.line, tls.line - 1);
  });

  test('Run N Times Locally on a test item runs that test', async function () {
    this.timeout(240_000);
    await api();
    await vscode.workspace.getConfiguration('flakelens').update('localRunCount', 2, vscode.ConfigurationTarget.Workspace);
    try {
      const stable = scenarioTruth<ScenarioTruth>().tests.find((t) => t.id === 'duration::tests::parses_seconds');
      assert.ok(stable);
      const item = controller.createTestItem('seconds', 'parses_seconds', workspaceFile(stable.file));
      item.range = new vscode.Range(stable.line - 1, 0, stable.line + 3, 1);
      controller.items.add(item);
      const result = await vscode.commands.executeCommand<{ runs: number; failures: number } | undefined>('flakelens.testItemRunLocally', item);
      assert.deepEqual(result && { runs: result.runs, failures: result.failures }, { runs: 2, failures: 0 });
    } finally {
      await vscode.workspace.getConfiguration('flakelens').update('localRunCount', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
