// The sync reads the test reports that the jobs whose logs it reads uploaded as artifacts, against the fake GitHub:
// which artifacts it lists and downloads, which job each report belongs to, and which source wins per job.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GitHubClient } from '../../../src/ci/githubClient';
import { HistoryStore } from '../../../src/ci/historyStore';
import { DEFAULT_ZIP_LIMITS, downloadBound } from '../../../src/ci/artifactZip';
import { ByteBudget } from '../../../src/ci/boundedParallel';
import { attributeArtifacts } from '../../../src/ci/jobReports';
import { SHARED_ARTIFACT_BUDGET, syncHistory, withLaterReports, withReports, type SyncOptions, type SyncResult } from '../../../src/ci/sync';
import { collectExecutions } from '../../../src/core/history/executions';
import type { StoredJob } from '../../../src/core/model';
import { attachJUnitReports, junitArtifactName } from '../../fakeGithub/junitReports';
import { generateFlakyHistory } from '../../fakeGithub/scenarios';
import { startFakeGitHub, type FakeGitHub, type HeldDownload } from '../../fakeGithub/server';
import { addArtifact, addAttempt, addRepo, addRun, addWorkflow, createState, type FakeGitHubState, type FakeRepo, type FakeRun } from '../../fakeGithub/state';
import { createZip } from '../../fakeGithub/zip';
import { NOW } from '../support/fakeGitHubSession';
import { scratchDir } from '../support/scratchDir';
import { incompressibleBytes } from '../support/seededRandom';

const REPORTS = join(__dirname, '..', '..', 'fixtures', 'reports');
const report = (name: string): string => readFileSync(join(REPORTS, name), 'utf8');

interface Harness {
  readonly gh: FakeGitHub;
  sync(options?: Partial<SyncOptions>): Promise<SyncResult>;
  close(): Promise<void>;
}

async function harness(state: FakeGitHubState, repository = 'acme/shop'): Promise<Harness> {
  const gh = await startFakeGitHub(state);
  const client = new GitHubClient({ apiUrl: gh.url, token: async () => 'ghp_reports', retryDelayScale: 1, maxRateLimitWait: 0 });
  const store = new HistoryStore(scratchDir('reports'), gh.url, repository);
  const [owner, repo] = repository.split('/') as [string, string];
  return {
    gh,
    sync: (options = {}) => syncHistory(client, store, { owner, repo, maxRuns: 100, maxDays: 60, now: NOW, ...options }),
    close: () => gh.close(),
  };
}

const JEST_LOG = [
  '2026-10-02T08:30:00.1000000Z ##[group]Run npx jest --ci',
  '2026-10-02T08:30:00.1000000Z npx jest --ci',
  '2026-10-02T08:30:00.1000000Z ##[endgroup]',
  '2026-10-02T08:30:02.1000000Z PASS src/format.test.ts',
  '2026-10-02T08:30:03.1000000Z FAIL src/cart.test.ts',
  '2026-10-02T08:30:03.1000000Z   ● Cart › totals with a coupon › applies 10%',
  '2026-10-02T08:30:03.1000000Z ',
  '2026-10-02T08:30:03.1000000Z     expect(received).toBe(expected) // Object.is equality',
  '2026-10-02T08:30:03.1000000Z ',
  '2026-10-02T08:30:03.1000000Z     Expected: 90',
  '2026-10-02T08:30:03.1000000Z     Received: 100',
  '2026-10-02T08:30:03.1000000Z ',
  '2026-10-02T08:30:03.1000000Z       at Object.<anonymous> (src/cart.test.ts:31:28)',
  '2026-10-02T08:30:03.1000000Z ',
  '2026-10-02T08:30:03.2000000Z Test Suites: 1 failed, 1 passed, 2 total',
  '2026-10-02T08:30:03.3000000Z ##[error]Process completed with exit code 1.',
  '',
].join('\n');

const PYTEST_QUIET_LOG = [
  '##[group]Run pytest -q --reruns 2 --junitxml=report.xml',
  '##[endgroup]',
  '============================= test session starts ==============================',
  'collected 2 items',
  '',
  'tests/test_random.py RR..                                                [100%]',
  '',
  '========================= 2 passed, 2 rerun in 0.09s ==========================',
  '',
].join('\n');

interface Built {
  readonly state: FakeGitHubState;
  readonly repo: FakeRepo;
  readonly runs: FakeRun[];
}

/** A repository with one workflow and hand-written runs of one or two jobs. */
function handRuns(specs: readonly { readonly jobs: readonly { name: string; conclusion: 'success' | 'failure'; log: string; logExpired?: boolean }[] }[]): Built {
  const state = createState({ now: '2026-10-20T12:00:00Z' });
  const repo = addRepo(state, { owner: 'acme', name: 'shop' });
  const workflow = addWorkflow(state, repo, { name: 'CI', path: '.github/workflows/ci.yml' });
  const runs = specs.map((spec, index) => {
    const at = Date.UTC(2026, 9, 2 + index, 8, 30);
    return addRun(state, repo, {
      workflow,
      createdAt: new Date(at).toISOString().replace('.000Z', 'Z'),
      jobs: spec.jobs.map((job) => ({
        name: job.name,
        conclusion: job.conclusion,
        startedAt: new Date(at + 5000).toISOString().replace('.000Z', 'Z'),
        completedAt: new Date(at + 65_000).toISOString().replace('.000Z', 'Z'),
        log: job.log,
        ...(job.logExpired ? { logExpired: true } : {}),
      })),
    });
  });
  return { state, repo, runs };
}

function jobsOf(result: SyncResult): StoredJob[] {
  return result.state.history.runs.flatMap((r) => r.jobs);
}

/**
 * The sources of the frameworks a test is about. (gotestsum's parser also reads jest's `PASS src/a.test.ts` as a Go
 * package line, an empty suite-level result that names no test: it is left out here.)
 */
function sources(job: StoredJob | undefined, ...frameworks: string[]): unknown {
  return job?.outcomeSources?.filter((s) => frameworks.includes(s.framework));
}

