// The composition root: builds the services for the workspace's repository, registers every editor feature and
// command as a disposable, and starts the first sync in the background. Nothing here waits on the network.
import * as vscode from 'vscode';
import { clearToken, setToken, signIn } from './commands/tokenCommands';
import { refresh } from './commands/refresh';
import { rerunFailedJobs, type RerunArguments } from './commands/rerunFailedJobs';
import { filterTests } from './commands/filterTests';
import { openLastFailure, rerunJob, runLocally, showTestDetails, type TestRef } from './commands/testCommands';
import { TestCodeLens } from './editor/codeLens';
import { LocalRuns, type LocalResult } from './editor/localRuns';
import { FlakyTestsView, type ViewFilter } from './editor/flakyTestsView';
import { hostOfApiUrl, trustedApiUrl } from './core/remoteUrl';
import type { ScanResult } from './core/scan/scanResult';
import { TestDecorations } from './editor/decorations';
import { TestDiagnostics } from './editor/diagnostics';
import { GitHubAuth } from './editor/githubAuth';
import { TestHoverProvider } from './editor/hover';
import { currentBranch, detectRepository } from './editor/repositoryDetection';
import { RepositoryFlakes, type SyncState } from './editor/repositoryFlakes';
import { readSettings } from './editor/settings';
import { FlakeStatusBar } from './editor/statusBar';
import { WorkspaceTests } from './editor/workspaceTests';

/** What the extension exports: used by its own tests to wait for work instead of sleeping. */
export interface FlakelensApi {
  /** Resolves when start-up, any running sync and the decoration passes they caused are done. */
  whenIdle(): Promise<void>;
  findings(): ScanResult | undefined;
  repository(): string | undefined;
  /** The sync state: idle, syncing, synced, or the last error (with the last good findings kept). */
  syncState(): SyncState | undefined;
  decorationPasses(): number;
  /** The last local run of a test ("Run ×N locally"), if any. */
  localResult(test: TestRef): LocalResult | undefined;
  /** What the Flaky Tests view shows, in order. */
  viewTests(): { id: string; status: string }[];
}

const TEST_LANGUAGES: vscode.DocumentSelector = [{ language: 'rust' }, { language: 'go' }];

