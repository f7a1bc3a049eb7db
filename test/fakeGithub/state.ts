// The fake GitHub's in-memory world: repositories → workflows → runs → attempts → jobs (each job execution with
// its log), plus the server's knobs (tokens, faults, rate limit, the fake clock for re-runs). Plain data (JSON
// serialisable apart from the `onRerun` hook and function/RegExp fault matchers) with helpers to build and
// change it. The server reads and mutates this object directly, so a test can change it between requests.

import { jobConclusion, jobEndMs, passingPlan, retimePlan, stepTimeline, type JobPlan } from './jobPlan';

export type RunStatus = 'queued' | 'in_progress' | 'completed';
export type Conclusion = 'success' | 'failure' | 'cancelled' | 'skipped' | 'timed_out' | 'neutral' | 'action_required';

export interface FakeStep {
  readonly name: string;
  readonly number: number;
  readonly status: RunStatus;
  readonly conclusion: 'success' | 'failure' | 'skipped' | 'cancelled' | null;
  readonly startedAt: string | null;
  readonly completedAt: string | null;
}

/** One job execution (one job in one attempt). */
export interface FakeJob {
  readonly id: number;
  readonly runId: number;
  readonly runAttempt: number;
  readonly name: string;
  readonly labels: readonly string[];
  readonly runnerName: string;
  readonly runnerId: number;
  status: RunStatus;
  readonly conclusion: Conclusion;
  readonly createdAt: string;
  readonly startedAt: string;
  readonly completedAt: string;
  readonly steps: readonly FakeStep[];
  /** Renders the log (see githubLog.ts); the scenario generator sets it. */
  readonly plan?: JobPlan;
  /** A literal log; wins over `plan`. */
  readonly log?: string;
  /** GitHub no longer keeps the log: the logs endpoint answers 410. */
  logExpired?: boolean;
}

export interface FakeAttempt {
  readonly attempt: number;
  status: RunStatus;
  readonly conclusion: Conclusion;
  readonly startedAt: string;
  updatedAt: string;
  /** The job executions this attempt shows: its own, plus the ones carried over from earlier attempts. */
  readonly jobIds: readonly number[];
}

export interface FakeRun {
  readonly id: number;
  readonly workflowId: number;
  readonly runNumber: number;
  readonly event: string;
  readonly headBranch: string;
  readonly headSha: string;
  readonly displayTitle: string;
  readonly actor: string;
  readonly createdAt: string;
  readonly attempts: FakeAttempt[];
  /** Every job execution of every attempt. */
  readonly jobs: FakeJob[];
}

