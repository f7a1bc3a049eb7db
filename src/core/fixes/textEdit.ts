// Text edits on a document's text, in the positions VS Code uses (0-based line and UTF-16 column), with the
// document's own line ending: the quick fixes build them here and the editor turns them into a WorkspaceEdit.

export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface TextEdit {
  readonly start: Position;
  readonly end: Position;
  readonly newText: string;
}

/** The lines of a text without their endings, and the ending new lines take (`\r\n` when the text uses it). */
export interface SourceLines {
  readonly lines: readonly string[];
  readonly eol: '\n' | '\r\n';
}

export function sourceLines(text: string): SourceLines {
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  return { lines: text.split(/\r?\n/), eol };
}

/** Inserts whole lines before line `line` (0-based), each ended with the text's line ending. */
export function insertLines(source: SourceLines, line: number, newLines: readonly string[]): TextEdit {
  const at = { line, character: 0 };
  return { start: at, end: at, newText: newLines.map((l) => l + source.eol).join('') };
}

/** Replaces `length` characters of line `line` from `character`. */
export function replaceInLine(line: number, character: number, length: number, newText: string): TextEdit {
  return { start: { line, character }, end: { line, character: character + length }, newText };
}

export function indentationOf(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}

/** Applies edits to a text (the edits must not overlap), as VS Code does: used by tests and previews. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const starts: number[] = [0];
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) starts.push(i + 1);
  }
  const offset = (p: Position): number => Math.min(text.length, (starts[p.line] ?? text.length) + p.character);
  const sorted = [...edits].sort((a, b) => offset(b.start) - offset(a.start));
  let out = text;
  for (const edit of sorted) {
    out = out.slice(0, offset(edit.start)) + edit.newText + out.slice(offset(edit.end));
  }
  return out;
}
