// `npm run demo`: Flakelens working in a real VS Code, on the sample repository, fed by the bundled fake GitHub; no
// account and no network needed. It installs the offline VS Code (once), packages the extension and installs the
// .vsix as a user would, generates 100 CI runs on three operating systems ending today, opens the sample, takes
// screenshots of what a developer sees (test-results/screenshots/demo-*.png) and keeps VS Code running at the printed
// address until Ctrl+C. `--screenshots` stops after the screenshots.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { generateFlakyHistory } from '../test/fakeGithub/scenarios';
import { startFakeGitHub } from '../test/fakeGithub/server';
import { projectRoot } from '../test/vscode/offlineTools';
import { createTestWorkspace, testUserSettings } from '../test/vscode/testWorkspace';
import { openFile, runUiChecks, saveScreenshot, uiChecks, waitForAfterDecoration, waitForWorkbench } from '../test/vscode/ui/uiTest';
import { startVscodeServer } from '../test/vscode/vscodeServer';
import { openWorkbench } from '../test/vscode/workbench';

const { values } = parseArgs({ options: { screenshots: { type: 'boolean', default: false }, seed: { type: 'string', default: '1' } } });

function step(message: string): void {
  console.log(`» ${message}`);
}

async function main(): Promise<void> {
  step('Installing the offline VS Code and Chromium when missing (the first time takes about three minutes)');
  execFileSync('bash', [path.join(projectRoot, 'scripts', 'setup-vscode-offline.sh')], { stdio: 'inherit' });
  step('Building and packaging the extension');
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: projectRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  const vsix = path.join(projectRoot, 'dist', 'flakelens.vsix');

  const runs = 100;
  const start = new Date(Date.now() - 29 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
  // With pull-request branches: the workspace is checked out on one whose CI is red with a new failure, so the
  // triage shows ("CI failed: … 1 new") and the new failure is marked.
  const { state, truth } = generateFlakyHistory({ seed: Number(values.seed), runs, start, days: 28, pullRequests: 6 });
  const redBranch = truth.pullRequests.find((p) => p.failures.some((f) => f.verdict === 'new'));
  const gh = await startFakeGitHub(state);
  step(`Fake GitHub on ${gh.url}: ${truth.repository}, ${runs} runs × ${truth.jobs.length} jobs (${truth.jobs.map((j) => j.name).join(', ')})`);

  const runDir = mkdtempSync(path.join('/tmp', 'flakelens-demo-'));
  const workspace = createTestWorkspace({ parentDir: runDir, apiUrl: gh.url });
  if (redBranch) {
    execFileSync('git', ['checkout', '-q', '-b', redBranch.branch], { cwd: workspace });
    step(`The sample is checked out on ${redBranch.branch}, whose CI failed (${redBranch.failures.map((f) => `${f.id} on ${f.job}: ${f.verdict}`).join(', ')})`);
  }
  const server = await startVscodeServer({
    runDir,
    env: { GITHUB_TOKEN: 'demo-token' },
    userSettings: testUserSettings(gh.url),
    installVsix: vsix,
  });
  const address = `${server.url}/?folder=${encodeURIComponent(workspace)}`;
  const stop = async () => {
    await server.stop().catch(() => undefined);
    await gh.close().catch(() => undefined);
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(0)));
  process.once('SIGTERM', () => void stop().then(() => process.exit(0)));

  step('Opening the sample in VS Code and taking screenshots');
  const workbench = await openWorkbench({ server, folder: workspace });
  const failed = await (async () => {
    try {
      await waitForWorkbench(workbench.page);
      const failed = (await runUiChecks(workbench.page, uiChecks, 'demo-')).filter((r) => r.error).length;
      const fresh = redBranch?.failures.find((f) => f.verdict === 'new');
      const declared = fresh && truth.tests.find((t) => t.id === fresh.id);
      if (declared) {
        await openFile(workbench.page, declared.file);
        // Go to the test's line, so its decoration is in view (only rendered lines have one).
        await workbench.page.keyboard.press('Control+G');
        await workbench.page.keyboard.type(String(declared.line));
        await workbench.page.keyboard.press('Enter');
        await waitForAfterDecoration(workbench.page, (d) => d.text.includes('new failure'), `the new failure of ${declared.id} marked`, 60_000).catch((e: Error) => console.log(`  ✖ ${e.message.split('\n')[0]}`));
        await saveScreenshot(workbench.page, 'demo-new-failure');
      }
      return failed;
    } finally {
      await workbench.close();
    }
  })();
  console.log(`\nScreenshots: ${path.join(projectRoot, 'test-results', 'screenshots')}/demo-*.png`);
  if (values.screenshots) {
    await stop();
    process.exit(failed > 0 ? 1 : 0);
  }
  console.log(`\nFlakelens is running in VS Code at:\n\n  ${address}\n\nOpen it in a browser on this machine (tests/all/tls.rs and sysfs/poll_test.go show the flaky tests). Ctrl+C stops it.`);
}

main().catch((error: unknown) => {
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