export interface FakeWorkflow {
  readonly id: number;
  readonly name: string;
  readonly path: string;
  readonly state: 'active' | 'disabled_manually';
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface FakeArtifactFile {
  readonly name: string;
  /** Text, or bytes (such as ones that do not deflate, for a zip of a chosen size). */
  readonly content: string | Buffer;
}

export interface FakeArtifact {
  readonly id: number;
  readonly runId: number;
  readonly name: string;
  readonly files: readonly FakeArtifactFile[];
  readonly createdAt: string;
  readonly expiresAt: string;
  expired: boolean;
  /** The `size_in_bytes` listed, when a test needs one other than its zip's size (a large artifact, cheaply). */
  readonly listedSize?: number;
}

export interface FakeRepo {
  readonly id: number;
  readonly owner: string;
  readonly name: string;
  readonly private: boolean;
  readonly defaultBranch: string;
  readonly createdAt: string;
  readonly workflows: FakeWorkflow[];
  readonly runs: FakeRun[];
  readonly artifacts: FakeArtifact[];
  /** Issues (GET/POST /repos/{o}/{r}/issues), made on first use. */
  issues?: FakeIssue[];
}

/** An issue as the fake keeps it; `GET /_fake/issues` lists them for tests in another process. */
export interface FakeIssue {
  readonly number: number;
  readonly title: string;
  readonly body: string;
  readonly labels: readonly string[];
  state: 'open' | 'closed';
  readonly createdAt: string;
  /** Set for pull requests, which GitHub lists among the issues. */
  readonly pullRequest?: boolean;
}

/** Adds an issue to a repository (numbered after its existing ones). */
export function addIssue(repo: FakeRepo, issue: { title: string; body?: string; labels?: readonly string[]; state?: 'open' | 'closed'; createdAt?: string; pullRequest?: boolean }): FakeIssue {
  const issues = (repo.issues ??= []);
  const created: FakeIssue = {
    number: issues.length + 1,
    title: issue.title,
    body: issue.body ?? '',
    labels: [...(issue.labels ?? [])],
    state: issue.state ?? 'open',
    createdAt: issue.createdAt ?? '2026-11-01T12:00:00Z',
    ...(issue.pullRequest ? { pullRequest: true } : {}),
  };
  issues.push(created);
  return created;
}

export type FaultMatcher = string | RegExp | ((method: string, path: string) => boolean);

/**
 * A deterministic fault: the first `skip` matching requests go through, the next `times` (all, when absent)
 * get the fault. `match` is a path prefix (path with query, `/repos/acme/sample/actions/jobs/`), a RegExp
 * tested against the path with query, or a function of (method, path with query).
 */
export interface Fault {
  readonly match: FaultMatcher;
  readonly method?: string;
  /** The error status. Absent with `delayMs` or `cutOff` alone: the normal response, slow or cut. */
  readonly status?: 401 | 403 | 404 | 410 | 422 | 429 | 500 | 502 | 503;
  readonly message?: string;
  readonly times?: number;
  readonly skip?: number;
  /** A primary rate limit: 403 (or 429) with `x-ratelimit-remaining: 0` and this reset (epoch seconds). */
  readonly rateLimitedUntil?: number;
  /** A secondary rate limit: 403 "You have exceeded a secondary rate limit" with this `retry-after` (seconds). */
  readonly retryAfter?: number;
  readonly delayMs?: number;
  /** Send the headers and part of the body, then destroy the socket. */
  readonly cutOff?: true | { readonly bytes: number };
  /** How many matching requests it has seen (kept by the server). */
  seen?: number;
}

export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Epoch seconds; fixed, no clock. */
  reset: number;
  used: number;
}

export interface RerunContext {
  readonly state: FakeGitHubState;
  readonly repo: FakeRepo;
  readonly run: FakeRun;
  /** The execution being re-run. */
  readonly previous: FakeJob;
  /** The new attempt's number. */
  readonly attempt: number;
  /** When the new execution starts (ISO). */
  readonly startedAt: string;
}

/**
 * What a re-run execution does: `pass` (failed tests pass, steps succeed), `same` (repeats the previous
 * execution), a new plan, or a literal conclusion and log.
 */
export type RerunDecision =
  | 'pass'
  | 'same'
  | { readonly plan: JobPlan }
  | { readonly conclusion: 'success' | 'failure'; readonly log?: string; readonly steps?: readonly FakeStep[] };

export type RerunHook = (context: RerunContext) => RerunDecision | undefined;

export interface FakeGitHubState {
  readonly repos: FakeRepo[];
  /** Accepted tokens; undefined accepts any token. */
  tokens?: string[];
  /** Tokens that may read but not write: re-run requests with them get 403. */
  readOnlyTokens?: string[];
  faults: Fault[];
  rateLimit: RateLimitState;
  /** The fake clock (ISO): re-runs start after it and move it forward. */
  now: string;
  /** `manual`: re-run attempts stay `in_progress` until {@link completePendingReruns}. */
  rerunCompletion: 'immediate' | 'manual';
  onRerun?: RerunHook;
  /** Key for the signed blob URLs the log redirects point to. */
  blobSecret: string;
  /** Start logs with a byte order mark as GitHub does. */
  logBom: boolean;
  /** Link headers point to `/repositories/{id}/...` as GitHub's do, or to `/repos/{owner}/{repo}/...`. */
  linkStyle: 'repositories' | 'repos';
  /** Id counters. */
  readonly ids: { repo: number; workflow: number; run: number; job: number; artifact: number; runner: number };
}

export interface CreateStateOptions {
  readonly now?: string;
  readonly tokens?: string[];
  readonly rateLimit?: Partial<RateLimitState>;
}

