// What triage needs from GitHub: the run to sort (a branch's newest completed run, or a given run id), its latest
// attempt's jobs, the logs of its failed jobs, and the base branch's history through the ordinary sync (so
// triage reuses, and refreshes, the same cache as the scan and the editor).
//
// Endpoints (DESIGN.md's list): `GET /repos/{o}/{r}/actions/runs?branch=…&status=completed`,
// `GET …/actions/runs/{id}/jobs?filter=latest` and `GET …/actions/jobs/{id}/logs`, plus what the sync asks. A run
// given by id is read from its jobs (each job names its branch, commit, attempt and run), so `GET …/runs/{id}` is
// not needed.
import type { Framework, StoredJob, StoredRun } from '../core/model';
import { triageAgainstHistory, type TriageHistoryInputs, type TriageHistoryResult } from '../core/triage/triageHistory';
import { forEachBounded } from './boundedParallel';
import type { GitHubClient } from './githubClient';
import type { HistoryStore } from './historyStore';
import { DEFAULT_MAX_LOG_BYTES, listJobs, readJobLog, syncHistory, toStoredJob, type ApiJob, type ApiRun, type SyncResult } from './sync';
import { SyncError, toSyncError } from './syncError';

export interface FetchRunOptions {
  readonly owner: string;
  readonly repo: string;
  /** The branch whose newest completed run is sorted. */
  readonly branch?: string;
  /** The run to sort (wins over `branch`). */
  readonly runId?: number;
  readonly signal?: AbortSignal;
  readonly concurrency?: number;
  readonly maxLogBytes?: number;
  /** Log formats forced by the user; empty or absent: detected per job. */
  readonly logFormats?: readonly Framework[];
  /**
   * The run sorted last time for this branch: when the branch's newest run is still that run, same attempt and
   * same update time, it is returned as it is, without listing its jobs or reading its logs again.
   */
  readonly known?: StoredRun;
  readonly onProgress?: (message: string) => void;
}


/** The jobs API also names the job's run: its branch, commit and URL. */
type ApiRunJob = ApiJob & { head_branch?: string | null; head_sha?: string; created_at?: string };

/** How many of the branch's newest completed runs are looked at to find the one to sort. */
const RUNS_LOOKED_AT = 20;

/**
 * The run to sort, with its latest attempt's jobs and the failed jobs' logs read. For a branch: its newest completed
 * run; when the branch's newest commit has several workflow runs, the newest failed one among them (the red CI the
 * developer asks about), else the newest.
 */
export async function fetchRunForTriage(client: GitHubClient, options: FetchRunOptions): Promise<StoredRun> {
  const repository = `${options.owner}/${options.repo}`;
  try {
    return options.runId !== undefined ? await fetchRunById(client, options, options.runId) : await fetchBranchRun(client, options);
  } catch (error) {
    throw toSyncError(error, repository, client.apiUrl);
  }
}

async function fetchBranchRun(client: GitHubClient, options: FetchRunOptions): Promise<StoredRun> {
  const { owner, repo, signal } = options;
  const branch = options.branch;
  if (!branch) {
    throw new SyncError('no-runs', 'Name a branch or a run to sort.');
  }
  options.onProgress?.(`Finding the newest completed run on ${branch}`);
  const response = await client.getConditional<{ workflow_runs: ApiRun[] }>(
    'GET /repos/{owner}/{repo}/actions/runs',
    { owner, repo, branch, status: 'completed', per_page: RUNS_LOOKED_AT },
    undefined,
    signal,
  );
  const runs = response.modified ? response.data.workflow_runs : [];
  const chosen = chooseRun(runs);
  if (!chosen) {
    throw new SyncError('no-runs', `${owner}/${repo} has no completed workflow run on ${branch}: push to it, or pass a run id.`);
  }
  const known = options.known;
  if (known && known.id === chosen.id && known.runAttempt === (chosen.run_attempt ?? 1) && known.updatedAt === chosen.updated_at) {
    return known;
  }
  const jobs = await listJobs(client, owner, repo, chosen.id, signal, 'latest');
  const workflowName = chosen.name ?? String(chosen.workflow_id);
  return withLogs(client, options, {
    id: chosen.id,
    workflowId: chosen.workflow_id,
    workflowName,
    branch: chosen.head_branch ?? branch,
    sha: chosen.head_sha,
    event: chosen.event,
    runNumber: chosen.run_number,
    runAttempt: chosen.run_attempt ?? 1,
    conclusion: chosen.conclusion,
    createdAt: chosen.created_at,
    updatedAt: chosen.updated_at,
    url: chosen.html_url,
    jobs: jobs.map((job) => toStoredJob(job, workflowName)),
  });
}

/** The newest run; when the newest commit has several, the newest failed one of them. */
export function chooseRun<T extends { head_sha: string; conclusion: string | null; created_at: string; id: number }>(runs: readonly T[]): T | undefined {
  const newestFirst = runs.slice().sort((a, b) => (a.created_at === b.created_at ? b.id - a.id : a.created_at < b.created_at ? 1 : -1));
  const newest = newestFirst[0];
  if (!newest) {
    return undefined;
  }
  const sameCommit = newestFirst.filter((r) => r.head_sha === newest.head_sha);
  return sameCommit.find((r) => r.conclusion === 'failure' || r.conclusion === 'timed_out') ?? newest;
}

