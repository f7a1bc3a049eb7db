// The persisted history of one repository: one JSON file under the extension's global storage (the CLI: its
// --cache-dir), written atomically (temporary file, then rename) so a crash never leaves half a file. It holds CI
// data and ETags only, never a token.
import { access, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { History } from '../core/model';
import { SyncError } from './syncError';

const FORMAT = 'flakelens-history';
const VERSION = 1;

export interface StoredState {
  readonly history: History;
  /** ETags of list requests, by request URL. */
  readonly etags: Readonly<Record<string, string>>;
  /** When the last successful sync finished (ISO), as the caller's clock said. */
  readonly syncedAt?: string;
  /** The window of the sync that wrote this state: a wider one lists its runs anew (see ci/sync.ts). */
  readonly window?: { readonly maxRuns: number; readonly maxDays: number };
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
    // `.` and `..` are no GitHub names, and as path parts they would put the file outside the cache folder.
    const safeRepo = repository.split('/').map((part) => part.replace(/[^\w.-]/g, '_').replace(/^\.{0,2}$/, (dots) => `_${dots}`));
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
      if (parsed.format === FORMAT && typeof parsed.version === 'number' && parsed.version > VERSION) {
        // A newer Flakelens (the extension and the CLI can share a cache) keeps this file: left as it is.
        throw new SyncError(
          'bad-cache',
          `The stored history ${this.file} was written by a newer version of Flakelens (format ${parsed.version}, this one reads ${VERSION}): update Flakelens, or give this one another cache folder. The file is left as it is.`,
        );
      }
      if (parsed.format !== FORMAT || parsed.version !== VERSION || !parsed.history) {
        throw new Error('not a Flakelens history of this version');
      }
      const problem = historyProblem(parsed.history);
      if (problem !== undefined) throw new Error(problem);
      return {
        history: parsed.history,
        etags: parsed.etags ?? {},
        ...(parsed.syncedAt ? { syncedAt: parsed.syncedAt } : {}),
        ...(parsed.workflows ? { workflows: parsed.workflows } : {}),
        ...(parsed.window && typeof parsed.window.maxRuns === 'number' && typeof parsed.window.maxDays === 'number' ? { window: parsed.window } : {}),
      };
    } catch (error) {
      if (error instanceof SyncError) throw error;
      const aside = await this.asideName();
      await rename(this.file, aside).catch(() => undefined);
      onProblem?.(`The stored history could not be read (${(error as Error).message}); it was kept as ${aside} and a new one is synced.`);
      return emptyState(repository);
    }
  }

  /** Where an unreadable file is kept: `.unreadable`, or the first of `.unreadable.2` … not taken (none is replaced). */
  private async asideName(): Promise<string> {
    const first = `${this.file}.unreadable`;
    for (let n = 1; n <= MAX_ASIDE; n++) {
      const name = n === 1 ? first : `${first}.${n}`;
      const taken = await access(name).then(
        () => true,
        () => false,
      );
      if (!taken) return name;
    }
    return `${first}.${MAX_ASIDE}`;
  }

  /**
   * Writes the state: to a temporary file of its own, then renamed over the file, so that a reader never sees half a
   * file. Saves of one file in this process are made one after the other, in the order asked: two folders of one
   * repository (two sessions) save at the same moment, and the later state must win.
   */
  save(state: StoredState): Promise<void> {
    const previous = saving.get(this.file) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.write(state));
    saving.set(this.file, next);
    void next.finally(() => {
      if (saving.get(this.file) === next) saving.delete(this.file);
    }).catch(() => undefined);
    return next;
  }

  private async write(state: StoredState): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const file: CacheFile = { format: FORMAT, version: VERSION, ...state };
    const temporary = `${this.file}.${process.pid}.${++temporaries}.tmp`;
    try {
      await writeFile(temporary, JSON.stringify(file), 'utf8');
      await rename(temporary, this.file);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
  }
}

/** Unreadable files kept side by side at most; past it the last name is reused. */
const MAX_ASIDE = 10;

/** The save under way per file, in this process (see {@link HistoryStore.save}). */
const saving = new Map<string, Promise<void>>();
let temporaries = 0;

/**
 * What makes a parsed history unusable, or undefined: the fields every reader of it relies on, checked once here
 * rather than failing at every sync (a file that parses may still be cut, edited or of another program).
 */
function historyProblem(history: unknown): string | undefined {
  const h = history as Partial<History>;
  if (typeof h !== 'object' || h === null || typeof h.repository !== 'string' || !Array.isArray(h.runs)) return 'no list of runs';
  for (const run of h.runs as unknown[]) {
    const r = run as Partial<History['runs'][number]>;
    if (typeof r !== 'object' || r === null || typeof r.id !== 'number' || typeof r.createdAt !== 'string' || typeof r.branch !== 'string' || !Array.isArray(r.jobs)) {
      return 'a run without its id, date, branch or jobs';
    }
    for (const job of r.jobs as unknown[]) {
      const j = job as Partial<History['runs'][number]['jobs'][number]>;
      if (typeof j !== 'object' || j === null || typeof j.id !== 'number' || typeof j.name !== 'string' || !Array.isArray(j.outcomes) || !Array.isArray(j.steps) || !Array.isArray(j.labels)) {
        return `a job of run ${r.id} without its id, name, steps, labels or outcomes`;
      }
      for (const outcome of j.outcomes as unknown[]) {
        const o = outcome as Partial<History['runs'][number]['jobs'][number]['outcomes'][number]>;
        if (typeof o !== 'object' || o === null || typeof o.id !== 'string' || typeof o.suite !== 'string' || typeof o.framework !== 'string' || typeof o.outcome !== 'string') {
          return `an outcome of job ${j.id} without its id, suite, framework or outcome`;
        }
      }
    }
  }
  return undefined;
}
