// Which folder's red CI the one triage status bar item shows in a multi-root workspace: the active editor's folder
// when its branch's CI is red, else the first other folder whose CI is red; none when no folder's is.

export interface FolderTriage {
  readonly triage: { readonly run: { readonly conclusion: string | null } } | undefined;
  /** The active editor's file is in this folder. */
  readonly active: boolean;
}

/** The folder whose triage the item shows, and how many other folders have red CI. */
export function shownTriage<F extends FolderTriage>(folders: readonly F[]): { readonly folder: F; readonly others: number } | undefined {
  const red = folders.filter((f) => f.triage?.run.conclusion === 'failure');
  const shown = red.find((f) => f.active) ?? red[0];
  return shown ? { folder: shown, others: red.length - 1 } : undefined;
}
