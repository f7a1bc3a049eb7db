// Incremental sync of GitHub Actions history into the stored history.
//
// Cheap by design (DESIGN.md): every list is a conditional request, so an unchanged history costs two requests
// that GitHub does not count (the repository and the runs list, both 304; one more per page of runs past the first,
// when `maxRuns` is over 100). Only runs that are new or changed
// (`updated_at`, `run_attempt`) have their jobs listed; only failed jobs' logs are read, plus, per job
// configuration, the newest successful job's log when no newer log of that configuration was read (the test
// inventory that successful jobs are known to have passed). The runs of those jobs have their artifacts listed
// (conditionally, once per new or changed run) and the test reports of those jobs read: per framework, the richer of
// a job's log and reports gives its outcomes (core/history/outcomeSources.ts).
import { JobLogReader } from '../core/logs/jobLogReader';
import type { LogLineKind } from '../core/logs/logLines';
import { FailedStepLog } from '../core/triage/failedStepLog';
import type { Framework, History, JobStep, ReportsLeftOut, StoredArtifact, StoredJob, StoredRun } from '../core/model';
import { jobConfigurationOf } from '../core/history/jobConfiguration';
import {
  frameworksLostToLog,
  hasReportOutcomes,
  mergeLaterReports,
  mergeOutcomeSources,
  reportArtifactsOf,
  reportOutcomesOf,
} from '../core/history/outcomeSources';
import { compareRunsNewestFirst } from '../core/history/window';
import { DEFAULT_ZIP_LIMITS, ReadAllowance } from './artifactZip';
import { ByteBudget, forEachBounded } from './boundedParallel';
import type { Conditional, GitHubClient } from './githubClient';
import { nextPageUrl, refusedByStorage } from './githubClient';
import type { HistoryStore, StoredState } from './historyStore';
import { listReportArtifacts, readJobReports, type JobReports, type ReadJobReportsOptions } from './jobReports';
import { SyncError, toSyncError } from './syncError';

export interface SyncOptions {
  readonly owner: string;
  readonly repo: string;
  /** Branches to sync; empty means the default branch. */
  readonly branches?: readonly string[];
  /** Workflow names or file names (`ci.yml`); empty means all. */
  readonly workflows?: readonly string[];
  readonly maxRuns: number;
  readonly maxDays: number;
  /** The caller's clock: the sync reads none. */
  readonly now: Date;
  readonly signal?: AbortSignal;
  readonly concurrency?: number;
  readonly maxLogBytes?: number;
  /** Log formats forced by the user (the `flakelens.logFormats` setting); empty or absent: detected per job. */
  readonly logFormats?: readonly Framework[];
  /** Read the test reports (JUnit XML, TRX) that the jobs whose logs are read uploaded as artifacts (default true). */
  readonly readReports?: boolean;
  /**
   * The bound on the report artifacts read at once, by the most each may download (its listed size and a slack,
   * downloadBound). Default: one shared by every sync of this process ({@link SHARED_ARTIFACT_BUDGET}).
   */
  readonly artifactBudget?: ByteBudget;
  /**
   * What the report artifacts read for one run, and for the whole sync, may come to, downloaded and inflated
   * (default {@link DEFAULT_MAX_REPORT_BYTES}).
   */
  readonly maxReportBytes?: { readonly perRun?: number; readonly perSync?: number };
  readonly onProgress?: (message: string, fraction?: number) => void;
  readonly onProblem?: (message: string) => void;
}

export interface SyncResult {
  readonly state: StoredState;
  readonly requests: { readonly total: number; readonly notModified: number };
  readonly newRuns: number;
  readonly updatedRuns: number;
  readonly logsRead: number;
  /** Report artifacts downloaded. */
  readonly reportsRead: number;
  readonly changed: boolean;
}

interface ApiRepository {
  default_branch: string;
}
interface ApiWorkflow {
  id: number;
  name: string;
  path: string;
}
/** A workflow run as GitHub's REST API returns it (the fields Flakelens reads). */
export interface ApiRun {
  id: number;
  name?: string | null;
  workflow_id: number;
  head_branch: string | null;
  head_sha: string;
  event: string;
  run_number: number;
  run_attempt?: number;
  status: string | null;
  conclusion: string | null;
  created_at: string;
  updated_at: string;
  html_url: string;
}
export interface ApiJob {
  id: number;
  run_id: number;
  run_attempt?: number;
  name: string;
  workflow_name?: string | null;
  status: string;
  conclusion: string | null;
  started_at: string | null;
  completed_at: string | null;
  html_url: string | null;
  labels?: string[];
  steps?: { number: number; name: string; conclusion: string | null }[];
}

export const DEFAULT_MAX_LOG_BYTES = 64 * 1024 * 1024;

/**
 * A run's report artifacts, and a sync's, are read up to these bytes (downloaded and inflated): one zip may inflate
 * to 512 MiB and a run's 20 artifacts are read, so one run could make a sync parse 10 GiB (about 100 s of CPU on the
 * extension host), and a first sync of 100 such runs, a terabyte. Past them the artifacts are left out, with a note
 * on their job, and read at a later sync (from the run's stored listing, after that sync's new runs). Reports of a
 * usual size (a few MiB a job) are far from both. The runs are read newest first, so that the sync's bound leaves out
 * the oldest.
 */
