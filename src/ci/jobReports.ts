// The test reports of the jobs whose logs the sync reads: a run's report-looking artifacts listed (conditionally,
// and kept with the run), each tied to the job execution that uploaded it (by its name, then its attempt), and only
// the artifacts of the jobs being read downloaded. Outcomes are weighed against the log's in
// core/history/outcomeSources.ts.
//
// Uses `GET /repos/{o}/{r}/actions/runs/{id}/artifacts` (with If-None-Match) and `GET .../artifacts/{id}/zip`.

import type { StoredArtifact, StoredJob, StoredRun, TestOutcome } from '../core/model';
import { artifactJobHint, looksLikeReportArtifact, MAX_ARTIFACT_PAGES, readArtifact, type ApiArtifact, type ArtifactReading } from './artifactReports';
import { DEFAULT_MAX_CASES } from '../core/reports/parsedReport';
import { DEFAULT_ZIP_LIMITS, downloadBound, type ReadAllowance } from './artifactZip';
import { forEachBounded, type ByteBudget } from './boundedParallel';
import type { GitHubClient } from './githubClient';
import { nextPageUrl } from './githubClient';

/** A run's artifact as the API lists it (with when it was uploaded). */
interface ListedArtifact extends ApiArtifact {
  readonly created_at?: string | null;
}

/** What the reports of one job gave. */
export interface JobReports {
  readonly outcomes: TestOutcome[];
  /** The artifacts read, by name. */
  readonly artifacts: string[];
  /** Problems with those artifacts, one sentence each. */
  readonly problems: string[];
  /** The artifacts a read allowance left out (their sentence is the first of `problems`): a later sync reads them. */
  readonly leftOut?: { readonly artifactIds: number[]; readonly note: string };
}

export type ReportListing =
  | { readonly modified: false }
  | {
      readonly modified: true;
      readonly artifacts: StoredArtifact[];
      readonly etag?: string;
      /** When the listing stopped at {@link MAX_ARTIFACT_PAGES}: what it says about the artifacts left unlisted. */
      readonly note?: string;
    };

/**
 * A run's artifacts that look like test reports, from the first {@link MAX_ARTIFACT_PAGES} pages of its listing. With
 * the `etag` of the previous listing, an unchanged listing is a 304 (`modified: false`), which GitHub does not count.
 */
export async function listReportArtifacts(client: GitHubClient, owner: string, repo: string, runId: number, etag: string | undefined, signal?: AbortSignal): Promise<ReportListing> {
  const artifacts: StoredArtifact[] = [];
  let url: string | undefined = 'GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts';
  let params: Record<string, unknown> = { owner, repo, run_id: runId, per_page: 100 };
  let firstEtag: string | undefined;
  let listed = 0;
  let total = 0;
  for (let page = 1; url; page++) {
    if (page > MAX_ARTIFACT_PAGES) {
      const all = total > listed ? String(total) : `more than ${listed}`;
      const note = `Only ${listed} of the run's ${all} artifacts were looked at for test reports (the first ${MAX_ARTIFACT_PAGES} pages of their list): reports among the others were left out.`;
      return { modified: true, artifacts, ...(firstEtag ? { etag: firstEtag } : {}), note };
    }
    // Only the first page is conditional: when it is unchanged, so is the listing (its total_count too).
    const response = await client.getConditional<{ total_count?: number; artifacts: ListedArtifact[] }>(url, params, page === 1 ? etag : undefined, signal);
    if (!response.modified) return { modified: false };
    if (page === 1) {
      firstEtag = response.etag;
      total = response.data.total_count ?? 0;
    }
    listed += response.data.artifacts.length;
    for (const a of response.data.artifacts) {
      if (!looksLikeReportArtifact(a)) continue;
      artifacts.push({ id: a.id, name: a.name, sizeInBytes: a.size_in_bytes, expired: a.expired, ...(a.created_at ? { createdAt: a.created_at } : {}) });
    }
    const next = nextPageUrl(response.link);
    url = next ? `GET ${next}` : undefined;
    params = {};
  }
  return { modified: true, artifacts, ...(firstEtag ? { etag: firstEtag } : {}) };
}

export interface RunReports {
  readonly byJob: Map<number, JobReports>;
  /** Report artifacts left out because their name does not tell which job uploaded them, one sentence each. */
  readonly unattributed: string[];
}

