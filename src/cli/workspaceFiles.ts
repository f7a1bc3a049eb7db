// The CLI's view of a workspace on disk: the test index over its source files, and a source provider for the
// classifier. The extension builds the same from VS Code's workspace API.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { OUTPUT_FOLDERS, isSkippedFolder } from '../core/locate/skippedFolders';
import { TestIndex, isIndexCandidate, isTestFileCandidate } from '../core/locate/testIndex';
import { filesByStem, type SourceProvider } from '../core/scan/testSource';

const SOURCE_EXTENSIONS = /\.(rs|go|py|ts|tsx|mts|cts|js|jsx|mjs|cjs|java|kt)$/;
const MAX_FILE_BYTES = 2 * 1024 * 1024;
const MAX_FILES = 200_000;

export interface WorkspaceFiles {
  readonly index: TestIndex;
  readonly sources: SourceProvider;
  readonly files: readonly string[];
}

/**
 * Walks `root` (skipping dependencies and tools' state; in build output, keeping only what the index reads there:
 * Go and Rust packages may bear such names) and indexes its tests.
 */
export function readWorkspace(root: string): WorkspaceFiles {
  const files: string[] = [];
  const walk = (dir: string, relative: string, inOutput: boolean) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (files.length >= MAX_FILES) {
        return;
      }
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!isSkippedFolder(entry.name)) walk(path.join(dir, entry.name), rel, inOutput || OUTPUT_FOLDERS.includes(entry.name));
      } else if (entry.isFile() && (inOutput ? isIndexCandidate(rel) : SOURCE_EXTENSIONS.test(entry.name) || isTestFileCandidate(rel))) {
        files.push(rel);
      }
    }
  };
  walk(root, '', false);
  const cache = new Map<string, string | undefined>();
  const read = (file: string): string | undefined => {
    if (!cache.has(file)) cache.set(file, readFile(root, file));
    return cache.get(file);
  };
  const index = new TestIndex();
  for (const file of files) {
    if (isTestFileCandidate(file)) {
      const text = read(file);
      if (text !== undefined) {
        index.setFile(file, text);
      }
    } else if (isIndexCandidate(file)) {
      // A library module, read for its doctests: kept only when it has some (`read` reads the others again).
      const text = readFile(root, file);
      if (text !== undefined) {
        index.setFile(file, text);
        if (text.includes('>>>')) cache.set(file, text);
      }
    }
  }
  return {
    index,
    files,
    sources: { read, filesNamed: filesByStem(files) },
  };
}

/**
 * Why `root` cannot be read as a workspace (missing, not a folder, unreadable); undefined when it can. Checked
 * before the work starts: {@link readWorkspace} reads what it can and finds no test in a folder that is not there.
 */
export function workspaceProblem(root: string): string | undefined {
  try {
    if (!statSync(root).isDirectory()) return `--workspace ${root} is not a folder`;
    readdirSync(root);
    return undefined;
  } catch (error) {
    return `cannot read --workspace ${root}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
  }
}

/** A file's text; undefined when it is missing or larger than {@link MAX_FILE_BYTES}. */
function readFile(root: string, file: string): string | undefined {
  try {
    const full = path.join(root, file);
    return statSync(full).size > MAX_FILE_BYTES ? undefined : readFileSync(full, 'utf8');
  } catch {
    return undefined;
  }
}