export const DEFAULT_MAX_REPORT_BYTES = { perRun: 1024 * 1024 * 1024, perSync: 2 * 1024 * 1024 * 1024 };

/**
 * The report artifacts read at once by every sync of this process: at most one biggest zip's worth (see
 * DEFAULT_ZIP_LIMITS). Shared, as the extension host syncs the repositories of a multi-root workspace side by side:
 * a budget per sync let each of them hold as much.
 */
export const SHARED_ARTIFACT_BUDGET = new ByteBudget(DEFAULT_ZIP_LIMITS.maxZipBytes);

function dateDaysBefore(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
}

function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new SyncError('cancelled', 'The sync was cancelled.');
  }
}

export async function syncHistory(client: GitHubClient, store: HistoryStore, options: SyncOptions): Promise<SyncResult> {
  const repository = `${options.owner}/${options.repo}`;
  const startCounts = { ...client.counts };
  try {
    return await runSync(client, store, options, repository, startCounts);
  } catch (error) {
    throw toSyncError(error, repository, client.apiUrl);
  }
}

async function runSync(
  client: GitHubClient,
  store: HistoryStore,
  options: SyncOptions,
  repository: string,
  startCounts: { total: number; notModified: number },
): Promise<SyncResult> {
  const { owner, repo, signal } = options;
  const progress = options.onProgress ?? (() => undefined);
  const previous = await store.load(repository, options.onProblem);
  const etags: Record<string, string> = { ...previous.etags };
  let workflows = previous.workflows;

  progress(`Reading ${repository}`);
  const repoKey = `repo:${repository}`;
  const repoResponse = await client.getConditional<ApiRepository>('GET /repos/{owner}/{repo}', { owner, repo }, etags[repoKey], signal);
  let defaultBranch = previous.history.defaultBranch;
  if (repoResponse.modified) {
    defaultBranch = repoResponse.data.default_branch;
    if (repoResponse.etag) {
      etags[repoKey] = repoResponse.etag;
    }
  }
  const branches = options.branches && options.branches.length > 0 ? [...options.branches] : [defaultBranch];

  // Which workflows to list: all (one listing per branch), or the chosen ones (one per branch and workflow).
  let workflowIds: (number | undefined)[] = [undefined];
  if (options.workflows && options.workflows.length > 0) {
    const key = `workflows:${repository}`;
    const response = await client.getConditional<{ workflows: ApiWorkflow[] }>(
      'GET /repos/{owner}/{repo}/actions/workflows',
      { owner, repo, per_page: 100 },
      workflows ? etags[key] : undefined,
      signal,
    );
    if (response.modified) {
      workflows = response.data.workflows.map((w) => ({ id: w.id, name: w.name, path: w.path }));
      if (response.etag) {
        etags[key] = response.etag;
      }
    }
    const wanted = new Set(options.workflows.map((w) => w.toLowerCase()));
    workflowIds = (workflows ?? [])
      .filter((w) => wanted.has(w.name.toLowerCase()) || wanted.has(w.path.toLowerCase()) || wanted.has(w.path.split('/').pop()?.toLowerCase() ?? ''))
      .map((w) => w.id);
    if (workflowIds.length === 0) {
      throw new SyncError('no-runs', `None of the workflows ${options.workflows.join(', ')} exists in ${repository}: check the flakelens.workflows setting.`);
    }
  }

  progress('Listing workflow runs');
  const since = dateDaysBefore(options.now, options.maxDays);
  const perPage = Math.min(100, Math.max(1, options.maxRuns));
  const window = { maxRuns: options.maxRuns, maxDays: options.maxDays };
  // A window wider than the last sync's may hold runs that sync left out (fewer runs, fewer days, or another program
  // sharing the cache with a smaller window): a listing answered "not modified" would not bring them back.
  const widened = !previous.window || window.maxRuns > previous.window.maxRuns || window.maxDays > previous.window.maxDays;
  pruneRunsEtags(etags, repository, since);
  const listed = new Map<number, ApiRun>();
  /** Listings read whole (every page answered anew): from `from` on, a stored run they lack may be deleted. */
  const wholeListings: { branch: string; workflowId: number | undefined; from: string }[] = [];
  for (const branch of branches) {
    for (const workflowId of workflowIds) {
      checkCancelled(signal);
      const route = workflowId === undefined ? 'GET /repos/{owner}/{repo}/actions/runs' : 'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs';
      const firstPage: Record<string, unknown> = {
        owner,
        repo,
        ...(workflowId === undefined ? {} : { workflow_id: workflowId }),
        branch,
        status: 'completed',
        created: `>=${since}`,
        per_page: perPage,
      };
      const pageKey = (page: number): string => `runs:${repository}:${branch}:${workflowId ?? 'all'}:${since}:${perPage}:${page}`;
      let params: Record<string, unknown> = firstPage;
      let url: string | undefined = route;
      let key = pageKey(1);
      let count = 0;
      let whole = true;
      let oldest = '';
      for (let page = 1; url; page++) {
        const response: Conditional<{ workflow_runs: ApiRun[] }> = await client.getConditional<{ workflow_runs: ApiRun[] }>(url, params, widened ? undefined : etags[key], signal);
        if (!response.modified) {
          // This page is as it was, and so are its runs. A run further on may have changed all the same: runs are
          // listed by when they were created, and a re-run keeps its place. So each page the last sync read after
          // this one is asked too, with its own ETag (a 304 costs no rate limit); only the first sync of a day, whose
          // pages have no ETags yet, saw such re-runs before. A page with a next one was full.
          whole = false;
          count += perPage;
          const nextKey = pageKey(page + 1);
          url = count < options.maxRuns && etags[nextKey] !== undefined ? route : undefined;
          params = { ...firstPage, page: page + 1 };
          key = nextKey;
          continue;
        }
        if (response.etag) {
          etags[key] = response.etag;
        }
        for (const run of response.data.workflow_runs) {
          if (count >= options.maxRuns) {
            break;
          }
          listed.set(run.id, run);
          count++;
          if (oldest === '' || run.created_at < oldest) oldest = run.created_at;
        }
        const next: string | undefined = count < options.maxRuns ? nextPageUrl(response.link) : undefined;
        url = next ? `GET ${next}` : undefined;
        params = {};
        key = pageKey(page + 1);
      }
      // Cut at maxRuns, the listing vouches only for the runs from its oldest on.
      if (whole) wholeListings.push({ branch, workflowId, from: count >= options.maxRuns ? oldest : since });
    }
  }
  const deleted = await deletedRuns(client, owner, repo, previous.history.runs, listed, wholeListings, signal);

  // Runs that are new or changed since the last sync.
  const storedById = new Map(previous.history.runs.map((run) => [run.id, run]));
  const changedRuns = [...listed.values()].filter((run) => {
    const stored = storedById.get(run.id);
    return !stored || stored.updatedAt !== run.updated_at || stored.runAttempt !== (run.run_attempt ?? 1);
  });
  const newRuns = changedRuns.filter((run) => !storedById.has(run.id)).length;

  const workflowNames = new Map((workflows ?? []).map((w) => [w.id, w.name]));
  const updated = new Map<number, StoredRun>();
  let done = 0;
  await forEachBounded(changedRuns, options.concurrency ?? 4, async (run) => {
    checkCancelled(signal);
    const jobs = await listJobs(client, owner, repo, run.id, signal);
    const stored = storedById.get(run.id);
    const storedJobs = new Map((stored?.jobs ?? []).map((j) => [j.id, j]));
    const workflowName = run.name ?? workflowNames.get(run.workflow_id) ?? String(run.workflow_id);
    updated.set(run.id, {
      id: run.id,
      workflowId: run.workflow_id,
      workflowName,
      branch: run.head_branch ?? '',
      sha: run.head_sha,
      event: run.event,
      runNumber: run.run_number,
      runAttempt: run.run_attempt ?? 1,
      conclusion: run.conclusion,
      createdAt: run.created_at,
      updatedAt: run.updated_at,
      url: run.html_url,
      jobs: jobs.map((job) => storedJobs.get(job.id) ?? toStoredJob(job, workflowName)),
      // Kept for a conditional listing: a re-run that uploaded nothing leaves them as they are.
      ...(stored?.reportArtifacts ? { reportArtifacts: stored.reportArtifacts } : {}),
      ...(stored?.reportArtifactsNote ? { reportArtifactsNote: stored.reportArtifactsNote } : {}),
    });
    done++;
    progress(`Listing jobs (${done}/${changedRuns.length} runs)`, changedRuns.length ? done / changedRuns.length / 2 : undefined);
  });

  // The window kept: stored and updated runs of the chosen branches, not older than the window, newest maxRuns per branch.
  const merged = new Map(previous.history.runs.filter((run) => !deleted.has(run.id)).map((run) => [run.id, run]));
  for (const [id, run] of updated) {
    merged.set(id, run);
  }
  const kept: StoredRun[] = [];
  for (const branch of new Set([...branches, ...previous.history.runs.map((r) => r.branch)])) {
    const runs = [...merged.values()]
      .filter((run) => run.branch === branch && run.createdAt.slice(0, 10) >= since)
      .sort(compareRunsNewestFirst)
      .slice(0, options.maxRuns);
    kept.push(...runs);
  }

  // Which logs to read, and the test reports of those jobs. A second round reads the successful jobs of the
  // configurations that the first round found retrying tests (see logsToRead).
  const changedIds = new Set(changedRuns.map((r) => r.id));
  pruneArtifactEtags(etags, repository, kept);
  let runs: StoredRun[] = kept;
  const attempted = new Set<number>();
  let logsRead = 0;
  let reportsRead = 0;
  const reportBytes = { ...DEFAULT_MAX_REPORT_BYTES, ...options.maxReportBytes };
  // Shared by both rounds: a run read in each spends one allowance.
  const allowances: ReportAllowances = { sync: new ReadAllowance(reportBytes.perSync, 'sync'), perRun: reportBytes.perRun, runs: new Map() };
  /** Jobs whose reports this sync read: what an allowance left out of them waits for a later sync. */
  const reportsReadOf = new Set<number>();
  for (let round = 1; round <= 2; round++) {
    const wanted = logsToRead(runs).filter((job) => !attempted.has(job.id) && (round === 1 || job.conclusion === 'success'));
    if (wanted.length === 0) continue;
    for (const job of wanted) attempted.add(job.id);
    const wantedIds = new Set(wanted.map((j) => j.id));
    const reports =
      options.readReports === false ? emptyReports(runs) : await readReports(client, options, repository, runs, wantedIds, changedIds, etags, allowances);
    reportsRead += reports.artifactsRead;
    for (const jobId of reports.byJob.keys()) reportsReadOf.add(jobId);
    const jobUpdates = new Map<number, StoredJob>();
    let read = 0;
    await forEachBounded(wanted, options.concurrency ?? 4, async (job) => {
      checkCancelled(signal);
      const fromLog = await readJobLog(client, owner, repo, job, options.maxLogBytes ?? DEFAULT_MAX_LOG_BYTES, signal, options.logFormats);
      jobUpdates.set(job.id, withReports(fromLog, job, reports.byJob.get(job.id), reports.notesByRun.get(job.runId) ?? []));
      read++;
      progress(`Reading logs (${logsRead + read}/${logsRead + wanted.length})`, 0.5 + (wanted.length ? read / wanted.length / 2 : 0.5));
    });
    logsRead += read;
    runs = reports.runs.map((run) => ({ ...run, jobs: run.jobs.map((job) => jobUpdates.get(job.id) ?? job) }));
  }
  let reportsRetried = 0;
  if (options.readReports !== false) {
    const later = await readLeftOutReports(client, options, runs, reportsReadOf, allowances);
    runs = later.runs;
    reportsRead += later.artifactsRead;
    reportsRetried = later.jobs;
  }
  if (allowances.sync.leftOut > 0) {
    const n = allowances.sync.leftOut;
    options.onProblem?.(`${n} report artifact${n === 1 ? '' : 's'} of ${repository} ${n === 1 ? 'was' : 'were'} left out or cut short: ${allowances.sync.reason()} (each job's note says which).`);
  }
  runs = runs.map((run) => ({
    ...run,
    jobs: run.jobs.map((job) => (job.logState === 'pending' && job.conclusion === 'success' && !attempted.has(job.id) ? { ...job, logState: 'inferred' as const } : job)),
  }));
  runs.sort(compareRunsNewestFirst);

  if (!runs.some((run) => branches.includes(run.branch))) {
    throw new SyncError(
      'no-runs',
      `${repository} has no completed workflow runs on ${branches.join(', ')} in the last ${options.maxDays} days: check the branches and workflows settings.`,
    );
  }

  const history: History = { version: 1, repository, defaultBranch, runs };
  const changed = changedRuns.length > 0 || deleted.size > 0 || attempted.size > 0 || reportsRetried > 0 || defaultBranch !== previous.history.defaultBranch || runs.length !== previous.history.runs.length;
  const state: StoredState = { history, etags, syncedAt: options.now.toISOString(), window, ...(workflows ? { workflows } : {}) };
  await store.save(state);
  return {
    state,
    requests: { total: client.counts.total - startCounts.total, notModified: client.counts.notModified - startCounts.notModified },
    newRuns,
    updatedRuns: changedRuns.length - newRuns,
    logsRead,
    reportsRead,
    changed,
  };
}

