// CodeLens, running a test locally N times (a real cargo run on the sample crate), and re-running one CI job.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ScenarioTruth } from '../../fakeGithub/scenarios';
import { fakeRequests, idleFlakelens as api, scenarioTruth, workspaceFile } from './extensionUnderTest';

async function lensTitles(file: string, line: number): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', workspaceFile(file), 100);
  return lenses.filter((l) => l.range.start.line === line - 1 && l.command).map((l) => l.command?.title ?? '');
}

suite('CodeLens, local runs and CI job re-runs', () => {
  test('a flaky test has its rate, Run locally, Re-run CI job and Open last failure above it', async () => {
    await api();
    const tls = scenarioTruth<ScenarioTruth>().tests.find((t) => t.id === 'tls::tls_sample_application');
    assert.ok(tls);
    const titles = await lensTitles(tls.file, tls.line);
    assert.equal(titles.length, 4, JSON.stringify(titles));
    assert.match(titles[0] ?? '', /^⚠ flaky \d+% \(\d+\/\d+\)$/);
    assert.deepEqual(titles.slice(1), ['Run ×20 locally', 'Re-run CI job', 'Open last failure']);
  });

  test('a stable test has no CodeLens', async () => {
    await api();
    const stable = scenarioTruth<ScenarioTruth>().tests.find((t) => t.id === 'duration::tests::parses_seconds');
    assert.ok(stable);
    assert.deepEqual(await lensTitles(stable.file, stable.line), []);
  });

  test('Run locally runs the test the asked number of times with the real runner and counts the outcomes', async function () {
    this.timeout(240_000);
    const extension = await api();
    const passing = await vscode.commands.executeCommand<{ runs: number; failures: number; missing: number } | undefined>('flakelens.runLocally', {
      framework: 'libtest',
      suite: 'src/lib.rs',
      id: 'duration::tests::parses_seconds',
      times: 3,
    });
    assert.deepEqual({ runs: passing?.runs, failures: passing?.failures, missing: passing?.missing }, { runs: 3, failures: 0, missing: 0 });
    const failing = scenarioTruth<ScenarioTruth>().tests.find((t) => t.expected === 'failing');
    assert.ok(failing);
    const result = await vscode.commands.executeCommand<{ runs: number; failures: number } | undefined>('flakelens.runLocally', {
      framework: failing.framework,
      suite: failing.suite,
      id: failing.id,
      times: 2,
    });
    assert.deepEqual({ runs: result?.runs, failures: result?.failures }, { runs: 2, failures: 2 });
    assert.deepEqual(extension.localResult(failing) && { runs: extension.localResult(failing)?.runs, failures: extension.localResult(failing)?.failures }, { runs: 2, failures: 2 });
    const titles = await lensTitles(failing.file, failing.line);
    assert.match(titles[0] ?? '', /local 2\/2 failed/);
  });

  test('Re-run CI job re-runs the job of the last failure and follows the run to its new attempt', async () => {
    const extension = await api();
    const tls = extension.findings()?.tests.find((t) => t.id === 'tls::tls_sample_application');
    assert.ok(tls?.lastFailure);
    const { jobId, runId } = tls.lastFailure;
    const ok = await vscode.commands.executeCommand<boolean>('flakelens.rerunJob', { jobId, runId });
    assert.equal(ok, true);
    await extension.whenIdle();
    const seen = await fakeRequests();
    // The job of the run's newest attempt is the one re-run (GitHub re-runs only those).
    const post = seen.find((r) => r.method === 'POST' && /^\/repos\/acme\/sample\/actions\/jobs\/\d+\/rerun$/.test(r.path));
    assert.equal(post?.status, 201, JSON.stringify(seen.filter((r) => r.method === 'POST')));
    const afterPost = seen.slice(seen.indexOf(post as (typeof seen)[number]));
    assert.ok(afterPost.some((r) => r.path.includes(`/actions/runs/${runId}/jobs`)), 'the re-run run was read again');
    assert.equal(extension.syncState()?.kind, 'synced');
  });
});
