// The test declarations of one workspace folder, kept in memory and up to date: indexed in the background at start
// (in batches, so the extension host stays responsive), then per file on save, create and delete, and from the
// editor's own text as the user types (so decorations follow edits before the file is saved). Python modules that
// are no test files are read too, for their doctests (an indexOf of `>>>` for most). The indexing itself,
// time-sliced, is src/core/locate/workspaceIndex.ts (measured by `npm run bench locate`); this file feeds it.
import * as vscode from 'vscode';
import { SKIPPED_FOLDERS_GLOB } from '../core/locate/skippedFolders';
import { isIndexCandidate, type TestIndex } from '../core/locate/testIndex';
import { WorkspaceIndex } from '../core/locate/workspaceIndex';

// VS Code's globs take no nested braces: every pattern is spelled out.
const JS_EXTENSIONS = ['ts', 'tsx', 'js', 'jsx', 'mts', 'cts', 'mjs', 'cjs'];
const GLOB = `**/{${[
  '*.rs',
  '*_test.go',
  'go.mod',
  'Cargo.toml',
  'package.json',
  ...JS_EXTENSIONS.flatMap((e) => [`*.test.${e}`, `*.spec.${e}`]),
  'test_*.py',
  '*_test.py',
  '*Test.java',
  '*Tests.java',
  '*IT.java',
  '*Test.kt',
  '*Tests.kt',
].join(',')}}`;
/** Every Python module may hold doctests: watched, and found after the test files (within MAX_FILES). */
const PYTHON_GLOB = '**/*.py';
const WATCH_GLOB = GLOB.replace(/\}$/, ',*.py}');
const EXCLUDE = SKIPPED_FOLDERS_GLOB;
const MAX_FILES = 20_000;
const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** Typing pauses this long before the edited document is located again (the index work is a few ms). */
const EDIT_DEBOUNCE_MS = 150;

export class WorkspaceTests implements vscode.Disposable {
  private readonly workspace = new WorkspaceIndex();
  readonly index: TestIndex = this.workspace.index;
  /** Every indexed file, relative, for finding related sources by name. */
  readonly files: ReadonlySet<string> = this.workspace.files;
  private disposed = false;
  private readonly changed = new vscode.EventEmitter<readonly string[]>();
  /** Fires with the relative paths whose declarations changed. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private readonly editTimers = new Map<string, NodeJS.Timeout>();
  /** Files indexed from an open document's text rather than the disk's: what a close without saving must undo. */
  private readonly fromBuffer = new Set<string>();
  readonly ready: Promise<void>;