interface SyncReports {
  /** The runs, with their report artifacts as listed now. */
  readonly runs: StoredRun[];
  readonly byJob: ReadonlyMap<number, JobReports>;
  /** Per run, what the reports' reading left out (artifacts of no clear job, or unlisted past the listing's page bound). */
  readonly notesByRun: ReadonlyMap<number, readonly string[]>;
  readonly artifactsRead: number;
}

/** What the sync's report artifacts may still cost: the sync's allowance, and each run's (made when first read). */
interface ReportAllowances {
  readonly sync: ReadAllowance;
  readonly perRun: number;
  readonly runs: Map<number, ReadAllowance>;
}

/**
 * How a sync reads a run's report artifacts: within the process's byte budget and the run's and the sync's
 * allowances (the run's made at its first reading), and one artifact at a time for a sync asked for one request at a
 * time.
 */
function reportReading(options: SyncOptions, allowances: ReportAllowances, runId: number): ReadJobReportsOptions {
  let run = allowances.runs.get(runId);
  if (!run) {
    run = new ReadAllowance(allowances.perRun, 'run');
    allowances.runs.set(runId, run);
  }
  return {
    budget: options.artifactBudget ?? SHARED_ARTIFACT_BUDGET,
    allowances: [run, allowances.sync],
    concurrency: Math.min(2, options.concurrency ?? 4),
    ...(options.signal ? { signal: options.signal } : {}),
  };
}

