// The flake findings of one repository, in memory: loaded from the stored history at start (so decorations show
// at once, before any network), then refreshed by background syncs. A failed sync keeps the last good findings.
import * as vscode from 'vscode';
import { GitHubClient } from '../ci/githubClient';
import { HistoryStore, type StoredState } from '../ci/historyStore';
import { fetchRunForTriage } from '../ci/runTriage';
import { syncHistory, type SyncResult } from '../ci/sync';
import { completeTriageInSteps, planTriageInSteps } from '../core/triage/triageHistory';
import type { StoredRun } from '../core/model';
import type { TriageResult } from '../core/triage/triageRun';
import { SyncError, toSyncError } from '../ci/syncError';
import type { GitHubRepositoryRef } from '../core/remoteUrl';
import type { ScanResult, ScanTest } from '../core/scan/scanResult';
import { filesByStem } from '../core/scan/testSource';
import { ClassificationCache } from '../core/classify/classificationCache';
import { SharedWork } from '../core/sharedWork';
import { SingleRun } from '../core/singleRun';
import { yieldEvery } from '../core/steps';
import { FindingsScanner, readSources, type ReadSource } from './findingsScanner';
import { syncInputsChanged, type FlakelensSettings } from './settings';
import type { WorkspaceTests } from './workspaceTests';

export type SyncState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'syncing' }
  | { readonly kind: 'synced'; readonly at: string; readonly result: Pick<SyncResult, 'requests' | 'newRuns' | 'logsRead'> }
  | { readonly kind: 'error'; readonly error: SyncError };

export interface RepositoryFlakesOptions {
  readonly ref: GitHubRepositoryRef;
  readonly apiUrl: string;
  readonly storageDir: string;
  readonly token: () => Promise<string | undefined>;
  readonly tests: WorkspaceTests;
  readonly log: (message: string) => void;
}

/** The syncs under way in this window, shared by the folders of one repository (see RepositoryFlakes.runSync). */
const syncsUnderWay = new SharedWork<SyncResult>();

export class RepositoryFlakes implements vscode.Disposable {
  private stored: StoredState | undefined;
  private scanned: ScanResult | undefined;
  private byId = new Map<string, ScanTest[]>();
  /**
   * The scanned tests by the file the index places them in now, made when first asked after a scan or a change of
   * the index: a test moved to another file, or a file renamed, is found in its new file without a new scan.
   */
  private located: Map<string, ScanTest[]> | undefined;
  private readonly indexChanged: vscode.Disposable;
  private syncState: SyncState = { kind: 'idle' };
  private readonly syncs = new SingleRun();
  private cancel: vscode.CancellationTokenSource | undefined;
  private readonly store: HistoryStore;
  private readonly client: GitHubClient;
  private readonly changed = new vscode.EventEmitter<void>();
  private token: string | undefined;
  private triaged: TriageResult | undefined;
  /** The run behind {@link triaged}: after the next sync its triage is redone from memory when the run is unchanged. */
  private triagedRun: StoredRun | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Kept across scans and triages: a test whose inputs did not change is not classified again. */
  private readonly classifications = new ClassificationCache();
  private readonly readSource: ReadSource;
  private readonly scanner: FindingsScanner;
  /** Rescans under way (see {@link idle}). */
  private readonly rescans = new Set<Promise<void>>();
  private disposed = false;
  /** Fires when the findings or the sync state change. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly options: RepositoryFlakesOptions,
    private settings: FlakelensSettings,
  ) {
    this.store = new HistoryStore(options.storageDir, options.apiUrl, this.repository);
    this.readSource = (file) => options.tests.readSource(file);
    this.scanner = new FindingsScanner(this.readSource, this.classifications);
    // The token is looked up once per sync or command (a sync makes many requests), never kept beyond it.
    this.client = new GitHubClient({ apiUrl: options.apiUrl, token: async () => this.token ?? (await options.token()), userAgent: 'flakelens-vscode' });
    // Registered before the editor features' listeners (the session subscribes them later): they place from the new
    // index.
    this.indexChanged = options.tests.onDidChange(() => {
      this.located = undefined;
    });
  }

  get repository(): string {
    return `${this.options.ref.owner}/${this.options.ref.repo}`;
  }

  get apiUrl(): string {
    return this.options.apiUrl;
  }

  get github(): GitHubClient {
    return this.client;
  }

  get state(): SyncState {
    return this.syncState;
  }

  get result(): ScanResult | undefined {
    return this.scanned;
  }

  /** Scan tests with this CI id (one id can name tests of several suites). */
  testsWithId(id: string): readonly ScanTest[] {
    return this.byId.get(id) ?? [];
  }

