// The test reports a workflow run uploaded as artifacts: which artifacts look like reports (by name and size),
// downloading them within limits, reading every report file inside (by name and content), and telling which job
// each artifact came from when its name says so (upload-artifact names often carry the matrix values).
//
// Downloads with `GET /repos/{o}/{r}/actions/artifacts/{id}/zip`; the listing is jobReports.ts's (listReportArtifacts).

import type { TestOutcome } from '../core/model';
import { isReportCandidate, ReportSniffer } from '../core/reports/reportDetection';
import { DEFAULT_MAX_CASES, type ReportDialect, type ReportFormat } from '../core/reports/parsedReport';
import { ArtifactZip, ArtifactZipError, downloadBound, readZipBytes, type ReadAllowance, type ZipLimits } from './artifactZip';
import type { GitHubClient } from './githubClient';
import { refusedByStorage } from './githubClient';
import { isNetworkFailure } from './syncError';

export interface ApiArtifact {
  readonly id: number;
  readonly name: string;
  readonly size_in_bytes: number;
  readonly expired: boolean;
}

export interface ReportFileSummary {
  readonly name: string;
  readonly format: ReportFormat;
  readonly dialect: ReportDialect;
  readonly outcomes: number;
  readonly complete: boolean;
}

/** How one artifact is read (see {@link readArtifact}). */
export interface ReadArtifactOptions {
  readonly signal?: AbortSignal;
  /**
   * Test cases read from one artifact, all its report files together (default {@link DEFAULT_MAX_CASES}): the
   * bound of one file alone would let a small zip of many such files hold millions of outcomes.
   */
  readonly maxCases?: number;
  /**
   * Bounds shared with other artifacts (a run's, a sync's): each is charged the artifact's listed size before it is
   * downloaded, what the download came to beyond it, and every byte inflated from it; an artifact that does not fit
   * is not downloaded.
   */
  readonly allowances?: readonly ReadAllowance[];
}

/**
 * What reading one artifact gave; `refusedBy` when that allowance was spent before it was read whole (it was not
 * downloaded, or its reading stopped): then it gave no outcomes, what was read of it dropped, as it is read whole at a
 * later sync (ci/sync.ts) and would be counted twice.
 */
export interface ArtifactReading {
  readonly outcomes: TestOutcome[];
  readonly errors: string[];
  readonly files: ReportFileSummary[];
  readonly refusedBy?: ReadAllowance;
}

/** Words in an artifact's name that say it holds test results. */
const REPORT_WORDS = new Set([
  'test',
  'tests',
  'testresults',
  'testresult',
  'testreports',
  'testreport',
  'result',
  'results',
  'report',
  'reports',
  'junit',
  'xunit',
  'nunit',
  'surefire',
  'failsafe',
  'trx',
  'nextest',
  'pytest',
  'jest',
  'vitest',
  'mocha',
  'playwright',
]);
/** Words that say it holds something else, even beside a report word (`test-coverage`, `test-binaries`). */
const OTHER_WORDS = new Set(['coverage', 'lcov', 'codecov', 'screenshot', 'screenshots', 'video', 'videos', 'trace', 'traces', 'sbom', 'binary', 'binaries', 'wheel', 'wheels', 'dist', 'docs']);

