// The hover on a flaky or failing test's name: the figures, per-job table, cause, suggestion and recent failures,
// built by the core (escaped) and shown with command links restricted to our own commands.
import * as vscode from 'vscode';
import { hoverMarkdown } from '../core/present/hoverMarkdown';
import type { LocalRuns } from './localRuns';
import type { RepositoryFlakes } from './repositoryFlakes';
import { placeTests } from './testPlacement';
import type { WorkspaceTests } from './workspaceTests';

export const HOVER_COMMANDS = ['flakelens.rerunFailedJobs', 'flakelens.refresh', 'flakelens.runLocally', 'flakelens.rerunJob'];

export class TestHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly tests: WorkspaceTests,
    private readonly flakes: RepositoryFlakes,
    private readonly localRuns: LocalRuns,
  ) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const placed = placeTests(document, this.tests, this.flakes).find((p) => p.range.start.line === position.line);
    if (!placed || !this.flakes.result) {
      return undefined;
    }
    const local = this.localRuns.resultOf(placed.test);
    const markdown = new vscode.MarkdownString(
      hoverMarkdown(placed.test, {
        runs: this.flakes.result.window.runs,
        branches: this.flakes.result.window.branches,
        formatDate: (iso) => new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' }),
        ...(local ? { local: { runs: local.runs, failures: local.failures, command: local.command } } : {}),
      }),
    );
    markdown.isTrusted = { enabledCommands: HOVER_COMMANDS };
    markdown.supportHtml = false;
    return new vscode.Hover(markdown, placed.range);
  }
}
