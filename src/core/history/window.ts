// Which stored runs the statistics look at: the chosen branches and workflows, the newest N runs, since a date.
import type { History, StoredRun } from '../model';

export interface HistoryWindow {
  /** Branches to include; empty or absent means the repository's default branch. */
  readonly branches?: readonly string[];
  /** Workflow names (or file names) to include; empty or absent means all. */
  readonly workflows?: readonly string[];
  /** The newest runs to keep, per the whole selection. */
  readonly maxRuns: number;
  /** ISO date: runs created before it are left out. */
  readonly since?: string;
}

export interface SelectedWindow {
  readonly runs: readonly StoredRun[];
  readonly from: string | null;
  readonly to: string | null;
  readonly branches: readonly string[];
}

export function selectWindow(history: History, window: HistoryWindow): SelectedWindow {
  const branches = window.branches && window.branches.length > 0 ? window.branches : [history.defaultBranch];
  const workflows = new Set((window.workflows ?? []).map((w) => w.toLowerCase()));
  const selected = history.runs
    .filter((run) => branches.includes(run.branch))
    .filter((run) => workflows.size === 0 || workflows.has(run.workflowName.toLowerCase()))
    .filter((run) => window.since === undefined || run.createdAt >= window.since)
    .slice()
    .sort(compareRunsNewestFirst)
    .slice(0, Math.max(0, window.maxRuns));
  const oldest = selected[selected.length - 1];
  return {
    runs: selected,
    from: oldest ? oldest.createdAt : null,
    to: selected[0] ? selected[0].createdAt : null,
    branches,
  };
}

export function compareRunsNewestFirst(a: StoredRun, b: StoredRun): number {
  if (a.createdAt !== b.createdAt) {
    return a.createdAt < b.createdAt ? 1 : -1;
  }
  return b.id - a.id;
}
