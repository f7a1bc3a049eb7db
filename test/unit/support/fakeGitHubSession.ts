// Sets up a fake GitHub with a generated history, a client and a store in a fresh cache folder, for sync tests.
import { GitHubClient } from '../../../src/ci/githubClient';
import { HistoryStore } from '../../../src/ci/historyStore';
import { syncHistory, type SyncOptions, type SyncResult } from '../../../src/ci/sync';
import { generateFlakyHistory, type FlakyHistoryOptions, type ScenarioTruth } from '../../fakeGithub/scenarios';
import { startFakeGitHub, type FakeGitHub } from '../../fakeGithub/server';
import { scratchDir } from './scratchDir';

export const TOKEN = 'ghp_fake_token_for_tests_0123456789';
/** After the generated histories' newest run (their default start is 2026-10-01, 30 days). */
export const NOW = new Date('2026-11-02T00:00:00Z');

export interface Session {
  readonly gh: FakeGitHub;
  readonly client: GitHubClient;
  readonly store: HistoryStore;
  readonly cacheDir: string;
  readonly truth: ScenarioTruth;
  sync(options?: Partial<SyncOptions>): Promise<SyncResult>;
  close(): Promise<void>;
}

export async function fakeGitHubSession(history: Partial<FlakyHistoryOptions> = {}, token: string | undefined = TOKEN): Promise<Session> {
  const { state, truth } = generateFlakyHistory({ seed: 1, ...history });
  const gh = await startFakeGitHub(state);
  const client = new GitHubClient({ apiUrl: gh.url, token: async () => token, retryDelayScale: 1, maxRateLimitWait: 0 });
  const cacheDir = scratchDir('test');
  const store = new HistoryStore(cacheDir, gh.url, truth.repository);
  const [owner, repo] = truth.repository.split('/') as [string, string];
  return {
    gh,
    client,
    store,
    cacheDir,
    truth,
    sync: (options = {}) => syncHistory(client, store, { owner, repo, maxRuns: 100, maxDays: 60, now: NOW, ...options }),
    close: () => gh.close(),
  };
}