function outcomesOf(job: StoredJob | undefined, framework: string): StoredJob['outcomes'] {
  return (job?.outcomes ?? []).filter((o) => o.framework === framework);
}

describe('reports beside the logs of the sample history', () => {
  let h: Harness;
  let state: FakeGitHubState;
  let first: SyncResult;

  before(async () => {
    state = generateFlakyHistory({ seed: 5, runs: 12 }).state;
    attachJUnitReports(state);
    // Artifacts that are not reports are never downloaded.
    const repo = state.repos[0] as FakeRepo;
    for (const run of repo.runs) addArtifact(state, repo, run, { name: 'coverage-lcov', files: [{ name: 'lcov.info', content: 'TN:\n' }] });
    h = await harness(state, 'acme/sample');
    first = await h.sync();
  });
  after(() => h.close());

  test('only the runs with a log to read have their artifacts listed, once each', () => {
    const listings = h.gh.requests.filter((r) => /\/actions\/runs\/\d+\/artifacts/.test(r.path));
    const runsRead = new Set(jobsOf(first).filter((j) => j.logState === 'parsed').map((j) => j.runId));
    assert.equal(listings.length, runsRead.size);
    assert.deepEqual(new Set(listings.map((r) => Number(/runs\/(\d+)\/artifacts/.exec(r.path)?.[1]))), runsRead);
  });

  test('only the reports of the jobs whose logs are read are downloaded, and no coverage artifact', () => {
    const repo = state.repos[0] as FakeRepo;
    const downloads = h.gh.requests.filter((r) => /\/actions\/artifacts\/\d+\/zip/.test(r.path)).map((r) => Number(/artifacts\/(\d+)\/zip/.exec(r.path)?.[1]));
    const names = downloads.map((id) => repo.artifacts.find((a) => a.id === id)?.name);
    assert.ok(names.every((n) => n?.startsWith('junit-')), names.join(', '));
    const readJobs = jobsOf(first).filter((j) => j.logState === 'parsed');
    const expected = readJobs.filter((j) => j.outcomes.some((o) => o.framework === 'gotest')).map((j) => junitArtifactName(j.name, j.runAttempt));
    assert.deepEqual(names.slice().sort(), expected.sort());
    assert.equal(first.reportsRead, downloads.length);
  });

  test('a report that says what the log says leaves the log’s outcomes, marked as from the log', () => {
    for (const job of jobsOf(first).filter((j) => j.logState === 'parsed' && j.outcomes.some((o) => o.framework === 'gotest'))) {
      const gotest = job.outcomeSources?.find((s) => s.framework === 'gotest');
      assert.deepEqual(gotest, { framework: 'gotest', source: 'log' }, `job ${job.id}`);
    }
  });

  test('no test is counted twice: the executions are those of a sync without reports', async () => {
    const plain = await harness(generateFlakyHistory({ seed: 5, runs: 12 }).state, 'acme/sample');
    try {
      const without = await plain.sync({ readReports: false });
      const count = (r: SyncResult) => [...collectExecutions(r.state.history.runs).tests.values()].map((t) => `${t.key} ${t.executions.map((e) => e.outcome).join(',')}`).sort();
      assert.deepEqual(count(first), count(without));
      assert.equal(plain.gh.requests.filter((r) => r.path.includes('/artifacts')).length, 0);
    } finally {
      await plain.close();
    }
  });

  test('an unchanged history lists no artifacts again', async () => {
    h.gh.resetRequests();
    const again = await h.sync();
    assert.ok(again.requests.total <= 2);
    assert.equal(h.gh.requests.filter((r) => r.path.includes('/artifacts')).length, 0);
  });
});

describe('the richer source wins, per job and framework', () => {
  test('a jest-junit report naming every test beats a log that names only the failure', async () => {
    const built = handRuns([{ jobs: [{ name: 'test', conclusion: 'failure', log: JEST_LOG }] }]);
    addArtifact(built.state, built.repo, built.runs[0] as FakeRun, { name: 'jest-results', files: [{ name: 'reports/junit.xml', content: report('jest-junit-default.xml') }] });
    const h = await harness(built.state);
    try {
      const [job] = jobsOf(await h.sync());
      assert.deepEqual(sources(job, 'jest'), [{ framework: 'jest', source: 'report', artifacts: ['jest-results'] }]);
      assert.deepEqual(
        outcomesOf(job, 'jest').map((o) => `${o.suite} | ${o.id} | ${o.outcome}`),
        [
          'src/cart.test.ts | Cart adds an item | pass',
          'src/cart.test.ts | Cart totals with a coupon applies 10% | fail',
          'src/cart.test.ts | Cart removes an item | pass',
          'src/cart.test.ts | Cart persists to storage | skip',
          'src/format.test.ts | formatPrice formats ¥ without decimals | pass',
        ],
      );
      assert.match(outcomesOf(job, 'jest')[1]?.message ?? '', /Expected: 90/);
    } finally {
      await h.close();
    }
  });

  test('a report with the runner’s retries beats a log without them', async () => {
    const built = handRuns([{ jobs: [{ name: 'pytest', conclusion: 'success', log: PYTEST_QUIET_LOG }] }]);
    addArtifact(built.state, built.repo, built.runs[0] as FakeRun, { name: 'pytest-report', files: [{ name: 'report.xml', content: report('pytest-flakyfailure.xml') }] });
    const h = await harness(built.state);
    try {
      const [job] = jobsOf(await h.sync());
      assert.equal(job?.logState, 'parsed');
      assert.deepEqual(job?.outcomeSources, [{ framework: 'pytest', source: 'report', artifacts: ['pytest-report'] }]);
      const flaky = job?.outcomes.find((o) => o.id === 'tests/test_random.py::test_random');
      assert.equal(flaky?.outcome, 'flaky');
      assert.equal(flaky?.attempt, 3);
      assert.equal(job?.outcomes.filter((o) => o.packageResult).length, 0, 'the log’s file-level pass is not counted beside the report');
    } finally {
      await h.close();
    }
  });

  test('a job whose log expired gives its report’s outcomes, and the statistics count them', async () => {
    const built = handRuns([{ jobs: [{ name: 'test', conclusion: 'failure', log: JEST_LOG, logExpired: true }] }]);
    addArtifact(built.state, built.repo, built.runs[0] as FakeRun, { name: 'jest-results', files: [{ name: 'junit.xml', content: report('jest-junit-default.xml') }] });
    const h = await harness(built.state);
    try {
      const result = await h.sync();
      const [job] = jobsOf(result);
      assert.equal(job?.logState, 'expired');
      assert.equal(outcomesOf(job, 'jest').length, 5);
      const collected = collectExecutions(result.state.history.runs);
      assert.equal(collected.unreadableFailedJobs, 0);
      assert.equal(collected.tests.size, 4, 'the skipped test gives no execution');
    } finally {
      await h.close();
    }
  });

  test('two frameworks in one job keep a source each', async () => {
    const log = `${JEST_LOG}${PYTEST_QUIET_LOG}`;
    const built = handRuns([{ jobs: [{ name: 'test', conclusion: 'failure', log }] }]);
    addArtifact(built.state, built.repo, built.runs[0] as FakeRun, { name: 'pytest-report', files: [{ name: 'report.xml', content: report('pytest-flakyfailure.xml') }] });
    const h = await harness(built.state);
    try {
      const [job] = jobsOf(await h.sync());
      // In the order the log lists its frameworks (its parsers' order), pytest's from the report.
      assert.deepEqual(sources(job, 'jest', 'pytest'), [
        { framework: 'pytest', source: 'report', artifacts: ['pytest-report'] },
        { framework: 'jest', source: 'log' },
      ]);
      assert.deepEqual(job?.outcomes.filter((o) => o.framework !== 'gotest').map((o) => o.framework), ['pytest', 'pytest', 'jest', 'jest']);
    } finally {
      await h.close();
    }
  });
});

