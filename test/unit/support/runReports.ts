// Every report artifact of one run, read as the sync reads them (listReportArtifacts, then readArtifact for each),
// each with the job its name points at: what the artifact tests check, one run at a time.
import { artifactJobHint, readArtifact, type ArtifactReading } from '../../../src/ci/artifactReports';
import { DEFAULT_ZIP_LIMITS, type ZipLimits } from '../../../src/ci/artifactZip';
import type { GitHubClient } from '../../../src/ci/githubClient';
import { listReportArtifacts } from '../../../src/ci/jobReports';

export interface RunArtifactReports extends ArtifactReading {
  readonly artifactId: number;
  readonly name: string;
  /** The job (its name, matrix values included) the artifact's name points at; absent when it is not clear. */
  readonly jobHint?: string;
}

export async function readRunReports(
  client: GitHubClient,
  owner: string,
  repo: string,
  runId: number,
  options: { readonly jobs?: readonly { readonly name: string }[]; readonly limits?: Partial<ZipLimits> } = {},
): Promise<RunArtifactReports[]> {
  const listing = await listReportArtifacts(client, owner, repo, runId, undefined);
  if (!listing.modified) return [];
  const limits: ZipLimits = { ...DEFAULT_ZIP_LIMITS, ...options.limits };
  const jobNames = (options.jobs ?? []).map((j) => j.name);
  return Promise.all(
    listing.artifacts.map(async (a) => {
      const jobHint = jobNames.length > 0 ? artifactJobHint(a.name, jobNames) : undefined;
      const read = await readArtifact(client, owner, repo, { id: a.id, name: a.name, size_in_bytes: a.sizeInBytes, expired: a.expired }, limits, {});
      return { artifactId: a.id, name: a.name, ...(jobHint !== undefined ? { jobHint } : {}), ...read };
    }),
  );
}