function emptyReports(runs: StoredRun[]): SyncReports {
  return { runs, byJob: new Map(), notesByRun: new Map(), artifactsRead: 0 };
}

/** Stored runs checked for deletion in one sync at most (one request each). */
const MAX_DELETION_CHECKS = 20;

/**
 * The stored runs deleted on GitHub: those that a listing read whole should hold and does not. A run missing from
 * a listing of completed runs may also be running again (a re-run), so each is asked for: only a 404 deletes it.
 */
async function deletedRuns(
  client: GitHubClient,
  owner: string,
  repo: string,
  stored: readonly StoredRun[],
  listed: ReadonlyMap<number, ApiRun>,
  wholeListings: readonly { branch: string; workflowId: number | undefined; from: string }[],
  signal: AbortSignal | undefined,
): Promise<Set<number>> {
  const deleted = new Set<number>();
  const missing = stored.filter(
    (run) =>
      !listed.has(run.id) &&
      wholeListings.some((l) => l.branch === run.branch && (l.workflowId === undefined || l.workflowId === run.workflowId) && run.createdAt >= l.from),
  );
  for (const run of missing.slice(0, MAX_DELETION_CHECKS)) {
    checkCancelled(signal);
    try {
      await client.getConditional('GET /repos/{owner}/{repo}/actions/runs/{run_id}', { owner, repo, run_id: run.id }, undefined, signal);
    } catch (error) {
      if ((error as { status?: number }).status === 404) deleted.add(run.id);
      else throw error;
    }
  }
  return deleted;
}

