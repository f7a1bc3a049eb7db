// The languages the classifier knows, and how a file's name tells its language.

export type Language = 'rust' | 'go' | 'typescript' | 'javascript' | 'python' | 'java' | 'kotlin' | 'unknown';

const BY_EXTENSION: Readonly<Record<string, Language>> = {
  rs: 'rust',
  go: 'go',
  ts: 'typescript',
  tsx: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  py: 'python',
  pyi: 'python',
  java: 'java',
  kt: 'kotlin',
  kts: 'kotlin',
};

/**
 * The language of a source file from its name. A trailing `.txt` is looked through, because test sources are often
 * kept as text files (`FooTest.java.txt`).
 */
export function languageOfFile(file: string): Language {
  const name = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1).toLowerCase();
  const parts = name.split('.');
  if (parts.length > 2 && parts[parts.length - 1] === 'txt') parts.pop();
  // A name made only of an extension (`.rs`) is a dotfile without one, as `path.extname` sees it.
  if (parts.length < 2 || (parts.length === 2 && parts[0] === '')) return 'unknown';
  return BY_EXTENSION[parts[parts.length - 1] ?? ''] ?? 'unknown';
}

/** Languages where `'…'` is a string literal rather than a character literal or a lifetime. */
export function singleQuoteIsString(language: Language): boolean {
  return language === 'typescript' || language === 'javascript' || language === 'python';
}