  /** The scanned tests that the index places in this file now (the editor resolves them again for their line). */
  testsLocatedIn(file: string): readonly ScanTest[] {
    if (!this.located) {
      const located = new Map<string, ScanTest[]>();
      for (const test of this.scanned?.tests ?? []) {
        const where = this.options.tests.index.resolve(test)?.file ?? test.location?.file;
        if (where === undefined) continue;
        const list = located.get(where);
        if (list) list.push(test);
        else located.set(where, [test]);
      }
      this.located = located;
    }
    return this.located.get(file) ?? [];
  }

  /**
   * The job to re-run for a failure: the same job of the run's newest attempt (GitHub re-runs only jobs of the
   * latest attempt, and a re-run made a new execution of the failed one).
   */
  latestExecutionOf(runId: number, jobId: number): number {
    const run = this.stored?.history.runs.find((r) => r.id === runId);
    const job = run?.jobs.find((j) => j.id === jobId);
    if (!run || !job) {
      return jobId;
    }
    const sameJob = run.jobs.filter((j) => j.name === job.name).sort((a, b) => b.runAttempt - a.runAttempt || b.id - a.id);
    return sameJob[0]?.id ?? jobId;
  }

  /**
   * Sorts the newest completed run of a branch against the stored history of the default branch (known flake,
   * failing there too, new, infrastructure). Reads that run's jobs and failed logs; the base needs no request.
   */
  async triage(branch: string, runId?: number): Promise<TriageResult | undefined> {
    if (!this.stored || this.stored.history.runs.length === 0) {
      return undefined;
    }
    try {
      const known = runId === undefined && this.triagedRun?.branch === branch ? this.triagedRun : undefined;
      const run = await fetchRunForTriage(this.client, {
        owner: this.options.ref.owner,
        repo: this.options.ref.repo,
        logFormats: this.settings.logFormats,
        ...(runId !== undefined ? { runId } : { branch }),
        ...(known ? { known } : {}),
      });
      this.triagedRun = run;
      const since = new Date(Date.now() - this.settings.maxDays * 86_400_000).toISOString().slice(0, 10);
      // As a rescan does: the statistics made in steps, the sources read asynchronously, the triage made from memory
      // in steps. It runs after every sync on a branch other than the default one, and the base branch's statistics
      // and scan held the thread for about a second in one block (the rescan bench's history).
      const between = yieldEvery();
      const plan = await planTriageInSteps(
        {
          run,
          history: this.stored.history,
          window: { maxRuns: this.settings.maxRuns, since, workflows: this.settings.workflows },
          minFlakeRate: this.settings.minFlakeRate,
          resolve: (t) => this.options.tests.index.resolve(t),
        },
        between,
      );
      const sources = await readSources(plan.base, filesByStem(this.options.tests.files), this.readSource);
      const { triage } = await completeTriageInSteps(plan, sources, this.classifications, between);
      this.triaged = triage;
      this.changed.fire();
      return triage;
    } catch (error) {
      const syncError = error instanceof SyncError ? error : toSyncError(error, this.repository, this.apiUrl);
      this.options.log(`Triage of ${branch} failed: ${syncError.message}`);
      return undefined;
    }
  }

  /** Drops the last triage (the checked-out branch is another now): its new failures are no longer marked. */
  clearTriage(): void {
    if (this.triaged || this.triagedRun) {
      this.triaged = undefined;
      this.triagedRun = undefined;
      this.changed.fire();
    }
  }

  /** The repository's default branch, once known. */
  get defaultBranch(): string | undefined {
    return this.stored && this.stored.history.runs.length > 0 ? this.stored.history.defaultBranch : undefined;
  }