export interface ReadJobReportsOptions {
  readonly signal?: AbortSignal;
  /**
   * Shared by every run of a sync (and by every sync of the process): the artifacts downloaded and read at once hold
   * at most its capacity (by the most each may download: its listed size and a slack, downloadBound), where each
   * run's two at a time, four runs at a time, could hold 8 zips of up to 256 MiB.
   */
  readonly budget?: ByteBudget;
  /** At most this many report artifacts are downloaded per run (default 20). */
  readonly maxArtifacts?: number;
  /** At most this many test results are read from one job's artifacts (default {@link DEFAULT_MAX_CASES}). */
  readonly maxCases?: number;
  /** What the run's artifacts (and the sync's) may cost, downloaded and inflated (see ReadAllowance). */
  readonly allowances?: readonly ReadAllowance[];
  /** Artifacts read at once (default 2). */
  readonly concurrency?: number;
  /** Only these artifacts (by id) are read: those an allowance left out at an earlier sync. */
  readonly only?: ReadonlySet<number>;
  /** Test results already read from each job's reports, counted in its bound (`maxCases`). */
  readonly casesRead?: ReadonlyMap<number, number>;
}

/** Downloads and reads the report artifacts of a run (`artifacts`, as listed) that the jobs `jobIds` uploaded. */
export async function readJobReports(
  client: GitHubClient,
  owner: string,
  repo: string,
  run: Pick<StoredRun, 'jobs'>,
  artifacts: readonly StoredArtifact[],
  jobIds: ReadonlySet<number>,
  options: ReadJobReportsOptions = {},
): Promise<RunReports> {
  const byJob = new Map<number, JobReports>();
  const unattributed: string[] = [];
  const owners = attributeArtifacts(artifacts, run.jobs);
  const chosen: { artifact: StoredArtifact; job: StoredJob }[] = [];
  for (const artifact of artifacts) {
    const job = owners.get(artifact.id);
    if (!job) unattributed.push(`The test reports in the artifact ${artifact.name} were left out: its name does not say which job uploaded them.`);
    else if (jobIds.has(job.id) && (options.only === undefined || options.only.has(artifact.id))) chosen.push({ artifact, job });
  }
  const limited = chosen.slice(0, options.maxArtifacts ?? 20);
  const maxCases = options.maxCases ?? DEFAULT_MAX_CASES;
  // A job's artifacts share one bound of test results: each artifact is read with what its job has left.
  const used = new Map<number, number>(options.casesRead);
  const readBefore = (jobId: number): number => options.casesRead?.get(jobId) ?? 0;
  const allowances = options.allowances ?? [];
  const read = new Array<ArtifactReading>(limited.length);
  await forEachBounded(limited, options.concurrency ?? 2, async ({ artifact, job }, index) => {
    const left = maxCases - (used.get(job.id) ?? 0);
    if (left <= 0) {
      read[index] = { outcomes: [], errors: [`The test reports of this job hold more than ${maxCases} results: the artifact ${artifact.name} was not read.`], files: [] };
      return;
    }
    const api: ApiArtifact = { id: artifact.id, name: artifact.name, size_in_bytes: artifact.sizeInBytes, expired: artifact.expired };
    // An artifact that an allowance refuses does not wait for bytes it will not use.
    const release = allowances.some((a) => a.exceededBy(artifact.sizeInBytes))
      ? undefined
      : await options.budget?.acquire(downloadBound(artifact.sizeInBytes, DEFAULT_ZIP_LIMITS.maxZipBytes));
    try {
      read[index] = await readArtifact(client, owner, repo, api, DEFAULT_ZIP_LIMITS, { maxCases: left, allowances, ...(options.signal ? { signal: options.signal } : {}) });
    } finally {
      release?.();
    }
    used.set(job.id, (used.get(job.id) ?? 0) + (read[index]?.outcomes.length ?? 0));
  });
  const refused = new Map<number, { allowance: ReadAllowance; names: string[]; ids: number[] }[]>();
  limited.forEach(({ artifact, job }, index) => {
    const result = read[index];
    if (!result) return;
    let entry = byJob.get(job.id);
    if (!entry) {
      entry = { outcomes: [], artifacts: [], problems: [] };
      byJob.set(job.id, entry);
    }
    if (result.refusedBy) {
      // One note per job and allowance, however many artifacts it left out.
      const groups = refused.get(job.id) ?? [];
      refused.set(job.id, groups);
      const group = groups.find((g) => g.allowance === result.refusedBy);
      if (group) {
        group.names.push(artifact.name);
        group.ids.push(artifact.id);
      } else groups.push({ allowance: result.refusedBy, names: [artifact.name], ids: [artifact.id] });
      return;
    }
    // Two artifacts read at once each had the same budget: the bound is kept here.
    const kept = Math.min(result.outcomes.length, Math.max(0, maxCases - readBefore(job.id) - entry.outcomes.length));
    for (let i = 0; i < kept; i++) entry.outcomes.push(result.outcomes[i] as TestOutcome);
    if (kept < result.outcomes.length) entry.problems.push(`The test reports of this job hold more than ${maxCases} results: the rest of the artifact ${artifact.name} was left out.`);
    if (kept > 0) entry.artifacts.push(artifact.name);
    for (const e of result.errors) entry.problems.push(e);
  });
  for (const [jobId, groups] of refused) {
    const entry = byJob.get(jobId);
    if (!entry) continue;
    const notes = groups.map(({ allowance, names }) => {
      const listed = names.length <= 3 ? names.join(', ') : `${names.slice(0, 2).join(', ')} and ${names.length - 2} more`;
      const one = names.length === 1;
      return `${one ? 'The artifact' : 'The artifacts'} ${listed} ${one ? 'was' : 'were'} not read: ${allowance.reason()}; ${one ? 'it is' : 'they are'} read at a later sync.`;
    });
    // First: a job's note shows only its first few problems.
    byJob.set(jobId, { ...entry, problems: [...notes, ...entry.problems], leftOut: { artifactIds: groups.flatMap((g) => g.ids), note: notes.join(' ') } });
  }
  return { byJob, unattributed };
}