/**
 * Forgets the run listings' ETags of other days: their keys hold the window's first day (`since`), so that each day
 * adds keys per branch, workflow and page that no later sync asks for again.
 */
function pruneRunsEtags(etags: Record<string, string>, repository: string, since: string): void {
  const prefix = `runs:${repository}:`;
  for (const key of Object.keys(etags)) {
    if (key.startsWith(prefix) && !key.includes(`:${since}:`)) delete etags[key];
  }
}

function artifactEtagPrefix(repository: string): string {
  return `artifacts:${repository}:`;
}

/** Forgets the artifact listings' ETags of runs that left the window. */
function pruneArtifactEtags(etags: Record<string, string>, repository: string, kept: readonly StoredRun[]): void {
  const prefix = artifactEtagPrefix(repository);
  const keptIds = new Set(kept.map((r) => String(r.id)));
  for (const key of Object.keys(etags)) {
    if (key.startsWith(prefix) && !keptIds.has(key.slice(prefix.length))) delete etags[key];
  }
}

/**
 * Reads the reports of the jobs `wantedIds`. A run's artifacts are listed when it is new or changed (with the ETag of
 * its last listing: a 304 keeps the stored list) or was never listed; otherwise the stored list serves.
 */
async function readReports(
  client: GitHubClient,
  options: SyncOptions,
  repository: string,
  runs: readonly StoredRun[],
  wantedIds: ReadonlySet<number>,
  changedIds: ReadonlySet<number>,
  etags: Record<string, string>,
  allowances: ReportAllowances,
): Promise<SyncReports> {
  const prefix = artifactEtagPrefix(repository);
  const byJob = new Map<number, JobReports>();
  const notesByRun = new Map<number, readonly string[]>();
  const listed = new Map<number, { readonly artifacts: readonly StoredArtifact[]; readonly note: string | undefined }>();
  // Newest first: what the sync's allowance leaves out is the oldest.
  const withWanted = runs.filter((run) => run.jobs.some((j) => wantedIds.has(j.id))).sort(compareRunsNewestFirst);
  let artifactsRead = 0;
  let done = 0;
  // The artifacts read at once, across runs (and syncs).
  await forEachBounded(withWanted, options.concurrency ?? 4, async (run) => {
    checkCancelled(options.signal);
    let artifacts = run.reportArtifacts;
    // What the stored listing left unlisted holds as long as that listing serves (a 304 keeps it too).
    let listingNote = run.reportArtifactsNote;
    if (artifacts === undefined || changedIds.has(run.id)) {
      const key = `${prefix}${run.id}`;
      const listing = await listReportArtifacts(client, options.owner, options.repo, run.id, artifacts === undefined ? undefined : etags[key], options.signal);
      if (listing.modified) {
        artifacts = listing.artifacts;
        listingNote = listing.note;
        listed.set(run.id, { artifacts, note: listingNote });
        if (listing.etag) etags[key] = listing.etag;
        else delete etags[key];
      }
    }
    if (listingNote) notesByRun.set(run.id, [listingNote]);
    // A job whose reports were read at an earlier sync (its log could not be read then) keeps them.
    const unread = new Set(run.jobs.filter((j) => wantedIds.has(j.id) && !hasReportOutcomes(j)).map((j) => j.id));
    if (artifacts && artifacts.length > 0 && unread.size > 0) {
      const result = await readJobReports(client, options.owner, options.repo, run, artifacts, unread, reportReading(options, allowances, run.id));
      for (const [jobId, reports] of result.byJob) {
        byJob.set(jobId, reports);
        artifactsRead += reports.artifacts.length;
      }
      if (result.unattributed.length > 0) notesByRun.set(run.id, [...(notesByRun.get(run.id) ?? []), ...result.unattributed]);
    }
    done++;
    options.onProgress?.(`Reading test reports (${done}/${withWanted.length} runs)`, 0.5);
  });
  const updatedRuns = runs.map((run): StoredRun => {
    const listing = listed.get(run.id);
    if (!listing) return run;
    const { reportArtifactsNote: _before, ...rest } = run;
    return { ...rest, reportArtifacts: listing.artifacts, ...(listing.note ? { reportArtifactsNote: listing.note } : {}) };
  });
  return { runs: updatedRuns, byJob, notesByRun, artifactsRead };
}