  constructor(readonly folder: vscode.WorkspaceFolder) {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, WATCH_GLOB));
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => void this.readFile(uri)),
      watcher.onDidChange((uri) => {
        // An open document is indexed from its buffer; the disk copy only matters when it is closed.
        if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString() && d.isDirty)) {
          void this.readFile(uri);
        }
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) {
          this.scheduleDocument(e.document);
        }
      }),
      // Closed without saving, the disk's text counts again: "Don't Save" reloads the file (a change event), but
      // where that reload fails it reverts softly, with no change event; a document may close long after its editor.
      vscode.workspace.onDidCloseTextDocument((document) => void this.revertToDisk(document)),
      watcher.onDidDelete((uri) => {
        const rel = this.relative(uri);
        if (rel) {
          const removed = this.workspace.removeFile(rel);
          this.changed.fire(removed.length > 0 ? removed : [rel]);
        }
      }),
    );
    this.ready = this.indexAll();
  }

  relative(uri: vscode.Uri): string | undefined {
    if (uri.scheme !== this.folder.uri.scheme) {
      return undefined;
    }
    const root = this.folder.uri.path.replace(/\/+$/, '');
    if (!uri.path.startsWith(root + '/')) {
      return undefined;
    }
    return uri.path.slice(root.length + 1);
  }

  /** Re-indexes an open document from its current text (cheap: one file). */
  updateFromDocument(document: vscode.TextDocument): boolean {
    const rel = this.relative(document.uri);
    if (!rel || !this.workspace.setFile(rel, document.getText())) {
      return false;
    }
    this.fromBuffer.add(rel);
    this.changed.fire([rel]);
    return true;
  }

  private scheduleDocument(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const existing = this.editTimers.get(key);
    if (existing) {
      clearTimeout(existing);
    }
    this.editTimers.set(
      key,
      setTimeout(() => {
        this.editTimers.delete(key);
        if (!document.isClosed) {
          this.updateFromDocument(document);
        }
      }, EDIT_DEBOUNCE_MS),
    );
  }

  /** A closed document's pending edit is dropped, and a file indexed from its buffer is read again from disk. */
  private async revertToDisk(document: vscode.TextDocument): Promise<void> {
    const key = document.uri.toString();
    const timer = this.editTimers.get(key);
    if (timer) {
      clearTimeout(timer);
      this.editTimers.delete(key);
    }
    const rel = this.relative(document.uri);
    if (!rel || !this.fromBuffer.has(rel)) {
      return;
    }
    const text = await this.readText(document.uri);
    // Reopened and edited meanwhile: the buffer is the newer text again.
    if (this.disposed || vscode.workspace.textDocuments.some((d) => d.uri.toString() === key)) {
      return;
    }
    this.fromBuffer.delete(rel);
    // A file never saved (or deleted since) has no disk text: the buffer's declarations go.
    const changed = text === undefined ? this.workspace.removeFile(rel) : this.workspace.setFile(rel, text) ? [rel] : [];
    this.changed.fire(changed.length > 0 ? changed : [rel]);
  }

  private async indexAll(): Promise<void> {
    const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(this.folder, GLOB), EXCLUDE, MAX_FILES);
    const modules =
      uris.length < MAX_FILES ? await vscode.workspace.findFiles(new vscode.RelativePattern(this.folder, PYTHON_GLOB), EXCLUDE, MAX_FILES) : [];
    const byPath = new Map<string, vscode.Uri>();
    for (const uri of [...uris, ...modules]) {
      const rel = this.relative(uri);
      // Build output is searched (Go and Rust packages may bear its names) but its JS, Python and JVM copies are not
      // read: the index's filter, before they count against the bound.
      if (rel && byPath.size < MAX_FILES && isIndexCandidate(rel)) {
        byPath.set(rel, uri);
      }
    }
    // Files are read a batch at a time and indexed in slices of a few milliseconds: the extension host runs other work
    // between two (the batch and slice sizes are the ones `npm run bench locate` measures).
    await this.workspace.indexAll([...byPath.keys()], (rel) => this.readText(byPath.get(rel) as vscode.Uri), {
      cancelled: () => this.disposed,
    });
    for (const document of vscode.workspace.textDocuments) {
      if (document.isDirty) {
        this.updateFromDocument(document);
      }
    }
    this.changed.fire([...this.files]);
  }

  /**
   * A file of the folder by its workspace-relative path (`/` separators), as the index reads files: through VS Code's
   * file system, undefined when it cannot be read or is larger than the index reads. The rescan's classifier reads
   * the tests' files and the helpers their failures name so.
   */
  readSource(relativePath: string): Promise<string | undefined> {
    return this.readText(vscode.Uri.joinPath(this.folder.uri, ...relativePath.split('/')));
  }

  private async readText(uri: vscode.Uri): Promise<string | undefined> {
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      return bytes.byteLength > MAX_FILE_BYTES ? undefined : new TextDecoder().decode(bytes);
    } catch {
      return undefined;
    }
  }

  private async readFile(uri: vscode.Uri): Promise<void> {
    const rel = this.relative(uri);
    if (!rel) {
      return;
    }
    const text = await this.readText(uri);
    if (text === undefined || !this.workspace.setFile(rel, text)) {
      return;
    }
    this.fromBuffer.delete(rel);
    this.changed.fire([rel]);
  }

  dispose(): void {
    this.disposed = true;
    for (const timer of this.editTimers.values()) {
      clearTimeout(timer);
    }
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}
