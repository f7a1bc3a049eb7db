// Re-run the failed jobs of a workflow run: by default the latest failed run of the current branch, or one picked
// from the branch's recent failed runs.
import * as vscode from 'vscode';
import { toSyncError } from '../ci/syncError';
import type { RepositoryFlakes } from '../editor/repositoryFlakes';

interface ApiRun {
  id: number;
  name?: string | null;
  run_number: number;
  run_attempt?: number;
  head_sha: string;
  head_branch: string | null;
  conclusion: string | null;
  created_at: string;
  html_url: string;
}

export interface RerunArguments {
  /** Re-run this run without asking. */
  readonly runId?: number;
  /** Take the latest failed run of the branch without asking. */
  readonly latest?: boolean;
  readonly branch?: string;
}

export async function rerunFailedJobs(flakes: RepositoryFlakes, branchOf: () => Promise<string | undefined>, args: RerunArguments = {}): Promise<number | undefined> {
  const [owner, repo] = flakes.repository.split('/') as [string, string];
  try {
    let runId = args.runId;
    if (runId === undefined) {
      const branch = args.branch ?? (await branchOf()) ?? flakes.result?.window.branches[0];
      if (!branch) {
        void vscode.window.showWarningMessage('Flakelens: no current branch to look for failed runs on.');
        return undefined;
      }
      const response = await flakes.github.getConditional<{ workflow_runs: ApiRun[] }>(
        'GET /repos/{owner}/{repo}/actions/runs',
        { owner, repo, branch, status: 'completed', per_page: 30 },
        undefined,
      );
      const failed = response.modified ? response.data.workflow_runs.filter((r) => r.conclusion === 'failure' || r.conclusion === 'timed_out') : [];
      if (failed.length === 0) {
        void vscode.window.showInformationMessage(`Flakelens: no failed workflow run on ${branch} among the latest 30.`);
        return undefined;
      }
      if (args.latest) {
        runId = failed[0]?.id;
      } else {
        const picked = await vscode.window.showQuickPick(
          failed.map((run, i) => ({
            label: `${i === 0 ? '$(history) Latest: ' : ''}${run.name ?? 'Workflow'} #${run.run_number}`,
            description: `${run.head_sha.slice(0, 7)} · attempt ${run.run_attempt ?? 1}`,
            detail: new Date(run.created_at).toLocaleString(),
            runId: run.id,
          })),
          { title: `Re-run failed jobs on ${branch}`, placeHolder: 'Pick a failed run' },
        );
        runId = picked?.runId;
      }
    }
    if (runId === undefined) {
      return undefined;
    }
    await flakes.github.post('POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs', { owner, repo, run_id: runId });
    void vscode.window.showInformationMessage(`Flakelens: re-running the failed jobs of run ${runId}. Refresh when it completes to see the new attempt.`);
    return runId;
  } catch (error) {
    const syncError = toSyncError(error, flakes.repository, flakes.apiUrl);
    void vscode.window.showErrorMessage(`Flakelens: could not re-run the jobs. ${syncError.message}`);
    return undefined;
  }
}
