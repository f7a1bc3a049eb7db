// The persisted history of one repository: one JSON file under the extension's global storage (the CLI: its
// --cache-dir), written atomically (temporary file, then rename) so a crash never leaves half a file. It holds CI
// data and ETags only, never a token.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { History } from '../core/model';

const FORMAT = 'flakelens-history';
const VERSION = 1;

export interface StoredState {
  readonly history: History;
  /** ETags of list requests, by request URL. */
  readonly etags: Readonly<Record<string, string>>;
  /** When the last successful sync finished (ISO), as the caller's clock said. */
  readonly syncedAt?: string;
  /** The repository's workflows, kept for conditional listing when workflows are filtered. */
  readonly workflows?: readonly { readonly id: number; readonly name: string; readonly path: string }[];
}

interface CacheFile extends StoredState {
  readonly format: typeof FORMAT;
  readonly version: typeof VERSION;
}

export function emptyState(repository: string, defaultBranch = 'main'): StoredState {
  return { history: { version: 1, repository, defaultBranch, runs: [] }, etags: {} };
}

export class HistoryStore {
  readonly file: string;

  constructor(cacheDir: string, apiUrl: string, repository: string) {
    let host = 'github.com';
    try {
      host = new URL(apiUrl).host.replace(/[^\w.-]/g, '_');
    } catch {
      // keep the default: the URL is validated where it is configured
    }
    const safeRepo = repository.split('/').map((part) => part.replace(/[^\w.-]/g, '_'));
    this.file = path.join(cacheDir, host, ...safeRepo) + '.json';
  }

  /**
   * The stored state, or an empty one when nothing was stored yet. A file that cannot be read as a history is moved
   * aside (never deleted) and reported through `onProblem`, and an empty state is returned.
   */
  async load(repository: string, onProblem?: (message: string) => void): Promise<StoredState> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return emptyState(repository);
      }
      throw error;
    }
    try {
      const parsed = JSON.parse(text) as Partial<CacheFile>;
      if (parsed.format !== FORMAT || parsed.version !== VERSION || !parsed.history || !Array.isArray(parsed.history.runs)) {
        throw new Error('not a Flakelens history of this version');
      }
      return {
        history: parsed.history,
        etags: parsed.etags ?? {},
        ...(parsed.syncedAt ? { syncedAt: parsed.syncedAt } : {}),
        ...(parsed.workflows ? { workflows: parsed.workflows } : {}),
      };
    } catch (error) {
      const aside = `${this.file}.unreadable`;
      await rename(this.file, aside).catch(() => undefined);
      onProblem?.(`The stored history could not be read (${(error as Error).message}); it was kept as ${aside} and a new one is synced.`);
      return emptyState(repository);
    }
  }

  async save(state: StoredState): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const file: CacheFile = { format: FORMAT, version: VERSION, ...state };
    const temporary = `${this.file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(file), 'utf8');
    await rename(temporary, this.file);
  }
}