const DEFAULT_NOW = '2026-11-01T12:00:00Z';

export function createState(options: CreateStateOptions = {}): FakeGitHubState {
  const now = options.now ?? DEFAULT_NOW;
  return {
    repos: [],
    ...(options.tokens ? { tokens: options.tokens } : {}),
    faults: [],
    rateLimit: {
      limit: 5000,
      remaining: 5000,
      reset: Math.floor(Date.parse(now) / 1000) + 3600,
      used: 0,
      ...options.rateLimit,
    },
    now,
    rerunCompletion: 'immediate',
    blobSecret: 'fake-github-blob-key',
    logBom: true,
    linkStyle: 'repositories',
    ids: { repo: 700_000_000, workflow: 120_000_000, run: 18_000_000_000, job: 51_000_000_000, artifact: 4_100_000_000, runner: 1_000_000 },
  };
}

/** ISO 8601 without milliseconds, as GitHub writes timestamps. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export interface AddRepoOptions {
  readonly owner: string;
  readonly name: string;
  readonly private?: boolean;
  readonly defaultBranch?: string;
  readonly createdAt?: string;
}

export function addRepo(state: FakeGitHubState, options: AddRepoOptions): FakeRepo {
  const repo: FakeRepo = {
    id: ++state.ids.repo,
    owner: options.owner,
    name: options.name,
    private: options.private ?? false,
    defaultBranch: options.defaultBranch ?? 'main',
    createdAt: options.createdAt ?? '2025-03-14T09:26:53Z',
    workflows: [],
    runs: [],
    artifacts: [],
  };
  state.repos.push(repo);
  return repo;
}

export function addWorkflow(state: FakeGitHubState, repo: FakeRepo, options: { name: string; path: string; createdAt?: string }): FakeWorkflow {
  const workflow: FakeWorkflow = {
    id: ++state.ids.workflow,
    name: options.name,
    path: options.path,
    state: 'active',
    createdAt: options.createdAt ?? repo.createdAt,
    updatedAt: options.createdAt ?? repo.createdAt,
  };
  repo.workflows.push(workflow);
  return workflow;
}

export function findRepo(state: FakeGitHubState, owner: string, name: string): FakeRepo | undefined {
  const o = owner.toLowerCase();
  const n = name.toLowerCase();
  return state.repos.find((r) => r.owner.toLowerCase() === o && r.name.toLowerCase() === n);
}

/** A job execution to add: from a plan (log, steps, times and conclusion follow from it), or by hand. */
export type JobSpec =
  | { readonly plan: JobPlan; readonly labels?: readonly string[]; readonly logExpired?: boolean }
  | {
      readonly name: string;
      readonly conclusion: Conclusion;
      readonly labels?: readonly string[];
      readonly startedAt: string;
      readonly completedAt: string;
      readonly log?: string;
      readonly steps?: readonly { readonly name: string; readonly conclusion: 'success' | 'failure' | 'skipped' }[];
      readonly logExpired?: boolean;
    };

export interface AddRunOptions {
  readonly workflow?: FakeWorkflow;
  readonly id?: number;
  readonly runNumber?: number;
  readonly branch?: string;
  readonly sha?: string;
  readonly event?: string;
  readonly title?: string;
  readonly actor?: string;
  readonly createdAt: string;
  readonly jobs: readonly JobSpec[];
}

export function addRun(state: FakeGitHubState, repo: FakeRepo, options: AddRunOptions): FakeRun {
  const workflow = options.workflow ?? repo.workflows[0] ?? addWorkflow(state, repo, { name: 'CI', path: '.github/workflows/ci.yml' });
  const id = options.id ?? ++state.ids.run;
  if (options.id !== undefined) state.ids.run = Math.max(state.ids.run, options.id);
  const sameWorkflow = repo.runs.filter((r) => r.workflowId === workflow.id);
  const run: FakeRun = {
    id,
    workflowId: workflow.id,
    runNumber: options.runNumber ?? sameWorkflow.reduce((max, r) => Math.max(max, r.runNumber), 0) + 1,
    event: options.event ?? 'push',
    headBranch: options.branch ?? repo.defaultBranch,
    headSha: options.sha ?? fakeSha(id),
    displayTitle: options.title ?? `Update ${workflow.name.toLowerCase()} (#${id % 1000})`,
    actor: options.actor ?? 'octocat',
    createdAt: options.createdAt,
    attempts: [],
    jobs: [],
  };
  const jobs = options.jobs.map((spec) => makeJob(state, run, 1, spec));
  run.jobs.push(...jobs);
  run.attempts.push(attemptOf(1, jobs, jobs, options.createdAt));
  repo.runs.push(run);
  return run;
}

