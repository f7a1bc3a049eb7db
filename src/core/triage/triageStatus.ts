// Which folder's red CI the one triage status bar item shows in a multi-root workspace: the active editor's folder
// when its branch's CI is red, else the first other folder whose CI is red; none when no folder's is. Two folders of
// one repository (two worktrees, or two clones) on one branch sort the same run: the other one is not counted again.

export interface FolderTriage {
  readonly repository: string;
  readonly triage: { readonly run: { readonly id: number; readonly conclusion: string | null } } | undefined;
  /** The active editor's file is in this folder. */
  readonly active: boolean;
}

/** The folder whose triage the item shows, and how many other folders have red CI in another run. */
export function shownTriage<F extends FolderTriage>(folders: readonly F[]): { readonly folder: F; readonly others: number } | undefined {
  const red = folders.filter((f) => f.triage?.run.conclusion === 'failure');
  const shown = red.find((f) => f.active) ?? red[0];
  if (!shown) return undefined;
  const sameRun = (f: F) => f.repository === shown.repository && f.triage?.run.id === shown.triage?.run.id;
  return { folder: shown, others: red.filter((f) => !sameRun(f)).length };
}
