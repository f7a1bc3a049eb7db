import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { artifactJobHint, looksLikeReportArtifact } from '../../../src/ci/artifactReports';
import { GitHubClient } from '../../../src/ci/githubClient';
import { goTestFailed, stepTimeline, type GoTest } from '../../fakeGithub/jobPlan';
import { attachJUnitReports, junitArtifactName } from '../../fakeGithub/junitReports';
import { generateFlakyHistory } from '../../fakeGithub/scenarios';
import { startFakeGitHub, type FakeGitHub } from '../../fakeGithub/server';
import { addArtifact, type FakeRepo, type FakeRun } from '../../fakeGithub/state';
import { readRunReports } from '../support/runReports';
import { corpusBytes, reportBytes, summary } from './reportFixtures';

let gh: FakeGitHub;
let client: GitHubClient;
let repo: FakeRepo;

before(async () => {
  const { state } = generateFlakyHistory({ seed: 3, runs: 6 });
  attachJUnitReports(state);
  gh = await startFakeGitHub(state);
  client = new GitHubClient({ apiUrl: gh.url, token: async () => 'ghp_test', retryDelayScale: 1, maxRateLimitWait: 0 });
  repo = state.repos[0] as FakeRepo;
});

after(async () => {
  await gh.close();
});

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** The Go outcomes a job's plan says it ran, as `suite | id | outcome` lines in gotestsum's order. */
function plannedGoOutcomes(run: FakeRun, jobName: string, attempt: number): string[] {
  const job = run.jobs.find((j) => j.name === jobName && j.runAttempt === attempt);
  const step = job?.plan ? stepTimeline(job.plan).find((t) => t.step.kind === 'go-test') : undefined;
  if (!step || step.step.kind !== 'go-test') return [];
  const lines: string[] = [];
  for (const pkg of step.step.go.packages) {
    const visit = (t: GoTest): void => {
      (t.subtests ?? []).forEach(visit);
      lines.push(`${pkg.importPath} | ${t.name} | ${goTestFailed(t) ? 'fail' : t.outcome}`);
    };
    if (!pkg.noTestFiles) pkg.tests.forEach(visit);
  }
  return lines;
}

test('a run’s report artifacts give the outcomes its jobs ran, each attributed to its job', async () => {
  const run = repo.runs[0] as FakeRun;
  const jobs = run.jobs.map((j) => ({ name: j.name }));
  const reports = await readRunReports(client, repo.owner, repo.name, run.id, { jobs });
  assert.equal(reports.length, new Set(run.jobs.map((j) => j.name)).size);
  for (const report of reports) {
    assert.deepEqual(report.errors, []);
    assert.ok(report.jobHint, `${report.name} has no job`);
    assert.equal(report.name, junitArtifactName(report.jobHint, 1));
    assert.deepEqual(summary(report.outcomes), plannedGoOutcomes(run, report.jobHint, 1));
    assert.deepEqual(report.files, [{ name: 'junit.xml', format: 'junit', dialect: 'go', outcomes: report.outcomes.length, complete: true }]);
  }
});

test('a failed Go test read from a report has the lines it logged as message', async () => {
  const failedRun = repo.runs.find((r) => r.jobs.some((j) => plannedGoOutcomes(r, j.name, j.runAttempt).some((l) => l.endsWith('| fail'))));
  assert.ok(failedRun, 'the scenario has a run with a failed Go test');
  const reports = await readRunReports(client, repo.owner, repo.name, failedRun.id, { jobs: failedRun.jobs });
  const failed = reports.flatMap((r) => r.outcomes).find((o) => o.outcome === 'fail' && o.id.includes('/'));
  assert.ok(failed?.message, 'a failed subtest with a message');
  assert.doesNotMatch(failed.message, /^=== RUN|--- FAIL/m);
});

test('artifacts that do not look like reports are neither listed nor downloaded', async () => {
  const run = repo.runs[1] as FakeRun;
  addArtifact(gh.state, repo, run, { name: 'coverage-report', files: [{ name: 'coverage.xml', content: '<coverage/>' }] });
  addArtifact(gh.state, repo, run, { name: 'app-binaries', files: [{ name: 'app', content: 'ELF' }] });
  gh.resetRequests();
  const reports = await readRunReports(client, repo.owner, repo.name, run.id);
  assert.ok(reports.every((r) => r.name.startsWith('junit-')));
  const downloads = gh.requests.filter((r) => /\/actions\/artifacts\/\d+\/zip/.test(r.path));
  assert.equal(downloads.length, reports.length);
});

