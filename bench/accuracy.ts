// How often the scan gets a history exactly right, on histories no test has seen: random seeds, rates, run counts
// and regressions, each synced from the fake GitHub over HTTP and scanned as the CLI does, then compared with the
// history's truth (flaky set, failing set, true rate inside the 95% interval, OS breakdown, location).
import { resolve } from 'node:path';
import { GitHubClient } from '../src/ci/githubClient';
import { HistoryStore } from '../src/ci/historyStore';
import { syncHistory } from '../src/ci/sync';
import { readWorkspace } from '../src/cli/workspaceFiles';
import { scanHistory } from '../src/core/scan/scanResult';
import { generateFlakyHistory, type FlakyHistoryOptions } from '../test/fakeGithub/scenarios';
import { startFakeGitHub } from '../test/fakeGithub/server';
import { scratchDir } from '../test/unit/support/scratchDir';

interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

/** A small PRNG for choosing the histories (not the histories' own randomness, which the seed drives). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomOptions(random: () => number, seed: number): FlakyHistoryOptions {
  const runs = 60 + Math.floor(random() * 90);
  return {
    seed,
    runs,
    days: 40,
    rerunFraction: random() * 0.8,
    noFailFast: random() < 0.7,
    flaky: [
      { id: 'tls::tls_sample_application', rate: 0.04 + random() * 0.1 },
      { id: 'TestPoll/timeout', rate: { windows: 0.1 + random() * 0.2 } },
    ],
    regressions: [{ id: random() < 0.5 ? 'config::tests::parses_default_path' : 'duration::tests::parses_seconds', from: 0.6 + random() * 0.3 }],
  };
}

export async function benchAccuracy(count = Number(process.env.FLAKELENS_ACCURACY_HISTORIES ?? 12), firstSeed = Number(process.env.FLAKELENS_ACCURACY_SEED ?? 9001)): Promise<Figure[]> {
  const workspace = readWorkspace(resolve(__dirname, '..', 'demo', 'sample-repo'));
  const random = mulberry32(firstSeed);
  let exact = 0;
  let intervalsHit = 0;
  let intervals = 0;
  const misses: string[] = [];
  for (let i = 0; i < count; i++) {
    const options = randomOptions(random, firstSeed + i);
    const { state, truth } = generateFlakyHistory(options);
    const gh = await startFakeGitHub(state);
    try {
      const client = new GitHubClient({ apiUrl: gh.url, token: async () => 'bench' });
      const store = new HistoryStore(scratchDir('accuracy'), gh.url, truth.repository);
      const now = new Date(Date.parse(truth.window.to) + 86_400_000);
      const sync = await syncHistory(client, store, { owner: 'acme', repo: 'sample', maxRuns: truth.runs, maxDays: 60, now });
      const result = scanHistory({ history: sync.state.history, options: { maxRuns: truth.runs, minFlakeRate: 0, all: true }, resolve: (t) => workspace.index.resolve(t), sources: workspace.sources });
      const problems: string[] = [];
      for (const t of truth.tests) {
        const expected = t.failsWith && t.expected !== 'failing' ? 'stable' : t.expected;
        const found = result.tests.find((x) => x.id === t.id && x.suite === t.suite);
        if (!found) {
          problems.push(`${t.id} missing`);
          continue;
        }
        if (found.status !== expected) problems.push(`${t.id}: ${found.status}, expected ${expected}`);
        if (expected !== 'stable' && (found.location?.file !== t.file || found.location.line !== t.line)) problems.push(`${t.id}: at ${JSON.stringify(found.location)}`);
        if (expected === 'flaky' && t.rate !== undefined) {
          intervals++;
          if (found.interval[0] <= t.rate && t.rate <= found.interval[1]) intervalsHit++;
          else problems.push(`${t.id}: rate ${t.rate.toFixed(3)} outside [${found.interval.map((x) => x.toFixed(3))}]`);
          for (const [os, rate] of Object.entries(t.rateByOs ?? {})) {
            const measured = found.byOs.find((o) => o.os === os)?.flakyFailures ?? 0;
            if ((rate ?? 0) === 0 && measured > 0) problems.push(`${t.id}: flaky on ${os}`);
          }
        }
      }
      if (problems.length === 0) exact++;
      else misses.push(`seed ${options.seed} (${options.runs} runs): ${problems.join('; ')}`);
    } finally {
      await gh.close();
    }
  }
  for (const miss of misses) console.log(`  miss: ${miss}`);
  return [
    { name: `histories scanned exactly right (seeds ${firstSeed}…${firstSeed + count - 1})`, value: exact, unit: `of ${count}` },
    { name: 'flaky tests whose true rate lies in the reported 95% interval', value: intervalsHit, unit: `of ${intervals}` },
  ];
}
