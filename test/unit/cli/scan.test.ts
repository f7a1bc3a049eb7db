// End to end: the `flakelens scan` command against fake-GitHub histories of the sample repository, checked against
// each history's truth. Several histories (seeds, rates, run counts, matrices, which test regresses) so that the
// result does not hang on one fixture.
import assert from 'node:assert/strict';
import { basename, dirname } from 'node:path';
import { describe, test } from 'node:test';
import { generateFlakyHistory, type FlakyHistoryOptions } from '../../fakeGithub/scenarios';
import { startFakeGitHub } from '../../fakeGithub/server';
import { runnerCommands } from '../support/actionsRunner';
import { cli, SAMPLE } from '../support/cli';
import { actualKeys, expectedKeys } from '../support/scanTruth';
import { scratchDir } from '../support/scratchDir';


interface JsonTest {
  id: string;
  suite: string;
  framework: string;
  status: string;
  executions: number;
  failures: number;
  flakyFailures: number;
  flakeRate: number;
  interval: [number, number];
  byJob: { job: string; os: string; executions: number; failures: number; flakeRate: number }[];
  byOs: { os: string; executions: number; flakyFailures: number; flakeRate: number }[];
  category: string | null;
  evidence: string[];
  suggestion: string | null;
  lastFailure: { runId: number; jobId: number; url: string; message: string } | null;
  location: { file: string; line: number } | null;
}

const HISTORIES: { name: string; options: Partial<FlakyHistoryOptions> }[] = [
  { name: 'the default history (100 runs × 3 OSes)', options: { seed: 1 } },
  { name: 'another seed with 120 runs and no re-runs', options: { seed: 7, runs: 120, days: 35, rerunFraction: 0 } },
  {
    name: 'other rates, a late regression on Windows only, and cargo stopping at the first failing binary',
    options: {
      seed: 23,
      runs: 100,
      noFailFast: false,
      flaky: [
        { id: 'tls::tls_sample_application', rate: 0.1 },
        { id: 'TestPoll/timeout', rate: { windows: 0.25 } },
      ],
      regressions: [{ id: 'TestReadDirNames/sorted', from: 0.85, os: ['windows'] }],
    },
  },
];

