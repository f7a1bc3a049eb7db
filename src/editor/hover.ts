// The hover on a flaky or failing test's name: the figures, per-job table, cause, suggestion and recent failures,
// built by the core (escaped) and shown with command links restricted to our own commands.
import * as vscode from 'vscode';
import { hoverMarkdown } from '../core/present/hoverMarkdown';
import type { Sessions } from './sessions';
import { placeTests } from './testPlacement';

export const HOVER_COMMANDS = ['flakelens.rerunFailedJobs', 'flakelens.refresh', 'flakelens.runLocally', 'flakelens.rerunJob', 'flakelens.fileIssue'];

export class TestHoverProvider implements vscode.HoverProvider {
  constructor(private readonly sessions: Sessions) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const session = this.sessions.forUri(document.uri);
    const result = session?.flakes.result;
    const placed = session && placeTests(document, session.tests, session.flakes).find((p) => p.range.start.line === position.line);
    if (!session || !placed || !result) {
      return undefined;
    }
    const local = session.localRuns.resultOf(placed.test);
    const markdown = new vscode.MarkdownString(
      hoverMarkdown(placed.test, {
        runs: result.window.runs,
        branches: result.window.branches,
        formatDate: (iso) => new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' }),
        ...(local ? { local: { runs: local.runs, failures: local.failures, command: local.command } } : {}),
        cases: placed.cases,
        linkHosts: session.linkHosts,
      }),
    );
    markdown.isTrusted = { enabledCommands: HOVER_COMMANDS };
    markdown.supportHtml = false;
    return new vscode.Hover(markdown, placed.range);
  }
}
