// A format forced by the user: `logFormatsOf` (the setting's and the CLI's values), `flakelens parse --log-format`,
// and the sync's `readJobLog`, which hands the forced formats to its JobLogReader.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { GitHubClient } from '../../../src/ci/githubClient';
import { readJobLog } from '../../../src/ci/sync';
import { logFormatsOf, parseJobLog } from '../../../src/core/logs/jobLogReader';
import type { StoredJob } from '../../../src/core/model';
import { cli } from '../support/cli';
import { fixtureBytes, fixturePath } from './logFixtures';

describe('logFormatsOf', () => {
  test('reads lists, repeated values and case, drops duplicates, and sets apart what is no format', () => {
    assert.deepEqual(logFormatsOf(['pytest', ' Jest ,vitest', 'pytest', '', 42, 'cobol']), { formats: ['pytest', 'jest', 'vitest'], unknown: ['cobol'] });
    assert.deepEqual(logFormatsOf([]), { formats: [], unknown: [] });
  });
});

describe('flakelens parse --log-format', () => {
  const mixed = fixturePath('github-mixed.log');

  test('without it every format found is read', async () => {
    const result = await cli(['parse', mixed, '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout) as { files: { frameworks: string[] }[] };
    assert.deepEqual(json.files[0]?.frameworks, ['libtest', 'gotest']);
  });

  test('with it only the forced formats are read, as the reader forced to them reads them', async () => {
    const result = await cli(['parse', mixed, '--log-format', 'gotest', '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout) as { files: { framework: string; frameworks: string[]; outcomes: { id: string }[] }[] };
    const file = json.files[0];
    assert.deepEqual(file?.frameworks, ['gotest']);
    assert.equal(file?.framework, 'gotest');
    const expected = parseJobLog(fixtureBytes('github-mixed.log'), { formats: ['gotest'] }).outcomes;
    assert.deepEqual(
      file?.outcomes.map((o) => o.id),
      expected.map((o) => o.id),
    );
    const both = await cli(['parse', mixed, '--log-format', 'gotest,libtest']);
    assert.equal(both.code, 0, both.stderr);
    assert.match(both.stdout, /\(libtest, gotest\)/);
  });

  test('an unknown format is a usage error with the formats known', async () => {
    const result = await cli(['parse', mixed, '--log-format', 'cobol']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--log-format must be among nextest, libtest, .*cobol/);
    assert.equal(result.stderr.trim().split('\n').length, 1);
  });
});

describe("the sync's readJobLog", () => {
  const job: StoredJob = {
    id: 7,
    runId: 1,
    runAttempt: 1,
    name: 'test',
    workflowName: 'CI',
    labels: [],
    conclusion: 'success',
    startedAt: null,
    completedAt: null,
    url: '',
    steps: [],
    logState: 'pending',
    outcomes: [],
  };
  const client = {
    jobLogStream: async () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(fixtureBytes('github-mixed.log'));
          controller.close();
        },
      }),
  } as unknown as GitHubClient;

  test('reads every format found unless formats are forced', async () => {
    const detected = await readJobLog(client, 'o', 'r', job, 1 << 20, undefined);
    assert.deepEqual([...new Set(detected.outcomes.map((o) => o.framework))], ['libtest', 'gotest']);
    const forced = await readJobLog(client, 'o', 'r', job, 1 << 20, undefined, ['libtest']);
    assert.deepEqual([...new Set(forced.outcomes.map((o) => o.framework))], ['libtest']);
    assert.deepEqual(forced.outcomes, parseJobLog(fixtureBytes('github-mixed.log'), { formats: ['libtest'] }).outcomes);
    const none = await readJobLog(client, 'o', 'r', job, 1 << 20, undefined, []);
    assert.deepEqual(none.outcomes, detected.outcomes);
  });
});
