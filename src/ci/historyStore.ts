// The persisted history of one repository: one JSON file under the extension's global storage (the CLI: its
// --cache-dir), written atomically (temporary file, then rename) so a crash never leaves half a file. It holds CI
// data and ETags only, never a token.
//
// The file is one JSON document with each run on a line of its own (see RUNS_OPEN): read and written a run at a
// time, giving the thread back between runs. A history of 100 runs of 800 tests is about 25 MB, and one JSON.parse
// or JSON.stringify of it held the extension host's thread for 300-400 ms at each start and each changed sync.
// Any JSON reader still reads the file whole (an older Flakelens does), and a file of another layout is read whole.
import { access, mkdir, open, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import type { History, StoredRun } from '../core/model';
import { yieldEvery } from '../core/steps';
import { SyncError } from './syncError';

const FORMAT = 'flakelens-history';
const VERSION = 1;
/** How the first line of a file written a run to a line ends; the runs follow, one to a line, then {@link CLOSE}. */
const RUNS_OPEN = '"runs":[';
const CLOSE = ']}}';

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

  /**
   * `between`: awaited after each run read or written (by default, yields to the event loop once SLICE_MS have passed,
   * core/steps.ts, so that the extension host's thread is never held for the whole file).
   */
  constructor(
    cacheDir: string,
    apiUrl: string,
    repository: string,
    private readonly between: () => () => Promise<void> | void = () => yieldEvery(),
  ) {
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
    let bytes: Buffer;
    try {
      bytes = withoutByteOrderMark(await readFile(this.file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return emptyState(repository);
      }
      throw error;
    }
    try {
      const parsed = await parseState(bytes, this.between(), (head) => this.checkVersion(head));
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

  /**
   * Throws unless `head` is a history of this version: a SyncError, and the file left as it is, when a newer Flakelens
   * wrote it (the extension and the CLI can share a cache).
   */
  private checkVersion(head: Partial<CacheFile>): asserts head is Partial<CacheFile> & Pick<CacheFile, 'history'> {
    if (head.format === FORMAT && typeof head.version === 'number' && head.version > VERSION) {
      throw new SyncError(
        'bad-cache',
        `The stored history ${this.file} was written by a newer version of Flakelens (format ${head.version}, this one reads ${VERSION}): update Flakelens, or give this one another cache folder. The file is left as it is.`,
      );
    }
    if (head.format !== FORMAT || head.version !== VERSION || !head.history) {
      throw new Error('not a Flakelens history of this version');
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
    const temporary = `${this.file}.${process.pid}.${++temporaries}.tmp`;
    try {
      const handle = await open(temporary, 'w');
      try {
        await writeState(state, handle, this.between());
      } finally {
        await handle.close();
      }
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
 * Writes the state as one JSON document whose first line ends with {@link RUNS_OPEN}, then each run on a line of its
 * own, then {@link CLOSE}; `between` is awaited after each run. Written a line at a time: the whole text is never made
 * (joining and encoding 25 MB of text held the thread for about 250 ms).
 */
async function writeState(state: StoredState, file: FileHandle, between: () => Promise<void> | void): Promise<void> {
  const { history, ...rest } = state;
  const { runs, ...head } = history;
  // The history last and its runs last in it (JSON.stringify keeps the order of the keys): the text ends `"runs":[]}}`.
  const opening = JSON.stringify({ format: FORMAT, version: VERSION, ...rest, history: { ...head, runs: [] } });
  await writeAll(file, `${opening.slice(0, -CLOSE.length)}\n`);
  for (const [index, run] of runs.entries()) {
    await writeAll(file, `${JSON.stringify(run)}${index < runs.length - 1 ? ',' : ''}\n`);
    await between();
  }
  await writeAll(file, CLOSE);
}

/**
 * Writes the whole of `text`: a write may take fewer bytes than it is given (write(2) on a disk that fills up) and
 * says so only by its count, so the rest is written again, until a write fails. Otherwise the file would be renamed
 * over the history cut short.
 */
async function writeAll(file: FileHandle, text: string): Promise<void> {
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; ) {
    const { bytesWritten } = await file.write(bytes, at, bytes.length - at);
    if (bytesWritten <= 0) throw new Error(`the stored history could not be written whole (${bytes.length - at} bytes were not taken)`);
    at += bytesWritten;
  }
}

/**
 * A file's bytes as a state, checked: its version by `checkVersion` first (before any run is read), then every run.
 * Read a run at a time, `between` awaited after each, when it was written a run to a line: each line is decoded on its
 * own, never the whole file (decoding 25 MB of text held the thread for about 200 ms). A file of another layout (an
 * older Flakelens, or edited) is read as one document.
 */
async function parseState(
  bytes: Buffer,
  between: () => Promise<void> | void,
  checkVersion: (head: Partial<CacheFile>) => asserts head is Partial<CacheFile> & Pick<CacheFile, 'history'>,
): Promise<Partial<CacheFile> & Pick<CacheFile, 'history'>> {
  const firstLineEnd = bytes.indexOf(NEWLINE);
  const closing = Buffer.from(`\n${CLOSE}`);
  const runsEnd = bytes.length - closing.length;
  const byLine = firstLineEnd >= 0 && runsEnd >= firstLineEnd && bytes.subarray(runsEnd).equals(closing) && bytes.toString('utf8', 0, firstLineEnd).endsWith(RUNS_OPEN);
  if (byLine) {
    const state = await parseRunLines(bytes, firstLineEnd, runsEnd, between, checkVersion);
    if (state !== undefined) return state;
  }
  const whole = JSON.parse(bytes.toString('utf8')) as Partial<CacheFile>;
  checkVersion(whole);
  const problem = historyProblem(whole.history);
  if (problem !== undefined) throw new Error(problem);
  return whole;
}

/**
 * The state of a file written a run to a line (see {@link parseState}), or undefined when a line is not what the
 * writer wrote (the head, or one run with its comma): a file edited into other valid JSON (a run spread over lines,
 * a space or a CR after a comma, a blank line) is read as one document instead.
 */
async function parseRunLines(
  bytes: Buffer,
  firstLineEnd: number,
  runsEnd: number,
  between: () => Promise<void> | void,
  checkVersion: (head: Partial<CacheFile>) => asserts head is Partial<CacheFile> & Pick<CacheFile, 'history'>,
): Promise<(Partial<CacheFile> & Pick<CacheFile, 'history'>) | undefined> {
  const head = jsonOrUndefined(bytes.toString('utf8', 0, firstLineEnd) + CLOSE) as Partial<CacheFile> | undefined;
  if (head === undefined) return undefined;
  checkVersion(head);
  const runs: StoredRun[] = [];
  for (let at = firstLineEnd + 1; at < runsEnd; ) {
    let end = bytes.indexOf(NEWLINE, at);
    if (end < 0 || end > runsEnd) end = runsEnd;
    const run = jsonOrUndefined(bytes.toString('utf8', at, bytes[end - 1] === COMMA ? end - 1 : end));
    if (run === undefined) return undefined;
    const problem = runProblem(run);
    if (problem !== undefined) throw new Error(problem);
    runs.push(run as StoredRun);
    at = end + 1;
    await between();
  }
  const problem = historyProblem({ ...head.history, runs: [] });
  if (problem !== undefined) throw new Error(problem);
  return { ...head, history: { ...head.history, runs } };
}

/** The value of a JSON text, or undefined when it is not one (JSON has no undefined). */
function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The bytes without the UTF-8 byte-order mark an editor may have put in front (JSON.parse refuses it). */
function withoutByteOrderMark(bytes: Buffer): Buffer {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

const NEWLINE = 0x0a;
const COMMA = 0x2c;

/**
 * What makes a parsed history unusable, or undefined: the fields every reader of it relies on, checked once here
 * rather than failing at every sync (a file that parses may still be cut, edited or of another program).
 */
function historyProblem(history: unknown): string | undefined {
  const h = history as Partial<History>;
  if (typeof h !== 'object' || h === null || typeof h.repository !== 'string' || !Array.isArray(h.runs)) return 'no list of runs';
  for (const run of h.runs as unknown[]) {
    const problem = runProblem(run);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** What makes one stored run unusable (see {@link historyProblem}), or undefined. */
function runProblem(run: unknown): string | undefined {
  const r = run as Partial<StoredRun>;
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
  return undefined;
}