/** `attempt-2`, `attempt 2`, `attempt_2`, `run-attempt-2` in an artifact's name. */
const ATTEMPT = /(?:^|[^a-z0-9])attempt[-_ ]?(\d+)(?![0-9])/i;

/**
 * The job execution that uploaded each report artifact: the job its name points at (artifactJobHint: the matrix
 * values in the name), then among that job's attempts the one the name numbers (`-attempt-2`), else, among the
 * attempts no numbered artifact claims, the one that was running when the artifact was uploaded, else the only one
 * left. An artifact that fits none, or several, has no owner.
 */
export function attributeArtifacts(
  artifacts: readonly Pick<StoredArtifact, 'id' | 'name' | 'createdAt'>[],
  jobs: readonly StoredJob[],
): Map<number, StoredJob> {
  const names = [...new Set(jobs.map((j) => j.name))];
  const owners = new Map<number, StoredJob>();
  const unnumbered: { artifact: Pick<StoredArtifact, 'id' | 'name' | 'createdAt'>; candidates: StoredJob[] }[] = [];
  for (const artifact of artifacts) {
    const hint = artifactJobHint(artifact.name, names);
    if (hint === undefined) continue;
    const candidates = jobs.filter((j) => j.name === hint);
    const numbered = ATTEMPT.exec(artifact.name)?.[1];
    if (candidates.length === 1) {
      owners.set(artifact.id, candidates[0] as StoredJob);
    } else if (numbered !== undefined) {
      const byAttempt = candidates.filter((j) => j.runAttempt === Number(numbered));
      if (byAttempt.length === 1) owners.set(artifact.id, byAttempt[0] as StoredJob);
    } else {
      unnumbered.push({ artifact, candidates });
    }
  }
  const claimed = new Set([...owners.values()].map((j) => j.id));
  const undecided = new Map<number, StoredJob[]>();
  for (const { artifact, candidates } of unnumbered) {
    const free = candidates.filter((j) => !claimed.has(j.id));
    const created = artifact.createdAt ? Date.parse(artifact.createdAt) : NaN;
    const running = Number.isNaN(created) ? [] : free.filter((j) => wasRunning(j, created));
    if (running.length === 1) {
      owners.set(artifact.id, running[0] as StoredJob);
      claimed.add((running[0] as StoredJob).id);
    } else {
      undecided.set(artifact.id, free);
    }
  }
  for (const { artifact } of unnumbered) {
    if (owners.has(artifact.id)) continue;
    const free = (undecided.get(artifact.id) ?? []).filter((j) => !claimed.has(j.id));
    if (free.length === 1) {
      owners.set(artifact.id, free[0] as StoredJob);
      claimed.add((free[0] as StoredJob).id);
    }
  }
  return owners;
}

/** An artifact uploaded at `at` (ms) came from a job that had started and had not finished a minute before. */
function wasRunning(job: StoredJob, at: number): boolean {
  const started = job.startedAt ? Date.parse(job.startedAt) : NaN;
  const completed = job.completedAt ? Date.parse(job.completedAt) : NaN;
  if (Number.isNaN(started) || Number.isNaN(completed)) return false;
  return at >= started && at <= completed + 60_000;
}
