// The composition root: one session per workspace folder that belongs to a GitHub repository, the editor features
// over all sessions, and every command, registered as disposables. The first sync runs in the background; nothing
// here waits on the network.
import * as vscode from 'vscode';
import { fileIssue, type FileIssueArguments } from './commands/fileIssue';
import { filterTests } from './commands/filterTests';
import { refresh } from './commands/refresh';
import { rerunFailedJobs, type RerunArguments } from './commands/rerunFailedJobs';
import { openLastFailure, rerunJob, runLocally, showTestDetails, type TestRef } from './commands/testCommands';
import { clearToken, setToken, signIn } from './commands/tokenCommands';
import { DEFAULT_API_URL } from './ci/githubClient';
import { TOKEN_VARIABLES } from './core/environmentToken';
import { hostOfApiUrl, trustedApiUrl } from './core/remoteUrl';
import { Removals } from './core/removals';
import type { ScanResult } from './core/scan/scanResult';
import { TestCodeLens } from './editor/codeLens';
import { TestDecorations } from './editor/decorations';
import { TestDiagnostics } from './editor/diagnostics';
import { FlakyTestsView, type ViewFilter } from './editor/flakyTestsView';
import { GitHubAuth } from './editor/githubAuth';
import { TestHoverProvider } from './editor/hover';
import { QuickFixProvider } from './editor/quickFixes';
import type { LocalResult } from './editor/localRuns';
import { Repeating } from './editor/repeating';
import { currentBranch, detectRepository } from './editor/repositoryDetection';
import type { SyncState } from './editor/repositoryFlakes';
import { FolderSession, Sessions } from './editor/sessions';
import { readSettings, syncInputsChanged } from './editor/settings';
import { FlakeStatusBar } from './editor/statusBar';
import { OutputLog } from './editor/outputLog';
import { BranchTriage, showTriage, type Prompt } from './editor/branchTriage';
import { placeTests } from './editor/testPlacement';
import type { TriageResult } from './core/triage/triageRun';

/** What the extension exports: used by its own tests to wait for work instead of sleeping. */
export interface FlakelensApi {
  /** Resolves when start-up, any running sync and the decoration passes they caused are done. */
  whenIdle(): Promise<void>;
  /** The findings of the first (or named) repository. */
  findings(repository?: string): ScanResult | undefined;
  repository(): string | undefined;
  /** Every repository of the workspace, one per folder. */
  repositories(): string[];
  /** The sync state: idle, syncing, synced, or the last error (with the last good findings kept). */
  syncState(repository?: string): SyncState | undefined;
  decorationPasses(): number;
  /**
   * Where the test index of the test's folder (or the first folder) places a test now: its file, relative to the
   * folder, and 1-based line; what Show Test Details, the marks and the local runs resolve a test by.
   */
  declarationOf(test: TestRef & { repository?: string; folder?: string }): { file: string; line: number } | undefined;
  /** The last local run of a test ("Run ×N locally"), if any. */
  localResult(test: TestRef & { repository?: string }): LocalResult | undefined;
  /** What the Flaky Tests view shows, in order. */
  viewTests(): { id: string; status: string; repository: string }[];
  /** The Flaky Tests view's top-level groups (file or category, per the grouping), each with its tests' ids in order. */
  viewGroups(): { label: string; tests: string[] }[];
  /** Answers the next notification with this button (tests); the notification is then not shown. */
  answerNextPrompt(choice: string | undefined): void;
  /** The notifications asked so far, with their buttons. */
  prompts(): string[];
  /** Resolves when the last notification was answered and its action done. */
  whenNotified(): Promise<void>;
  lastTriage(repository?: string): TriageResult | undefined;
  /** The quick fixes on the Flakelens Problems entry at a line, with their preview metadata (which the command API drops). */
  quickFixes(uri: vscode.Uri, line: number): Promise<{ title: string; metadata?: vscode.WorkspaceEditEntryMetadata }[]>;
  /** The decorations the last pass set on a document (0-based lines, after-texts), by kind. */
  decorations(uri: vscode.Uri): { readonly flaky: readonly { line: number; text: string }[]; readonly failing: readonly { line: number; text: string }[] } | undefined;
  /** The context keys the extension last set (the Flaky Tests view's welcome content depends on them). */
  contextKeys(): Readonly<Record<string, unknown>>;
  /** The last lines of the output channel, as written (redacted). */
  logLines(): readonly string[];
  /** The status bar item's text and tooltip. */
  statusBar(): { readonly text: string; readonly tooltip: string };
  /** The branch CI status bar item (undefined while hidden): its text, tooltip and click command. */
  triageStatus(): { readonly text: string; readonly tooltip: string; readonly command: string; readonly arguments: readonly unknown[] } | undefined;
}