for (const history of HISTORIES) {
  describe(`flakelens scan on ${history.name}`, () => {
    let json: { repository: string; window: { runs: number; branches: string[] }; requests: { total: number; notModified: number }; tests: JsonTest[] };
    let truth: ReturnType<typeof generateFlakyHistory>['truth'];

    test('the scan succeeds and prints the JSON contract', async () => {
      const generated = generateFlakyHistory({ seed: 1, ...history.options });
      truth = generated.truth;
      const gh = await startFakeGitHub(generated.state);
      try {
        const cache = scratchDir('cli');
        const result = await cli(['scan', '--repo', truth.repository, '--api-url', gh.url, '--workspace', SAMPLE, '--cache-dir', cache, '--days', '400', '--runs', String(truth.runs), '--format', 'json', '--all'], {
          GITHUB_TOKEN: 'fake-token',
        });
        assert.equal(result.code, 0, result.stderr);
        json = JSON.parse(result.stdout);
      } finally {
        await gh.close();
      }
      assert.equal(json.repository, truth.repository);
      assert.equal(json.window.runs, truth.runs);
      assert.deepEqual(json.window.branches, [truth.defaultBranch]);
      assert.ok(json.requests.total > 0);
      for (const t of json.tests) {
        for (const key of ['id', 'suite', 'framework', 'status', 'executions', 'failures', 'flakyFailures', 'flakeRate', 'interval', 'byJob', 'category', 'evidence', 'suggestion', 'lastFailure', 'location']) {
          assert.ok(key in t, `test ${t.id} lacks ${key}`);
        }
      }
    });

    test('exactly the truly flaky tests are flaky, and the failing ones failing', () => {
      // A Go parent whose only failures come from its flaky subtest is not flaky itself: the subtest is.
      assert.deepEqual(actualKeys(json.tests, 'flaky'), expectedKeys(truth.tests, 'flaky'));
      assert.deepEqual(actualKeys(json.tests, 'failing'), expectedKeys(truth.tests, 'failing'));
      const stable = json.tests.filter((t) => t.status === 'stable').length;
      assert.ok(stable >= 15, `${stable} stable tests`);
    });

    test('each flaky test\'s true rate lies within its reported interval, with the sample beside it', () => {
      for (const t of truth.tests.filter((x) => x.expected === 'flaky' && !x.failsWith)) {
        const found = json.tests.find((x) => x.id === t.id && x.suite === t.suite);
        assert.ok(found, t.id);
        assert.ok(found.executions >= truth.runs, `${t.id}: ${found.executions} executions`);
        assert.ok(t.rate !== undefined);
        assert.ok(found.interval[0] <= t.rate && t.rate <= found.interval[1], `${t.id}: true rate ${t.rate} outside [${found.interval}] (measured ${found.flakeRate})`);
      }
    });

    test('a test that flakes on one OS only shows it in the per-job and per-OS breakdown', () => {
      for (const t of truth.tests.filter((x) => x.expected === 'flaky' && !x.failsWith && x.rateByOs)) {
        const found = json.tests.find((x) => x.id === t.id && x.suite === t.suite);
        assert.ok(found);
        for (const [os, rate] of Object.entries(t.rateByOs ?? {})) {
          const measured: JsonTest["byOs"][number] | undefined = found.byOs.find((o) => o.os === os);
          if (rate === 0) {
            assert.equal(measured?.flakyFailures ?? 0, 0, `${t.id} on ${os}`);
          } else {
            assert.ok((measured?.flakyFailures ?? 0) > 0, `${t.id} on ${os}`);
          }
        }
        const jobsWithFlakes = found.byJob.filter((j) => j.flakeRate > 0).map((j) => j.os);
        const osesWithFlakes = Object.entries(t.rateByOs ?? {}).filter(([, r]) => (r ?? 0) > 0).map(([os]) => os);
        assert.deepEqual([...new Set(jobsWithFlakes)].sort(), osesWithFlakes.sort());
      }
    });

    test('every flaky and failing test is placed at its function\'s line', () => {
      for (const t of truth.tests.filter((x) => x.expected !== 'stable' && !x.failsWith)) {
        const found = json.tests.find((x) => x.id === t.id && x.suite === t.suite);
        assert.deepEqual(found?.location, { file: t.file, line: t.line }, t.id);
      }
    });

    test('the anchor cases get their causes: network with the example.com line, timing for the poll test', () => {
      const tls = json.tests.find((t) => t.id === 'tls::tls_sample_application');
      assert.equal(tls?.category, 'network');
      assert.ok(tls?.evidence.some((e) => e.includes('example.com')), JSON.stringify(tls?.evidence));
      assert.match(tls?.suggestion ?? '', /host/i);
      const poll = json.tests.find((t) => t.id === 'TestPoll/timeout');
      assert.equal(poll?.category, 'timing');
      assert.match(poll?.suggestion ?? '', /tolerance|granularity/i);
      assert.match(tls?.lastFailure?.url ?? '', /^https:\/\/github\.com\/acme\/sample\/actions\/runs\/\d+\/job\/\d+$/);
    });
  });
}

