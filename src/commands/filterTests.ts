// Filter the Flaky Tests view by status, OS, job and branch: one multi-select list, or a filter given as the argument.
import * as vscode from 'vscode';
import type { FlakyTestsView, ViewFilter } from '../editor/flakyTestsView';

export async function filterTests(view: FlakyTestsView, given?: ViewFilter): Promise<void> {
  if (given) {
    view.setFilter({ statuses: given.statuses, os: given.os, jobs: given.jobs, branches: given.branches ?? [] });
    return;
  }
  const current = view.currentFilter;
  const { oses, jobs, branches } = view.facets();
  const currentBranches = current.branches ?? [];
  type Item = vscode.QuickPickItem & { readonly key: 'status' | 'os' | 'job' | 'branch'; readonly value: string };
  const items: (Item | vscode.QuickPickItem)[] = [
    { label: 'Status', kind: vscode.QuickPickItemKind.Separator },
    ...['flaky', 'failing'].map((value) => ({ label: value, key: 'status' as const, value, picked: current.statuses.includes(value) })),
    { label: 'Flaky on', kind: vscode.QuickPickItemKind.Separator },
    ...oses.map((value) => ({ label: value, key: 'os' as const, value, picked: current.os.includes(value) })),
    { label: 'Job', kind: vscode.QuickPickItemKind.Separator },
    ...jobs.map((value) => ({ label: value, key: 'job' as const, value, picked: current.jobs.includes(value) })),
    { label: 'Branch', kind: vscode.QuickPickItemKind.Separator },
    ...branches.map((value) => ({ label: value, key: 'branch' as const, value, picked: currentBranches.includes(value) })),
  ];
  const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: 'Filter the flaky tests (no OS, job or branch picked: all)' });
  if (!picked) {
    return;
  }
  const of = (key: Item['key']) => picked.filter((p): p is Item => 'key' in p && p.key === key).map((p) => p.value);
  const statuses = of('status');
  view.setFilter({ statuses: statuses.length > 0 ? statuses : ['flaky', 'failing'], os: of('os'), jobs: of('job'), branches: of('branch') });
}
