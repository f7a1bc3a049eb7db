// The Flaky Tests view: ranked, filtered by status and OS.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FlakelensApi } from '../../../src/extension';
import type { ScenarioTruth } from '../../fakeGithub/scenarios';
import { flakelensExtension, scenarioTruth } from './extensionUnderTest';

async function api(): Promise<FlakelensApi> {
  const extensionApi = (await flakelensExtension().activate()) as unknown as FlakelensApi;
  await extensionApi.whenIdle();
  return extensionApi;
}

suite('The Flaky Tests view', () => {
  teardown(async () => {
    await vscode.commands.executeCommand('flakelens.filterTests', { statuses: ['flaky', 'failing'], os: [], jobs: [] });
  });

  test('lists the flaky and failing tests, failing first, then by flake rate', async () => {
    const extension = await api();
    const shown = extension.viewTests();
    const truth = scenarioTruth<ScenarioTruth>().tests.filter((t) => t.expected !== 'stable' && !t.failsWith);
    assert.deepEqual(shown.map((t) => t.id).sort(), truth.map((t) => t.id).sort());
    assert.equal(shown[0]?.status, 'failing');
    const rates = (extension.findings()?.tests ?? []).filter((t) => t.status === 'flaky').map((t) => t.flakeRate);
    assert.deepEqual(rates, rates.slice().sort((a, b) => b - a));
  });

  test('filtering by OS keeps the tests that flake there', async () => {
    const extension = await api();
    await vscode.commands.executeCommand('flakelens.filterTests', { statuses: ['flaky'], os: ['linux'], jobs: [] });
    assert.deepEqual(extension.viewTests().map((t) => t.id), ['tls::tls_sample_application']);
    await vscode.commands.executeCommand('flakelens.filterTests', { statuses: ['flaky'], os: ['windows'], jobs: [] });
    assert.deepEqual(extension.viewTests().map((t) => t.id).sort(), ['TestPoll/timeout', 'tls::tls_sample_application']);
  });

  test('opening an entry opens its test at its line', async () => {
    await api();
    const tls = scenarioTruth<ScenarioTruth>().tests.find((t) => t.id === 'tls::tls_sample_application');
    assert.ok(tls);
    await vscode.commands.executeCommand('flakelens.showTestDetails', { framework: tls.framework, suite: tls.suite, id: tls.id });
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document.uri.path.endsWith(tls.file));
    assert.equal(editor.selection.active.line, tls.line - 1);
  });
});