async function fetchRunById(client: GitHubClient, options: FetchRunOptions, runId: number): Promise<StoredRun> {
  const { owner, repo, signal } = options;
  options.onProgress?.(`Reading run ${runId}`);
  let jobs: ApiRunJob[];
  try {
    jobs = (await listJobs(client, owner, repo, runId, signal, 'latest')) as ApiRunJob[];
  } catch (error) {
    if ((error as { status?: number }).status === 404) {
      throw new SyncError('no-runs', `Workflow run ${runId} was not found in ${owner}/${repo}: check the run id.`);
    }
    throw error;
  }
  const first = jobs[0];
  if (!first) {
    throw new SyncError('no-runs', `Workflow run ${runId} of ${owner}/${repo} has no jobs to sort.`);
  }
  if (jobs.some((j) => j.status !== 'completed')) {
    throw new SyncError('no-runs', `Workflow run ${runId} has not finished yet: sort it when it completes.`);
  }
  const workflowName = first.workflow_name ?? 'workflow';
  const conclusions = jobs.map((j) => j.conclusion);
  const conclusion = conclusions.some((c) => c === 'failure' || c === 'timed_out') ? 'failure' : conclusions.some((c) => c === 'cancelled') ? 'cancelled' : 'success';
  const started = jobs.map((j) => j.created_at ?? j.started_at ?? '').filter((t) => t !== '').sort();
  const completed = jobs.map((j) => j.completed_at ?? '').filter((t) => t !== '').sort();
  return withLogs(client, options, {
    id: runId,
    workflowId: 0,
    workflowName,
    branch: first.head_branch ?? '',
    sha: first.head_sha ?? '',
    event: '',
    runNumber: 0,
    runAttempt: Math.max(...jobs.map((j) => j.run_attempt ?? 1)),
    conclusion,
    createdAt: started[0] ?? '',
    updatedAt: completed[completed.length - 1] ?? started[0] ?? '',
    url: (first.html_url ?? '').replace(/\/job\/\d+$/, ''),
    jobs: jobs.map((job) => toStoredJob(job, workflowName)),
  });
}

async function withLogs(client: GitHubClient, options: FetchRunOptions, run: StoredRun): Promise<StoredRun> {
  const failed = run.jobs.filter((j) => j.conclusion === 'failure' || j.conclusion === 'timed_out');
  const read = new Map<number, StoredJob>();
  let done = 0;
  await forEachBounded(failed, options.concurrency ?? 4, async (job) => {
    if (options.signal?.aborted) {
      throw new SyncError('cancelled', 'The triage was cancelled.');
    }
    read.set(job.id, await readJobLog(client, options.owner, options.repo, job, options.maxLogBytes ?? DEFAULT_MAX_LOG_BYTES, options.signal, options.logFormats));
    done++;
    options.onProgress?.(`Reading failed job logs (${done}/${failed.length})`);
  });
  return { ...run, jobs: run.jobs.map((j) => read.get(j.id) ?? j) };
}

export interface TriageOptions extends FetchRunOptions {
  /** The base branch's window, as the scan takes it. */
  readonly maxRuns: number;
  readonly maxDays: number;
  readonly workflows?: readonly string[];
  readonly minFlakeRate: number;
  /** The caller's clock: nothing here reads one. */
  readonly now: Date;
  readonly resolve?: TriageHistoryInputs['resolve'];
  readonly sources?: TriageHistoryInputs['sources'];
  readonly onProblem?: (message: string) => void;
}

export interface BranchTriage extends TriageHistoryResult {
  readonly run: StoredRun;
  readonly sync: SyncResult;
  /** Every request made (the sync's and the run's). */
  readonly requests: { readonly total: number; readonly notModified: number };
}

/** Syncs the base branch's history, fetches the run and sorts its failures against that history. */
export async function triageBranch(client: GitHubClient, store: HistoryStore, options: TriageOptions): Promise<BranchTriage> {
  const start = { ...client.counts };
  const sync = await syncHistory(client, store, {
    owner: options.owner,
    repo: options.repo,
    ...(options.workflows ? { workflows: options.workflows } : {}),
    maxRuns: options.maxRuns,
    maxDays: options.maxDays,
    now: options.now,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.maxLogBytes ? { maxLogBytes: options.maxLogBytes } : {}),
    ...(options.logFormats ? { logFormats: options.logFormats } : {}),
    ...(options.onProgress ? { onProgress: (message: string) => options.onProgress?.(message) } : {}),
    ...(options.onProblem ? { onProblem: options.onProblem } : {}),
  });
  const run = await fetchRunForTriage(client, options);
  const requests = { total: client.counts.total - start.total, notModified: client.counts.notModified - start.notModified };
  const result = triageAgainstHistory({
    run,
    history: sync.state.history,
    window: {
      maxRuns: options.maxRuns,
      since: new Date(options.now.getTime() - options.maxDays * 86_400_000).toISOString().slice(0, 10),
      ...(options.workflows ? { workflows: options.workflows } : {}),
    },
    minFlakeRate: options.minFlakeRate,
    requests,
    ...(options.resolve ? { resolve: options.resolve } : {}),
    ...(options.sources ? { sources: options.sources } : {}),
  });
  return { ...result, run, sync, requests };
}
