// Reading report artifacts: a report file of any size the report parsers accept is read whole, and the test
// results read from one artifact, and from one job's artifacts, are bounded as a whole.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readArtifact } from '../../../src/ci/artifactReports';
import { readJobReports } from '../../../src/ci/jobReports';
import type { StoredJob } from '../../../src/core/model';
import { DEFAULT_ZIP_LIMITS, downloadBound, ReadAllowance } from '../../../src/ci/artifactZip';
import type { GitHubClient } from '../../../src/ci/githubClient';
import { createZip } from '../../fakeGithub/zip';
import { incompressibleBytes } from '../support/seededRandom';

/** A client that answers the artifact's download with `zip`, in one chunk, its size untold. */
function clientOf(zip: Buffer): GitHubClient {
  return {
    artifactZipStream: async () => ({
      stream: (async function* () {
        yield zip;
      })(),
    }),
  } as unknown as GitHubClient;
}

test('a report of 200,000 test cases in one file is read whole (it overflowed the stack past ~120,000)', async () => {
  const cases = 200_000;
  const body: string[] = [];
  for (let i = 0; i < cases; i++) body.push(`<testcase classname="tests.test_a" name="test_${i}" time="0.001"/>`);
  const zip = createZip([{ name: 'junit.xml', content: `<?xml version="1.0"?><testsuite name="pytest" tests="${cases}">${body.join('')}</testsuite>` }]);
  const read = await readArtifact(clientOf(zip), 'acme', 'sample', { id: 1, name: 'test-results', size_in_bytes: zip.length, expired: false }, DEFAULT_ZIP_LIMITS, {});
  assert.equal(read.outcomes.length, cases);
  assert.deepEqual(read.errors, []);
  assert.equal(read.outcomes[cases - 1]?.id, `tests/test_a.py::test_${cases - 1}`);
});

/** A pytest JUnit report of `cases` passing tests named `test_<prefix><i>`. */
function pytestReport(prefix: string, cases: number): string {
  const body = Array.from({ length: cases }, (_, i) => `<testcase classname="tests.test_a" name="test_${prefix}${i}"/>`).join('');
  return `<?xml version="1.0"?><testsuite name="pytest" tests="${cases}">${body}</testsuite>`;
}

test('the test results of one artifact are bounded for all its files together (a small zip of many full files held millions)', async () => {
  const zip = createZip(['a', 'b', 'c'].map((p) => ({ name: `junit-${p}.xml`, content: pytestReport(p, 8) })));
  const read = await readArtifact(clientOf(zip), 'acme', 'sample', { id: 1, name: 'test-results', size_in_bytes: zip.length, expired: false }, DEFAULT_ZIP_LIMITS, { maxCases: 10 });
  assert.equal(read.outcomes.length, 10);
  assert.deepEqual(read.errors, [
    'test-results/junit-b.xml: The JUnit XML report has more than 2 test cases: the rest was not read.',
    'test-results: its reports hold more than 10 test results: junit-c.xml and the files after it were not read.',
  ]);
});

test('the test results of one job’s artifacts are bounded together', async () => {
  const zips = new Map([1, 2, 3].map((id) => [id, createZip([{ name: 'junit.xml', content: pytestReport(`a${id}_`, 8) }])]));
  const client = {
    artifactZipStream: async (_owner: string, _repo: string, id: number) => ({
      stream: (async function* () {
        yield zips.get(id) as Buffer;
      })(),
    }),
  } as unknown as GitHubClient;
  const job = { id: 7, runId: 1, runAttempt: 1, name: 'test', workflowName: 'CI', labels: [], conclusion: 'failure', startedAt: null, completedAt: null, url: '', steps: [], logState: 'pending', outcomes: [] } satisfies StoredJob;
  const artifacts = [1, 2, 3].map((id) => ({ id, name: `test-results-${id}`, sizeInBytes: 1000, expired: false }));
  const reports = await readJobReports(client, 'acme', 'sample', { jobs: [job] }, artifacts, new Set([7]), { maxCases: 10 });
  const read = reports.byJob.get(7);
  assert.equal(read?.outcomes.length, 10);
  assert.ok(read?.problems.some((p) => /^The test reports of this job hold more than 10 results/.test(p)), JSON.stringify(read?.problems));
});

/** A client whose download of every artifact is `zip`, in 64 KiB chunks, its size untold; `pulled` counts the bytes read. */
function chunkedClient(zip: Buffer): { client: GitHubClient; pulled: () => number } {
  let pulled = 0;
  const client = {
    artifactZipStream: async () => ({
      stream: (async function* () {
        for (let at = 0; at < zip.length; at += 65_536) {
          const chunk = zip.subarray(at, at + 65_536);
          pulled += chunk.length;
          yield chunk;
        }
      })(),
    }),
  } as unknown as GitHubClient;
  return { client, pulled: () => pulled };
}

test('a download that goes past its listed size (and the slack) stops there, and the artifact is left out naming both sizes', async () => {
  const zip = createZip([
    { name: 'junit.xml', content: pytestReport('a', 8) },
    { name: 'trace.bin', content: incompressibleBytes(4 * 1024 * 1024) },
  ]);
  assert.ok(zip.length > 3 * 1024 * 1024, 'the zip holds the noise');
  const { client, pulled } = chunkedClient(zip);
  const run = new ReadAllowance(64 * 1024 * 1024, 'run');
  const read = await readArtifact(client, 'acme', 'sample', { id: 1, name: 'test-results', size_in_bytes: 100 * 1024, expired: false }, DEFAULT_ZIP_LIMITS, { allowances: [run] });
  assert.deepEqual(read.outcomes, []);
  assert.deepEqual(read.errors, ["test-results: The artifact's listing gives 100 KiB, but its download passed 1.1 MiB, where reading stopped: it was not read."]);
  const bound = downloadBound(100 * 1024, DEFAULT_ZIP_LIMITS.maxZipBytes);
  assert.ok(pulled() <= bound + 65_536, `read ${pulled()} bytes of ${zip.length}`);
});

test('a download a little larger than its listed size (an upload-artifact v3 zip) is read, and the allowances are charged what came', async () => {
  const zip = createZip([{ name: 'junit.xml', content: pytestReport('a', 8) }]);
  const run = new ReadAllowance(64 * 1024 * 1024, 'run');
  const read = await readArtifact(chunkedClient(zip).client, 'acme', 'sample', { id: 1, name: 'test-results', size_in_bytes: zip.length - 100, expired: false }, DEFAULT_ZIP_LIMITS, { allowances: [run] });
  assert.equal(read.outcomes.length, 8);
  assert.deepEqual(read.errors, []);
  assert.equal(run.limit - run.left, zip.length + Buffer.byteLength(pytestReport('a', 8)), 'the download as it came, and what it inflated to');
});