/** Adds an attempt to a completed run by hand: `jobs` are the executions re-run, the others carry over. */
export function addAttempt(state: FakeGitHubState, run: FakeRun, jobs: readonly JobSpec[]): FakeAttempt {
  const latest = latestAttempt(run);
  const number = latest.attempt + 1;
  const fresh = jobs.map((spec) => makeJob(state, run, number, spec));
  run.jobs.push(...fresh);
  const freshNames = new Set(fresh.map((j) => j.name));
  const carried = latest.jobIds.map((id) => jobById(run, id)).filter((j) => !freshNames.has(j.name));
  const attempt = attemptOf(number, [...carried, ...fresh], fresh, isoSeconds(Math.min(...fresh.map((j) => Date.parse(j.createdAt)))));
  run.attempts.push(attempt);
  return attempt;
}

function attemptOf(number: number, visible: readonly FakeJob[], own: readonly FakeJob[], startedAt: string): FakeAttempt {
  const failed = visible.some((j) => j.conclusion === 'failure' || j.conclusion === 'timed_out');
  const cancelled = visible.some((j) => j.conclusion === 'cancelled');
  const end = own.reduce((max, j) => Math.max(max, Date.parse(j.completedAt)), Date.parse(startedAt));
  return {
    attempt: number,
    status: own.every((j) => j.status === 'completed') ? 'completed' : 'in_progress',
    conclusion: failed ? 'failure' : cancelled ? 'cancelled' : 'success',
    startedAt,
    updatedAt: isoSeconds(end + 4000),
    jobIds: visible.map((j) => j.id).sort((a, b) => a - b),
  };
}

function makeJob(state: FakeGitHubState, run: FakeRun, attempt: number, spec: JobSpec): FakeJob {
  const id = (state.ids.job += 1 + ((run.id + attempt * 7 + state.ids.job) % 5));
  const runnerId = ++state.ids.runner;
  if ('plan' in spec) {
    const plan = spec.plan;
    const timeline = stepTimeline(plan);
    const startedMs = Date.parse(plan.startedAt);
    return {
      id,
      runId: run.id,
      runAttempt: attempt,
      name: plan.jobName,
      labels: spec.labels ?? [plan.label],
      runnerName: plan.runnerName,
      runnerId,
      status: 'completed',
      conclusion: jobConclusion(plan),
      createdAt: isoSeconds(startedMs - 3000),
      startedAt: isoSeconds(startedMs),
      completedAt: isoSeconds(jobEndMs(plan) + 1000),
      steps: timeline.map((t) => ({
        name: t.step.name,
        number: t.number,
        status: 'completed',
        conclusion: t.conclusion,
        startedAt: isoSeconds(t.startMs),
        completedAt: isoSeconds(t.endMs),
      })),
      plan,
      ...(spec.logExpired ? { logExpired: true } : {}),
    };
  }
  const steps = spec.steps ?? [
    { name: 'Set up job', conclusion: 'success' as const },
    { name: 'Run tests', conclusion: spec.conclusion === 'failure' ? ('failure' as const) : ('success' as const) },
    { name: 'Complete job', conclusion: 'success' as const },
  ];
  return {
    id,
    runId: run.id,
    runAttempt: attempt,
    name: spec.name,
    labels: spec.labels ?? ['ubuntu-latest'],
    runnerName: `GitHub Actions ${1 + (runnerId % 40)}`,
    runnerId,
    status: 'completed',
    conclusion: spec.conclusion,
    createdAt: spec.startedAt,
    startedAt: spec.startedAt,
    completedAt: spec.completedAt,
    steps: steps.map((s, i) => ({
      name: s.name,
      number: i + 1,
      status: 'completed',
      conclusion: s.conclusion,
      startedAt: spec.startedAt,
      completedAt: spec.completedAt,
    })),
    ...(spec.log !== undefined ? { log: spec.log } : {}),
    ...(spec.logExpired ? { logExpired: true } : {}),
  };
}