describe('which job a report belongs to', () => {
  test('a report artifact whose name fits no single job is not downloaded, and the read jobs say so', async () => {
    const built = handRuns([
      {
        jobs: [
          { name: 'test (ubuntu-latest, 20)', conclusion: 'failure', log: JEST_LOG },
          { name: 'test (windows-latest, 20)', conclusion: 'success', log: JEST_LOG.replace('FAIL src/cart', 'PASS src/cart') },
        ],
      },
    ]);
    addArtifact(built.state, built.repo, built.runs[0] as FakeRun, { name: 'test-results', files: [{ name: 'junit.xml', content: report('jest-junit-default.xml') }] });
    const h = await harness(built.state);
    try {
      const result = await h.sync();
      assert.equal(h.gh.requests.filter((r) => r.path.includes('/zip')).length, 0);
      const failed = jobsOf(result).find((j) => j.conclusion === 'failure');
      assert.match(failed?.logNote ?? '', /test-results were left out: its name does not say which job/);
      assert.equal(failed?.outcomeSources?.some((x) => x.source === 'report') ?? false, false);
    } finally {
      await h.close();
    }
  });

  test('the matrix values in an artifact’s name tie it to its job', async () => {
    const built = handRuns([
      {
        jobs: [
          { name: 'test (ubuntu-latest, 20)', conclusion: 'failure', log: JEST_LOG },
          { name: 'test (windows-latest, 20)', conclusion: 'failure', log: JEST_LOG },
        ],
      },
    ]);
    const run = built.runs[0] as FakeRun;
    addArtifact(built.state, built.repo, run, { name: 'junit-windows-latest-20', files: [{ name: 'junit.xml', content: report('jest-junit-default.xml') }] });
    const h = await harness(built.state);
    try {
      const jobs = jobsOf(await h.sync());
      assert.deepEqual(sources(jobs.find((j) => j.name.includes('windows')), 'jest'), [{ framework: 'jest', source: 'report', artifacts: ['junit-windows-latest-20'] }]);
      assert.equal(jobs.find((j) => j.name.includes('ubuntu'))?.outcomeSources, undefined);
    } finally {
      await h.close();
    }
  });

  test('a re-run’s report goes to the attempt its name numbers; the first attempt’s to the first', () => {
    const job = (id: number, runAttempt: number): StoredJob => ({
      id,
      runId: 1,
      runAttempt,
      name: 'Test Linux x86_64',
      workflowName: 'CI',
      labels: [],
      conclusion: 'failure',
      startedAt: `2026-10-0${runAttempt}T08:00:00Z`,
      completedAt: `2026-10-0${runAttempt}T08:10:00Z`,
      url: '',
      steps: [],
      logState: 'pending',
      outcomes: [],
    });
    const jobs = [job(10, 1), job(20, 2), { ...job(30, 1), name: 'Test Windows MSVC x86_64' }];
    const owners = attributeArtifacts(
      [
        { id: 1, name: junitArtifactName('Test Linux x86_64', 1), createdAt: '2026-10-05T00:00:00Z' },
        { id: 2, name: junitArtifactName('Test Linux x86_64', 2), createdAt: '2026-10-05T00:00:00Z' },
        { id: 3, name: junitArtifactName('Test Windows MSVC x86_64', 1) },
      ],
      jobs,
    );
    assert.deepEqual([...owners].map(([artifact, j]) => `${artifact}→${j.id}`).sort(), ['1→10', '2→20', '3→30']);
  });

  test('an attempt is told by when its artifact was uploaded when the name does not number it', () => {
    const base = { runId: 1, name: 'test', workflowName: 'CI', labels: [], conclusion: 'failure', url: '', steps: [], logState: 'pending' as const, outcomes: [] };
    const jobs: StoredJob[] = [
      { ...base, id: 1, runAttempt: 1, startedAt: '2026-10-02T08:00:00Z', completedAt: '2026-10-02T08:05:00Z' },
      { ...base, id: 2, runAttempt: 2, startedAt: '2026-10-02T09:00:00Z', completedAt: '2026-10-02T09:05:00Z' },
    ];
    const owners = attributeArtifacts([{ id: 7, name: 'test-results', createdAt: '2026-10-02T09:04:58Z' }], jobs);
    assert.equal(owners.get(7)?.id, 2);
    assert.equal(attributeArtifacts([{ id: 8, name: 'test-results' }], jobs).size, 0, 'neither attempt can be told');
  });
});

