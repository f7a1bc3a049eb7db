// What the editor does with a folder's triage once it knows the folder's current branch (after a sync, or when the
// checked-out branch changed): the new failures it marks are the current branch's, or none.

export interface BranchSwitchInput {
  /** The checked-out branch; undefined when detached or unknown. */
  readonly branch: string | undefined;
  /** The repository's default branch, known once there is a stored history (the triage's base). */
  readonly defaultBranch: string | undefined;
  /** The branch of the triage shown now, if any. */
  readonly triagedBranch: string | undefined;
}

export interface BranchSwitchStep {
  /** The triage shown is another branch's: its marks and status go at once, before any request. */
  readonly clear: boolean;
  /** Sort the current branch's newest run: it is not the default branch, and there is a history to sort it against. */
  readonly triage: boolean;
}

export function branchSwitchStep(input: BranchSwitchInput): BranchSwitchStep {
  return {
    clear: input.triagedBranch !== undefined && input.triagedBranch !== input.branch,
    triage: input.branch !== undefined && input.defaultBranch !== undefined && input.branch !== input.defaultBranch,
  };
}