const TEST_LANGUAGES: vscode.DocumentSelector = ['rust', 'go', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'python', 'java', 'kotlin'].map((language) => ({ language }));

/** A command's target: the folder first (two folders can hold one repository), else the repository's first folder. */
type WithRepository<T> = T & { readonly repository?: string; readonly folder?: string };

export function activate(context: vscode.ExtensionContext): FlakelensApi {
  const output = new OutputLog();
  context.subscriptions.push(output);
  for (const name of TOKEN_VARIABLES) output.rememberSecret(process.env[name]);
  let settings = readSettings();
  // Tokens are per API host. Each repository's sync asks for its own host's; the token commands act for the host of
  // the folder the user is in (or the one they pick, see tokenHost).
  const auth = new GitHubAuth(context.secrets, {
    configured: () => (settings.apiUrl ? hostOfApiUrl(settings.apiUrl) : undefined),
    enterprise: () => hostOfApiUrl(vscode.workspace.getConfiguration('github-enterprise').get<string>('uri') ?? ''),
  });
  const sessions = new Sessions();
  const statusBar = new FlakeStatusBar(sessions);
  // Tests answer the triage notification through the API instead of clicking; users get a real notification.
  const promptAnswers: (string | undefined)[] = [];
  const prompts: string[] = [];
  const prompt: Prompt = (severity, message, buttons) => {
    prompts.push(`${message} [${buttons.join(' | ')}]`);
    if (promptAnswers.length > 0) {
      return Promise.resolve(promptAnswers.shift());
    }
    return severity === 'info' ? vscode.window.showInformationMessage(message, ...buttons) : vscode.window.showWarningMessage(message, ...buttons);
  };
  const branchTriage = new BranchTriage(sessions, prompt, (m) => output.info(m));
  const decorations = new TestDecorations(vscode.Uri.joinPath(context.extensionUri, 'media'), sessions, settings, branchTriage);
  const diagnostics = new TestDiagnostics(sessions, settings, branchTriage);
  const codeLens = new TestCodeLens(sessions, settings);
  const quickFixes = new QuickFixProvider(sessions);
  const view = new FlakyTestsView(sessions);
  const treeView = vscode.window.createTreeView('flakelens.flakyTests', { treeDataProvider: view, showCollapseAll: true });
  context.subscriptions.push(
    auth,
    sessions,
    statusBar,
    branchTriage,
    decorations,
    diagnostics,
    codeLens,
    view,
    treeView,
    vscode.languages.registerCodeLensProvider(TEST_LANGUAGES, codeLens),
    vscode.languages.registerHoverProvider(TEST_LANGUAGES, new TestHoverProvider(sessions)),
    vscode.languages.registerCodeActionsProvider(TEST_LANGUAGES, quickFixes, QuickFixProvider.metadata),
  );

  const register = (id: string, handler: (...args: never[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, handler));
  // The folder first: two folders can hold one repository (two worktrees), and a command acts on its own folder's files.
  const sessionFor = (args?: { repository?: string; folder?: string }) => sessions.forFolder(args?.folder) ?? sessions.forRepository(args?.repository) ?? sessions.active();
  const refreshAll = (notify: boolean) => Promise.all(sessions.all.map((s) => refresh(s.flakes, { notify })));
  // From the view, a command's argument is the tree node: its test.
  const testOf = <T extends object>(args: T | { kind: 'test'; test: T } | undefined): T | undefined =>
    args && 'kind' in args && args.kind === 'test' ? args.test : (args as T | undefined);

  register('flakelens.showOutput', () => output.show());
  register('flakelens.openSettings', () => vscode.commands.executeCommand('workbench.action.openSettings', '@ext:flakelens.flakelens'));
  /**
   * The API host a token command acts for: the one given (automation), else the only one of the workspace's
   * repositories, else the active editor's folder's, else the one the user picks (undefined: dismissed).
   */
  const tokenHost = async (given?: unknown): Promise<string | undefined> => {
    if (typeof given === 'string' && given.trim() !== '') return given.trim().toLowerCase();
    const hosts = [...new Set(sessions.all.map((s) => s.apiHost))];
    if (hosts.length === 0) return hostOfApiUrl(settings.apiUrl || DEFAULT_API_URL) ?? 'github.com';
    if (hosts.length === 1) return hosts[0];
    const active = vscode.window.activeTextEditor && sessions.forUri(vscode.window.activeTextEditor.document.uri);
    if (active) return active.apiHost;
    const picked = await vscode.window.showQuickPick(
      hosts.map((host) => ({ label: host, description: sessions.all.filter((s) => s.apiHost === host).map((s) => s.flakes.repository).join(', ') })),
      { title: 'Flakelens: which GitHub is this for?' },
    );
    return picked?.label;
  };
  register('flakelens.signIn', async (host?: string) => {
    const chosen = await tokenHost(host);
    if (chosen && (await signIn(auth, chosen))) {
      await refreshAll(true);
    }
  });
  register('flakelens.setToken', async (token?: string, host?: string) => {
    const chosen = await tokenHost(host);
    if (chosen && (await setToken(auth, chosen, token))) {
      await refreshAll(typeof token !== 'string');
    }
  });
  register('flakelens.clearToken', async (host?: string) => {
    const chosen = await tokenHost(host);
    if (chosen) await clearToken(auth, chosen);
  });
  register('flakelens.refresh', async () => {
    if (sessions.all.length === 0) {
      void vscode.window.showWarningMessage('Flakelens: no GitHub repository found in this workspace: set flakelens.repository.', 'Open Settings').then((c) => {
        if (c) {
          void vscode.commands.executeCommand('flakelens.openSettings');
        }
      });
      return;
    }
    await refreshAll(true);
  });
  register('flakelens.rerunFailedJobs', async (args?: WithRepository<RerunArguments>) => {
    const session = sessionFor(args);
    if (!session) {
      void vscode.window.showWarningMessage('Flakelens: no GitHub repository found in this workspace.');
      return undefined;
    }
    return rerunFailedJobs(session.flakes, () => currentBranch(session.folder), args ?? {});
  });
  register('flakelens.runLocally', (args?: WithRepository<TestRef & { times?: number }> | { kind: 'test'; test: WithRepository<TestRef> }) => {
    // From the view's row (a tree node) as from a CodeLens: the configured count, no question asked.
    const fromView = args !== undefined && 'kind' in args;
    const test = testOf(args);
    const session = sessionFor(test);
    return session ? runLocally(session.tests, session.flakes, session.localRuns, settings.localRunCount, test && fromView ? { ...test, times: settings.localRunCount } : test) : undefined;
  });
  register('flakelens.rerunJob', (args?: WithRepository<{ jobId: number; runId?: number }>) => {
    const session = sessionFor(args);
    return session ? rerunJob(session.flakes, args) : false;
  });
  register('flakelens.fileIssue', (args?: FileIssueArguments) => fileIssue(sessions, prompt, args));
  register('flakelens.openLastFailure', (args?: { url: string; repository?: string; folder?: string }) => openLastFailure(args, sessionFor(args)?.linkHosts ?? []));
  register('flakelens.showTestDetails', (args?: WithRepository<{ file?: string; line?: number } & Partial<TestRef>>) => {
    const session = sessionFor(args);
    return session ? showTestDetails(session.tests, args) : undefined;
  });
  register('flakelens.triage', async (args?: WithRepository<{ branch?: string; runId?: number; notifyAgain?: boolean }>) => {
    const session = sessionFor(args);
    return session
      ? branchTriage.check(session, {
          ...(args?.branch ? { branch: args.branch } : {}),
          ...(args?.runId !== undefined ? { runId: args.runId } : {}),
          ...(args?.notifyAgain ? { notify: 'again' as const } : {}),
        })
      : undefined;
  });
  register('flakelens.showTriage', async (args?: WithRepository<object>) => {
    const session = sessionFor(args);
    const triage = session?.flakes.lastTriage;
    if (!session || !triage) {
      void vscode.window.showInformationMessage('Flakelens: no triage of this branch\'s CI yet: it runs after each sync.');
      return;
    }
    await showTriage(session, triage);
  });
  // Test Explorer: any controller's test item (Rust, Go, Jest, Python, Java…), matched to our findings by file and line.
  const findingOfItem = async (item?: vscode.TestItem) => {
    const session = item?.uri && sessions.forUri(item.uri);
    if (!item?.uri || !session) {
      return undefined;
    }
    const document = await vscode.workspace.openTextDocument(item.uri);
    const line = item.range?.start.line ?? 0;
    const placed = placeTests(document, session.tests, session.flakes);
    const found = placed.find((p) => item.range?.contains(p.range.start)) ?? placed.find((p) => p.range.start.line === line);
    if (found) {
      return { session, test: found.test as TestRef };
    }
    const declaration = session.tests.index.declarationsIn(session.tests.relative(item.uri) ?? '').find((d) => d.line - 1 >= line && d.line - 1 <= (item.range?.end.line ?? line));
    return declaration ? { session, test: { framework: declaration.framework, suite: declaration.container ?? '', id: declaration.id } as TestRef } : undefined;
  };
  register('flakelens.testItemHistory', async (item?: vscode.TestItem) => {
    const found = await findingOfItem(item);
    if (!found || !found.session.flakes.testsWithId(found.test.id).length) {
      void vscode.window.showInformationMessage(`Flakelens: no CI history for ${item?.label ?? 'this test'} in the synced window.`);
      return false;
    }
    await showTestDetails(found.session.tests, { ...found.test });
    return true;
  });
  register('flakelens.testItemRunLocally', async (item?: vscode.TestItem) => {
    const found = await findingOfItem(item);
    if (!found) {
      void vscode.window.showInformationMessage(`Flakelens: ${item?.label ?? 'this test'} is not a test Flakelens can run yet.`);
      return undefined;
    }
    return runLocally(found.session.tests, found.session.flakes, found.session.localRuns, settings.localRunCount, { ...found.test, times: settings.localRunCount });
  });
  const contextKeys: Record<string, unknown> = {};
  const setContext = (key: string, value: unknown) => {
    contextKeys[key] = value;
    void vscode.commands.executeCommand('setContext', key, value);
  };
  const setGrouping = (grouping: 'file' | 'category') => {
    view.setGrouping(grouping);
    setContext('flakelens.grouping', grouping);
  };
  setGrouping('file');
  register('flakelens.groupByFile', () => setGrouping('file'));
  register('flakelens.groupByCategory', () => setGrouping('category'));
  register('flakelens.filterTests', (filter?: ViewFilter) => filterTests(view, filter));

  const updateContext = () => {
    const states = sessions.all.map((s) => s.flakes.state);
    setContext('flakelens.noRepository', sessions.all.length === 0);
    setContext('flakelens.notSignedIn', states.some((s) => s.kind === 'error' && s.error.kind === 'not-signed-in'));
    setContext('flakelens.hasFindings', sessions.all.some((s) => s.flakes.result !== undefined));
    const shown = view.visibleTests();
    treeView.badge = shown.length > 0 ? { value: shown.length, tooltip: `${shown.length} flaky or failing tests` } : undefined;
  };
  /** Folders added to the workspace whose sessions are still starting (whenIdle waits for them). */
  const folderChanges = new Set<Promise<void>>();
  // The auto-refresh follows flakelens.autoRefreshMinutes: a new value restarts it, 0 stops it.
  const autoRefresh = new Repeating(() => {
    for (const session of sessions.all) {
      void session.flakes.sync();
    }
  });
  autoRefresh.set(settings.autoRefreshMinutes * 60_000);
  context.subscriptions.push(autoRefresh);
  /** Folders removed from the workspace: one removed while its repository was being detected gets no session. */
  const removals = new Removals();

  context.subscriptions.push(
    sessions.onDidChangeFindings(updateContext),
    sessions.onDidChangeSessions(updateContext),
    auth.onDidChange(() => void refreshAll(false)),
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
      const refetch = syncInputsChanged(settings, next);
      settings = next;
      for (const session of sessions.all) {
        session.flakes.updateSettings(next);
      }
      decorations.updateSettings(next);
      diagnostics.updateSettings(next);
      codeLens.updateSettings(next);
      autoRefresh.set(next.autoRefreshMinutes * 60_000);
      if (refetch) {
        void refreshAll(false);
      }
    }),
    vscode.workspace.onDidChangeWorkspaceFolders((e) => {
      for (const folder of e.removed) {
        removals.removed(folder.uri.toString());
        sessions.remove(folder);
      }
      for (const folder of e.added) {
        const added = addFolder(folder).then((problem) => {
          if (problem) output.warn(problem);
        });
        folderChanges.add(added);
        void added.finally(() => folderChanges.delete(added));
      }
    }),
  );

  /** Starts the session of a folder: its repository, the stored history, then a background sync. */
  async function addFolder(folder: vscode.WorkspaceFolder): Promise<string | undefined> {
    const removedSince = removals.since(folder.uri.toString());
    const folderSettings = readSettings(folder.uri);
    const detected = await detectRepository(folder, folderSettings.repository);
    // Removed during the await (if added again since, that addition starts its own session): nothing was made yet.
    if (removedSince() || !vscode.workspace.workspaceFolders?.some((f) => f.uri.toString() === folder.uri.toString())) {
      return undefined;
    }
    if (!detected) {
      return `${folder.name}: no GitHub remote (origin or upstream) and no flakelens.repository setting.`;
    }
    const enterpriseUri = vscode.workspace.getConfiguration('github-enterprise').get<string>('uri') ?? '';
    const apiUrl = trustedApiUrl(detected.ref.host, folderSettings.apiUrl, enterpriseUri);
    if (!apiUrl) {
      const message = `Flakelens: the remote of ${folder.name} is on ${detected.ref.host}; set flakelens.apiUrl (for GitHub Enterprise Server https://${detected.ref.host}/api/v3) in your user settings to read its CI.`;
      void vscode.window.showWarningMessage(message, 'Open Settings').then((c) => {
        if (c) {
          void vscode.commands.executeCommand('flakelens.openSettings');
        }
      });
      return message;
    }
    const host = hostOfApiUrl(apiUrl) ?? 'github.com';
    output.info(`${folder.name}: repository ${detected.ref.owner}/${detected.ref.repo} (from ${detected.from}), API ${apiUrl}.`);
    const session = new FolderSession(
      folder,
      detected.ref,
      {
        apiUrl,
        storageDir: context.globalStorageUri.fsPath,
        token: async () => {
          const token = (await auth.token(host))?.token;
          output.rememberSecret(token); // whatever the log later carries, this token is cut from it
          return token;
        },
        log: (m) => output.info(m),
      },
      settings,
    );
    sessions.add(session);
    await session.start();
    await refresh(session.flakes, { notify: false });
    return undefined;
  }

  const startup = (async () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0) {
      statusBar.setProblem("Flakelens: open a folder to see its tests' flake rates.");
    }
    const problems = (await Promise.all(folders.map(addFolder))).filter((p): p is string => p !== undefined);
    for (const problem of problems) {
      output.warn(problem);
    }
    if (sessions.all.length === 0 && problems.length > 0) {
      statusBar.setProblem(`Flakelens: ${problems[0]}`);
    }
    updateContext();
  })();

  const first = (repository?: string) => (repository ? sessions.forRepository(repository) : sessions.all[0]);
  return {
    whenIdle: async () => {
      await startup;
      await Promise.all(folderChanges);
      await Promise.all(sessions.all.map((s) => s.flakes.idle()));
      await branchTriage.idle();
    },
    answerNextPrompt: (choice) => {
      promptAnswers.push(choice);
    },
    prompts: () => [...prompts],
    whenNotified: () => branchTriage.whenNotified(),
    lastTriage: (repository) => first(repository)?.flakes.lastTriage,
    findings: (repository) => first(repository)?.flakes.result,
    repository: () => sessions.all[0]?.flakes.repository,
    repositories: () => sessions.all.map((s) => s.flakes.repository),
    syncState: (repository) => first(repository)?.flakes.state,
    decorationPasses: () => decorations.passes,
    localResult: (test) => sessionFor(test)?.localRuns.resultOf(test),
    declarationOf: (test) => {
      const declaration = sessionFor(test)?.tests.index.resolve(test);
      return declaration ? { file: declaration.file, line: declaration.line } : undefined;
    },
    statusBar: () => statusBar.shown,
    triageStatus: () => branchTriage.shown,
    logLines: () => output.lines,
    decorations: (uri) => decorations.shown.get(uri.toString()),
    contextKeys: () => ({ ...contextKeys }),
    quickFixes: async (uri, line) => {
      const document = await vscode.workspace.openTextDocument(uri);
      const entries = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Flakelens' && d.range.start.line === line);
      const described = (await Promise.all(entries.map((d) => quickFixes.actionsFor(document, d)))).flat();
      return described.map((d) => ({ title: d.action.title, ...(d.metadata ? { metadata: d.metadata } : {}) }));
    },
    viewTests: () => view.visibleTests().map((t) => ({ id: t.id, status: t.status, repository: t.repository })),
    viewGroups: () => view.groups(),
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
