// JUnit XML report artifacts for the fake GitHub's generated jobs: what a workflow that runs its Go tests with
// `gotestsum --junitfile junit.xml` and uploads the file with actions/upload-artifact would have. Additive: the
// jobs and logs stay as they are; a test attaches reports after generating a history:
//
//   const { state, truth } = generateFlakyHistory({ seed: 1 });
//   attachJUnitReports(state);
//
// One artifact per job execution whose Go test step ran, named after the job (`junit-test-linux-x86-64`, with
// `-attempt-2` for a re-run), holding `junit.xml` in gotestsum's format: the same outcomes as the job's log.

import { stepTimeline, goTestFailed, type GoRun, type GoTest, type JobPlan } from './jobPlan';
import { addArtifact, type FakeArtifact, type FakeGitHubState } from './state';

/** The artifact name a job execution's report gets. */
export function junitArtifactName(jobName: string, attempt: number): string {
  const slug = jobName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return attempt > 1 ? `junit-${slug}-attempt-${attempt}` : `junit-${slug}`;
}

/** Adds a report artifact for every job execution of every run whose Go tests ran; returns the artifacts added. */
export function attachJUnitReports(state: FakeGitHubState): FakeArtifact[] {
  const added: FakeArtifact[] = [];
  for (const repo of state.repos) {
    for (const run of repo.runs) {
      for (const job of run.jobs) {
        const xml = job.plan ? gotestsumReport(job.plan) : undefined;
        if (xml === undefined) continue;
        added.push(addArtifact(state, repo, run, { name: junitArtifactName(job.name, job.runAttempt), files: [{ name: 'junit.xml', content: xml }] }));
      }
    }
  }
  return added;
}

/** The JUnit report of a planned job's Go test step, when that step ran. */
export function gotestsumReport(plan: JobPlan): string | undefined {
  const step = stepTimeline(plan).find((t) => t.step.kind === 'go-test' && t.conclusion !== 'skipped');
  if (!step || step.step.kind !== 'go-test') return undefined;
  return renderGotestsumJUnit(step.step.go, plan.os, plan.startedAt);
}

/** `gotestsum --junitfile`'s output for a `go test` run: one testsuite per package, subtests before their parents. */
export function renderGotestsumJUnit(run: GoRun, os: string, timestamp: string): string {
  const goos = os === 'macos' ? 'darwin' : os;
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let seconds = 0;
  for (const pkg of run.packages) {
    if (pkg.noTestFiles || pkg.tests.length === 0) continue;
    const cases: string[] = [];
    let pkgFailures = 0;
    const visit = (test: GoTest): void => {
      for (const sub of test.subtests ?? []) visit(sub);
      const failed = goTestFailed(test);
      if (failed) pkgFailures++;
      const time = test.seconds.toFixed(6);
      const framed = `=== RUN   ${test.name}\n${(test.output ?? []).map((l) => `${l}\n`).join('')}`;
      if (failed) {
        cases.push(`\t\t<testcase classname="${escape(pkg.importPath)}" name="${escape(test.name)}" time="${time}">\n\t\t\t<failure message="Failed" type="">${escape(`${framed}--- FAIL: ${test.name} (${test.seconds.toFixed(2)}s)\n`)}</failure>\n\t\t</testcase>`);
      } else if (test.outcome === 'skip') {
        cases.push(`\t\t<testcase classname="${escape(pkg.importPath)}" name="${escape(test.name)}" time="${time}">\n\t\t\t<skipped message="${escape(`${framed}--- SKIP: ${test.name} (${test.seconds.toFixed(2)}s)\n`)}"></skipped>\n\t\t</testcase>`);
      } else {
        cases.push(`\t\t<testcase classname="${escape(pkg.importPath)}" name="${escape(test.name)}" time="${time}"></testcase>`);
      }
    };
    pkg.tests.forEach(visit);
    tests += cases.length;
    failures += pkgFailures;
    seconds += pkg.seconds;
    suites.push(
      `\t<testsuite tests="${cases.length}" failures="${pkgFailures}" time="${pkg.seconds.toFixed(6)}" name="${escape(pkg.importPath)}" timestamp="${timestamp}">\n` +
        `\t\t<properties>\n\t\t\t<property name="go.version" value="go1.23.2 ${goos}/amd64"></property>\n\t\t</properties>\n` +
        `${cases.join('\n')}\n\t</testsuite>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites tests="${tests}" failures="${failures}" errors="0" time="${seconds.toFixed(6)}">\n${suites.join('\n')}\n</testsuites>\n`;
}

/** XML escaping as Go's encoding/xml writes it (newlines in attributes as `&#xA;`). */
function escape(text: string): string {
  return text.replace(/[&<>"'\n\t]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;', '\n': '&#xA;', '\t': '&#x9;' })[c] as string);
}