describe('flakelens scan errors', () => {
  test('a missing --repo is a usage error with one line on stderr', async () => {
    const result = await cli(['scan']);
    assert.equal(result.code, 2);
    assert.equal(result.stderr.trim().split('\n').length, 1);
    assert.match(result.stderr, /--repo/);
  });

  test('an unknown repository exits non-zero with a one-line reason', async () => {
    const { state } = generateFlakyHistory({ seed: 1, runs: 3 });
    const gh = await startFakeGitHub(state);
    try {
      const result = await cli(['scan', '--repo', 'acme/missing', '--api-url', gh.url, '--cache-dir', scratchDir('cli')], { GITHUB_TOKEN: 'x' });
      assert.equal(result.code, 1);
      assert.equal(result.stderr.trim().split('\n').length, 1);
      assert.match(result.stderr, /acme\/missing/);
      assert.equal(result.stdout, '');
    } finally {
      await gh.close();
    }
  });

  test('the table format names the flaky tests with their rates and places', async () => {
    const { state } = generateFlakyHistory({ seed: 3, runs: 40 });
    const gh = await startFakeGitHub(state);
    try {
      const result = await cli(['scan', '--repo', 'acme/sample', '--api-url', gh.url, '--workspace', SAMPLE, '--days', '400', '--cache-dir', scratchDir('cli')], { GH_TOKEN: 'x' });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /⚠ flaky \d+% \(\d+\/\d+\)\s.*tls::tls_sample_application.*tests\/all\/tls\.rs:\d+/);
      assert.match(result.stdout, /windows \d+% \(\d+\/\d+\).*TestPoll\/timeout/);
    } finally {
      await gh.close();
    }
  });
});

describe('flakelens scan --format github', () => {
  test('each flaky test is a warning and each failing test an error, at its line from the repository root', async () => {
    const { state } = generateFlakyHistory({ seed: 3, runs: 40, regressions: [{ id: 'TestReadDirNames/sorted', from: 0.5, os: ['windows'] }] });
    const gh = await startFakeGitHub(state);
    try {
      const cache = scratchDir('cli');
      const args = ['scan', '--repo', 'acme/sample', '--api-url', gh.url, '--workspace', SAMPLE, '--days', '400', '--cache-dir', cache];
      const json = await cli([...args, '--format', 'json'], { GH_TOKEN: 'x' });
      assert.equal(json.code, 0, json.stderr);
      const tests = (JSON.parse(json.stdout) as { tests: JsonTest[] }).tests.filter((t) => t.status !== 'stable');
      assert.ok(tests.some((t) => t.status === 'flaky') && tests.some((t) => t.status === 'failing'), JSON.stringify(tests.map((t) => [t.id, t.status])));
      // The sample checked out as a folder of the repository: GitHub places annotations by the path from its root.
      const result = await cli([...args, '--format', 'github'], { GH_TOKEN: 'x', GITHUB_WORKSPACE: dirname(SAMPLE) });
      assert.equal(result.code, 0, result.stderr);
      const commands = runnerCommands(result.stdout);
      assert.deepEqual(
        commands.map((c) => `${c.command} ${c.properties.file}:${c.properties.line} ${c.data.split(' ')[0]}`).sort(),
        tests.map((t) => `${t.status === 'failing' ? 'error' : 'warning'} ${basename(SAMPLE)}/${t.location?.file}:${t.location?.line} ${t.id}`).sort(),
      );
      const tls = commands.find((c) => c.data.startsWith('tls::tls_sample_application '));
      const tlsJson = tests.find((t) => t.id === 'tls::tls_sample_application');
      assert.equal(tls?.properties.title, `Flaky test: ${Math.round((tlsJson?.flakeRate ?? 0) * 100)}% (${tlsJson?.flakyFailures}/${tlsJson?.executions})`);
      assert.match(tls?.data ?? '', /Likely cause: network\..*95% interval/);
      assert.match(tls?.data ?? '', /\nSuggestion: .*host/i);
      assert.match(tls?.data ?? '', /\nLast failure: https:\/\/github\.com\/acme\/sample\/actions\/runs\/\d+\/job\/\d+$/);
      const failing = commands.find((c) => c.command === 'error');
      assert.match(failing?.data ?? '', /fails in CI on every run since \w{7}\. .*This is not flakiness: it needs a fix\./);
    } finally {
      await gh.close();
    }
  });
});
