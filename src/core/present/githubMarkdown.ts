// Text from CI in Markdown that GitHub renders (issue bodies, `flakelens scan|triage --format markdown` in a job
// summary or a comment): one line, bounded, shown as it is. Markdown and HTML are escaped, a `|` cannot end a table
// cell, and nothing in it pings anyone or links other issues: `@name` and `#123` are broken by a zero-width space.
// (The hover's escaping, core/present/hoverMarkdown.ts, is for VS Code, where neither mentions nor tables exist.)

/**
 * Control characters, the zero-width space and word joiners, and the bidirectional marks, embeddings, overrides and
 * isolates: nothing a test name shows, and what hides or reorders text. The zero-width joiner and non-joiner stay:
 * emoji sequences and some scripts need them.
 */
// eslint-disable-next-line no-control-regex -- these are the characters removed
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;

/** `text` on one line (whitespace runs as one space), invisible characters gone, at most `max` characters. */
export function oneLineText(text: string, max: number): string {
  const line = text.replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Untrusted text as inline GitHub Markdown that shows it as it is (see above). */
export function githubMarkdownText(text: string, max = 200): string {
  return defuseReferences(
    oneLineText(text, max)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/[\\`*_{}[\]()#+!|~]/g, (c) => `\\${c}`),
  );
}

/**
 * Untrusted text as an inline code span: backticks (which would end the span) become `'`. In a table cell (`inTable`)
 * `|` is escaped, as GitHub's tables need even inside code (elsewhere the backslash would show). Mentions and
 * references are not linked in code.
 */
export function githubCodeSpan(text: string, max = 200, inTable = false): string {
  const code = oneLineText(text, max).replace(/`/g, "'");
  return `\`${inTable ? code.replace(/\|/g, '\\|') : code}\``;
}

/**
 * `@name` and `#123` (an issue reference, also in `owner/repo#123` and `GH-123`) made plain text; not inside a URL,
 * where GitHub links neither and a zero-width space would break the link, nor in an e-mail address (`a@b.c`: GitHub
 * mentions only an `@` that no word character precedes).
 */
function defuseReferences(text: string): string {
  let out = '';
  let from = 0;
  for (const url of text.matchAll(URL_IN_TEXT)) {
    out += defuseOutsideUrls(text.slice(from, url.index)) + url[0];
    from = (url.index ?? 0) + url[0].length;
  }
  return out + defuseOutsideUrls(text.slice(from));
}

function defuseOutsideUrls(text: string): string {
  return text.replace(/(?<![\w.+-])@(?=[\w-])/g, '@\u200b').replace(/(#|GH-)(?=\d)/gi, '$1\u200b');
}

/** A URL as GitHub autolinks it in text: up to the next space or `<`. */
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<]+/g;
