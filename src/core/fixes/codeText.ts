// The code of source lines without what is inside their string literals and comments, for the quick fixes' pattern
// matching: a test title, an assertion's message or a comment can hold `test (`, `> 2 s` or `{`, which are not code.

/** `java` reads Kotlin too (its text blocks and raw strings `"""` as one line's strings). */
export type CodeLanguage = 'go' | 'javascript' | 'python' | 'rust' | 'java';

/**
 * `lines` with the contents of strings, characters and comments blanked to spaces (quotes kept, lengths and columns
 * unchanged). Strings that can span lines (Go raw strings, JavaScript templates, Rust strings, block comments) carry
 * over to the next line; Python's triple quotes do not (one-line callers only), and a Rust raw string `r#"…"#` is
 * read as far as its first `"`.
 */
export function codeOnly(lines: readonly string[], language: CodeLanguage): string[] {
  const comment = language === 'python' ? '#' : '//';
  const quotes = language === 'go' || language === 'javascript' ? ['"', "'", '`'] : ['"', "'"];
  let within: string | undefined;
  return lines.map((line) => {
    const out = line.split('');
    let i = 0;
    while (i < line.length) {
      if (within === '*/') {
        const end = line.indexOf('*/', i);
        out.fill(' ', i, end < 0 ? line.length : end);
        if (end < 0) break;
        within = undefined;
        i = end + 2;
        continue;
      }
      const c = line[i] ?? '';
      // A Rust `'` that does not close a character on the next character or after an escape starts a lifetime.
      const lifetime = language === 'rust' && c === "'" && !within && line[i + 1] !== '\\' && line[i + 2] !== "'";
      const quote = within ?? (quotes.includes(c) && !lifetime ? c : undefined);
      if (quote) {
        // Go raw strings take no escapes.
        const escapes = !(language === 'go' && quote === '`');
        const start = within ? i : i + 1;
        let j = start;
        while (j < line.length && line[j] !== quote) j += escapes && line[j] === '\\' ? 2 : 1;
        out.fill(' ', start, Math.min(j, line.length));
        const multiLine = quote === '`' || (language === 'rust' && quote === '"');
        within = j >= line.length && multiLine ? quote : undefined;
        i = j + 1;
        continue;
      }
      if (line.startsWith(comment, i)) {
        out.fill(' ', i + comment.length);
        break;
      }
      if (language !== 'python' && line.startsWith('/*', i)) {
        within = '*/';
        i += 2;
        continue;
      }
      i++;
    }
    return out.join('');
  });
}