  /** The last triage of the current branch's run, if any. */
  get lastTriage(): TriageResult | undefined {
    return this.triaged;
  }

  /** Loads the stored history from disk: no network. */
  async loadStored(): Promise<void> {
    try {
      this.stored = await this.store.load(this.repository, (message) => this.options.log(message));
    } catch (error) {
      // A file this version cannot use and must not replace (a newer Flakelens's), or a cache folder it cannot read:
      // the folder shows the error as a failed sync does, and the other folders start as usual.
      const syncError = error instanceof SyncError ? error : toSyncError(error, this.repository, this.apiUrl);
      this.options.log(`Loading the stored history of ${this.repository} failed: ${syncError.message}`);
      this.syncState = { kind: 'error', error: syncError };
    }
    await this.rescan();
  }

  updateSettings(settings: FlakelensSettings): void {
    // A running sync read the old branches, workflows or window: one more sync with the new ones follows it.
    if (syncInputsChanged(this.settings, settings)) {
      this.syncs.again();
    }
    this.settings = settings;
    void this.rescan();
  }

  /**
   * Recomputes the findings from the stored history (after a sync, a settings change, or the index filling): the
   * sources are read asynchronously first, and the findings of the newest rescan are kept, whichever ends first.
   * Resolves when this rescan is done; never rejects.
   */
  rescan(): Promise<void> {
    const rescan = this.rescanNow().catch((error: unknown) => {
      this.options.log(`Reading the findings of ${this.repository} from its stored history failed: ${(error as Error).message}`);
      // The last findings stay; the sync state that came with this rescan is news all the same.
      if (!this.disposed) this.changed.fire();
    });
    this.rescans.add(rescan);
    void rescan.finally(() => this.rescans.delete(rescan));
    return rescan;
  }

  private async rescanNow(): Promise<void> {
    if (!this.stored || this.stored.history.runs.length === 0) {
      this.scanner.supersede();
      this.show(undefined);
      return;
    }
    const tests = this.options.tests;
    const since = new Date(Date.now() - this.settings.maxDays * 86_400_000).toISOString().slice(0, 10);
    const scanned = await this.scanner.scan(
      {
        history: this.stored.history,
        options: {
          branches: this.settings.branches,
          workflows: this.settings.workflows,
          maxRuns: this.settings.maxRuns,
          since,
          minFlakeRate: this.settings.minFlakeRate,
          all: false,
        },
        resolve: (t) => tests.index.resolve(t),
      },
      filesByStem(tests.files),
    );
    // A newer rescan started meanwhile: its findings stand.
    if (scanned !== undefined && !this.disposed) this.show(scanned);
  }

  private show(scanned: ScanResult | undefined): void {
    this.scanned = scanned;
    const byId = new Map<string, ScanTest[]>();
    for (const test of scanned?.tests ?? []) {
      const list = byId.get(test.id) ?? [];
      list.push(test);
      byId.set(test.id, list);
    }
    this.byId = byId;
    this.located = undefined;
    this.changed.fire();
  }

  /**
   * Starts a sync unless one is running; resolves when it ends, and the sync a settings change queued behind it (it
   * never rejects: errors become the state).
   */
  sync(progress?: vscode.Progress<{ message?: string; increment?: number }>, token?: vscode.CancellationToken): Promise<void> {
    return this.syncs.start(() => this.runSync(progress, token), () => !this.disposed && !token?.isCancellationRequested);
  }

