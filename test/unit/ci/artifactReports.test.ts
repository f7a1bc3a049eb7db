// Reading one report artifact: a report file of any size the report parsers accept is read whole.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readArtifact } from '../../../src/ci/artifactReports';
import { DEFAULT_ZIP_LIMITS } from '../../../src/ci/artifactZip';
import type { GitHubClient } from '../../../src/ci/githubClient';
import { createZip } from '../../fakeGithub/zip';

/** A client that answers the artifact's download with `zip`, in one chunk. */
function clientOf(zip: Buffer): GitHubClient {
  return {
    artifactZipStream: async () =>
      (async function* () {
        yield zip;
      })(),
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
