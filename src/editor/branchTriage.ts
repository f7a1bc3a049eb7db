// "My branch's CI is red: is it my fault?" After each sync, and when another branch is checked out, the current
// branch's newest run is sorted against the default branch's history; when it failed, a status bar item and one
// notification say so in one line, with the right action first: re-run when every failure is a known flake or
// infrastructure, else open the new failure. Another branch's triage is dropped as soon as the branch changes.
import * as vscode from 'vscode';
import { formatTriage } from '../cli/triageFormat';
import type { TriageFailure, TriageResult } from '../core/triage/triageRun';
import { branchSwitchStep } from '../core/triage/branchSwitch';
import { shownTriage } from '../core/triage/triageStatus';
import { currentBranch, gitDirectories, headFileBranch } from './repositoryDetection';
import type { FolderSession, Sessions } from './sessions';

/** Shows a notification and resolves with the button chosen; tests answer it without a real notification. */
export type Prompt = (severity: 'info' | 'warning', message: string, buttons: readonly string[]) => Thenable<string | undefined>;

export const ACTIONS = { rerun: 'Re-run Failed Jobs', openNew: 'Open New Failure', show: 'Show Triage' } as const;

export class BranchTriage implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('flakelens.triage', vscode.StatusBarAlignment.Left, 49);
  private readonly disposables: vscode.Disposable[] = [this.item];
  private readonly notified = new Set<string>();
  private readonly syncedAt = new Map<FolderSession, string>();
  /** The branch each session's triage last followed (a HEAD event naming the same branch sorts nothing again). */
  private readonly branches = new Map<FolderSession, string | undefined>();
  /** A watcher of each session's `HEAD` (`.git/HEAD`, or a worktree's own): a checkout changes it. */
  private readonly headWatchers = new Map<FolderSession, HeadWatch>();
  private readonly changed = new vscode.EventEmitter<FolderSession>();
  /** A session's triage changed (new failures to mark). */
  readonly onDidChange = this.changed.event;
  private running: Promise<unknown> = Promise.resolve();
  private visible = false;

  constructor(
    private readonly sessions: Sessions,
    private readonly prompt: Prompt,
    private readonly log: (message: string) => void = () => undefined,
  ) {
    this.item.name = 'Flakelens: branch CI';
    this.disposables.push(
      this.changed,
      sessions.onDidChangeFindings((session) => {
        const state = session.flakes.state;
        // Once per finished sync (a triage itself changes the findings' event too).
        if (state.kind === 'synced' && this.syncedAt.get(session) !== state.at) {
          this.syncedAt.set(session, state.at);
          this.running = this.running.then(() => this.checkCurrentBranch(session, 'sync'));
        }
      }),
      sessions.onDidChangeSessions(() => this.followSessions()),
      // One item for every folder: it shows the active editor's folder's red CI first.
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
    );
  }

  /** Watches the HEAD of each new session; a removed session's watcher and sync time go with it. */
  private followSessions(): void {
    const current = new Set(this.sessions.all);
    for (const [session, watcher] of this.headWatchers) {
      if (!current.has(session)) {
        watcher.dispose();
        this.headWatchers.delete(session);
        this.branches.delete(session);
        this.syncedAt.delete(session);
        this.render();
      }
    }
    for (const session of current) {
      if (!this.headWatchers.has(session)) {
        const watch = new HeadWatch();
        this.headWatchers.set(session, watch);
        // A worktree's HEAD is in its own git dir (`.git` is a file naming it), often outside the workspace: a
        // non-recursive pattern watches there too.
        const started = gitDirectories(session.folder.uri).then((dirs) => {
          const gitDir = dirs ? vscode.Uri.file(dirs.gitDir) : vscode.Uri.joinPath(session.folder.uri, '.git');
          watch.start(new vscode.RelativePattern(gitDir, 'HEAD'), () => {
            this.running = this.running.then(() => this.checkCurrentBranch(session, 'head'));
          });
        });
        this.watching = Promise.all([this.watching, started]);
      }
    }
  }

  /** Resolves when the HEAD watchers asked for so far are watching. */
  private watching: Promise<unknown> = Promise.resolve();

  private notification: Promise<void> = Promise.resolve();

  /** Resolves when the triages started so far are done, and the HEAD watchers watch (not the notifications: they wait for the user). */
  async idle(): Promise<unknown> {
    await this.watching;
    return this.running;
  }

  /** Resolves when the last notification was answered and its action done. */
  whenNotified(): Promise<void> {
    return this.notification;
  }

  /**
   * After a sync or a checkout: another branch's triage goes, then the current branch's run is sorted, unless the
   * current branch is the default one (its CI is the base).
   */
  private async checkCurrentBranch(session: FolderSession, cause: 'sync' | 'head'): Promise<void> {
    if (!this.headWatchers.has(session)) {
      return; // removed while queued
    }
    // Just after a checkout the git extension's state may still name the previous branch: the file is read first.
    const branch = (cause === 'head' && (await headFileBranch(session.folder))) || (await currentBranch(session.folder));
    if (cause === 'head' && this.branches.has(session) && this.branches.get(session) === branch) {
      return;
    }
    this.branches.set(session, branch);
    const step = branchSwitchStep({ branch, defaultBranch: session.flakes.defaultBranch, triagedBranch: session.flakes.lastTriage?.run.branch });
    if (step.clear) {
      this.log(`${branch ?? 'Detached HEAD'}: the triage of ${session.flakes.lastTriage?.run.branch ?? 'another branch'} is no longer shown.`);
      session.flakes.clearTriage();
      this.render();
      this.changed.fire(session);
    }
    if (step.triage && branch) {
      const triage = await this.check(session, { branch });
      this.log(triage ? `${branch}: run ${triage.run.id} ${triage.run.conclusion ?? ''}${triage.run.conclusion === 'failure' ? `: ${triage.summary}` : ''}` : `${branch}: no run to sort.`);
    }
  }

  /** Sorts the branch's newest run (the current branch by default) and says so when it failed. */
  async check(session: FolderSession, options: { branch?: string; runId?: number; notify?: boolean | 'again' } = {}): Promise<TriageResult | undefined> {
    const branch = options.branch ?? (await currentBranch(session.folder));
    if (!branch && options.runId === undefined) {
      return undefined;
    }
    const triage = await session.flakes.triage(branch ?? '', options.runId);
    this.render();
    this.changed.fire(session);
    if (!triage || triage.run.conclusion !== 'failure') {
      return triage;
    }
    const key = `${session.flakes.repository}#${triage.run.id}.${triage.run.attempt}`;
    if (options.notify === 'again' || (options.notify !== false && !this.notified.has(key))) {
      this.notified.add(key);
      // Not awaited: the notification waits for the user, the triage is done.
      this.notification = this.notify(session, triage);
    }
    return triage;
  }

  /** What the item shows now (hidden: undefined): its text, tooltip and the command a click runs, with its arguments. */
  get shown(): { readonly text: string; readonly tooltip: string; readonly command: string; readonly arguments: readonly unknown[] } | undefined {
    const command = this.item.command;
    if (!this.visible || typeof command !== 'object') return undefined;
    return { text: this.item.text, tooltip: typeof this.item.tooltip === 'string' ? this.item.tooltip : (this.item.tooltip?.value ?? ''), command: command.command, arguments: command.arguments ?? [] };
  }

  /** The new failures of a session's triage: the branch's own doing, marked in the editor. */
  newFailures(session: FolderSession): TriageFailure[] {
    return (session.flakes.lastTriage?.failures ?? []).filter((f) => f.verdict === 'new');
  }

  /** The item shows the folders together: the active editor's folder's red CI, else another folder's, else nothing. */
  private render(): void {
    const active = vscode.window.activeTextEditor?.document.uri;
    const activeSession = active && this.sessions.forUri(active);
    const folders = this.sessions.all.map((s) => ({ session: s, repository: s.flakes.repository, triage: s.flakes.lastTriage, active: s === activeSession }));
    const shown = shownTriage(folders);
    const triage = shown?.folder.triage;
    if (!shown || !triage) {
      this.visible = false;
      this.item.hide();
      return;
    }
    const { folder: { session }, others } = shown;
    const more = others > 0 ? ` ${others} more ${others === 1 ? 'folder has' : 'folders have'} red CI.` : '';
    this.item.text = `$(${triage.rerunMayPass ? 'sync' : 'error'}) ${triage.summary.replace(/^CI failed: /, 'CI: ')}`;
    this.item.tooltip = `Flakelens: ${triage.summary} (${session.flakes.repository}, ${triage.run.branch}, run ${triage.run.id}). Click to see the triage.${more}`;
    this.item.command = { title: 'Show triage', command: 'flakelens.showTriage', arguments: [{ repository: session.flakes.repository, folder: session.folder.uri.toString() }] };
    this.item.backgroundColor = triage.rerunMayPass ? undefined : new vscode.ThemeColor('statusBarItem.errorBackground');
    this.visible = true;
    this.item.show();
  }

  private async notify(session: FolderSession, triage: TriageResult): Promise<void> {
    const hasNew = triage.failures.some((f) => f.verdict === 'new');
    const buttons = triage.rerunMayPass
      ? [ACTIONS.rerun, ACTIONS.show]
      : hasNew
        ? [ACTIONS.openNew, ACTIONS.show, ACTIONS.rerun]
        : [ACTIONS.show, ACTIONS.rerun];
    const choice = await this.prompt(triage.rerunMayPass ? 'info' : 'warning', `Flakelens: ${triage.summary}`, buttons);
    await this.act(session, triage, choice);
  }

  async act(session: FolderSession, triage: TriageResult, choice: string | undefined): Promise<void> {
    if (choice === ACTIONS.rerun) {
      await vscode.commands.executeCommand('flakelens.rerunFailedJobs', { runId: triage.run.id, repository: session.flakes.repository, folder: session.folder.uri.toString() });
    } else if (choice === ACTIONS.openNew) {
      const first = triage.failures.find((f) => f.verdict === 'new');
      const declaration = first && session.tests.index.resolve(first);
      if (declaration) {
        await vscode.commands.executeCommand('flakelens.showTestDetails', { file: declaration.file, line: declaration.line, repository: session.flakes.repository, folder: session.folder.uri.toString() });
      }
    } else if (choice === ACTIONS.show) {
      await showTriage(session, triage);
    }
  }

  dispose(): void {
    for (const d of [...this.disposables, ...this.headWatchers.values()]) {
      d.dispose();
    }
  }
}

/** A watcher of one HEAD file, started once its git dir is known; disposed before that, it never starts. */
class HeadWatch implements vscode.Disposable {
  private watcher: vscode.FileSystemWatcher | undefined;
  private disposed = false;

  start(pattern: vscode.RelativePattern, moved: () => void): void {
    if (this.disposed || this.watcher) {
      return;
    }
    this.watcher = vscode.workspace.createFileSystemWatcher(pattern);
    this.watcher.onDidChange(moved);
    this.watcher.onDidCreate(moved);
  }

  dispose(): void {
    this.disposed = true;
    this.watcher?.dispose();
  }
}

/** The triage as a markdown preview (the same text as `flakelens triage --format markdown`). */
export async function showTriage(session: FolderSession, triage: TriageResult): Promise<void> {
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: formatTriage({ repository: session.flakes.repository, triage }, 'markdown') });
  await vscode.commands.executeCommand('markdown.showPreview', document.uri);
}
