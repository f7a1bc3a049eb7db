// The source a classifier reads for a test: the test function's own text, and the files its failures point at
// (a panic location, a guest program the test runs, a helper in another file). Reads through a provider so the
// core touches no disk.

import { digitsEnd, fileLineMentions, isPathChar, type MentionShape } from '../fileLineMentions';

/** What the caller can read of the workspace. Paths are workspace-relative with `/` separators. */
export interface SourceProvider {
  read(file: string): string | undefined;
  /** Workspace files whose base name (without extension) is `stem`, at most a few. */
  filesNamed(stem: string): readonly string[];
}

/** Files of one stem that a scan looks at, at most (a helper's name in many packages: `util`). */
const MAX_FILES_PER_STEM = 8;

/**
 * {@link SourceProvider.filesNamed} over `files`, through one table made at the first call: a scan asks for the
 * stem of each quoted string of each flaky test, and filtering every file each time took about a second per
 * table-driven test in a workspace of 20,000 files.
 */
export function filesByStem(files: Iterable<string>): (stem: string) => readonly string[] {
  let byStem: Map<string, string[]> | undefined;
  return (stem) => {
    if (!byStem) {
      byStem = new Map();
      for (const file of files) {
        const key = (file.split('/').pop() ?? '').replace(/\.\w+$/, '');
        const list = byStem.get(key);
        if (!list) byStem.set(key, [file]);
        else if (list.length < MAX_FILES_PER_STEM) list.push(file);
      }
    }
    return byStem.get(stem) ?? [];
  };
}

export interface SourceSlice {
  readonly file: string;
  readonly text: string;
  readonly startLine: number;
}

const MAX_FUNCTION_LINES = 120;

/** `/([\w./\\-]+\.(?:rs|go|py|ts|js|java|kt))(?::\d+)/g` (see fileLineMentions.ts). */
export const MENTIONED_FILE: MentionShape = {
  extensions: new Set(['rs', 'go', 'py', 'ts', 'js', 'java', 'kt']),
  pathChar: isPathChar,
  tail: (text, colon) => {
    const end = digitsEnd(text, colon + 1);
    return end > colon + 1 ? end : undefined;
  },
};
const MAX_RELATED = 4;

/** The function that starts at `line` (1-based): up to its closing brace at the same depth, bounded. */
export function functionSlice(file: string, source: string, line: number): SourceSlice {
  const start = Math.max(0, line - 1);
  // Only the lines up to the slice's last are found, and only the ones read are cut out: a scan slices each test's
  // file for each of its tests, and splitting a file of thousands of lines every time cost more than the rest.
  const starts = lineStarts(source, start + MAX_FUNCTION_LINES);
  const lineAt = (index: number): string | undefined => {
    const from = starts[index];
    if (from === undefined) return undefined;
    const newline = source.indexOf('\n', from);
    return source.slice(from, newline < 0 ? source.length : newline);
  };
  // Include attributes/annotations just above the name line.
  let from = start;
  while (from > 0 && /^\s*(#\[|@|\/\/\/)/.test(lineAt(from - 1) ?? '')) {
    from--;
  }
  let depth = 0;
  let opened = false;
  // As many lines as the text has, up to the bound.
  const last = starts.length;
  let end = last;
  for (let i = start; i < last; i++) {
    const text = lineAt(i) ?? '';
    for (const ch of text) {
      if (ch === '{') {
        depth++;
        opened = true;
      } else if (ch === '}') {
        depth--;
      }
    }
    if (opened && depth <= 0) {
      end = i + 1;
      break;
    }
  }
  // Lines `from` to `end - 1`, as the text holds them (with the newlines between them).
  const text = from < end ? source.slice(starts[from], (starts[end - 1] as number) + (lineAt(end - 1) ?? '').length) : '';
  return { file, text, startLine: from + 1 };
}

/** Where each of the first `count` lines of `text` starts (all of them, when it has fewer). */
function lineStarts(text: string, count: number): number[] {
  const starts = [0];
  let newline = text.indexOf('\n');
  while (newline >= 0 && starts.length < count) {
    starts.push(newline + 1);
    newline = text.indexOf('\n', newline + 1);
  }
  return starts;
}

/** Source files that messages point at (`file.rs:12`) or that the test body names (`run_guest("tls_client")`). */
export function relatedSources(
  provider: SourceProvider,
  testFile: string,
  testBody: string,
  messages: readonly string[],
): SourceSlice[] {
  const candidates: string[] = [];
  const add = (file: string) => {
    if (file !== testFile && !candidates.includes(file)) {
      candidates.push(file);
    }
  };
  for (const message of messages.slice(0, 5)) {
    const text = message.slice(0, 8192);
    for (const mention of fileLineMentions(text, MENTIONED_FILE)) {
      const mentioned = text.slice(mention.start, mention.colon).replace(/\\/g, '/');
      const stem = mentioned.split('/').pop()?.replace(/\.\w+$/, '') ?? '';
      for (const file of provider.filesNamed(stem)) {
        if (file.endsWith(mentioned) || mentioned.endsWith(file) || mentioned.split('/').pop() === file.split('/').pop()) {
          add(file);
        }
      }
    }
  }
  for (const match of testBody.matchAll(/"([A-Za-z_][\w-]{2,60})"/g)) {
    for (const file of provider.filesNamed(match[1] ?? '')) {
      add(file);
    }
  }
  const slices: SourceSlice[] = [];
  for (const file of candidates.slice(0, MAX_RELATED)) {
    const text = provider.read(file);
    if (text !== undefined) {
      slices.push({ file, text: text.slice(0, 200_000), startLine: 1 });
    }
  }
  return slices;
}