describe('reports across syncs', () => {
  test('a re-run’s new report is read at the next sync; a re-run that uploaded nothing costs a 304', async () => {
    const built = handRuns([{ jobs: [{ name: 'pytest', conclusion: 'failure', log: PYTEST_QUIET_LOG.replace('RR..', 'F.') }] }]);
    const run = built.runs[0] as FakeRun;
    addArtifact(built.state, built.repo, run, { name: 'pytest-report', files: [{ name: 'report.xml', content: report('pytest-flakyfailure.xml') }] });
    const h = await harness(built.state);
    try {
      await h.sync();
      addAttempt(built.state, run, [{ name: 'pytest', conclusion: 'failure', startedAt: '2026-10-03T08:00:00Z', completedAt: '2026-10-03T08:01:00Z', log: PYTEST_QUIET_LOG.replace('RR..', 'F.') }]);
      h.gh.resetRequests();
      const second = await h.sync();
      const listing = h.gh.requests.filter((r) => r.path.includes('/artifacts'));
      assert.equal(listing.length, 1);
      assert.equal(listing[0]?.status, 304, 'the re-run uploaded nothing: the listing is as it was');
      const rerun = jobsOf(second).find((j) => j.runAttempt === 2);
      assert.equal(rerun?.logState, 'parsed');
      assert.equal(rerun?.outcomeSources, undefined);

      addAttempt(built.state, run, [{ name: 'pytest', conclusion: 'failure', startedAt: '2026-10-04T08:00:00Z', completedAt: '2026-10-04T08:01:00Z', log: PYTEST_QUIET_LOG.replace('RR..', 'F.') }]);
      addArtifact(built.state, built.repo, run, { name: 'pytest-report-attempt-3', files: [{ name: 'report.xml', content: report('pytest-flakyfailure.xml') }] });
      h.gh.resetRequests();
      const third = await h.sync();
      assert.equal(h.gh.requests.filter((r) => r.path.includes('/zip')).length, 1, 'only the new attempt’s report is downloaded');
      const latest = jobsOf(third).find((j) => j.runAttempt === 3);
      assert.equal(latest?.outcomeSources?.[0]?.source, 'report');
      assert.equal(jobsOf(third).find((j) => j.runAttempt === 1)?.outcomeSources?.[0]?.source, 'report');
    } finally {
      await h.close();
    }
  });

  test('a log cut off mid-transfer keeps the report’s outcomes until the log is read at the next sync', async () => {
    const built = handRuns([{ jobs: [{ name: 'test', conclusion: 'failure', log: JEST_LOG }] }]);
    addArtifact(built.state, built.repo, built.runs[0] as FakeRun, { name: 'jest-results', files: [{ name: 'junit.xml', content: report('jest-junit-default.xml') }] });
    built.state.faults.push({ match: '/_blobs/job-logs/', cutOff: { bytes: 100 }, times: 1 });
    const h = await harness(built.state);
    try {
      const [cut] = jobsOf(await h.sync());
      assert.equal(cut?.logState, 'pending');
      assert.equal(outcomesOf(cut, 'jest').length, 5);
      h.gh.resetRequests();
      const [read] = jobsOf(await h.sync());
      assert.equal(read?.logState, 'parsed');
      assert.equal(h.gh.requests.filter((r) => r.path.includes('/zip')).length, 0, 'the report is not downloaded again');
      assert.deepEqual(sources(read, 'jest'), [{ framework: 'jest', source: 'report', artifacts: ['jest-results'] }]);
      assert.equal(outcomesOf(read, 'jest').length, 5);
    } finally {
      await h.close();
    }
  });

  test('with reports off, no artifact is listed', async () => {
    const built = handRuns([{ jobs: [{ name: 'test', conclusion: 'failure', log: JEST_LOG }] }]);
    addArtifact(built.state, built.repo, built.runs[0] as FakeRun, { name: 'jest-results', files: [{ name: 'junit.xml', content: report('jest-junit-default.xml') }] });
    const h = await harness(built.state);
    try {
      const [job] = jobsOf(await h.sync({ readReports: false }));
      assert.equal(h.gh.requests.filter((r) => r.path.includes('/artifacts')).length, 0);
      assert.equal(job?.outcomeSources, undefined);
      assert.deepEqual(outcomesOf(job, 'jest').map((o) => o.id), ['', 'Cart › totals with a coupon › applies 10%']);
    } finally {
      await h.close();
    }
  });
});

