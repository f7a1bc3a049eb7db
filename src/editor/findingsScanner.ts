// The editor's scans of the stored history, off the disk's critical path: the statistics are made in steps, the
// sources the classifier reads are read asynchronously (never with readFileSync on the extension host's thread, which
// every extension shares; the editor reads them as its index does, WorkspaceTests.readSource), and the scan is
// completed from memory, through a classification cache kept across scans (a rescan with nothing changed classifies
// nothing again; with the same history and window, it reuses the statistics too). Scans overlap when a sync, a
// setting and the index each ask for one: only the newest one's findings count, whichever ends first. No vscode
// import: tested with node's runner.
import { forEachBounded } from '../ci/boundedParallel';
import { ClassificationCache } from '../core/classify/classificationCache';
import { completeScanInSteps, planScan, readScanSources, scanStatisticsInSteps, type ScanInputs, type ScanPlan, type ScanResult, type ScanStatistics } from '../core/scan/scanResult';
import type { SourceProvider } from '../core/scan/testSource';
import { yieldEvery } from '../core/steps';

/** Files read at once: enough to keep the disk busy, few enough to leave file handles to the rest of the editor. */
const READS_AT_ONCE = 8;

/** A workspace file's text, or undefined when it cannot be read; paths are workspace-relative with `/` separators. */
export type ReadSource = (file: string) => Promise<string | undefined>;

export class FindingsScanner {
  private started = 0;
  /** The last scan's statistics, and what they were made from (the history by identity: a sync makes a new one). */
  private statistics: { readonly history: ScanInputs['history']; readonly window: string; readonly made: ScanStatistics } | undefined;

  constructor(
    private readonly read: ReadSource,
    private readonly classifications = new ClassificationCache(),
    /** Awaited between the steps of a scan; by default, yields to the event loop once SLICE_MS (core/steps.ts) have passed. */
    private readonly yieldNow: () => Promise<void> | void = yieldEvery(),
  ) {}

  /**
   * Scans the history; resolves with undefined when a scan started after this one, or {@link supersede} was called
   * meanwhile: the newer one's findings must not be overwritten by this older one's.
   */
  async scan(inputs: Omit<ScanInputs, 'sources' | 'classifications'>, filesNamed: SourceProvider['filesNamed']): Promise<ScanResult | undefined> {
    const scan = ++this.started;
    const current = () => scan === this.started;
    const statistics = await this.statisticsOf(inputs);
    if (!current()) return undefined;
    const plan = planScan(inputs, statistics);
    const sources = await readSources(plan, filesNamed, this.read, current);
    if (!current()) return undefined;
    // A first scan classifies every flaky test (about a second for 200 tests with large helpers): the thread is
    // given back to the other extensions and the editor between tests and between the families of rules reading a
    // source, at most every SLICE_MS.
    return completeScanInSteps(plan, sources, this.classifications, this.yieldNow, current);
  }

  /**
   * The statistics of the last scan when its history and window are these, else new ones, made in steps that give
   * the thread back (about half a second for 100 runs of 800 tests).
   */
  private async statisticsOf(inputs: Omit<ScanInputs, 'sources' | 'classifications'>): Promise<ScanStatistics> {
    const window = JSON.stringify([inputs.options, inputs.naming?.map((run) => [run.id, run.runAttempt, run.updatedAt])]);
    if (this.statistics?.history === inputs.history && this.statistics.window === window) return this.statistics.made;
    const made = await scanStatisticsInSteps(inputs, this.yieldNow);
    this.statistics = { history: inputs.history, window, made };
    return made;
  }

  /** Makes the scans under way come to nothing (the findings were cleared). */
  supersede(): void {
    this.started++;
  }
}

/**
 * Reads what the scan will read, in rounds (the tests' files, then the files they name), and gives them as a provider
 * that answers from memory. A file the scan asks for that was not read is taken as missing: the rounds stop once a
 * round asks for nothing new, so the scan asks for no other.
 */
export async function readSources(plan: ScanPlan, filesNamed: SourceProvider['filesNamed'], read: ReadSource, stillWanted: () => boolean = () => true): Promise<SourceProvider> {
  const texts = new Map<string, string | undefined>();
  const asked = new Set<string>();
  const sources: SourceProvider = {
    read: (file) => {
      if (!texts.has(file)) asked.add(file);
      return texts.get(file);
    },
    filesNamed,
  };
  for (;;) {
    asked.clear();
    readScanSources(plan, sources);
    if (asked.size === 0 || !stillWanted()) return sources;
    await forEachBounded([...asked], READS_AT_ONCE, async (file) => {
      texts.set(file, await read(file));
    });
  }
}