  private async runSync(progress?: vscode.Progress<{ message?: string; increment?: number }>, token?: vscode.CancellationToken): Promise<void> {
    this.cancel = new vscode.CancellationTokenSource();
    const abort = new AbortController();
    const subscriptions = [this.cancel.token.onCancellationRequested(() => abort.abort()), token?.onCancellationRequested(() => abort.abort())];
    this.syncState = { kind: 'syncing' };
    this.changed.fire();
    try {
      // Two folders of one repository (two worktrees, or clones) sync it once: the second takes the first's result.
      const key = JSON.stringify([this.apiUrl, this.repository, this.settings.branches, this.settings.workflows, this.settings.maxRuns, this.settings.maxDays, this.settings.logFormats]);
      const own = () => this.syncOnce(abort.signal, progress);
      const shared = syncsUnderWay.run(key, own);
      let result: SyncResult;
      if (shared.joined) {
        progress?.report({ message: `Waiting for the sync of ${this.repository} under way in another folder` });
        // That sync failed or was cancelled there: this folder's own sync says why, or succeeds.
        result = await shared.result.catch(own);
      } else {
        result = await shared.result;
      }
      this.options.log(
        shared.joined
          ? `Synced ${this.repository} with another folder of it: no request of its own.`
          : `Synced ${this.repository}: ${result.requests.total} requests (${result.requests.notModified} not modified), ${result.newRuns} new runs, ${result.logsRead} logs read.`,
      );
      // A sync that changed nothing (the auto-refresh, mostly) keeps the history object the findings were made from:
      // the rescan then reuses their statistics (about 0.6 s on the thread for 100 runs of 800 tests) instead of
      // recomputing them from an equal copy.
      this.stored = !result.changed && this.stored ? { ...result.state, history: this.stored.history } : result.state;
      this.syncState = { kind: 'synced', at: result.state.syncedAt ?? new Date().toISOString(), result };
      await this.rescan();
    } catch (error) {
      const syncError = error instanceof SyncError ? error : new SyncError('server', `The sync failed: ${(error as Error).message}`);
      this.options.log(`Sync of ${this.repository} failed: ${syncError.message}`);
      this.syncState = { kind: 'error', error: syncError };
      this.changed.fire();
    } finally {
      this.token = undefined;
      for (const s of subscriptions) {
        s?.dispose();
      }
      this.cancel.dispose();
      this.cancel = undefined;
    }
  }

  /** One sync of the repository into the store, with this folder's token and progress. */
  private async syncOnce(signal: AbortSignal, progress: vscode.Progress<{ message?: string; increment?: number }> | undefined): Promise<SyncResult> {
    this.token = await this.options.token();
    if (!this.token) {
      throw new SyncError('not-signed-in', 'Flakelens is not signed in to GitHub: sign in with your GitHub account, or set a token, to read the Actions history.');
    }
    let reported = 0;
    return syncHistory(this.client, this.store, {
        owner: this.options.ref.owner,
        repo: this.options.ref.repo,
        branches: this.settings.branches,
        workflows: this.settings.workflows,
        maxRuns: this.settings.maxRuns,
        maxDays: this.settings.maxDays,
        now: new Date(),
        signal,
        logFormats: this.settings.logFormats,
        onProgress: (message, fraction) => {
          const increment = fraction === undefined ? undefined : Math.max(0, Math.round(fraction * 100) - reported);
          if (increment) {
            reported += increment;
          }
          progress?.report({ message, ...(increment ? { increment } : {}) });
        },
        onProblem: (message) => this.options.log(message),
      });
  }

  /**
   * Follows a run that was just re-run: syncs now, then again with growing pauses (15 s up to 2 min) until the run
   * shows a newer attempt or half an hour has passed. The new attempt's results reach the editor through the sync.
   */
  follow(runId: number): void {
    const startAttempt = this.stored?.history.runs.find((r) => r.id === runId)?.runAttempt ?? 0;
    const deadline = Date.now() + 30 * 60_000;
    let pause = 15_000;
    const check = async (): Promise<void> => {
      await this.sync();
      const run = this.stored?.history.runs.find((r) => r.id === runId);
      if ((run && run.runAttempt > startAttempt) || Date.now() > deadline || this.disposed) {
        return;
      }
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void check();
      }, pause);
      this.timers.add(timer);
      pause = Math.min(pause * 2, 120_000);
    };
    void check();
  }

  /** Resolves when no sync and no rescan is running. */
  async idle(): Promise<void> {
    while (this.syncs.running || this.rescans.size > 0) {
      await this.syncs.running;
      await Promise.all(this.rescans);
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.cancel?.cancel();
    this.indexChanged.dispose();
    this.changed.dispose();
  }
}