describe('a report artifact that cannot be read costs only its own reports', () => {
  /** Two failed matrix jobs, each with its report artifact; `first` is the ubuntu job's. */
  function twoJobs(firstFiles: { name: string; content: string }[]): { built: Built; first: number } {
    const built = handRuns([
      {
        jobs: [
          { name: 'test (ubuntu-latest, 20)', conclusion: 'failure', log: JEST_LOG },
          { name: 'test (windows-latest, 20)', conclusion: 'failure', log: JEST_LOG },
        ],
      },
    ]);
    const run = built.runs[0] as FakeRun;
    const first = addArtifact(built.state, built.repo, run, { name: 'junit-ubuntu-latest-20', files: firstFiles });
    addArtifact(built.state, built.repo, run, { name: 'junit-windows-latest-20', files: [{ name: 'junit.xml', content: report('jest-junit-default.xml') }] });
    return { built, first: first.id };
  }

  async function syncBoth(built: Built): Promise<{ ubuntu: StoredJob | undefined; windows: StoredJob | undefined }> {
    const h = await harness(built.state);
    try {
      const jobs = jobsOf(await h.sync());
      return { ubuntu: jobs.find((j) => j.name.includes('ubuntu')), windows: jobs.find((j) => j.name.includes('windows')) };
    } finally {
      await h.close();
    }
  }

  function assertOtherJobKeptItsReport(windows: StoredJob | undefined): void {
    assert.deepEqual(sources(windows, 'jest'), [{ framework: 'jest', source: 'report', artifacts: ['junit-windows-latest-20'] }]);
    assert.equal(outcomesOf(windows, 'jest').length, 5);
  }

  test('a download cut off mid-transfer is a note on its job, and the sync goes on (it failed the whole sync)', async () => {
    const { built, first } = twoJobs([{ name: 'junit.xml', content: report('jest-junit-default.xml') }]);
    built.state.faults.push({ match: `/_blobs/artifacts/${first}`, cutOff: { bytes: 100 } });
    const { ubuntu, windows } = await syncBoth(built);
    assert.match(ubuntu?.logNote ?? '', /The artifact junit-ubuntu-latest-20 could not be downloaded \(the download broke off\): its test reports were left out\./);
    assert.equal(ubuntu?.logState, 'parsed');
    assert.deepEqual(outcomesOf(ubuntu, 'jest').map((o) => o.id), ['', 'Cart › totals with a coupon › applies 10%'], 'the log’s outcomes are kept');
    assertOtherJobKeptItsReport(windows);
  });

  test('a download GitHub answers with a lasting 5xx is a note on its job, and the sync goes on', async () => {
    const { built, first } = twoJobs([{ name: 'junit.xml', content: report('jest-junit-default.xml') }]);
    built.state.faults.push({ match: `/repos/acme/shop/actions/artifacts/${first}/zip`, status: 502 });
    const { ubuntu, windows } = await syncBoth(built);
    assert.match(ubuntu?.logNote ?? '', /The artifact junit-ubuntu-latest-20 could not be downloaded \(GitHub answered 502\)/);
    assertOtherJobKeptItsReport(windows);
  });

  test('a download the storage refuses (403 from the redirected URL) is a note on its job, and the sync goes on', async () => {
    const { built, first } = twoJobs([{ name: 'junit.xml', content: report('jest-junit-default.xml') }]);
    built.state.faults.push({ match: `/_blobs/artifacts/${first}`, status: 403 });
    const { ubuntu, windows } = await syncBoth(built);
    assert.match(ubuntu?.logNote ?? '', /The artifact junit-ubuntu-latest-20 could not be downloaded \(the storage GitHub keeps it in answered 403\)/);
    assertOtherJobKeptItsReport(windows);
  });

  for (const [what, files, note] of [
    ['a file whose path leaves the folder', [{ name: '../../junit.xml', content: report('jest-junit-default.xml') }], /a file whose path leaves its folder \("\.\.\/\.\.\/junit\.xml"\): the artifact was not read/],
    ['a Windows drive path', [{ name: 'C:\\reports\\junit.xml', content: report('jest-junit-default.xml') }], /a file whose path leaves its folder \("C:\/reports\/junit\.xml"\)/],
    ['elements nested without end', [{ name: 'junit.xml', content: `<testsuites>${'<testsuite>'.repeat(5000)}` }], /nests elements more than 1000 deep/],
    ['an XML entity expansion (billion laughs)', [{ name: 'junit.xml', content: `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><testsuites><testsuite name="s"><testcase classname="a.B" name="t"><failure message="&c;">&c;</failure></testcase></testsuite></testsuites>` }], /invalid character entity/],
  ] as const) {
    test(`an artifact with ${what} is a note on its job; the other job keeps its report`, async () => {
      const { built } = twoJobs(files.map((f) => ({ ...f })));
      const { ubuntu, windows } = await syncBoth(built);
      assert.match(ubuntu?.logNote ?? '', note);
      assert.ok(!outcomesOf(ubuntu, 'jest').some((o) => o.message?.includes('aaaaaaaaaaaaaaaaaaaa')), 'no entity is expanded');
      assertOtherJobKeptItsReport(windows);
    });
  }
});

/** A byte budget that tells each acquisition asked for and each one granted. */
class WatchedBudget extends ByteBudget {
  asked = 0;
  granted = 0;

  constructor(
    capacity: number,
    private readonly onChange: () => void,
  ) {
    super(capacity);
  }

  override acquire(bytes: number): Promise<() => void> {
    this.asked++;
    this.onChange();
    return super.acquire(bytes).then((release) => {
      this.granted++;
      this.onChange();
      return release;
    });
  }
}