function words(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/** Whether an artifact looks like test reports, by its name. */
export function looksLikeReportArtifact(artifact: { readonly name: string }): boolean {
  const joined = artifact.name.toLowerCase().replace(/[^a-z0-9]+/g, '');
  const list = [...words(artifact.name), ...(/test(?:results?|reports?)/.test(joined) ? ['testresults'] : [])];
  if (list.some((w) => OTHER_WORDS.has(w))) return false;
  return list.some((w) => REPORT_WORDS.has(w));
}

/** Words that say nothing about which job an artifact came from. */
const GENERIC_WORDS = new Set([...REPORT_WORDS, 'xml', 'artifact', 'artifacts', 'logs', 'log', 'output', 'outputs', 'run', 'ci', 'job', 'unit', 'integration', 'e2e']);

/**
 * The job an artifact's name points at: the one whose name shares the most words with it, every matrix value
 * (the words in the job name's parentheses) included; `undefined` on a tie or when nothing matches. A run with one
 * job name attributes everything to it.
 */
export function artifactJobHint(artifactName: string, jobNames: readonly string[]): string | undefined {
  const names = [...new Set(jobNames)];
  if (names.length === 1) return names[0];
  const artifactWords = new Set(words(artifactName).filter((w) => !GENERIC_WORDS.has(w)));
  if (artifactWords.size === 0) return undefined;
  let best: string | undefined;
  let bestScore = 0;
  let tie = false;
  for (const job of names) {
    const matrix = /\(([^()]*)\)\s*$/.exec(job)?.[1];
    if (matrix !== undefined && !words(matrix).every((w) => artifactWords.has(w))) continue;
    const score = new Set(words(job).filter((w) => !GENERIC_WORDS.has(w) && artifactWords.has(w))).size;
    if (score === 0) continue;
    if (score > bestScore) {
      best = job;
      bestScore = score;
      tie = false;
    } else if (score === bestScore) {
      tie = true;
    }
  }
  return tie ? undefined : best;
}

/**
 * Pages of a run's artifacts listed at most (100 artifacts each). Each page is a request GitHub counts, for every new
 * or changed run, and the API's `name` filter matches whole names only, so the report artifacts cannot be asked for
 * by themselves: a run of a large matrix (up to 500 artifacts a job) could cost hundreds of requests. GitHub's own
 * artifact client (actions/toolkit) lists at most 1,000 artifacts of a run as well.
 */
export const MAX_ARTIFACT_PAGES = 10;

/**
 * Downloads one artifact and reads every report file in it. Problems with it (expired, too large, a bad zip, a broken
 * report) are told in `errors`; a failed request other than 404/410 is thrown.
 */
export async function readArtifact(
  client: GitHubClient,
  owner: string,
  repo: string,
  artifact: ApiArtifact,
  limits: ZipLimits,
  options: ReadArtifactOptions,
): Promise<ArtifactReading> {
  const outcomes: TestOutcome[] = [];
  const errors: string[] = [];
  const files: ReportFileSummary[] = [];
  const done = () => ({ outcomes, errors, files });
  if (artifact.expired) {
    errors.push(`GitHub no longer keeps the artifact ${artifact.name}.`);
    return done();
  }
  if (artifact.size_in_bytes > limits.maxZipBytes) {
    errors.push(`The artifact ${artifact.name} is ${Math.round(artifact.size_in_bytes / 1048576)} MiB, more than the ${Math.round(limits.maxZipBytes / 1048576)} MiB that are read.`);
    return done();
  }
  const allowances = options.allowances ?? [];
  const refusedBy = allowances.find((a) => a.exceededBy(artifact.size_in_bytes));
  if (refusedBy) {
    refusedBy.leftOut++;
    errors.push(`The artifact ${artifact.name} was not read: ${refusedBy.reason()}.`);
    return { ...done(), refusedBy };
  }
  for (const allowance of allowances) allowance.spend(artifact.size_in_bytes);
  let zip: ArtifactZip;
  try {
    const download = await client.artifactZipStream(owner, repo, artifact.id, options.signal);
    // Bounded by the listed size (and a slack): the budgets were charged that, not the per-artifact cap.
    const listed = { listedBytes: artifact.size_in_bytes, ...(download.size !== undefined ? { announcedBytes: download.size } : {}) };
    const bytes = await readZipBytes(download.stream, downloadBound(artifact.size_in_bytes, limits.maxZipBytes), listed);
    const beyond = Number.isFinite(artifact.size_in_bytes) ? bytes.byteLength - artifact.size_in_bytes : bytes.byteLength;
    for (const allowance of allowances) allowance.spend(beyond);
    zip = await ArtifactZip.open(bytes, limits, allowances);
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 410) errors.push(`GitHub no longer keeps the artifact ${artifact.name}.`);
    else if (status === 404) errors.push(`GitHub has no artifact ${artifact.name} any more.`);
    else if (error instanceof ArtifactZipError) errors.push(`${artifact.name}: ${error.message}`);
    else if (refusedByStorage(error)) errors.push(`The artifact ${artifact.name} could not be downloaded (the storage GitHub keeps it in answered ${status}): its test reports were left out.`);
    else if (isDownloadFailure(error, status, options.signal)) {
      // As for a log: one download GitHub will not give now (a lasting 5xx, a connection cut mid-transfer) must not
      // stop the sync of every other run. A 401 or 403 concerns every request and is thrown.
      const why = status !== undefined && status >= 500 && !isNetworkFailure(error) ? `GitHub answered ${status}` : 'the download broke off';
      errors.push(`The artifact ${artifact.name} could not be downloaded (${why}): its test reports were left out.`);
    } else throw error;
    return done();
  }
  try {
    const maxCases = options.maxCases ?? DEFAULT_MAX_CASES;
    for (const entry of zip.entries) {
      if (entry.isDirectory || !isReportCandidate(entry.name)) continue;
      if (outcomes.length >= maxCases) {
        errors.push(`${artifact.name}: its reports hold more than ${maxCases} test results: ${entry.name} and the files after it were not read.`);
        break;
      }
      try {
        const sniffer = new ReportSniffer(entry.name, { maxCases: maxCases - outcomes.length });
        let isReport = true;
        for await (const chunk of zip.read(entry)) {
          if (!sniffer.push(chunk)) {
            isReport = false;
            break;
          }
        }
        const report = isReport ? sniffer.end() : undefined;
        if (!report) continue;
        // One at a time: spreading a report's outcomes into push() overflows the stack past ~120,000 of them.
        for (const outcome of report.outcomes) outcomes.push(outcome);
        files.push({ name: entry.name, format: report.format, dialect: report.dialect, outcomes: report.outcomes.length, complete: report.complete });
        for (const e of report.errors) errors.push(`${artifact.name}/${entry.name}: ${e}`);
      } catch (error) {
        if (!(error instanceof ArtifactZipError)) throw error;
        if (error.problem === 'allowance-spent' && error.allowance) return { outcomes: [], errors: [`${artifact.name}: ${error.message}`], files: [], refusedBy: error.allowance };
        errors.push(`${artifact.name}: ${error.message}`);
        // Past the total budget nothing more can be read; other problems concern one file only.
        if (error.problem === 'too-large' || error.problem === 'corrupt' || error.problem === 'allowance-spent') break;
      }
    }
  } finally {
    zip.close();
  }
  return done();
}

/**
 * A download that failed for this artifact alone: GitHub's 5xx, or a request or body that broke off (octokit tells a
 * request that got no answer as a 500 "fetch failed"; a body cut mid-transfer throws undici's "terminated").
 * Not a cancellation, not a 4xx, not an error of Flakelens's own.
 */
function isDownloadFailure(error: unknown, status: number | undefined, signal: AbortSignal | undefined): boolean {
  if (signal?.aborted || (error as { name?: string })?.name === 'AbortError') return false;
  if (status !== undefined) return status >= 500;
  return isNetworkFailure(error);
}
