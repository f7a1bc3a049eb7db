// The other ecosystems' generated histories: their logs and reports read back to the outcomes they were generated
// with, and their truth adds up.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseJobLog } from '../../../src/core/logs/jobLogReader';
import { parseReportSync } from '../../../src/core/reports/reportDetection';
import { renderJobLog } from '../../fakeGithub/githubLog';
import { generateRunnerHistory, reportArtifactName, type OtherRunner } from '../../fakeGithub/otherRunners';
import type { FakeRepo } from '../../fakeGithub/state';

const RUNNERS: readonly OtherRunner[] = ['pytest', 'jest', 'nextest'];

for (const runner of RUNNERS) {
  describe(`the ${runner} history`, () => {
    const { state, truth } = generateRunnerHistory({ runner, seed: 11, runs: 25, reports: true });
    const repo = state.repos[0] as FakeRepo;

    test('each job’s log reads back to the outcomes it was generated with', () => {
      for (const execution of truth.executions) {
        const job = repo.runs.flatMap((r) => r.jobs).find((j) => j.id === execution.jobId);
        assert.ok(job?.plan);
        const read = parseJobLog(renderJobLog(job.plan)).outcomes.filter((o) => o.framework === runner);
        const named = (o: { outcome: string }) =>
          // jest's default reporter names failed tests only; nextest prints no line for a skipped test.
          runner === 'jest' ? o.outcome === 'fail' : runner === 'nextest' ? o.outcome !== 'skip' : true;
        assert.deepEqual(
          read.filter((o) => o.id !== '').map((o) => `${o.suite.replaceAll('\\', '/')} | ${o.id} | ${o.outcome}`).sort(),
          execution.outcomes.filter(named).map((o) => `${o.suite} | ${o.id} | ${o.outcome}`).sort(),
          `job ${execution.job} attempt ${execution.runAttempt}`,
        );
        const retried = read.filter((o) => o.outcome === 'flaky' || o.outcome === 'fail');
        for (const o of retried) assert.equal(o.attempt, execution.outcomes.find((x) => x.id === o.id)?.tries, o.id);
      }
    });

    test('each job uploaded one report, named after its matrix values, that reads back to every test', () => {
      assert.equal(truth.artifacts, truth.executions.length);
      for (const execution of truth.executions) {
        const job = truth.jobs.find((j) => j.name === execution.job);
        assert.ok(job);
        const artifact = repo.artifacts.find((a) => a.runId === execution.runId && a.name === reportArtifactName(job, execution.runAttempt));
        assert.ok(artifact, `no report for ${execution.job} attempt ${execution.runAttempt}`);
        const file = artifact.files[0];
        assert.ok(file);
        const report = parseReportSync(file.content, file.name);
        assert.equal(report?.framework, runner);
        assert.deepEqual(
          report.outcomes.map((o) => `${o.suite} | ${o.id} | ${o.outcome}`).sort(),
          execution.outcomes.map((o) => `${o.suite} | ${o.id} | ${o.outcome}`).sort(),
        );
      }
    });

    test('the truth adds up: executions, first-try failures and skipped tests', () => {
      for (const t of truth.tests) {
        const rows = truth.executions.flatMap((e) => e.outcomes.filter((o) => o.suite === t.suite && o.id === t.id));
        assert.equal(t.executions, rows.length, t.id);
        assert.equal(t.failures, rows.filter((o) => o.outcome === 'fail' || o.outcome === 'flaky').length, t.id);
        assert.equal(t.expected, t.failures > 0 ? 'flaky' : 'stable');
      }
      assert.ok(truth.tests.some((t) => t.expected === 'flaky'));
      assert.equal(truth.skipped.length, 1);
    });
  });
}

test('the same seed gives the same history', () => {
  const a = generateRunnerHistory({ runner: 'nextest', seed: 5, runs: 10 });
  const b = generateRunnerHistory({ runner: 'nextest', seed: 5, runs: 10 });
  assert.deepEqual(a.truth, b.truth);
  const job = (s: typeof a.state) => s.repos[0]?.runs[3]?.jobs[0]?.plan;
  const plan = job(a.state);
  assert.ok(plan);
  assert.equal(renderJobLog(plan), renderJobLog(job(b.state) ?? plan));
});