describe('the report artifacts a sync reads at once', () => {
  test('their listed sizes stay within the byte budget across runs: the server never has more being downloaded at once', async () => {
    // Four runs of two failed matrix jobs, each job with its report: the sync would download all 8 at once.
    const runs = 4;
    const jobs = (['ubuntu', 'windows'] as const).map((os) => ({ name: `test (${os}-latest, 20)`, conclusion: 'failure' as const, log: JEST_LOG }));
    const built = handRuns(Array.from({ length: runs }, () => ({ jobs })));
    const files = [{ name: 'junit.xml', content: report('jest-junit-default.xml') }];
    for (const run of built.runs) for (const os of ['ubuntu', 'windows']) addArtifact(built.state, built.repo, run, { name: `junit-${os}-latest-20`, files });
    const artifacts = runs * jobs.length;
    const zipBytes = createZip(files).length;
    const h = await harness(built.state);
    try {
      // Room for two artifacts and a half (each held at the most it may download): two are read at once, the others
      // wait their turn.
      const held: HeldDownload[] = [];
      let arrived = 0;
      let overflowed = false;
      const budget: WatchedBudget = new WatchedBudget(Math.floor(2.5 * downloadBound(zipBytes, DEFAULT_ZIP_LIMITS.maxZipBytes)), () => answerWhenStuck());
      // The sync can go no further until a download is answered once every artifact's reading has asked for its
      // bytes and every one granted has reached the server: then the held downloads are answered. Over the budget,
      // each download is answered as it comes (the assertion below tells), so that the sync ends.
      const answerWhenStuck = (): void => {
        if (h.gh.artifactDownloads.listedBytes > budget.capacity) overflowed = true;
        const stuck = budget.asked === artifacts && budget.granted === arrived;
        if (overflowed || stuck) for (const download of held.splice(0)) download.release();
      };
      h.gh.holdArtifactDownloads((download) => {
        arrived++;
        held.push(download);
        answerWhenStuck();
      });
      const result = await h.sync({ artifactBudget: budget });
      assert.equal(h.gh.artifactDownloads.peakListedBytes, 2 * zipBytes, 'two artifacts at once, no more');
      assert.equal(arrived, artifacts);
      assert.equal(budget.held, 0, 'every byte handed back');
      assert.ok(
        jobsOf(result).every((job) => job.outcomeSources?.some((x) => x.source === 'report')),
        'every job’s report was read',
      );
    } finally {
      await h.close();
    }
  });

  test('two syncs at once (the repositories of a multi-root workspace) share one budget: one 200 MiB artifact at a time', async () => {
    const listedBytes = 200 * 1024 * 1024;
    const harnesses: Harness[] = [];
    const held: HeldDownload[] = [];
    let asked = 0;
    let granted = 0;
    let arrived = 0;
    let overflowed = false;
    let peak = 0;
    const downloading = () => harnesses.reduce((sum, h) => sum + h.gh.artifactDownloads.listedBytes, 0);
    // As above: answered once both syncs' readings asked for their bytes and the granted ones reached a server.
    const answerWhenStuck = (): void => {
      if (downloading() > SHARED_ARTIFACT_BUDGET.capacity) overflowed = true;
      if (overflowed || (asked === 2 && granted === arrived)) for (const download of held.splice(0)) download.release();
    };
    const acquire = SHARED_ARTIFACT_BUDGET.acquire;
    SHARED_ARTIFACT_BUDGET.acquire = (bytes: number) => {
      asked++;
      answerWhenStuck();
      return acquire.call(SHARED_ARTIFACT_BUDGET, bytes).then((release) => {
        granted++;
        answerWhenStuck();
        return release;
      });
    };
    try {
      for (let i = 0; i < 2; i++) {
        const built = handRuns([{ jobs: [{ name: 'test', conclusion: 'failure', log: JEST_LOG }] }]);
        addArtifact(built.state, built.repo, built.runs[0] as FakeRun, { name: 'jest-results', files: [{ name: 'junit.xml', content: report('jest-junit-default.xml') }], listedSize: listedBytes });
        const h = await harness(built.state);
        harnesses.push(h);
        h.gh.holdArtifactDownloads((download) => {
          arrived++;
          held.push(download);
          peak = Math.max(peak, downloading());
          answerWhenStuck();
        });
      }
      const results = await Promise.all(harnesses.map((h) => h.sync()));
      assert.equal(peak, listedBytes, 'one artifact at a time');
      assert.equal(arrived, 2);
      for (const result of results) assert.deepEqual(sources(jobsOf(result)[0], 'jest'), [{ framework: 'jest', source: 'report', artifacts: ['jest-results'] }]);
    } finally {
      SHARED_ARTIFACT_BUDGET.acquire = acquire;
      await Promise.all(harnesses.map((h) => h.close()));
    }
  });
});

/** A pytest JUnit report of `cases` passing tests named `test_<prefix>_<i>`. */
function pytestReport(prefix: string, cases: number): string {
  const body = Array.from({ length: cases }, (_, i) => `<testcase classname="tests.test_a" name="test_${prefix}_${i}"/>`).join('');
  return `<?xml version="1.0"?><testsuite name="pytest" tests="${cases}">${body}</testsuite>`;
}

/** The artifacts whose tests a job's outcomes hold (by the `test_<artifact>_<i>` names of pytestReport). */
function artifactsRead(job: StoredJob | undefined): string[] {
  return [...new Set((job?.outcomes ?? []).map((o) => /::test_(.+)_\d+$/.exec(o.id)?.[1]).filter((a) => a !== undefined))].sort();
}