/**
 * Reads the report artifacts that a read allowance left out at an earlier sync (each job's `reportsLeftOut`), with
 * what the allowances have left after this sync's own reading, newest run first as ever: from the runs' stored
 * listings (nothing is listed again), and only those artifacts. A job with nothing left out costs no request; nor does
 * one whose reports this sync read (`readNow`: what was left out of them waits for the next).
 */
async function readLeftOutReports(
  client: GitHubClient,
  options: SyncOptions,
  runs: readonly StoredRun[],
  readNow: ReadonlySet<number>,
  allowances: ReportAllowances,
): Promise<{ runs: StoredRun[]; artifactsRead: number; jobs: number }> {
  const waiting = (job: StoredJob): boolean => !readNow.has(job.id) && validLeftOut(job.reportsLeftOut) !== undefined;
  const withWaiting = runs.filter((run) => run.jobs.some(waiting)).sort(compareRunsNewestFirst);
  const updates = new Map<number, StoredJob>();
  let artifactsRead = 0;
  let done = 0;
  await forEachBounded(withWaiting, options.concurrency ?? 4, async (run) => {
    checkCancelled(options.signal);
    const jobs = run.jobs.filter(waiting);
    const listed = new Set((run.reportArtifacts ?? []).map((a) => a.id));
    // An artifact no longer in the run's listing is not asked for.
    const only = new Set(jobs.flatMap((j) => validLeftOut(j.reportsLeftOut)?.artifactIds ?? []).filter((id) => listed.has(id)));
    let byJob: ReadonlyMap<number, JobReports> = new Map();
    if (only.size > 0) {
      const result = await readJobReports(client, options.owner, options.repo, run, run.reportArtifacts ?? [], new Set(jobs.map((j) => j.id)), {
        ...reportReading(options, allowances, run.id),
        only,
        casesRead: new Map(jobs.map((j) => [j.id, reportOutcomesOf(j).length])),
      });
      byJob = result.byJob;
    }
    for (const job of jobs) {
      const fresh = byJob.get(job.id);
      artifactsRead += fresh?.artifacts.length ?? 0;
      updates.set(job.id, withLaterReports(job, fresh));
    }
    done++;
    options.onProgress?.(`Reading test reports left out before (${done}/${withWaiting.length} runs)`, 1);
  });
  return {
    runs: runs.map((run) => (run.jobs.some((j) => updates.has(j.id)) ? { ...run, jobs: run.jobs.map((j) => updates.get(j.id) ?? j) } : run)),
    artifactsRead,
    jobs: updates.size,
  };
}

/** At most this many notes about reports are added to a job's `logNote`. */
const MAX_REPORT_NOTES = 3;

/**
 * A job whose log was just read (`read`), with its test reports weighed in: the fresh ones, else those kept from an
 * earlier sync while its log could not be read (`before`). Per framework the richer source's outcomes are kept.
 */
export function withReports(read: StoredJob, before: StoredJob, fresh: JobReports | undefined, runNotes: readonly string[]): StoredJob {
  const useFresh = fresh !== undefined && fresh.outcomes.length > 0;
  const report = useFresh ? fresh.outcomes : reportOutcomesOf(before);
  const artifacts = useFresh ? fresh.artifacts : reportArtifactsOf(before);
  const logRead = read.logState === 'parsed' || read.logState === 'too-large';
  const { outcomeSources: _previous, logNote, reportsLeftOut: _before, ...rest } = read;
  const merged = mergeOutcomeSources(logRead ? read.outcomes : undefined, report, artifacts);
  // Fresh reports tell anew what an allowance left out; else what an earlier sync left out still waits.
  const lost = frameworksLostToLog(report, merged.sources);
  const waiting = validLeftOut(before.reportsLeftOut);
  const leftOut = fresh ? fresh.leftOut && leftOutWith(fresh.leftOut, [], lost) : waiting && leftOutWith(waiting, waiting.logKept ?? [], lost);
  // A run's note, or one about artifacts left out, stays in the note of a job read again (its log could not be read
  // before): not told twice.
  const carried = !fresh && leftOut ? [leftOut.note] : [];
  const notes = [...(fresh?.problems ?? []), ...carried, ...runNotes].filter((n) => !logNote?.includes(n)).slice(0, MAX_REPORT_NOTES);
  const note = [logNote, ...notes].filter((n) => n !== undefined && n !== '').join(' ');
  return {
    ...rest,
    outcomes: logRead || merged.sources ? merged.outcomes : read.outcomes,
    ...(merged.sources ? { outcomeSources: merged.sources } : {}),
    ...(note !== '' ? { logNote: note } : {}),
    ...(leftOut ? { reportsLeftOut: leftOut } : {}),
  };
}

/**
 * A job with the reports an allowance left out at an earlier sync read now (`fresh`, absent when none of them could
 * be chosen any more): their outcomes weighed in (mergeLaterReports), the note about them replaced by what this
 * reading tells, and what an allowance left out again kept for a later sync.
 */
