// The Flaky Tests view: flaky and failing tests ranked by flake rate, grouped by file or by likely cause, filtered
// by status, OS, job and branch; each entry opens its test. Built from memory on each change of the findings. A
// repository in two folders (two worktrees, or clones) lists its tests once, opened in the folder the user is in.
import * as vscode from 'vscode';
import { hoverMarkdown } from '../core/present/hoverMarkdown';
import { rateWithSample, sparkline } from '../core/present/rateText';
import { standoutRates } from '../core/present/testSummary';
import type { RepositoryTest } from '../core/present/repositoryTests';
import type { ScanTest } from '../core/scan/scanResult';
import type { Sessions } from './sessions';

export type Grouping = 'file' | 'category';

export interface ViewFilter {
  readonly statuses: readonly string[];
  readonly os: readonly string[];
  readonly jobs: readonly string[];
  /** Head branches of the runs: a test is shown when it flaked (or is failing) on one of them. Empty or absent: all. */
  readonly branches?: readonly string[];
}

/**
 * A test of one repository (multi-root workspaces have several), once however many folders hold the repository;
 * `folder` (a URI) is the one its commands act on.
 */
export type ShownTest = RepositoryTest<ScanTest>;

type Node = { readonly kind: 'group'; readonly label: string; readonly tests: readonly ShownTest[] } | { readonly kind: 'test'; readonly test: ShownTest };

export class FlakyTestsView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private grouping: Grouping = 'file';
  private filter: ViewFilter = { statuses: ['flaky', 'failing'], os: [], jobs: [], branches: [] };

  constructor(private readonly sessions: Sessions) {
    this.disposables.push(
      sessions.onDidChangeFindings(() => this.changed.fire(undefined)),
      sessions.onDidChangeSessions(() => this.changed.fire(undefined)),
      // A repository in several folders: its tests open in the folder the user is in.
      sessions.onDidChangeCurrent(() => {
        if (new Set(sessions.all.map((s) => s.flakes.repository)).size < sessions.all.length) this.changed.fire(undefined);
      }),
    );
  }

  private allTests(): ShownTest[] {
    return this.sessions.repositoryTests();
  }

  setGrouping(grouping: Grouping): void {
    this.grouping = grouping;
    this.changed.fire(undefined);
  }

  get currentFilter(): ViewFilter {
    return this.filter;
  }

  setFilter(filter: ViewFilter): void {
    this.filter = filter;
    this.changed.fire(undefined);
  }

  /** The OSes, jobs and branches that the findings name, for the filter. */
  facets(): { oses: string[]; jobs: string[]; branches: string[] } {
    const tests = this.allTests();
    return {
      oses: [...new Set(tests.flatMap((t) => t.byOs.map((o) => o.os)))].sort(),
      jobs: [...new Set(tests.flatMap((t) => t.byJob.map((j) => j.job)))].sort(),
      branches: [...new Set(tests.flatMap((t) => (t.byBranch ?? []).map((b) => b.branch)))].sort(),
    };
  }

  /** The tests shown, ranked: failing first, then by flake rate. */
  visibleTests(): ShownTest[] {
    const { statuses, os, jobs } = this.filter;
    const branches = this.filter.branches ?? [];
    return this.allTests()
      .filter((t) => statuses.includes(t.status))
      .filter((t) => os.length === 0 || t.byOs.some((o) => os.includes(o.os) && (o.flakyFailures > 0 || t.status === 'failing')))
      .filter((t) => jobs.length === 0 || t.byJob.some((j) => jobs.includes(j.job) && (j.flakyFailures > 0 || j.failures > 0)))
      .filter((t) => branches.length === 0 || (t.byBranch ?? []).some((b) => branches.includes(b.branch) && (b.flakyFailures > 0 || t.status === 'failing')))
      .sort((a, b) => (a.status === b.status ? b.flakeRate - a.flakeRate || a.id.localeCompare(b.id) : a.status === 'failing' ? -1 : 1));
  }

  /** The top-level groups as shown (label and the ids of their tests, in order): for tests and the test API. */
  groups(): { label: string; tests: string[] }[] {
    return this.getChildren().flatMap((n) => (n.kind === 'group' ? [{ label: n.label, tests: n.tests.map((t) => t.id) }] : []));
  }

  getChildren(node?: Node): Node[] {
    if (node?.kind === 'group') {
      return node.tests.map((test) => ({ kind: 'test', test }));
    }
    if (node) {
      return [];
    }
    const groups = new Map<string, ShownTest[]>();
    const several = new Set(this.sessions.all.map((s) => s.flakes.repository)).size > 1;
    for (const test of this.visibleTests()) {
      const group = this.grouping === 'file' ? (test.location?.file ?? '(not found in the workspace)') : (test.category ?? 'unknown');
      const label = several ? `${test.repository}: ${group}` : group;
      const list = groups.get(label) ?? [];
      list.push(test);
      groups.set(label, list);
    }
    return [...groups.entries()].map(([label, tests]) => ({ kind: 'group', label, tests }));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${node.tests.length}`;
      item.iconPath = this.grouping === 'file' ? vscode.ThemeIcon.File : new vscode.ThemeIcon('symbol-enum');
      return item;
    }
    const { test } = node;
    const item = new vscode.TreeItem(test.id.split(/::|\//).pop() ?? test.id, vscode.TreeItemCollapsibleState.None);
    item.description = describe(test);
    const session = this.sessions.forFolder(test.folder);
    const result = session?.flakes.result;
    const tooltip = new vscode.MarkdownString(hoverMarkdown(test, { runs: result?.window.runs ?? 0, branches: result?.window.branches ?? [], linkHosts: session?.linkHosts ?? [] }));
    tooltip.isTrusted = false;
    item.tooltip = tooltip;
    item.iconPath = new vscode.ThemeIcon(test.status === 'failing' ? 'error' : 'warning', new vscode.ThemeColor(test.status === 'failing' ? 'flakelens.failingForeground' : 'flakelens.flakyForeground'));
    item.contextValue = `flakelens.test.${test.status}`;
    item.command = {
      title: 'Open test',
      command: 'flakelens.showTestDetails',
      arguments: [{ framework: test.framework, suite: test.suite, id: test.id, repository: test.repository, folder: test.folder, ...(test.location ? { file: test.location.file, line: test.location.line } : {}) }],
    };
    return item;
  }

  dispose(): void {
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}

/** `7% (24/360) · windows 20% (24/120) · ▁▃▂▅` */
export function describe(test: ScanTest): string {
  if (test.status === 'failing') {
    return `failing since ${test.failingSince?.sha.slice(0, 7) ?? '?'}`;
  }
  const parts = [rateWithSample(test.flakyFailures, test.executions), ...standoutRates(test)];
  if (test.trend.length >= 3) {
    parts.push(sparkline(test.trend));
  }
  return parts.join(' · ');
}