describe('what the report artifacts of a run, and of a sync, may cost (downloaded and inflated)', () => {
  const cases = 200;
  /** A report's size inflated and zipped (the same for every name of `name`'s length). */
  const sizes = (name: string) => ({ inflated: Buffer.byteLength(pytestReport(name, cases)), zipped: createZip([{ name: 'junit.xml', content: pytestReport(name, cases) }]).length });
  const kib = (bytes: number) => `${Math.round((bytes / 1024) * 10) / 10} KiB`;

  test('a run’s artifacts are read up to its bound: a file that does not fit is not inflated, an artifact that does not fit is not downloaded, and its job says so', async () => {
    const built = handRuns([{ jobs: [{ name: 'pytest', conclusion: 'failure', log: PYTEST_QUIET_LOG.replace('RR..', 'F.') }] }]);
    for (const name of ['r1', 'r2', 'r3', 'r4']) addArtifact(built.state, built.repo, built.runs[0] as FakeRun, { name: `pytest-report-${name}`, files: [{ name: 'junit.xml', content: pytestReport(name, cases) }] });
    const h = await harness(built.state);
    try {
      const { inflated, zipped } = sizes('r1');
      // Two artifacts, the third's download, and half a download more.
      const perRun = 2 * (zipped + inflated) + zipped + Math.floor(zipped / 2);
      const [job] = jobsOf(await h.sync({ maxReportBytes: { perRun }, concurrency: 1 }));
      assert.deepEqual(artifactsRead(job), ['r1', 'r2']);
      assert.equal(h.gh.requests.filter((r) => r.path.includes('/zip')).length, 3, 'the fourth is not downloaded');
      const reason = `the test reports of a run are read up to ${kib(perRun)}, downloaded and inflated`;
      // The third was downloaded, and its file not inflated: it is read whole later, as the fourth.
      assert.equal(job?.logNote, `The artifacts pytest-report-r3, pytest-report-r4 were not read: ${reason}; they are read at a later sync.`);
    } finally {
      await h.close();
    }
  });

  test('a sync’s artifacts are read up to its bound, newest run first: the oldest run’s are left out, and the sync says so', async () => {
    const built = handRuns([0, 1, 2].map(() => ({ jobs: [{ name: 'pytest', conclusion: 'failure' as const, log: PYTEST_QUIET_LOG.replace('RR..', 'F.') }] })));
    built.runs.forEach((run, i) => addArtifact(built.state, built.repo, run, { name: 'pytest-report', files: [{ name: 'junit.xml', content: pytestReport(`run${i}`, cases) }] }));
    const h = await harness(built.state);
    try {
      const problems: string[] = [];
      const { inflated, zipped } = sizes('run0');
      // Two artifacts and half a download.
      const perSync = 2 * (zipped + inflated) + Math.floor(zipped / 2);
      const result = await h.sync({ maxReportBytes: { perSync }, concurrency: 1, onProblem: (p) => problems.push(p) });
      const byRun = built.runs.map((run) => jobsOf(result).find((j) => j.runId === run.id));
      assert.deepEqual(byRun.map(artifactsRead), [[], ['run1'], ['run2']], 'the two newest runs’ reports');
      const reason = `the test reports of a sync are read up to ${kib(perSync)}, downloaded and inflated`;
      assert.equal(byRun[0]?.logNote, `The artifact pytest-report was not read: ${reason}; it is read at a later sync.`);
      assert.equal(byRun[0]?.logState, 'parsed', 'its log is read all the same');
      assert.equal(h.gh.requests.filter((r) => r.path.includes('/zip')).length, 2);
      assert.deepEqual(problems, [`1 report artifact of acme/shop was left out or cut short: ${reason} (each job's note says which).`]);
    } finally {
      await h.close();
    }
  });

  test('an artifact a sync’s bound left out is read at a later sync with room, and its job’s outcomes come from the report', async () => {
    const built = handRuns([0, 1, 2].map(() => ({ jobs: [{ name: 'pytest', conclusion: 'failure' as const, log: PYTEST_QUIET_LOG.replace('RR..', 'F.') }] })));
    const [left] = built.runs.map((run, i) => addArtifact(built.state, built.repo, run, { name: 'pytest-report', files: [{ name: 'junit.xml', content: pytestReport(`run${i}`, cases) }] }));
    const h = await harness(built.state);
    try {
      const { inflated, zipped } = sizes('run0');
      const first = await h.sync({ maxReportBytes: { perSync: 2 * (zipped + inflated) + Math.floor(zipped / 2) }, concurrency: 1 });
      const oldest = (result: SyncResult) => jobsOf(result).find((j) => j.runId === built.runs[0]?.id);
      assert.deepEqual(artifactsRead(oldest(first)), []);
      assert.equal(oldest(first)?.outcomeSources, undefined, 'the log’s outcomes');

      h.gh.resetRequests();
      const second = await h.sync();
      assert.deepEqual(artifactsRead(oldest(second)), ['run0']);
      assert.deepEqual(sources(oldest(second), 'pytest'), [{ framework: 'pytest', source: 'report', artifacts: ['pytest-report'] }]);
      assert.equal(outcomesOf(oldest(second), 'pytest').length, cases, 'the report’s outcomes replace the log’s');
      assert.equal(oldest(second)?.logNote, undefined, 'the note about the artifact is gone');
      assert.equal(second.reportsRead, 1);
      const zips = h.gh.requests.filter((r) => r.path.includes('/zip'));
      assert.deepEqual(zips.map((r) => r.path), [`/repos/acme/shop/actions/artifacts/${left?.id}/zip`], 'that artifact alone');
      assert.equal(h.gh.requests.filter((r) => /\/runs\/\d+\/artifacts/.test(r.path)).length, 0, 'from the stored listing');
      assert.equal(h.gh.requests.filter((r) => r.path.includes('/logs')).length, 0, 'no log read again');
      const collected = collectExecutions(second.state.history.runs);
      assert.equal([...collected.tests.keys()].filter((k) => k.includes('test_run0_')).length, cases, 'the statistics count them');
    } finally {
      await h.close();
    }
  });

  test('a framework whose reports read so far lost to the log keeps the log when the rest are read; the note about them goes, the log’s stays', () => {
    const job: StoredJob = {
      ...{ id: 1, runId: 1, runAttempt: 1, name: 'pytest', workflowName: 'CI', labels: [], conclusion: 'failure', startedAt: null, completedAt: null, url: '', steps: [] },
      logState: 'too-large',
      logNote: 'Only the first 64 MB of the log were read.',
      outcomes: [{ id: 'tests/test_a.py::test_x', suite: 'tests/test_a.py', framework: 'pytest', outcome: 'fail', message: 'assert 1 == 2' }],
    };
    const leftOutNote = 'The artifact r2 was not read: the test reports of a run are read up to 1 KiB, downloaded and inflated; it is read at a later sync.';
    // Its one report read names one test that passed: poorer than the log's explained failure.
    const read = { outcomes: [{ id: 'tests/test_a.py::test_y', suite: 'tests/test_a.py', framework: 'pytest' as const, outcome: 'pass' as const }], artifacts: ['r1'] };
    const first = withReports(job, job, { ...read, problems: [leftOutNote], leftOut: { artifactIds: [2], note: leftOutNote } }, []);
    assert.deepEqual(first.reportsLeftOut, { artifactIds: [2], note: leftOutNote, logKept: ['pytest'] });
    assert.equal(first.logNote, `Only the first 64 MB of the log were read. ${leftOutNote}`);
    const passes = Array.from({ length: 5 }, (_, i) => ({ id: `tests/test_b.py::test_${i}`, suite: 'tests/test_b.py', framework: 'pytest' as const, outcome: 'pass' as const }));
    const later = withLaterReports(first, { outcomes: passes, artifacts: ['r2'], problems: [] });
    assert.deepEqual(later.outcomes, job.outcomes);
    assert.equal(later.logNote, 'Only the first 64 MB of the log were read.');
    assert.equal(later.reportsLeftOut, undefined);
  });

  test('a job whose artifacts a run’s bound cut short has the rest read later beside those read, and then costs nothing more', async () => {
    const built = handRuns([{ jobs: [{ name: 'pytest', conclusion: 'failure', log: PYTEST_QUIET_LOG.replace('RR..', 'F.') }] }]);
    const artifacts = ['r1', 'r2', 'r3', 'r4'].map((name) =>
      addArtifact(built.state, built.repo, built.runs[0] as FakeRun, { name: `pytest-report-${name}`, files: [{ name: 'junit.xml', content: pytestReport(name, cases) }] }),
    );
    const h = await harness(built.state);
    try {
      const { inflated, zipped } = sizes('r1');
      await h.sync({ maxReportBytes: { perRun: 2 * (zipped + inflated) + zipped + Math.floor(zipped / 2) }, concurrency: 1 });
      h.gh.resetRequests();
      const [job] = jobsOf(await h.sync({ concurrency: 1 }));
      assert.deepEqual(artifactsRead(job), ['r1', 'r2', 'r3', 'r4']);
      assert.equal(outcomesOf(job, 'pytest').length, 4 * cases, 'each test once');
      assert.deepEqual(sources(job, 'pytest'), [{ framework: 'pytest', source: 'report', artifacts: artifacts.map((a) => a.name) }]);
      assert.deepEqual(
        h.gh.requests.filter((r) => r.path.includes('/zip')).map((r) => Number(/artifacts\/(\d+)\/zip/.exec(r.path)?.[1])),
        [artifacts[2]?.id, artifacts[3]?.id],
        'only the two left out are downloaded',
      );
      assert.equal(job?.logNote, undefined);

      // A new run: its report is read, and nothing of the first run again.
      const next = addRun(built.state, built.repo, {
        createdAt: '2026-10-05T08:30:00Z',
        jobs: [{ name: 'pytest', conclusion: 'failure', startedAt: '2026-10-05T08:30:05Z', completedAt: '2026-10-05T08:31:05Z', log: PYTEST_QUIET_LOG.replace('RR..', 'F.') }],
      });
      const report = addArtifact(built.state, built.repo, next, { name: 'pytest-report', files: [{ name: 'junit.xml', content: pytestReport('next', cases) }] });
      h.gh.resetRequests();
      await h.sync();
      assert.deepEqual(
        h.gh.requests.filter((r) => r.path.includes('/zip')).map((r) => Number(/artifacts\/(\d+)\/zip/.exec(r.path)?.[1])),
        [report.id],
      );
    } finally {
      await h.close();
    }
  });
});