test('report files are found in an artifact by name and content, in any folder, and other files are left alone', async () => {
  const run = repo.runs[2] as FakeRun;
  const artifact = addArtifact(gh.state, repo, run, {
    name: 'test-results-mixed',
    files: [
      { name: 'pom.xml', content: '<project/>' },
      { name: 'target/surefire-reports/TEST-com.example.RetryClientTest.xml', content: text(reportBytes('surefire-TEST-com.example.RetryClientTest.xml')) },
      { name: 'dotnet/results.trx', content: text(corpusBytes('dotnet-trx.trx')) },
      { name: 'notes/readme.xml', content: '<notes>not a report</notes>' },
      { name: 'logs/test.log', content: '<testsuites/>' },
    ],
  });
  const reports = await readRunReports(client, repo.owner, repo.name, run.id);
  const mixed = reports.find((r) => r.artifactId === artifact.id);
  assert.deepEqual(
    mixed?.files.map((f) => [f.name, f.format, f.dialect, f.outcomes]),
    [
      ['target/surefire-reports/TEST-com.example.RetryClientTest.xml', 'junit', 'jvm', 6],
      ['dotnet/results.trx', 'trx', 'trx', 11],
    ],
  );
  assert.equal(mixed?.outcomes.length, 17);
  assert.equal(mixed?.jobHint, undefined);
});

test('an artifact with a file outside its folder is refused with the reason, and the others are still read', async () => {
  const run = repo.runs[3] as FakeRun;
  const bad = addArtifact(gh.state, repo, run, { name: 'junit-evil', files: [{ name: '../../outside.xml', content: '<testsuites/>' }] });
  const reports = await readRunReports(client, repo.owner, repo.name, run.id);
  const refused = reports.find((r) => r.artifactId === bad.id);
  assert.deepEqual(refused?.outcomes, []);
  assert.deepEqual(refused?.errors, ['junit-evil: The artifact has a file whose path leaves its folder ("../../outside.xml"): the artifact was not read.']);
  assert.ok(reports.filter((r) => r.artifactId !== bad.id).every((r) => r.errors.length === 0 && r.outcomes.length > 0));
});

test('an expired report artifact is told and not downloaded', async () => {
  const run = repo.runs[4] as FakeRun;
  const expired = addArtifact(gh.state, repo, run, { name: 'junit-old', files: [{ name: 'junit.xml', content: '<testsuites/>' }], expired: true });
  gh.resetRequests();
  const reports = await readRunReports(client, repo.owner, repo.name, run.id);
  assert.deepEqual(reports.find((r) => r.artifactId === expired.id)?.errors, ['GitHub no longer keeps the artifact junit-old.']);
  assert.ok(!gh.requests.some((r) => r.path.includes(`/artifacts/${expired.id}/zip`)));
});

test('a report artifact larger than the zip limit is not downloaded', async () => {
  const run = repo.runs[5] as FakeRun;
  gh.resetRequests();
  const reports = await readRunReports(client, repo.owner, repo.name, run.id, { limits: { maxZipBytes: 100 } });
  assert.ok(reports.length > 0);
  for (const report of reports) assert.match(report.errors[0] ?? '', /^The artifact junit-.* is 0 MiB, more than the 0 MiB that are read\.$/);
  assert.ok(!gh.requests.some((r) => /\/zip/.test(r.path)));
});

test('a report artifact GitHub no longer has is told, and the run’s other reports are read', async () => {
  const run = repo.runs[5] as FakeRun;
  const gone = addArtifact(gh.state, repo, run, { name: 'junit-gone', files: [{ name: 'junit.xml', content: '<testsuites/>' }] });
  gh.state.faults.push({ match: `/repos/${repo.owner}/${repo.name}/actions/artifacts/${gone.id}/zip`, status: 410 });
  const reports = await readRunReports(client, repo.owner, repo.name, run.id);
  assert.deepEqual(reports.find((r) => r.artifactId === gone.id)?.errors, ['GitHub no longer keeps the artifact junit-gone.']);
  assert.ok(reports.some((r) => r.outcomes.length > 0));
});

test('artifact names tell test reports from other uploads', () => {
  for (const name of ['test-results', 'junit-linux', 'surefire-reports', 'TestResults-ubuntu', 'test_reports_3.11', 'pytest-junit', 'nextest-junit', 'playwright-report', 'results-windows', 'unit-tests']) {
    assert.equal(looksLikeReportArtifact({ name }), true, name);
  }
  for (const name of ['coverage', 'test-coverage', 'lcov-report', 'dist', 'latest-build', 'screenshots-test', 'app-binaries', 'docs']) {
    assert.equal(looksLikeReportArtifact({ name }), false, name);
  }
});

test('an artifact is attributed to the job whose matrix values its name carries', () => {
  const jobs = ['Test (ubuntu-latest, 3.11)', 'Test (ubuntu-latest, 3.12)', 'Test (windows-latest, 3.12)', 'Lint'];
  assert.equal(artifactJobHint('test-results-ubuntu-latest-3.12', jobs), 'Test (ubuntu-latest, 3.12)');
  assert.equal(artifactJobHint('junit-windows-latest-3.12', jobs), 'Test (windows-latest, 3.12)');
  assert.equal(artifactJobHint('test-results-ubuntu-latest', jobs), undefined);
  assert.equal(artifactJobHint('test-results', jobs), undefined);
});

test('an artifact is attributed by the words it shares with one job name only', () => {
  const jobs = ['Test Linux x86_64', 'Test Windows MSVC x86_64', 'Test macOS aarch64'];
  assert.equal(artifactJobHint('junit-linux', jobs), 'Test Linux x86_64');
  assert.equal(artifactJobHint('junit-x86_64', jobs), undefined);
  assert.equal(artifactJobHint('anything', ['Only job', 'Only job']), 'Only job');
});
