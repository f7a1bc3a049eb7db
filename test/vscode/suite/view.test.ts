// The Flaky Tests view: ranked, filtered by status, OS, job and branch, grouped by file or by category.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ScenarioTruth } from '../../fakeGithub/scenarios';
import { idleFlakelens as api, scenarioTruth } from './extensionUnderTest';

suite('The Flaky Tests view', () => {
  teardown(async () => {
    await vscode.commands.executeCommand('flakelens.filterTests', { statuses: ['flaky', 'failing'], os: [], jobs: [], branches: [] });
    await vscode.commands.executeCommand('flakelens.groupByFile');
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

  test('filtering by job keeps the tests that flake in that job', async () => {
    const extension = await api();
    const truth = scenarioTruth<ScenarioTruth>();
    const windowsJob = truth.jobs.find((j) => j.os === 'windows');
    assert.ok(windowsJob, 'the scenario has a Windows job');
    const flakyOnWindows = truth.tests.filter((t) => t.expected === 'flaky' && !t.failsWith && (t.rateByOs?.windows ?? 0) > 0).map((t) => t.id);
    assert.ok(flakyOnWindows.length > 0);
    await vscode.commands.executeCommand('flakelens.filterTests', { statuses: ['flaky'], os: [], jobs: [windowsJob.name] });
    const shown = extension.viewTests().map((t) => t.id);
    assert.deepEqual(shown.slice().sort(), flakyOnWindows.sort());
    const linuxJob = truth.jobs.find((j) => j.os === 'linux');
    assert.ok(linuxJob, 'the scenario has a Linux job');
    const flakyOnLinux = truth.tests.filter((t) => t.expected === 'flaky' && !t.failsWith && (t.rateByOs?.linux ?? 0) > 0).map((t) => t.id);
    await vscode.commands.executeCommand('flakelens.filterTests', { statuses: ['flaky'], os: [], jobs: [linuxJob.name] });
    assert.deepEqual(extension.viewTests().map((t) => t.id).sort(), flakyOnLinux.sort());
    assert.ok(flakyOnWindows.some((id) => !flakyOnLinux.includes(id)), 'a test that flakes on Windows only is left out of the Linux job');
  });

  test('groups by file, then by category, with every shown test in one group', async () => {
    const extension = await api();
    const truth = scenarioTruth<ScenarioTruth>().tests.filter((t) => t.expected !== 'stable' && !t.failsWith);
    await vscode.commands.executeCommand('flakelens.groupByFile');
    const byFile = extension.viewGroups();
    const expectedFiles = [...new Set(truth.map((t) => t.file))].sort();
    assert.deepEqual(byFile.map((g) => g.label).sort(), expectedFiles);
    for (const group of byFile) {
      assert.deepEqual(group.tests.slice().sort(), truth.filter((t) => t.file === group.label).map((t) => t.id).sort(), `the tests of ${group.label}`);
    }

    await vscode.commands.executeCommand('flakelens.groupByCategory');
    const byCategory = extension.viewGroups();
    const findings = extension.findings()?.tests ?? [];
    const shown = extension.viewTests().map((t) => t.id);
    assert.deepEqual(byCategory.flatMap((g) => g.tests).sort(), shown.slice().sort(), 'each shown test is in exactly one group');
    assert.ok(byCategory.length >= 2, `several likely causes: ${byCategory.map((g) => g.label).join(', ')}`);
    for (const group of byCategory) {
      for (const id of group.tests) {
        assert.equal(findings.find((t) => t.id === id)?.category ?? 'unknown', group.label, `${id} is grouped under its category`);
      }
    }
    const tls = byCategory.find((g) => g.tests.includes('tls::tls_sample_application'));
    assert.ok(tls && tls.label !== 'unknown', 'the TLS test has a likely cause');

    await vscode.commands.executeCommand('flakelens.groupByFile');
    assert.deepEqual(extension.viewGroups().map((g) => g.label).sort(), expectedFiles);
  });

  test('filtering by branch: the synced default branch shows the flaky tests, a branch without runs none', async () => {
    const extension = await api();
    const everything = extension.viewTests().map((t) => t.id);
    assert.ok(everything.length > 0);
    const findings = extension.findings();
    assert.deepEqual(findings?.window.branches, ['main']);
    for (const t of findings?.tests ?? []) {
      assert.deepEqual(t.byBranch?.map((b) => b.branch), ['main'], `${t.id} ran on main only`);
    }
    await vscode.commands.executeCommand('flakelens.filterTests', { statuses: ['flaky', 'failing'], os: [], jobs: [], branches: ['main'] });
    assert.deepEqual(extension.viewTests().map((t) => t.id), everything);
    await vscode.commands.executeCommand('flakelens.filterTests', { statuses: ['flaky', 'failing'], os: [], jobs: [], branches: ['no-runs-here'] });
    assert.deepEqual(extension.viewTests(), []);
    assert.deepEqual(extension.viewGroups(), []);
    await vscode.commands.executeCommand('flakelens.filterTests', { statuses: ['flaky'], os: ['windows'], jobs: [], branches: ['main'] });
    assert.deepEqual(extension.viewTests().map((t) => t.id).sort(), ['TestPoll/timeout', 'tls::tls_sample_application']);
    // Without branches (as the existing callers pass it): every branch.
    await vscode.commands.executeCommand('flakelens.filterTests', { statuses: ['flaky', 'failing'], os: [], jobs: [] });
    assert.deepEqual(extension.viewTests().map((t) => t.id), everything);
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
