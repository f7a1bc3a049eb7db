// How often the triage of a pull-request run is exactly right on histories no test has seen: random seeds, rates,
// run counts and branch mixes; every verdict, infrastructure step and rerunMayPass compared with the truth.
import { resolve } from 'node:path';
import { GitHubClient } from '../src/ci/githubClient';
import { HistoryStore } from '../src/ci/historyStore';
import { syncHistory } from '../src/ci/sync';
import { fetchRunForTriage } from '../src/ci/runTriage';
import { readWorkspace } from '../src/cli/workspaceFiles';
import { triageAgainstHistory } from '../src/core/triage/triageHistory';
import { generateFlakyHistory } from '../test/fakeGithub/scenarios';
import { startFakeGitHub } from '../test/fakeGithub/server';
import { scratchDir } from '../test/unit/support/scratchDir';

export async function benchTriageAccuracy(
  count = Number(process.env.FLAKELENS_ACCURACY_HISTORIES ?? 6),
  firstSeed = Number(process.env.FLAKELENS_ACCURACY_SEED ?? 7001),
): Promise<{ name: string; value: number; unit: string }[]> {
  const workspace = readWorkspace(resolve(__dirname, '..', 'demo', 'sample-repo'));
  let runs = 0;
  let exact = 0;
  const misses: string[] = [];
  for (let i = 0; i < count; i++) {
    const seed = firstSeed + i;
    const { state, truth } = generateFlakyHistory({ seed, runs: 60 + ((seed * 37) % 80), days: 40, pullRequests: 8, systemicEvents: seed % 3, infrastructureFailures: seed % 2 });
    const gh = await startFakeGitHub(state);
    try {
      const client = new GitHubClient({ apiUrl: gh.url, token: async () => 'bench' });
      const store = new HistoryStore(scratchDir('triage'), gh.url, truth.repository);
      const now = new Date(Date.parse(truth.window.to) + 86_400_000);
      const sync = await syncHistory(client, store, { owner: 'acme', repo: 'sample', maxRuns: truth.runs, maxDays: 60, now });
      for (const pr of truth.pullRequests) {
        runs++;
        const run = await fetchRunForTriage(client, { owner: 'acme', repo: 'sample', branch: pr.branch });
        const { triage } = triageAgainstHistory({
          run,
          history: sync.state.history,
          window: { maxRuns: truth.runs, since: new Date(now.getTime() - 60 * 86_400_000).toISOString().slice(0, 10) },
          minFlakeRate: 0,
          resolve: (t) => workspace.index.resolve(t),
          sources: workspace.sources,
        });
        const key = (f: { job: string; id: string; verdict: string }) => `${f.job}|${f.id}|${f.verdict}`;
        const got = triage.failures.map(key).sort().join(', ');
        const want = pr.failures.map(key).sort().join(', ');
        const gotInfra = triage.infrastructure.map((x) => `${x.job}|${x.step}`).sort().join(', ');
        const wantInfra = pr.infrastructure.map((x) => `${x.job}|${x.step}`).sort().join(', ');
        if (got === want && gotInfra === wantInfra && triage.rerunMayPass === pr.rerunMayPass) {
          exact++;
        } else {
          misses.push(`seed ${seed} ${pr.branch}: got [${got}] [${gotInfra}] ${triage.rerunMayPass}; want [${want}] [${wantInfra}] ${pr.rerunMayPass}`);
        }
      }
    } finally {
      await gh.close();
    }
  }
  for (const miss of misses) console.log(`  miss: ${miss}`);
  return [{ name: `pull-request runs triaged exactly right (seeds ${firstSeed}…${firstSeed + count - 1})`, value: exact, unit: `of ${runs}` }];
}