describe('an artifact larger than its listing says', () => {
  test('is left out, its job saying both sizes, where it was read up to the per-artifact cap', async () => {
    const built = handRuns([{ jobs: [{ name: 'test', conclusion: 'failure', log: JEST_LOG }] }]);
    const files = [
      { name: 'junit.xml', content: report('jest-junit-default.xml') },
      { name: 'trace.bin', content: incompressibleBytes(2 * 1024 * 1024) },
    ];
    addArtifact(built.state, built.repo, built.runs[0] as FakeRun, { name: 'jest-results', files, listedSize: 4096 });
    const h = await harness(built.state);
    try {
      const [job] = jobsOf(await h.sync());
      const real = createZip(files).length;
      assert.equal(job?.logNote, `jest-results: The artifact's listing gives 4 KiB, but its download is ${Math.round((real / 1048576) * 10) / 10} MiB: it was not read.`);
      assert.equal(job?.outcomeSources?.some((x) => x.source === 'report') ?? false, false, 'the log’s outcomes');
      assert.equal(outcomesOf(job, 'jest').length, 2);
    } finally {
      await h.close();
    }
  });
});

describe('the artifacts listed of a run', () => {
  test('at most 10 pages (1,000 artifacts) are listed, and the jobs read say that the others were not looked at', async () => {
    const built = handRuns([{ jobs: [{ name: 'test', conclusion: 'failure', log: JEST_LOG }] }]);
    const run = built.runs[0] as FakeRun;
    addArtifact(built.state, built.repo, run, { name: 'jest-results', files: [{ name: 'junit.xml', content: report('jest-junit-default.xml') }] });
    const files = [{ name: 'app.bin', content: 'ELF' }];
    for (let i = 0; i < 1_049; i++) addArtifact(built.state, built.repo, run, { name: `build-output-${i}`, files });
    const h = await harness(built.state);
    try {
      const [job] = jobsOf(await h.sync());
      assert.equal(h.gh.requests.filter((r) => r.path.includes(`/runs/${run.id}/artifacts`)).length, 10);
      assert.deepEqual(sources(job, 'jest'), [{ framework: 'jest', source: 'report', artifacts: ['jest-results'] }], 'a report among the first 1,000 is read');
      assert.match(job?.logNote ?? '', /Only 1000 of the run's 1050 artifacts were looked at for test reports \(the first 10 pages of their list\): reports among the others were left out\./);
    } finally {
      await h.close();
    }
  });

  test('the note stays while the stored listing serves (a 304), and goes once a fresh listing is read whole', async () => {
    const built = handRuns([{ jobs: [{ name: 'test', conclusion: 'failure', log: JEST_LOG }] }]);
    const run = built.runs[0] as FakeRun;
    const files = [{ name: 'app.bin', content: 'ELF' }];
    for (let i = 0; i < 1_050; i++) addArtifact(built.state, built.repo, run, { name: `build-output-${i}`, files });
    const note = /Only 1000 of the run's 1050 artifacts were looked at for test reports/;
    const rerun = (attempt: number) =>
      addAttempt(built.state, run, [{ name: 'test', conclusion: 'failure', startedAt: `2026-10-0${attempt + 1}T08:00:00Z`, completedAt: `2026-10-0${attempt + 1}T08:01:00Z`, log: JEST_LOG }]);
    const h = await harness(built.state);
    try {
      await h.sync();
      rerun(2);
      h.gh.resetRequests();
      const second = await h.sync();
      const listing = h.gh.requests.filter((r) => r.path.includes(`/runs/${run.id}/artifacts`));
      assert.deepEqual(listing.map((r) => r.status), [304], 'the stored listing serves');
      assert.match(jobsOf(second).find((j) => j.runAttempt === 2)?.logNote ?? '', note);

      // Fewer than 1,000 artifacts now: a fresh listing reads them all, and the note is gone.
      built.repo.artifacts.splice(0, 100);
      rerun(3);
      const third = await h.sync();
      assert.equal(jobsOf(third).find((j) => j.runAttempt === 3)?.logNote, undefined);
      assert.equal(third.state.history.runs[0]?.reportArtifactsNote, undefined);
    } finally {
      await h.close();
    }
  });
});