export function withLaterReports(job: StoredJob, fresh: JobReports | undefined): StoredJob {
  const waiting = validLeftOut(job.reportsLeftOut);
  const report = fresh?.outcomes ?? [];
  const merged = mergeLaterReports(job, report, fresh?.artifacts ?? [], waiting?.logKept ?? []);
  const { outcomeSources: _previous, logNote, reportsLeftOut: _waiting, ...rest } = job;
  const base = waiting && logNote ? logNote.replace(waiting.note, '').replace(/ {2,}/g, ' ').trim() : logNote;
  const notes = (fresh?.problems ?? []).filter((n) => !base?.includes(n)).slice(0, MAX_REPORT_NOTES);
  const note = [base, ...notes].filter((n) => n !== undefined && n !== '').join(' ');
  const leftOut = fresh?.leftOut && leftOutWith(fresh.leftOut, waiting?.logKept ?? [], frameworksLostToLog(report, merged.sources));
  return {
    ...rest,
    outcomes: merged.outcomes,
    ...(merged.sources ? { outcomeSources: merged.sources } : {}),
    ...(note !== '' ? { logNote: note } : {}),
    ...(leftOut ? { reportsLeftOut: leftOut } : {}),
  };
}

function leftOutWith(leftOut: { readonly artifactIds: readonly number[]; readonly note: string }, logKept: readonly Framework[], lost: readonly Framework[]): ReportsLeftOut {
  const frameworks = [...new Set([...logKept, ...lost])];
  return { artifactIds: [...leftOut.artifactIds], note: leftOut.note, ...(frameworks.length > 0 ? { logKept: frameworks } : {}) };
}

/** A stored job's `reportsLeftOut` when it has the shape this version writes (a history file is read as it is). */
function validLeftOut(leftOut: ReportsLeftOut | undefined): ReportsLeftOut | undefined {
  if (!leftOut || !Array.isArray(leftOut.artifactIds) || leftOut.artifactIds.length === 0 || typeof leftOut.note !== 'string') return undefined;
  if (!leftOut.artifactIds.every((id) => typeof id === 'number')) return undefined;
  return Array.isArray(leftOut.logKept) || leftOut.logKept === undefined ? leftOut : { artifactIds: leftOut.artifactIds, note: leftOut.note };
}

/** A run's jobs: of every attempt (`all`, the sync), or of the latest attempt only (`latest`, triage). */
export async function listJobs(
  client: GitHubClient,
  owner: string,
  repo: string,
  runId: number,
  signal: AbortSignal | undefined,
  filter: 'all' | 'latest' = 'all',
): Promise<ApiJob[]> {
  const jobs: ApiJob[] = [];
  let url: string | undefined = 'GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs';
  let params: Record<string, unknown> = { owner, repo, run_id: runId, filter, per_page: 100 };
  while (url) {
    const response = await client.getConditional<{ jobs: ApiJob[] }>(url, params, undefined, signal);
    if (!response.modified) {
      break;
    }
    jobs.push(...response.data.jobs);
    const next: string | undefined = nextPageUrl(response.link);
    url = next ? `GET ${next}` : undefined;
    params = {};
  }
  return jobs;
}

export function toStoredJob(job: ApiJob, workflowName: string): StoredJob {
  const steps: JobStep[] = (job.steps ?? []).map((s) => ({ number: s.number, name: s.name, conclusion: s.conclusion }));
  return {
    id: job.id,
    runId: job.run_id,
    runAttempt: job.run_attempt ?? 1,
    name: job.name,
    workflowName: job.workflow_name ?? workflowName,
    labels: job.labels ?? [],
    conclusion: job.conclusion,
    startedAt: job.started_at,
    completedAt: job.completed_at,
    url: job.html_url ?? '',
    steps,
    logState: 'pending',
    outcomes: [],
  };
}

/**
 * Failed jobs not read yet, and per configuration the newest successful job when no newer log was read (its
 * inventory). Where the runner retries tests (nextest, pytest-rerunfailures, gotestsum --rerun-fails: a step that
 * names such a runner, or a `flaky` outcome or an attempt above 1 in a job of the configuration or of its matrix
 * siblings) every successful job is read: there a passing job may hide a test that failed and passed on a retry, a
 * runner-confirmed flake.
 */
export function logsToRead(runs: readonly StoredRun[]): StoredJob[] {
  const wanted: StoredJob[] = [];
  const newestFirst = runs.slice().sort(compareRunsNewestFirst);
  const retrying = retryingJobGroups(runs);
  const inventoryDone = new Set<string>();
  for (const run of newestFirst) {
    const attempts = run.jobs.slice().sort((a, b) => b.runAttempt - a.runAttempt || b.id - a.id);
    for (const job of attempts) {
      const configuration = jobConfigurationOf(job).key;
      // Test reports read while the log could not be read tell the inventory as well.
      const hasLog = job.logState === 'parsed' || job.logState === 'too-large' || hasReportOutcomes(job);
      const failed = job.conclusion === 'failure' || job.conclusion === 'timed_out';
      if (failed && job.logState === 'pending') {
        wanted.push(job);
        inventoryDone.add(configuration);
        continue;
      }
      if (hasLog) {
        inventoryDone.add(configuration);
        continue;
      }
      if (job.conclusion !== 'success') continue;
      if (retrying.has(jobGroupOf(job)) ? job.logState === 'pending' || job.logState === 'inferred' : !inventoryDone.has(configuration) && job.logState === 'pending') {
        wanted.push(job);
        inventoryDone.add(configuration);
      }
    }
  }
  return wanted;
}

