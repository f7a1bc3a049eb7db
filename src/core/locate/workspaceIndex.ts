// The test declarations of one workspace folder, kept in memory: indexed in the background in time slices (so the
// host's event loop keeps running between two), then updated one file at a time on change, delete and rename. No
// editor API here: the extension (src/editor/workspaceTests.ts) feeds it files and events, and the benchmark and the
// unit tests drive the same code in plain node.

import { eventLoopTurn } from '../steps';
import { TestIndex, isIndexCandidate } from './testIndex';

export interface IndexingOptions {
  /** Files read at once (their reads overlap). */
  readonly batch?: number;
  /** A synchronous slice of indexing gives the event loop a turn once it has run this long (ms). */
  readonly sliceMs?: number;
  /** The clock, in ms. */
  readonly now?: () => number;
  /** Gives the event loop a turn: other work (the editor's requests) runs before indexing goes on. */
  readonly yieldToEventLoop?: () => Promise<void>;
  /** Stops indexing between two slices when it returns true (the folder was closed). */
  readonly cancelled?: () => boolean;
}

export interface IndexingStats {
  /** Paths offered. */
  readonly files: number;
  /** Paths indexed (index candidates that could be read). */
  readonly indexed: number;
  /** The duration of every synchronous slice, in order (ms): what the event loop waited for each time. */
  readonly slices: readonly number[];
  readonly longestSliceMs: number;
  readonly totalMs: number;
}

/** What the extension uses (src/editor/workspaceTests.ts) and the benchmark measures. */
const DEFAULT_BATCH = 16;
const DEFAULT_SLICE_MS = 4;

export class WorkspaceIndex {
  readonly index = new TestIndex();
  /** Every indexed file, workspace-relative. */
  readonly files = new Set<string>();

  /**
   * Indexes `paths` (workspace-relative), reading each with `read` (undefined: unreadable or too large, skipped).
   * Files are read a batch at a time and indexed one by one; the loop yields whenever a slice has run `sliceMs`, and
   * after every batch. A file whose text changes while indexing runs should be given to {@link setFile} after it.
   */
  async indexAll(
    paths: readonly string[],
    read: (path: string) => Promise<string | undefined>,
    options: IndexingOptions = {},
  ): Promise<IndexingStats> {
    const batch = Math.max(1, options.batch ?? DEFAULT_BATCH);
    const sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
    const now = options.now ?? (() => performance.now());
    const turn = options.yieldToEventLoop ?? eventLoopTurn;
    const candidates = paths.filter((p) => isIndexCandidate(p));
    const slices: number[] = [];
    const started = now();
    let sliceStart = started;
    const endSlice = (): void => {
      slices.push(now() - sliceStart);
    };
    let indexed = 0;
    for (let i = 0; i < candidates.length; i += batch) {
      if (options.cancelled?.()) break;
      const group = candidates.slice(i, i + batch);
      endSlice();
      const texts = await Promise.all(group.map((p) => read(p).catch(() => undefined)));
      sliceStart = now();
      for (let k = 0; k < group.length; k++) {
        const text = texts[k];
        const path = group[k] as string;
        if (text !== undefined) {
          this.index.setFile(path, text);
          this.files.add(path);
          indexed++;
        }
        if (now() - sliceStart > sliceMs && k + 1 < group.length) {
          endSlice();
          await turn();
          if (options.cancelled?.()) break;
          sliceStart = now();
        }
      }
      endSlice();
      await turn();
      sliceStart = now();
    }
    endSlice();
    return {
      files: paths.length,
      indexed,
      slices,
      longestSliceMs: slices.reduce((a, b) => Math.max(a, b), 0),
      totalMs: now() - started,
    };
  }

  /** A file created or changed (or an editor's unsaved text): only its declarations are replaced. */
  setFile(path: string, text: string): boolean {
    if (!isIndexCandidate(path)) return false;
    this.index.setFile(path, text);
    this.files.add(path);
    return true;
  }

  /**
   * A file deleted, or a folder: everything indexed under it goes. Returns the paths that were indexed and are not
   * any more.
   */
  removeFile(path: string): string[] {
    const removed = this.files.has(path) ? [path] : [...this.files].filter((f) => f.startsWith(`${path}/`));
    this.index.removeFile(path);
    for (const f of removed) this.files.delete(f);
    return removed;
  }

  /** A file renamed or moved: its declarations leave the old path and are read again at the new one. */
  renameFile(from: string, to: string, text: string | undefined): string[] {
    const changed = this.removeFile(from);
    if (text !== undefined && this.setFile(to, text)) changed.push(to);
    return changed;
  }
}
