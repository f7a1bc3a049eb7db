// What report artifacts that inflate without end cost a sync, against the fake GitHub (real HTTP, real octokit):
// JUnit reports whose <system-out> runs to the per-file bound (128 MiB), four to a zip (the 512 MiB per zip),
// each zip about half a MiB to download. One run of 20 such artifacts (the most read per run), and eight runs of
// one each. CPU time of the whole process (client and fake server), as the VM's wall time is noisy.
import { performance } from 'node:perf_hooks';
import { GitHubClient } from '../src/ci/githubClient';
import { HistoryStore } from '../src/ci/historyStore';
import { syncHistory } from '../src/ci/sync';
import { startFakeGitHub } from '../test/fakeGithub/server';
import { addArtifact, addRepo, addRun, addWorkflow, createState, type FakeArtifactFile } from '../test/fakeGithub/state';
import { scratchDir } from '../test/unit/support/scratchDir';
import type { Figure } from './sync';

const MIB = 1024 * 1024;

/** A JUnit report of one test whose captured output makes the file `bytes` long. */
function reportOfOutput(bytes: number): string {
  const head = '<?xml version="1.0"?><testsuite name="s" tests="1"><testcase classname="app.OutputTest" name="prints" time="0.1"><system-out>';
  const tail = '</system-out></testcase></testsuite>';
  return head + 'x'.repeat(bytes - head.length - tail.length) + tail;
}

const LOG = '2026-10-02T08:30:00.1000000Z ##[group]Run mvn test\n2026-10-02T08:30:03.3000000Z ##[error]Process completed with exit code 1.\n';

async function syncOf(runs: number, artifactsPerRun: number, files: readonly FakeArtifactFile[]): Promise<Figure[]> {
  const state = createState({ now: '2026-10-20T12:00:00Z' });
  const repo = addRepo(state, { owner: 'acme', name: 'shop' });
  const workflow = addWorkflow(state, repo, { name: 'CI', path: '.github/workflows/ci.yml' });
  for (let r = 0; r < runs; r++) {
    const at = Date.UTC(2026, 9, 2 + r, 8, 30);
    const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
    const run = addRun(state, repo, { workflow, createdAt: iso(at), jobs: [{ name: 'test', conclusion: 'failure', startedAt: iso(at + 5000), completedAt: iso(at + 65_000), log: LOG }] });
    for (let a = 0; a < artifactsPerRun; a++) addArtifact(state, repo, run, { name: `test-results-${a}`, files });
  }
  const gh = await startFakeGitHub(state);
  try {
    const client = new GitHubClient({ apiUrl: gh.url, token: async () => 'bench-token' });
    const store = new HistoryStore(scratchDir('bench-artifacts'), gh.url, 'acme/shop');
    // The fake zips each list of files once; done here, outside the figures.
    await client.getConditional('GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts', { owner: 'acme', repo: 'shop', run_id: repo.runs[0]?.id }, undefined);
    gh.resetRequests();
    const cpu = process.cpuUsage();
    const start = performance.now();
    const result = await syncHistory(client, store, { owner: 'acme', repo: 'shop', maxRuns: 100, maxDays: 60, now: new Date('2026-10-20T12:00:00Z') });
    const used = process.cpuUsage(cpu);
    const wall = performance.now() - start;
    const downloads = gh.requests.filter((r) => /\/actions\/artifacts\/\d+\/zip/.test(r.path)).length;
    const read = result.state.history.runs.flatMap((r) => r.jobs).filter((j) => j.outcomeSources?.some((s) => s.source === 'report')).length;
    const what = `${runs} run${runs === 1 ? '' : 's'} × ${artifactsPerRun} artifact${artifactsPerRun === 1 ? '' : 's'} of 512 MiB inflated`;
    return [
      { name: `${what}: sync CPU time`, value: (used.user + used.system) / 1000, unit: 'ms' },
      { name: `${what}: sync wall time`, value: wall, unit: 'ms' },
      { name: `${what}: artifacts downloaded`, value: downloads, unit: `of ${runs * artifactsPerRun}` },
      { name: `${what}: jobs with reports read`, value: read, unit: `of ${runs}` },
    ];
  } finally {
    await gh.close();
  }
}

export async function benchArtifactReading(): Promise<Figure[]> {
  const report = reportOfOutput(127 * MIB);
  const files = [0, 1, 2, 3].map((i) => ({ name: `surefire-reports/TEST-app.OutputTest${i}.xml`, content: report }));
  return [...(await syncOf(1, 20, files)), ...(await syncOf(8, 1, files))];
}
