// Inline after-text and a gutter icon on each flaky or failing test function of the visible editors. Decoration
// types are created once; decorations are computed from memory for visible editors only, debounced on edits.
import * as vscode from 'vscode';
import { testSummary } from '../core/present/testSummary';
import type { LocalResult } from './localRuns';
import type { TriageFailure } from '../core/triage/triageRun';
import type { FolderSession, Sessions } from './sessions';
import type { FlakelensSettings } from './settings';
import { placeTests } from './testPlacement';

/** A decoration as set: its 0-based line and its after-text. */
export interface Shown {
  readonly line: number;
  readonly text: string;
}

export class TestDecorations implements vscode.Disposable {
  private readonly flaky: vscode.TextEditorDecorationType;
  private readonly failing: vscode.TextEditorDecorationType;
  private readonly newFailure: vscode.TextEditorDecorationType;
  private readonly disposables: vscode.Disposable[] = [];
  /** Count of decoration passes, for tests and benchmarks. */
  passes = 0;
  /** What the last pass of each document set (line and text per kind), for the extension's tests. */
  readonly shown = new Map<string, { readonly flaky: readonly Shown[]; readonly failing: readonly Shown[]; readonly newFailures: readonly Shown[] }>();

  constructor(
    media: vscode.Uri,
    private readonly sessions: Sessions,
    private settings: FlakelensSettings,
    private readonly triage: { newFailures(session: FolderSession): readonly TriageFailure[]; onDidChange: vscode.Event<FolderSession> },
  ) {
    const type = (status: 'flaky' | 'failing') =>
      vscode.window.createTextEditorDecorationType({
        gutterIconPath: vscode.Uri.joinPath(media, `${status}-light.svg`),
        gutterIconSize: 'contain',
        dark: { gutterIconPath: vscode.Uri.joinPath(media, `${status}-dark.svg`) },
        after: {
          margin: '0 0 0 2em',
          color: new vscode.ThemeColor(status === 'flaky' ? 'flakelens.flakyForeground' : 'flakelens.failingForeground'),
          fontStyle: 'italic',
        },
        overviewRulerColor: new vscode.ThemeColor(status === 'flaky' ? 'flakelens.flakyForeground' : 'flakelens.failingForeground'),
        overviewRulerLane: vscode.OverviewRulerLane.Right,
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      });
    this.flaky = type('flaky');
    this.failing = type('failing');
    // A failure of the current branch's run that the default branch does not have: this change's doing.
    this.newFailure = type('failing');
    this.disposables.push(
      this.flaky,
      this.failing,
      this.newFailure,
      triage.onDidChange(() => this.refreshAll()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.refreshAll()),
      vscode.workspace.onDidCloseTextDocument((document) => this.shown.delete(document.uri.toString())),
      sessions.onDidChangeFindings(() => this.refreshAll()),
      sessions.onDidChangeLocal(() => this.refreshAll()),
      sessions.onDidChangeSessions(() => this.refreshAll()),
      // The index re-reads an edited document (debounced) and says which files changed: redo just those editors.
      sessions.onDidChangeTests(({ session, files }) => {
        const changed = new Set(files);
        for (const editor of vscode.window.visibleTextEditors) {
          const file = session.tests.relative(editor.document.uri);
          if (file && changed.has(file)) {
            this.apply(editor);
          }
        }
      }),
    );
    this.refreshAll();
  }

  updateSettings(settings: FlakelensSettings): void {
    this.settings = settings;
    this.refreshAll();
  }

  refreshAll(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      this.apply(editor);
    }
  }

  /** Computes and sets the decorations of one editor (from memory only). */
  apply(editor: vscode.TextEditor): void {
    this.passes++;
    const flaky: vscode.DecorationOptions[] = [];
    const failing: vscode.DecorationOptions[] = [];
    const session = this.sessions.forUri(editor.document.uri);
    for (const placed of session ? placeTests(editor.document, session.tests, session.flakes) : []) {
      const status = placed.test.status;
      if ((status === 'flaky' && !this.settings.decorate.flaky) || (status === 'failing' && !this.settings.decorate.failing) || status === 'stable') {
        continue;
      }
      const line = editor.document.lineAt(placed.range.start.line);
      const option: vscode.DecorationOptions = {
        range: new vscode.Range(line.lineNumber, line.text.length, line.lineNumber, line.text.length),
        renderOptions: { after: { contentText: testSummary(placed.test) + localText(session?.localRuns.resultOf(placed.test)) } },
      };
      (status === 'flaky' ? flaky : failing).push(option);
    }
    const fresh: vscode.DecorationOptions[] = [];
    const file = session?.tests.relative(editor.document.uri);
    for (const failure of session && file ? this.triage.newFailures(session) : []) {
      const declaration = session?.tests.index.resolve(failure);
      if (!declaration || declaration.file !== file || declaration.line > editor.document.lineCount) {
        continue;
      }
      const line = editor.document.lineAt(declaration.line - 1);
      fresh.push({
        range: new vscode.Range(line.lineNumber, line.text.length, line.lineNumber, line.text.length),
        renderOptions: { after: { contentText: newFailureText(failure) } },
      });
    }
    editor.setDecorations(this.flaky, flaky);
    editor.setDecorations(this.failing, failing);
    editor.setDecorations(this.newFailure, fresh);
    const shown = (options: readonly vscode.DecorationOptions[]) => options.map((o) => ({ line: o.range.start.line, text: o.renderOptions?.after?.contentText ?? '' }));
    this.shown.set(editor.document.uri.toString(), { flaky: shown(flaky), failing: shown(failing), newFailures: shown(fresh) });
  }

  dispose(): void {
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}

/** ` · local 2/50 failed` after a local run of the test. */
export function localText(result: LocalResult | undefined): string {
  return result ? ` · local ${result.failures}/${result.runs} failed` : '';
}

/** `✖ new failure on feature/x (Test Linux): assertion failed…`, bounded. */
export function newFailureText(failure: TriageFailure): string {
  const reason = failure.reason.replace(/\s+/g, ' ').trim();
  return `✖ new failure (${failure.job})${reason ? `: ${reason.length > 80 ? `${reason.slice(0, 80)}…` : reason}` : ''}`;
}
