// Code actions on the Problems entries of flaky tests: quarantine in the framework's idiom, widen a literal timing
// tolerance, try fallback hosts (built by core/fixes), each a WorkspaceEdit whose entries need confirmation, so VS Code
// shows the refactor preview before anything changes; and "File an issue" for the test.
import * as vscode from 'vscode';
import { filesForFixes, testFixes } from '../core/fixes/testFixes';
import type { Sessions } from './sessions';
import { placeTests } from './testPlacement';

export interface DescribedAction {
  readonly action: vscode.CodeAction;
  /** The preview metadata of the edit's entries (the command API does not carry it back to callers). */
  readonly metadata?: vscode.WorkspaceEditEntryMetadata;
}

export class QuickFixProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly sessions: Sessions) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const diagnostics = context.diagnostics.filter((d) => d.source === 'Flakelens' && d.code === 'flaky-test');
    const described = await Promise.all(diagnostics.map((d) => this.actionsFor(document, d)));
    return described.flat().map((d) => d.action);
  }

  /** The actions for the flaky test whose Problems entry is `diagnostic`, with their preview metadata. */
  async actionsFor(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Promise<DescribedAction[]> {
    const session = this.sessions.forUri(document.uri);
    const placed = session && placeTests(document, session.tests, session.flakes).find((p) => p.range.start.line === diagnostic.range.start.line && p.test.status === 'flaky');
    if (!session || !placed) return [];
    const texts = new Map<string, string>();
    await Promise.all(
      filesForFixes(placed.test, placed.declaration).map(async (file) => {
        try {
          const uri = vscode.Uri.joinPath(session.folder.uri, ...file.split('/'));
          texts.set(file, uri.toString() === document.uri.toString() ? document.getText() : (await vscode.workspace.openTextDocument(uri)).getText());
        } catch {
          // A file the evidence names that is gone: its fixes are not offered.
        }
      }),
    );
    const { fixes } = testFixes({ test: placed.test, declaration: placed.declaration, read: (file) => texts.get(file) });
    const actions: DescribedAction[] = fixes.map((fix) => {
      const metadata: vscode.WorkspaceEditEntryMetadata = { needsConfirmation: true, label: fix.label, description: fix.description };
      const edit = new vscode.WorkspaceEdit();
      const uri = vscode.Uri.joinPath(session.folder.uri, ...fix.file.split('/'));
      for (const e of fix.edits) {
        edit.replace(uri, new vscode.Range(e.start.line, e.start.character, e.end.line, e.end.character), e.newText, metadata);
      }
      const action = new vscode.CodeAction(`Flakelens: ${fix.title}`, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      action.edit = edit;
      return { action, metadata };
    });
    const fileIssue = new vscode.CodeAction(`Flakelens: File an issue for ${placed.test.id}`, vscode.CodeActionKind.QuickFix);
    fileIssue.diagnostics = [diagnostic];
    fileIssue.command = {
      title: 'File an issue',
      command: 'flakelens.fileIssue',
      arguments: [{ repository: session.flakes.repository, framework: placed.test.framework, suite: placed.test.suite, id: placed.test.id }],
    };
    actions.push({ action: fileIssue });
    return actions;
  }
}