export function activate(context: vscode.ExtensionContext): FlakelensApi {
  const output = vscode.window.createOutputChannel('Flakelens', { log: true });
  context.subscriptions.push(output);
  let settings = readSettings();
  let apiUrl = settings.apiUrl || 'https://api.github.com';
  const auth = new GitHubAuth(context.secrets, () => hostOfApiUrl(apiUrl) ?? 'github.com');
  context.subscriptions.push(auth);

  let flakes: RepositoryFlakes | undefined;
  let decorations: TestDecorations | undefined;
  let localResults: ((test: TestRef) => LocalResult | undefined) | undefined;
  let viewTests: (() => { id: string; status: string }[]) | undefined;
  const register = (id: string, handler: (...args: never[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, handler));

  register('flakelens.showOutput', () => output.show());
  register('flakelens.openSettings', () => vscode.commands.executeCommand('workbench.action.openSettings', '@ext:flakelens.flakelens'));
  register('flakelens.signIn', async () => {
    if (await signIn(auth)) {
      await (flakes ? refresh(flakes, { notify: true }) : undefined);
    }
  });
  register('flakelens.setToken', async (token?: string) => {
    if (await setToken(auth, token)) {
      await (flakes ? refresh(flakes, { notify: typeof token !== 'string' }) : undefined);
    }
  });
  register('flakelens.clearToken', () => clearToken(auth));
  register('flakelens.refresh', async () => {
    if (!flakes) {
      void vscode.window.showWarningMessage('Flakelens: no GitHub repository found in this workspace: set flakelens.repository.', 'Open Settings').then((c) => {
        if (c) {
          void vscode.commands.executeCommand('flakelens.openSettings');
        }
      });
      return;
    }
    await refresh(flakes, { notify: true });
  });
  register('flakelens.rerunFailedJobs', async (args?: RerunArguments) => {
    if (!flakes) {
      void vscode.window.showWarningMessage('Flakelens: no GitHub repository found in this workspace.');
      return undefined;
    }
    const folder = vscode.workspace.workspaceFolders?.[0];
    return rerunFailedJobs(flakes, async () => (folder ? currentBranch(folder) : undefined), args ?? {});
  });

  const startup = start();

  async function start(): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) {
      context.subscriptions.push(new FlakeStatusBar(undefined, 'Flakelens: open a folder to see its tests\' flake rates.'));
      return;
    }
    const detected = await detectRepository(folder, settings.repository);
    if (!detected) {
      void vscode.commands.executeCommand('setContext', 'flakelens.noRepository', true);
      output.warn('No GitHub repository found: no GitHub remote (origin or upstream) and no flakelens.repository setting.');
      context.subscriptions.push(new FlakeStatusBar(undefined, 'Flakelens: no GitHub remote found; set flakelens.repository to OWNER/NAME.'));
      return;
    }
    const enterpriseUri = vscode.workspace.getConfiguration('github-enterprise').get<string>('uri') ?? '';
    const trusted = trustedApiUrl(detected.ref.host, settings.apiUrl, enterpriseUri);
    if (!trusted) {
      const message = `Flakelens: the remote is on ${detected.ref.host}; set flakelens.apiUrl (for GitHub Enterprise Server https://${detected.ref.host}/api/v3) in your user settings to read its CI.`;
      output.warn(message);
      context.subscriptions.push(new FlakeStatusBar(undefined, message));
      void vscode.window.showWarningMessage(message, 'Open Settings').then((c) => {
        if (c) {
          void vscode.commands.executeCommand('flakelens.openSettings');
        }
      });
      return;
    }
    apiUrl = trusted;
    output.info(`Repository ${detected.ref.owner}/${detected.ref.repo} (from ${detected.from}), API ${apiUrl}.`);
    const tests = new WorkspaceTests(folder);
    const token = async () => (await auth.token())?.token;
    const repositoryFlakes = new RepositoryFlakes(
      { ref: detected.ref, apiUrl, storageDir: context.globalStorageUri.fsPath, token, tests, log: (m) => output.info(m) },
      settings,
    );
    flakes = repositoryFlakes;
    const localRuns = new LocalRuns(folder);
    decorations = new TestDecorations(vscode.Uri.joinPath(context.extensionUri, 'media'), tests, repositoryFlakes, localRuns, settings);
    const diagnostics = new TestDiagnostics(tests, repositoryFlakes, settings);
    const codeLens = new TestCodeLens(tests, repositoryFlakes, localRuns, settings);
    // From the view, the argument is the tree node: its test.
    const testOf = <T extends object>(args: T | { kind: 'test'; test: T } | undefined): T | undefined => (args && 'kind' in args && args.kind === 'test' ? args.test : (args as T | undefined));
    register('flakelens.runLocally', (args?: (TestRef & { times?: number }) | { kind: 'test'; test: TestRef }) => runLocally(tests, repositoryFlakes, localRuns, settings.localRunCount, testOf(args)));
    const view = new FlakyTestsView(repositoryFlakes);
    const treeView = vscode.window.createTreeView('flakelens.flakyTests', { treeDataProvider: view, showCollapseAll: true });
    const setGrouping = (grouping: 'file' | 'category') => {
      view.setGrouping(grouping);
      void vscode.commands.executeCommand('setContext', 'flakelens.grouping', grouping);
    };
    setGrouping('file');
    register('flakelens.groupByFile', () => setGrouping('file'));
    register('flakelens.groupByCategory', () => setGrouping('category'));
    register('flakelens.filterTests', (filter?: ViewFilter) => filterTests(view, filter));
    viewTests = () => view.visibleTests().map((t) => ({ id: t.id, status: t.status }));
    const updateContext = () => {
      const state = repositoryFlakes.state;
      void vscode.commands.executeCommand('setContext', 'flakelens.notSignedIn', state.kind === 'error' && state.error.kind === 'not-signed-in');
      void vscode.commands.executeCommand('setContext', 'flakelens.hasFindings', Boolean(repositoryFlakes.result));
      const shown = view.visibleTests();
      treeView.badge = shown.length > 0 ? { value: shown.length, tooltip: `${shown.length} flaky or failing tests` } : undefined;
    };
    updateContext();
    register('flakelens.rerunJob', (args?: { jobId: number; runId?: number }) => rerunJob(repositoryFlakes, args));
    register('flakelens.openLastFailure', (args?: { url: string }) => openLastFailure(args));
    register('flakelens.showTestDetails', (args?: { file?: string; line?: number } & Partial<TestRef>) => showTestDetails(tests, args));
    localResults = (t) => localRuns.resultOf(t);
    context.subscriptions.push(
      view,
      treeView,
      repositoryFlakes.onDidChange(updateContext),
      localRuns,
      codeLens,
      vscode.languages.registerCodeLensProvider(TEST_LANGUAGES, codeLens),
      tests,
      repositoryFlakes,
      decorations,
      diagnostics,
      new FlakeStatusBar(repositoryFlakes),
      vscode.languages.registerHoverProvider(TEST_LANGUAGES, new TestHoverProvider(tests, repositoryFlakes, localRuns)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('flakelens')) {
          return;
        }
        const next = readSettings();
        if (next.repository !== settings.repository || next.apiUrl !== settings.apiUrl) {
          void vscode.window.showInformationMessage('Flakelens: reload the window to use the new repository or API URL.', 'Reload').then((c) => {
            if (c) {
              void vscode.commands.executeCommand('workbench.action.reloadWindow');
            }
          });
        }
        const refetch = next.maxRuns !== settings.maxRuns || next.maxDays !== settings.maxDays || next.branches.join() !== settings.branches.join() || next.workflows.join() !== settings.workflows.join();
        settings = next;
        repositoryFlakes.updateSettings(next);
        decorations?.updateSettings(next);
        diagnostics.updateSettings(next);
        codeLens.updateSettings(next);
        if (refetch) {
          void refresh(repositoryFlakes, { notify: false });
        }
      }),
      auth.onDidChange(() => void refresh(repositoryFlakes, { notify: false })),
    );
    // The stored history first (disk, no network), so decorations show at once; then the sync in the background.
    await Promise.all([repositoryFlakes.loadStored(), tests.ready]);
    repositoryFlakes.rescan();
    if (settings.autoRefreshMinutes > 0) {
      const timer = setInterval(() => void repositoryFlakes.sync(), settings.autoRefreshMinutes * 60_000);
      context.subscriptions.push({ dispose: () => clearInterval(timer) });
    }
    await refresh(repositoryFlakes, { notify: false });
  }

  return {
    whenIdle: async () => {
      await startup;
      await flakes?.idle();
    },
    findings: () => flakes?.result,
    repository: () => flakes?.repository,
    syncState: () => flakes?.state,
    decorationPasses: () => decorations?.passes ?? 0,
    localResult: (test) => localResults?.(test),
    viewTests: () => viewTests?.() ?? [],
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
