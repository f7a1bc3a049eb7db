// Commands on one test: run it N times locally, re-run the CI job of its last failure, open that failure's log,
// and show its details. Each takes the test from its argument (CodeLens, tree, tests) or from the cursor.
import * as vscode from 'vscode';
import { toSyncError } from '../ci/syncError';
import { linkableUrl } from '../core/present/hoverMarkdown';
import type { ScanTest } from '../core/scan/scanResult';
import type { LocalResult, LocalRuns } from '../editor/localRuns';
import type { RepositoryFlakes } from '../editor/repositoryFlakes';
import { placeTests } from '../editor/testPlacement';
import type { WorkspaceTests } from '../editor/workspaceTests';

export interface TestRef {
  readonly framework: string;
  readonly suite: string;
  readonly id: string;
}

/** The flaky or failing test on the cursor's line, else one picked from the list. */
async function chooseTest(tests: WorkspaceTests, flakes: RepositoryFlakes, title: string): Promise<ScanTest | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (editor) {
    const here = placeTests(editor.document, tests, flakes).find((p) => p.range.start.line === editor.selection.active.line);
    if (here) {
      return here.test;
    }
  }
  const candidates = (flakes.result?.tests ?? []).filter((t) => t.status !== 'stable');
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage('Flakelens: no flaky or failing test to choose from.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    candidates.map((t) => ({ label: t.id, description: t.status, detail: t.suite, test: t })),
    { title, matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.test;
}

export async function runLocally(
  tests: WorkspaceTests,
  flakes: RepositoryFlakes,
  localRuns: LocalRuns,
  defaultTimes: number,
  args?: TestRef & { readonly times?: number },
): Promise<LocalResult | undefined> {
  const test: TestRef | undefined = args ?? (await chooseTest(tests, flakes, 'Run a test locally'));
  if (!test) {
    return undefined;
  }
  let times = args?.times;
  if (times === undefined) {
    const answer = await vscode.window.showInputBox({
      title: `Run ${test.id} locally`,
      prompt: 'How many times?',
      value: String(defaultTimes),
      validateInput: (v) => (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 1000 ? undefined : 'A whole number from 1 to 1000.'),
    });
    if (!answer) {
      return undefined;
    }
    times = Number(answer);
  }
  return localRuns.run(test, tests.index.resolve(test), times);
}

export async function rerunJob(flakes: RepositoryFlakes, args?: { readonly jobId: number; readonly runId?: number }): Promise<boolean> {
  if (!args?.jobId) {
    void vscode.window.showInformationMessage('Flakelens: use "Re-run CI job" on a flaky test, or Re-run Failed CI Jobs.');
    return false;
  }
  const [owner, repo] = flakes.repository.split('/') as [string, string];
  try {
    const jobId = args.runId === undefined ? args.jobId : flakes.latestExecutionOf(args.runId, args.jobId);
    await flakes.github.post('POST /repos/{owner}/{repo}/actions/jobs/{job_id}/rerun', { owner, repo, job_id: jobId });
  } catch (error) {
    void vscode.window.showErrorMessage(`Flakelens: could not re-run the job. ${toSyncError(error, flakes.repository, flakes.apiUrl).message}`);
    return false;
  }
  void vscode.window.showInformationMessage('Flakelens: the job is re-running; its result will show here when it completes.');
  if (args.runId !== undefined) {
    flakes.follow(args.runId);
  }
  return true;
}

/** Opens a failure's job log in the browser: only a URL on the session's GitHub (`linkHosts`, see linkableUrl). */
export async function openLastFailure(args: { readonly url: string } | undefined, linkHosts: readonly string[]): Promise<boolean> {
  if (!args?.url || !linkableUrl(args.url, linkHosts)) {
    return false;
  }
  return vscode.env.openExternal(vscode.Uri.parse(args.url));
}

/** Opens the test's file at its line and shows its hover. */
export async function showTestDetails(tests: WorkspaceTests, args?: { readonly file?: string; readonly line?: number } & Partial<TestRef>): Promise<void> {
  let file = args?.file;
  let line = args?.line;
  if ((!file || !line) && args?.id && args.suite && args.framework) {
    const declaration = tests.index.resolve({ framework: args.framework, suite: args.suite, id: args.id });
    file = declaration?.file;
    line = declaration?.line;
  }
  if (!file || !line) {
    return;
  }
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(tests.folder.uri, file));
  const position = new vscode.Position(line - 1, document.lineAt(line - 1).firstNonWhitespaceCharacterIndex);
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position) });
  await vscode.commands.executeCommand('editor.action.showHover');
}
