// End to end: `flakelens scan` against fake-GitHub histories of projects in other ecosystems (test/fakeGithub/
// otherRunners.ts), checked against each history's truth: a pytest project whose runner reruns failures
// (pytest-rerunfailures), a jest project that uploads jest-junit reports (some of them expired), and a Rust project
// tested with cargo-nextest retries.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generateRunnerHistory, type RunnerHistoryOptions, type RunnerTruth } from '../../fakeGithub/otherRunners';
import { startFakeGitHub } from '../../fakeGithub/server';
import { cli } from '../support/cli';
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
  byOs: { os: string; executions: number; flakyFailures: number; flakeRate: number }[];
}

interface ScanJson {
  repository: string;
  window: { runs: number };
  requests: { total: number; notModified: number };
  tests: JsonTest[];
}

async function scan(options: RunnerHistoryOptions): Promise<{ json: ScanJson; truth: RunnerTruth; requests: string[] }> {
  const { state, truth } = generateRunnerHistory(options);
  const gh = await startFakeGitHub(state);
  try {
    const args = ['scan', '--repo', truth.repository, '--api-url', gh.url, '--cache-dir', scratchDir('runners'), '--days', '400', '--runs', String(truth.runs), '--format', 'json', '--all'];
    const { code, stdout, stderr } = await cli(args, { GITHUB_TOKEN: 'fake-token' });
    assert.equal(code, 0, stderr);
    return { json: JSON.parse(stdout) as ScanJson, truth, requests: gh.requests.map((r) => r.path) };
  } finally {
    await gh.close();
  }
}

const HISTORIES: { name: string; options: RunnerHistoryOptions; confirmedByRunner: boolean }[] = [
  { name: 'a pytest project with pytest-rerunfailures (RERUN)', options: { runner: 'pytest', seed: 1 }, confirmedByRunner: true },
  { name: 'a pytest project, another seed, two reruns', options: { runner: 'pytest', seed: 4, runs: 80, retries: 2 }, confirmedByRunner: true },
  { name: 'a jest project with jest-junit report artifacts, the oldest expired', options: { runner: 'jest', seed: 2, expiredReportRuns: 20 }, confirmedByRunner: false },
  { name: 'a nextest project with retries (TRY 2 PASS)', options: { runner: 'nextest', seed: 3 }, confirmedByRunner: true },
];

for (const history of HISTORIES) {
  describe(`flakelens scan on ${history.name}`, () => {
    let result: Awaited<ReturnType<typeof scan>>;

    test('the scan succeeds', async () => {
      result = await scan(history.options);
      assert.equal(result.json.repository, result.truth.repository);
      assert.equal(result.json.window.runs, result.truth.runs);
    });

    test('exactly the truly flaky tests are flaky, and no test is failing', () => {
      const key = (t: { suite: string; id: string }) => `${t.suite} | ${t.id}`;
      const expected = result.truth.tests.filter((t) => t.expected === 'flaky').map(key).sort();
      assert.ok(expected.length >= 2, 'the history has flaky tests');
      assert.deepEqual(result.json.tests.filter((t) => t.status === 'flaky').map(key).sort(), expected);
      assert.deepEqual(result.json.tests.filter((t) => t.status === 'failing').map(key), []);
    });

    test('every test that ran is listed once, under the id its runner prints; skipped ones are not', () => {
      const listed = result.json.tests.map((t) => `${t.framework} | ${t.suite} | ${t.id}`).sort();
      assert.deepEqual(listed, result.truth.tests.map((t) => `${t.framework} | ${t.suite} | ${t.id}`).sort());
      for (const skipped of result.truth.skipped) assert.ok(!result.json.tests.some((t) => t.id === skipped.id), skipped.id);
    });

    test('every failed first try is counted once, retried into a pass or not, and the true rate lies in the interval', () => {
      for (const t of result.truth.tests.filter((x) => x.expected === 'flaky')) {
        const found = result.json.tests.find((x) => x.id === t.id && x.suite === t.suite);
        assert.ok(found, t.id);
        assert.equal(found.failures, t.failures, `${t.id}: failures`);
        assert.ok(found.executions >= result.truth.runs, `${t.id}: ${found.executions} executions`);
        assert.ok(t.rate !== undefined);
        assert.ok(found.interval[0] <= t.rate && t.rate <= found.interval[1], `${t.id}: true rate ${t.rate} outside [${found.interval}] (measured ${found.flakeRate})`);
        for (const [os, rate] of Object.entries(t.rateByOs ?? {})) {
          const measured: JsonTest['byOs'][number] | undefined = found.byOs.find((o) => o.os === os);
          assert.equal((measured?.flakyFailures ?? 0) > 0, (rate ?? 0) > 0, `${t.id} on ${os}`);
        }
      }
    });

    if (history.confirmedByRunner) {
      test('the runner’s own retries are seen in jobs that passed: their logs are read', () => {
        const retried = result.truth.tests.reduce((n, t) => n + t.retriedPasses, 0);
        assert.ok(retried > 0, 'the history has runner-confirmed flakes');
        for (const t of result.truth.tests) {
          const found = result.json.tests.find((x) => x.id === t.id && x.suite === t.suite);
          assert.equal(found?.executions, t.executions, `${t.id}: executions`);
        }
      });
    } else {
      test('the reports were read, and only for the runs whose logs were', () => {
        const zips = result.requests.filter((p) => /\/artifacts\/\d+\/zip/.test(p)).length;
        const logs = result.requests.filter((p) => /\/jobs\/\d+\/logs/.test(p)).length;
        assert.ok(zips > 0 && zips <= logs, `${zips} reports for ${logs} logs`);
        const listings = result.requests.filter((p) => /\/runs\/\d+\/artifacts/.test(p)).length;
        assert.ok(listings < result.truth.runs, `${listings} artifact listings for ${result.truth.runs} runs`);
      });
    }
  });
}
