// What a quick fix is, before the editor turns it into a code action with a previewed WorkspaceEdit.
import type { TextEdit } from './textEdit';

export type FixKind = 'quarantine' | 'widen-tolerance' | 'fallback-hosts';

export interface QuickFix {
  readonly kind: FixKind;
  /** The code action's title (`Quarantine: #[ignore = "flaky: …"]`). */
  readonly title: string;
  /** The refactor preview's label for the change. */
  readonly label: string;
  /** The refactor preview's description: what changes, before → after. */
  readonly description: string;
  /** The file the edits apply to, relative to the workspace folder, `/`-separated. */
  readonly file: string;
  readonly edits: readonly TextEdit[];
}

/** A fix that was looked for and not offered, with why (shown nowhere by default; tests and logs read it). */
export interface FixRefusal {
  readonly kind: FixKind;
  readonly reason: string;
}

export type FixOutcome = { readonly fixes: readonly QuickFix[]; readonly refused: readonly FixRefusal[] };

/** Short text of a line for a preview description. */
export function shown(text: string, max = 90): string {
  const line = text.trim().replace(/\s+/g, ' ');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
