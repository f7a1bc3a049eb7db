// "File an Issue for This Flaky Test": opens a GitHub issue with the test's figures, failures and cause, or, when
// one is open already (same marker or title), points at that one instead of duplicating it. The notification that
// follows is not awaited, so the command returns as soon as GitHub answered.
import * as vscode from 'vscode';
import { fileFlakyTestIssue, IssueError, type FiledIssue } from '../ci/issues';
import { testKey } from '../core/model';
import { rateWithSample } from '../core/present/rateText';
import type { ScanTest } from '../core/scan/scanResult';
import type { Prompt } from '../editor/branchTriage';
import type { FolderSession, Sessions } from '../editor/sessions';

export interface FileIssueArguments {
  readonly repository?: string;
  readonly framework?: string;
  readonly suite?: string;
  readonly id?: string;
}

const OPEN = 'Open in Browser';

function findTest(sessions: Sessions, args: FileIssueArguments): { session: FolderSession; test: ScanTest } | undefined {
  if (args.id === undefined || args.framework === undefined) return undefined;
  const key = testKey({ framework: args.framework, suite: args.suite ?? '', id: args.id });
  const candidates = args.repository ? sessions.all.filter((s) => s.flakes.repository === args.repository) : sessions.all;
  for (const session of candidates) {
    const test = session.flakes.result?.tests.find((t) => t.key === key);
    if (test) return { session, test };
  }
  return undefined;
}

async function pickTest(sessions: Sessions): Promise<{ session: FolderSession; test: ScanTest } | undefined> {
  // Each repository's tests once: two folders of one repository (two worktrees) would list each test twice.
  const items = sessions.repositoryTests().flatMap((test) => {
    const session = sessions.forFolder(test.folder);
    return session && test.status === 'flaky' ? [{ label: test.id, description: rateWithSample(test.flakyFailures, test.executions), detail: test.repository, session, test }] : [];
  });
  if (items.length === 0) {
    void vscode.window.showInformationMessage('Flakelens: no flaky test in the synced window to file an issue for.');
    return undefined;
  }
  return vscode.window.showQuickPick(items, { placeHolder: 'File an issue for which flaky test?', matchOnDescription: true });
}

export async function fileIssue(sessions: Sessions, prompt: Prompt, args?: FileIssueArguments): Promise<FiledIssue | undefined> {
  const found = args?.id !== undefined ? findTest(sessions, args) : await pickTest(sessions);
  if (!found) {
    if (args?.id !== undefined) void vscode.window.showWarningMessage(`Flakelens: ${args.id} is not among the flaky tests of the synced window; refresh and try again.`);
    return undefined;
  }
  const { session, test } = found;
  const result = session.flakes.result;
  let filed: FiledIssue;
  try {
    filed = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Flakelens: filing an issue' }, () =>
      fileFlakyTestIssue(session.flakes.github, test, { repository: session.flakes.repository, runs: result?.window.runs ?? 0, branches: result?.window.branches ?? [] }),
    );
  } catch (error) {
    const message = error instanceof IssueError ? error.message : `could not file the issue: ${String(error)}`;
    void vscode.window.showErrorMessage(`Flakelens: ${message}`);
    return undefined;
  }
  const message = filed.created
    ? `Flakelens: opened issue #${filed.issue.number} for ${test.id}.`
    : `Flakelens: issue #${filed.issue.number} for ${test.id} is already open; no new one was filed.`;
  void Promise.resolve(prompt('info', message, [OPEN])).then((choice) => {
    if (choice === OPEN && /^https?:\/\//.test(filed.issue.url)) void vscode.env.openExternal(vscode.Uri.parse(filed.issue.url));
  });
  return filed;
}