/**
 * A job's matrix siblings: its workflow and its name without the matrix values (`test (ubuntu-latest, 3.12)` →
 * `test`). They run the same test command, so one sibling's retries say the runner retries in all of them.
 */
function jobGroupOf(job: Pick<StoredJob, 'workflowName' | 'name'>): string {
  return `${job.workflowName} / ${job.name.replace(/\s*\([^()]*\)\s*$/, '')}`;
}

/**
 * Step names that say the test runner retries failed tests: pytest-rerunfailures' `--reruns`, `--retries` (nextest,
 * Playwright), vitest's `--retry`, gotestsum's `--rerun-fails`, and nextest itself, whose CI profiles set their
 * retries out of sight (`.config/nextest.toml`).
 */
const RETRYING_STEP = /(?:^|\s)--(?:reruns|retries|retry|rerun-fails)\b|\bnextest\b/i;

/**
 * Job groups (see {@link jobGroupOf}) whose runner retries tests: a job's outcomes show a retry, or a job's steps
 * name a runner option that retries (the jobs API lists a `run:` step as `Run <its first line>`).
 */
function retryingJobGroups(runs: readonly StoredRun[]): Set<string> {
  const retrying = new Set<string>();
  for (const run of runs) {
    for (const job of run.jobs) {
      const group = jobGroupOf(job);
      if (retrying.has(group)) continue;
      if (job.steps.some((step) => RETRYING_STEP.test(step.name)) || job.outcomes.some((o) => o.outcome === 'flaky' || (o.attempt ?? 1) > 1)) retrying.add(group);
    }
  }
  return retrying;
}

/**
 * Reads one job's log into its outcomes. For a failed job it also keeps the runner's errors and each failed step's
 * last lines (what triage shows when no test failed). Used by the sync and by triage (ci/runTriage.ts).
 */
export async function readJobLog(
  client: GitHubClient,
  owner: string,
  repo: string,
  job: StoredJob,
  maxBytes: number,
  signal: AbortSignal | undefined,
  formats?: readonly Framework[],
): Promise<StoredJob> {
  let stream: ReadableStream<Uint8Array>;
  try {
    stream = await client.jobLogStream(owner, repo, job.id, signal);
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 410) {
      return { ...job, logState: 'expired', logNote: 'GitHub no longer keeps this log.' };
    }
    if (status === 404) {
      return { ...job, logState: 'missing', logNote: 'GitHub has no log for this job.' };
    }
    // One log GitHub will not give now (a lasting 5xx) must not stop the sync of every other run, at every sync: it
    // is read again next time. A 401 or 403 (the token, the rate limit, no access to logs) concerns every request:
    // the sync stops and says so.
    if (status !== undefined && status >= 500) {
      return { ...job, logState: 'pending', outcomes: [], logNote: `GitHub answered ${status} for this job's log; it is read again at the next sync.` };
    }
    if (refusedByStorage(error)) {
      return { ...job, logState: 'pending', outcomes: [], logNote: `The storage GitHub keeps this job's log in refused the download (${status}); it is read again at the next sync.` };
    }
    throw error;
  }
  const failed = job.conclusion === 'failure' || job.conclusion === 'timed_out';
  // A failed job's steps are followed in the same pass: the last lines of each step that failed.
  const stepLog = failed ? new FailedStepLog() : undefined;
  const reader = new JobLogReader({
    maxBytes,
    ...(formats && formats.length > 0 ? { formats } : {}),
    ...(stepLog ? { onLine: (text: string, kind: LogLineKind) => stepLog.cleanLine(text, kind) } : {}),
  });
  let bytes = 0;
  try {
    for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.byteLength;
      reader.push(chunk);
      if (bytes > maxBytes) {
        break;
      }
    }
  } catch (error) {
    if ((error as { name?: string }).name === 'AbortError' || signal?.aborted) {
      throw error;
    }
    // A cut-off response: keep what was read, say so.
    const result = reader.end();
    return { ...job, logState: 'pending', outcomes: [], logNote: `The log was cut off after ${bytes} bytes (${result.outcomes.length} results read); it is read again at the next sync.` };
  }
  const result = reader.end();
  const truncated = result.truncated || bytes > maxBytes;
  // The note of an earlier reading that failed ("read again at the next sync") is no longer true: it goes, as the
  // other outcomes above replace it.
  const { logNote: _earlier, ...read } = job;
  return {
    ...read,
    logState: truncated ? 'too-large' : 'parsed',
    outcomes: result.outcomes,
    ...(stepLog ? { errors: result.errors, failedSteps: stepLog.result() } : {}),
    ...(truncated ? { logNote: `Only the first ${Math.round(maxBytes / 1048576)} MB of the log were read.` } : {}),
  };
}