/** Adds an artifact to a run: its files are zipped when downloaded. */
export function addArtifact(
  state: FakeGitHubState,
  repo: FakeRepo,
  run: FakeRun,
  options: { name: string; files: readonly FakeArtifactFile[]; expired?: boolean; retentionDays?: number; createdAt?: string; listedSize?: number },
): FakeArtifact {
  // By default when the run's latest attempt ended; a job's upload step is earlier, inside that job's own run time.
  const created = Date.parse(options.createdAt ?? latestAttempt(run).updatedAt);
  const artifact: FakeArtifact = {
    id: ++state.ids.artifact,
    runId: run.id,
    name: options.name,
    files: options.files,
    createdAt: isoSeconds(created),
    expiresAt: isoSeconds(created + (options.retentionDays ?? 90) * 86_400_000),
    expired: options.expired ?? false,
    ...(options.listedSize !== undefined ? { listedSize: options.listedSize } : {}),
  };
  repo.artifacts.push(artifact);
  return artifact;
}

export function latestAttempt(run: FakeRun): FakeAttempt {
  const latest = run.attempts[run.attempts.length - 1];
  if (!latest) throw new Error(`run ${run.id} has no attempt`);
  return latest;
}

export function jobById(run: FakeRun, id: number): FakeJob {
  const job = run.jobs.find((j) => j.id === id);
  if (!job) throw new Error(`run ${run.id} has no job ${id}`);
  return job;
}

export function findRun(repo: FakeRepo, runId: number): FakeRun | undefined {
  return repo.runs.find((r) => r.id === runId);
}

export function findJob(repo: FakeRepo, jobId: number): { run: FakeRun; job: FakeJob } | undefined {
  for (const run of repo.runs) {
    const job = run.jobs.find((j) => j.id === jobId);
    if (job) return { run, job };
  }
  return undefined;
}

/** A plausible 40-hex commit id derived from a number. */
export function fakeSha(n: number): string {
  let out = '';
  let x = (n ^ 0x5bd1e995) >>> 0;
  while (out.length < 40) {
    x = (Math.imul(x ^ (x >>> 13), 0x85ebca6b) + 0x27d4eb2f) >>> 0;
    out += x.toString(16).padStart(8, '0');
  }
  return out.slice(0, 40);
}

export class RerunRefused extends Error {}

/** `POST .../runs/{id}/rerun-failed-jobs`: a new attempt where the failed (and cancelled) executions run again. */
export function rerunFailedJobs(state: FakeGitHubState, repo: FakeRepo, run: FakeRun): FakeAttempt {
  const latest = latestAttempt(run);
  if (latest.status !== 'completed') throw new RerunRefused('This workflow is already running');
  const failed = latest.jobIds.map((id) => jobById(run, id)).filter((j) => j.conclusion === 'failure' || j.conclusion === 'cancelled' || j.conclusion === 'timed_out');
  if (failed.length === 0) throw new RerunRefused('This workflow run has no failed jobs to re-run');
  return rerunExecutions(state, repo, run, failed);
}

/** `POST .../jobs/{id}/rerun`: a new attempt where that job runs again. */
export function rerunJob(state: FakeGitHubState, repo: FakeRepo, run: FakeRun, job: FakeJob): FakeAttempt {
  const latest = latestAttempt(run);
  if (latest.status !== 'completed') throw new RerunRefused('This workflow is already running');
  if (!latest.jobIds.includes(job.id)) throw new RerunRefused('This job is not part of the latest attempt of its workflow run');
  return rerunExecutions(state, repo, run, [job]);
}

