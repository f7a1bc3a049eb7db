// One session per workspace folder that belongs to a GitHub repository (multi-root workspaces: one repository per
// folder, or one repository in two folders: two worktrees or clones): its test index, its findings and its local
// runs. The adapters ask which session a document belongs to, and for each repository's tests once.
import * as vscode from 'vscode';
import { repositoryTests, type RepositoryTest } from '../core/present/repositoryTests';
import type { ScanTest } from '../core/scan/scanResult';
import { hostOfApiUrl, type GitHubRepositoryRef } from '../core/remoteUrl';
import { LocalRuns } from './localRuns';
import { RepositoryFlakes } from './repositoryFlakes';
import type { FlakelensSettings } from './settings';
import { WorkspaceTests } from './workspaceTests';

export class FolderSession implements vscode.Disposable {
  readonly tests: WorkspaceTests;
  readonly flakes: RepositoryFlakes;
  readonly localRuns: LocalRuns;

  constructor(
    readonly folder: vscode.WorkspaceFolder,
    readonly ref: GitHubRepositoryRef,
    options: { apiUrl: string; storageDir: string; token: () => Promise<string | undefined>; log: (message: string) => void },
    settings: FlakelensSettings,
  ) {
    this.tests = new WorkspaceTests(folder);
    this.flakes = new RepositoryFlakes({ ref, apiUrl: options.apiUrl, storageDir: options.storageDir, token: options.token, tests: this.tests, log: options.log }, settings);
    this.localRuns = new LocalRuns(folder);
  }

  /** The web host of the API this folder's repository is read from (`github.com`, a GHES host): its token's. */
  get apiHost(): string {
    return hostOfApiUrl(this.flakes.apiUrl) ?? 'github.com';
  }

  /** The hosts that links from this repository's CI data may go to: the API's web host and the remote's. */
  get linkHosts(): readonly string[] {
    const api = this.apiHost;
    return api !== this.ref.host ? [this.ref.host, api] : [this.ref.host];
  }

  /** The stored history first (disk, no network), so the editor shows findings at once; then the caller syncs. */
  async start(): Promise<void> {
    await Promise.all([this.flakes.loadStored(), this.tests.ready]);
    await this.flakes.rescan();
  }

  dispose(): void {
    this.localRuns.dispose();
    this.flakes.dispose();
    this.tests.dispose();
  }
}

export class Sessions implements vscode.Disposable {
  private readonly list: FolderSession[] = [];
  private readonly subscriptions = new Map<FolderSession, vscode.Disposable[]>();
  private readonly findingsChanged = new vscode.EventEmitter<FolderSession>();
  private readonly testsChanged = new vscode.EventEmitter<{ session: FolderSession; files: readonly string[] }>();
  private readonly localChanged = new vscode.EventEmitter<FolderSession>();
  private readonly membershipChanged = new vscode.EventEmitter<void>();
  private readonly currentChanged = new vscode.EventEmitter<void>();
  /** The session of the last text editor that was active in one of the folders (focus on a panel keeps it). */
  private currentSession: FolderSession | undefined;
  private readonly editorChanged = vscode.window.onDidChangeActiveTextEditor((editor) => this.follow(editor));
  /** A session's findings or sync state changed. */
  readonly onDidChangeFindings = this.findingsChanged.event;
  /** Files of a session were located again (an edit, a save, the first indexing). */
  readonly onDidChangeTests = this.testsChanged.event;
  /** A local run of a session's test ended. */
  readonly onDidChangeLocal = this.localChanged.event;
  /** A session was added or removed. */
  readonly onDidChangeSessions = this.membershipChanged.event;
  /** The user moved to a file of another folder (see {@link current}). */
  readonly onDidChangeCurrent = this.currentChanged.event;

  get all(): readonly FolderSession[] {
    return this.list;
  }

  add(session: FolderSession): void {
    this.list.push(session);
    this.subscriptions.set(session, [
      session.flakes.onDidChange(() => this.findingsChanged.fire(session)),
      session.tests.onDidChange((files) => this.testsChanged.fire({ session, files })),
      session.localRuns.onDidChange(() => this.localChanged.fire(session)),
    ]);
    this.follow(vscode.window.activeTextEditor);
    this.membershipChanged.fire();
  }

  remove(folder: vscode.WorkspaceFolder): void {
    const index = this.list.findIndex((s) => s.folder.uri.toString() === folder.uri.toString());
    const session = this.list[index];
    if (!session) {
      return;
    }
    this.list.splice(index, 1);
    for (const d of this.subscriptions.get(session) ?? []) {
      d.dispose();
    }
    this.subscriptions.delete(session);
    if (this.currentSession === session) {
      this.currentSession = undefined;
    }
    session.dispose();
    this.membershipChanged.fire();
  }

  /** The session whose folder holds this document. */
  forUri(uri: vscode.Uri): FolderSession | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return folder ? this.list.find((s) => s.folder.uri.toString() === folder.uri.toString()) : undefined;
  }

  forRepository(repository: string | undefined): FolderSession | undefined {
    return repository ? this.list.find((s) => s.flakes.repository === repository) : undefined;
  }

  /** The session of a workspace folder, by its URI (what commands from a CodeLens or the view carry). */
  forFolder(folder: string | undefined): FolderSession | undefined {
    return folder ? this.list.find((s) => s.folder.uri.toString() === folder) : undefined;
  }

  /** The folder the user is in: the active editor's, else the last active editor's among the folders. */
  get current(): FolderSession | undefined {
    return this.currentSession;
  }

  private follow(editor: vscode.TextEditor | undefined): void {
    const session = editor && this.forUri(editor.document.uri);
    if (session && session !== this.currentSession) {
      this.currentSession = session;
      this.currentChanged.fire();
    }
  }

  /**
   * Each repository's flaky, failing (and stable) tests once, whatever the number of its folders: a test's copy is the
   * current folder's when that folder holds the test's file (see {@link repositoryTests}).
   */
  repositoryTests(): RepositoryTest<ScanTest>[] {
    const inWorkspaceOrder = [...this.list].sort((a, b) => a.folder.index - b.folder.index);
    return repositoryTests(
      inWorkspaceOrder.map((s) => ({ repository: s.flakes.repository, folder: s.folder.uri.toString(), active: s === this.currentSession, tests: s.flakes.result?.tests ?? [] })),
    );
  }

  /** The session of the active editor, else the first. */
  active(): FolderSession | undefined {
    const uri = vscode.window.activeTextEditor?.document.uri;
    return (uri && this.forUri(uri)) || this.list[0];
  }

  dispose(): void {
    for (const session of [...this.list]) {
      this.remove(session.folder);
    }
    this.findingsChanged.dispose();
    this.testsChanged.dispose();
    this.localChanged.dispose();
    this.membershipChanged.dispose();
    this.currentChanged.dispose();
    this.editorChanged.dispose();
  }
}
