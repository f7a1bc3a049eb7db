// The status bar item (counts and sync state, a warning that keeps the counts when a sync fails), the output channel
// (each sync logged, no token ever) and the getting-started walkthrough (every command, view and picture it refers to exists, and it opens).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fakeGitHub as control, flakelensExtension, idleFlakelens as api } from './extensionUnderTest';

interface WalkthroughStep {
  readonly id: string;
  readonly description: string;
  readonly media: { readonly markdown?: string; readonly image?: string };
  readonly completionEvents?: readonly string[];
}

suite('The status bar item', () => {
  teardown(async () => {
    await control('DELETE', '/_fake/faults');
  });

  test('shows the flaky and failing counts of the findings and when they were synced', async () => {
    const extension = await api();
    await vscode.commands.executeCommand('flakelens.refresh');
    const tests = extension.findings()?.tests ?? [];
    const flaky = tests.filter((t) => t.status === 'flaky').length;
    const failing = tests.filter((t) => t.status === 'failing').length;
    assert.ok(flaky > 0 && failing > 0, 'the sample history has flaky and failing tests');
    const shown = extension.statusBar();
    assert.equal(shown.text, `$(beaker) ${flaky} flaky · ${failing} failing`);
    assert.match(shown.tooltip, /^Flakelens: acme\/sample; synced at .+ with \d+ requests\. Click to refresh\.$/);
  });

  test('turns to a warning that keeps the counts when a sync fails, and back once a sync succeeds', async () => {
    const extension = await api();
    const before = extension.statusBar().text;
    await control('POST', '/_fake/faults', { match: '/repos/acme/sample', status: 401 });
    await vscode.commands.executeCommand('flakelens.refresh');
    const failed = extension.statusBar();
    assert.equal(failed.text, before.replace('$(beaker)', '$(warning)'));
    assert.match(failed.tooltip, /sign in again or set a new token.*Click to retry\./);
    await control('DELETE', '/_fake/faults');
    await vscode.commands.executeCommand('flakelens.refresh');
    assert.equal(extension.statusBar().text, before);
  });
});

suite('The getting-started walkthrough', () => {
  const walkthrough = () => {
    const contributed = (flakelensExtension().packageJSON as { contributes: { walkthroughs: { id: string; steps: WalkthroughStep[] }[] } }).contributes.walkthroughs;
    const found = contributed.find((w) => w.id === 'flakelens.gettingStarted');
    assert.ok(found, 'no flakelens.gettingStarted walkthrough');
    return found;
  };

  test('links only commands and views that exist, and ships every picture it shows', async () => {
    await api();
    const commands = new Set(await vscode.commands.getCommands(true));
    const views = (flakelensExtension().packageJSON as { contributes: { views: Record<string, { id: string }[]> } }).contributes.views;
    const viewIds = new Set(Object.values(views).flatMap((list) => list.map((v) => v.id)));
    const steps = walkthrough().steps;
    assert.ok(steps.length >= 3);
    for (const step of steps) {
      const linked = [...step.description.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1] ?? '');
      assert.ok(linked.length > 0, `${step.id} links no command`);
      for (const command of linked) assert.ok(commands.has(command), `${step.id}: command ${command} is not registered`);
      for (const event of step.completionEvents ?? []) {
        const [kind, target = ''] = event.split(':');
        if (kind === 'onCommand') assert.ok(commands.has(target), `${step.id}: ${event} names no registered command`);
        else if (kind === 'onView') assert.ok(viewIds.has(target), `${step.id}: ${event} names no contributed view`);
        else assert.fail(`${step.id}: unexpected completion event ${event}`);
      }
      const media = step.media.markdown ?? step.media.image;
      assert.ok(media, `${step.id} has no media`);
      const stat = await vscode.workspace.fs.stat(vscode.Uri.joinPath(flakelensExtension().extensionUri, media));
      assert.ok(stat.size > 0, `${media} is empty`);
    }
  });

  test('opens in the editor area', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${flakelensExtension().id}#flakelens.gettingStarted`, false);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab, 'no editor tab opened');
    assert.match(tab.label, /Welcome|Walkthrough|Get started/i);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});

suite('The output channel', () => {
  teardown(async () => {
    await control('DELETE', '/_fake/faults');
  });

  test("logs each sync and never a token, even when GitHub's answer echoes one", async () => {
    const extension = await api();
    const tokenInUse = process.env.GITHUB_TOKEN;
    assert.ok(tokenInUse, 'the runner gives the extension host a GITHUB_TOKEN');
    const shaped = `ghp_${'Q7'.repeat(18)}`;
    const before = extension.logLines().length;
    await control('POST', '/_fake/faults', { match: '/repos/acme/sample', status: 422, message: `Validation failed: ${shaped} and ${tokenInUse}` });
    await vscode.commands.executeCommand('flakelens.refresh');
    const failure = extension.logLines().slice(before).find((l) => l.includes('Sync of acme/sample failed'));
    assert.ok(failure, extension.logLines().join('\n'));
    assert.match(failure, /status 422: Validation failed: \[redacted\] and \[redacted\]/);
    await control('DELETE', '/_fake/faults');
    await vscode.commands.executeCommand('flakelens.refresh');
    assert.ok(extension.logLines().some((l) => /^info: Synced acme\/sample: \d+ requests/.test(l)), 'the sync is logged');
    for (const line of extension.logLines()) {
      assert.ok(!line.includes(shaped) && !line.includes(tokenInUse), `a token in the log: ${line}`);
    }
  });
});
