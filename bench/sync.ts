// Requests and wall time of Flakelens's first and second sync against the fake GitHub (real HTTP, real octokit),
// beside a naive client that lists every run and job and downloads every job's log, on a history of 100 runs × 3
// operating systems.
import { performance } from 'node:perf_hooks';
import { GitHubClient, nextPageUrl } from '../src/ci/githubClient';
import { HistoryStore } from '../src/ci/historyStore';
import { syncHistory } from '../src/ci/sync';
import { JobLogReader } from '../src/core/logs/jobLogReader';
import { generateFlakyHistory } from '../test/fakeGithub/scenarios';
import { startFakeGitHub } from '../test/fakeGithub/server';
import { scratchDir } from '../test/unit/support/scratchDir';

export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

/** Lists every run and every job, and reads every job's log: what a client without Flakelens's economies does. */
async function naiveSync(client: GitHubClient, owner: string, repo: string): Promise<number> {
  let url: string | undefined = 'GET /repos/{owner}/{repo}/actions/runs';
  let params: Record<string, unknown> = { owner, repo, status: 'completed', per_page: 100 };
  const runIds: number[] = [];
  while (url && runIds.length < 100) {
    const page: Awaited<ReturnType<typeof client.getConditional<{ workflow_runs: { id: number }[] }>>> = await client.getConditional(url, params, undefined);
    if (!page.modified) break;
    runIds.push(...page.data.workflow_runs.map((r) => r.id));
    const next = nextPageUrl(page.link);
    url = next ? `GET ${next}` : undefined;
    params = {};
  }
  let logs = 0;
  for (const runId of runIds.slice(0, 100)) {
    const jobs = await client.getConditional<{ jobs: { id: number }[] }>('GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs', { owner, repo, run_id: runId, filter: 'all', per_page: 100 }, undefined);
    if (!jobs.modified) continue;
    for (const job of jobs.data.jobs) {
      const stream = await client.jobLogStream(owner, repo, job.id);
      const reader = new JobLogReader();
      for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) reader.push(chunk);
      reader.end();
      logs++;
    }
  }
  return logs;
}

export async function benchSync(): Promise<Figure[]> {
  const { state, truth } = generateFlakyHistory({ seed: 11, runs: 100 });
  const gh = await startFakeGitHub(state);
  const [owner, repo] = truth.repository.split('/') as [string, string];
  const now = new Date(Date.parse(truth.window.to) + 86_400_000);
  try {
    const client = new GitHubClient({ apiUrl: gh.url, token: async () => 'bench-token' });
    const store = new HistoryStore(scratchDir('bench'), gh.url, truth.repository);
    const options = { owner, repo, maxRuns: 100, maxDays: 60, now };
    let start = performance.now();
    const first = await syncHistory(client, store, options);
    const firstMs = performance.now() - start;
    gh.resetRequests();
    start = performance.now();
    const second = await syncHistory(client, store, options);
    const secondMs = performance.now() - start;
    const secondHttp = gh.requests.length;

    const naiveClient = new GitHubClient({ apiUrl: gh.url, token: async () => 'bench-token' });
    start = performance.now();
    const naiveLogs = await naiveSync(naiveClient, owner, repo);
    const naiveMs = performance.now() - start;
    const jobs = first.state.history.runs.reduce((n, r) => n + r.jobs.length, 0);
    return [
      { name: `history: runs × job attempts`, value: jobs, unit: `jobs in ${first.state.history.runs.length} runs` },
      { name: 'first sync: API requests', value: first.requests.total, unit: 'requests' },
      { name: 'first sync: logs read', value: first.logsRead, unit: `of ${jobs} jobs` },
      { name: 'first sync: wall time', value: firstMs, unit: 'ms' },
      { name: 'second sync (nothing new): API requests', value: second.requests.total, unit: `requests (${second.requests.notModified} not modified, ${secondHttp} HTTP)` },
      { name: 'second sync (nothing new): wall time', value: secondMs, unit: 'ms' },
      { name: 'naive client (every job\'s log): API requests', value: naiveClient.counts.total, unit: 'requests' },
      { name: 'naive client: logs read', value: naiveLogs, unit: 'logs' },
      { name: 'naive client: wall time', value: naiveMs, unit: 'ms' },
    ];
  } finally {
    await gh.close();
  }
}