function rerunExecutions(state: FakeGitHubState, repo: FakeRepo, run: FakeRun, previous: readonly FakeJob[]): FakeAttempt {
  const latest = latestAttempt(run);
  const number = latest.attempt + 1;
  const startMs = Math.max(Date.parse(state.now), Date.parse(latest.updatedAt)) + 60_000;
  const startedAt = isoSeconds(startMs);
  const specs = previous.map((job) => rerunSpec(state, repo, run, job, number, startedAt));
  const attempt = addAttempt(state, run, specs);
  if (state.rerunCompletion === 'manual') {
    attempt.status = 'in_progress';
    attempt.updatedAt = startedAt;
    for (const id of attempt.jobIds) {
      const job = jobById(run, id);
      if (job.runAttempt === number) job.status = 'in_progress';
    }
    state.now = maxIso(state.now, startedAt);
  } else {
    state.now = maxIso(state.now, attempt.updatedAt);
  }
  return attempt;
}

function rerunSpec(state: FakeGitHubState, repo: FakeRepo, run: FakeRun, previous: FakeJob, attempt: number, startedAt: string): JobSpec {
  const decision = state.onRerun?.({ state, repo, run, previous, attempt, startedAt }) ?? (previous.conclusion === 'success' ? 'same' : 'pass');
  const labels = previous.labels;
  if (typeof decision === 'object' && 'plan' in decision) return { plan: decision.plan, labels };
  if (decision === 'pass' || decision === 'same') {
    if (previous.plan) {
      const plan = retimePlan(previous.plan, startedAt);
      return { plan: decision === 'pass' ? passingPlan(plan) : plan, labels };
    }
    const conclusion = decision === 'pass' ? 'success' : previous.conclusion;
    return handSpec(previous, startedAt, conclusion, decision === 'pass' ? passingLog(previous.log) : previous.log);
  }
  return handSpec(previous, startedAt, decision.conclusion, decision.log ?? previous.log, decision.steps);
}

function handSpec(previous: FakeJob, startedAt: string, conclusion: Conclusion, log: string | undefined, steps?: readonly FakeStep[]): JobSpec {
  const duration = Date.parse(previous.completedAt) - Date.parse(previous.startedAt);
  // A passing re-run turns the failed steps green; a failing one keeps them as they were.
  const stepConclusion = (s: FakeStep): 'success' | 'failure' | 'skipped' => {
    const c = s.conclusion === 'cancelled' || s.conclusion === null ? 'success' : s.conclusion;
    return conclusion === 'success' && c === 'failure' ? 'success' : c;
  };
  return {
    name: previous.name,
    conclusion,
    labels: previous.labels,
    startedAt,
    completedAt: isoSeconds(Date.parse(startedAt) + duration),
    ...(log !== undefined ? { log } : {}),
    steps: (steps ?? previous.steps).map((s) => ({ name: s.name, conclusion: stepConclusion(s) })),
  };
}

function passingLog(log: string | undefined): string | undefined {
  if (log === undefined) return undefined;
  return log
    .split('\n')
    .filter((line) => !/##\[error\]/.test(line))
    .join('\n');
}

/** Finishes every re-run attempt left `in_progress` (with `rerunCompletion: 'manual'`). */
export function completePendingReruns(state: FakeGitHubState): number {
  let completed = 0;
  for (const repo of state.repos) {
    for (const run of repo.runs) {
      for (const attempt of run.attempts) {
        if (attempt.status === 'completed') continue;
        const own = run.jobs.filter((j) => j.runAttempt === attempt.attempt);
        for (const job of own) job.status = 'completed';
        attempt.status = 'completed';
        attempt.updatedAt = isoSeconds(own.reduce((max, j) => Math.max(max, Date.parse(j.completedAt)), Date.parse(attempt.startedAt)) + 4000);
        state.now = maxIso(state.now, attempt.updatedAt);
        completed++;
      }
    }
  }
  return completed;
}

/** Puts the rate limit back to full (what GitHub does at `reset`). */
export function resetRateLimit(state: FakeGitHubState, reset?: number): void {
  state.rateLimit.remaining = state.rateLimit.limit;
  state.rateLimit.used = 0;
  if (reset !== undefined) state.rateLimit.reset = reset;
}

function maxIso(a: string, b: string): string {
  return Date.parse(a) >= Date.parse(b) ? a : b;
}
