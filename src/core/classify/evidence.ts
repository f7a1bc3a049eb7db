// Evidence strings: one source or message line, trimmed and bounded, in the forms
// `tests/guest/tls_client.rs:12: let stream = …` and `message: thread 'x' panicked at …`.

/** Upper bound of the quoted line inside one evidence string. */
export const MAX_EVIDENCE_LINE_CHARS = 200;
const MAX_FILE_CHARS = 160;
const ELLIPSIS = '…';

/** Control characters (ANSI escapes included) removed from untrusted text before it is shown. */
// eslint-disable-next-line no-control-regex
const ANSI_ESCAPE = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

export function withoutControlCharacters(text: string): string {
  return text.replace(ANSI_ESCAPE, '').replace(CONTROL, '');
}

/**
 * A trimmed excerpt of a line of at most {@link MAX_EVIDENCE_LINE_CHARS} characters. When the line is longer, the
 * excerpt is centred on `focus` (the index of what the rule matched), so the reason stays visible.
 */
export function excerpt(line: string, focus = 0): string {
  const clean = withoutControlCharacters(line).replace(/\t/g, ' ');
  const start = clean.length - clean.trimStart().length;
  const text = clean.trim();
  if (text.length <= MAX_EVIDENCE_LINE_CHARS) return text;
  const at = Math.max(0, focus - start);
  const budget = MAX_EVIDENCE_LINE_CHARS - 2;
  let from = Math.max(0, Math.min(at - Math.floor(budget / 3), text.length - budget));
  if (from < 2) from = 0;
  const to = Math.min(text.length, from + (from === 0 ? budget + 1 : budget));
  return (from > 0 ? ELLIPSIS : '') + text.slice(from, to) + (to < text.length ? ELLIPSIS : '');
}

export function sourceEvidence(file: string, line: number, text: string, focus = 0): string {
  const name = file.length > MAX_FILE_CHARS ? ELLIPSIS + file.slice(file.length - MAX_FILE_CHARS + 1) : file;
  return `${withoutControlCharacters(name)}:${line}: ${excerpt(text, focus)}`;
}

export function messageEvidence(text: string, focus = 0): string {
  return `message: ${excerpt(text, focus)}`;
}

export function patternEvidence(text: string): string {
  return `pattern: ${text}`;
}
