// Triage of a run against a stored history: the base branch's scan (its window, stable tests included, the run
// itself left out) and then the verdicts. What the CLI and the editor call once they hold the run and the history.
import { jobConfigurationOf } from '../history/jobConfiguration';
import { selectWindow } from '../history/window';
import type { History, StoredRun } from '../model';
import { completeScan, completeScanInSteps, planScan, scanStatisticsInSteps, type ScanInputs, type ScanPlan, type ScanResult } from '../scan/scanResult';
import { triageRun, type TriageResult } from './triageRun';

export interface TriageHistoryInputs {
  /** The run to sort: its latest attempt's jobs, with the failed jobs' logs read. */
  readonly run: StoredRun;
  /** The stored history; its default branch is the base. */
  readonly history: History;
  /** The base branch's window: as the scan takes it. */
  readonly window: { readonly maxRuns: number; readonly since?: string; readonly workflows?: readonly string[] };
  readonly minFlakeRate: number;
  readonly resolve?: ScanInputs['resolve'];
  readonly sources?: ScanInputs['sources'];
  readonly requests?: ScanInputs['requests'];
  readonly classifications?: ScanInputs['classifications'];
}

export interface TriageHistoryResult {
  readonly triage: TriageResult;
  /** The base branch's scan the verdicts were given against (every test, stable ones included). */
  readonly base: ScanResult;
}

export function triageAgainstHistory(inputs: TriageHistoryInputs): TriageHistoryResult {
  return completeTriage(planTriage(inputs), inputs.sources, inputs.classifications);
}

/** A triage before the sources of its base scan are read (see planScan): the editor reads them asynchronously. */
export interface TriagePlan {
  readonly inputs: Omit<TriageHistoryInputs, 'sources' | 'classifications'>;
  /** The base branch's scan, planned. */
  readonly base: ScanPlan;
  readonly baseRuns: readonly StoredRun[];
}

export function planTriage(inputs: Omit<TriageHistoryInputs, 'sources' | 'classifications'>): TriagePlan {
  const { scan, baseRuns } = baseScanOf(inputs);
  return { inputs, base: planScan(scan), baseRuns };
}

/**
 * {@link planTriage}, the base branch's statistics made in steps that await `between()` (see core/steps.ts): the editor
 * sorts the current branch's run after every sync, and the statistics of 100 runs hold its thread for half a second.
 */
export async function planTriageInSteps(inputs: Omit<TriageHistoryInputs, 'sources' | 'classifications'>, between: () => Promise<void> | void): Promise<TriagePlan> {
  const { scan, baseRuns } = baseScanOf(inputs);
  return { inputs, base: planScan(scan, await scanStatisticsInSteps(scan, between)), baseRuns };
}

/** The base branch's scan inputs: its window, stable tests included, and its runs in that window. */
function baseScanOf(inputs: Omit<TriageHistoryInputs, 'sources' | 'classifications'>): { readonly scan: Omit<ScanInputs, 'sources' | 'classifications'>; readonly baseRuns: readonly StoredRun[] } {
  // A run of the base branch itself is sorted against the rest of the base branch's history.
  const history: History = { ...inputs.history, runs: inputs.history.runs.filter((r) => r.id !== inputs.run.id) };
  const options = {
    branches: [history.defaultBranch],
    ...(inputs.window.workflows ? { workflows: inputs.window.workflows } : {}),
    maxRuns: inputs.window.maxRuns,
    ...(inputs.window.since !== undefined ? { since: inputs.window.since } : {}),
    minFlakeRate: inputs.minFlakeRate,
    all: true,
  };
  // The run and the base branch name their tests together (see collectExecutions' `naming`).
  const baseRuns = selectWindow(history, options).runs;
  const scan = {
    history,
    options,
    naming: [inputs.run],
    ...(inputs.requests ? { requests: inputs.requests } : {}),
    ...(inputs.resolve ? { resolve: inputs.resolve } : {}),
  };
  return { scan, baseRuns };
}

export function completeTriage(plan: TriagePlan, sources?: ScanInputs['sources'], classifications?: ScanInputs['classifications']): TriageHistoryResult {
  return triageOf(plan, completeScan(plan.base, sources, classifications));
}

/** {@link completeTriage}, the base branch's scan completed in steps that await `between()` (see completeScanInSteps). */
export async function completeTriageInSteps(
  plan: TriagePlan,
  sources: ScanInputs['sources'] | undefined,
  classifications: ScanInputs['classifications'] | undefined,
  between: () => Promise<void> | void,
): Promise<TriageHistoryResult> {
  // Always wanted, it always completes.
  return triageOf(plan, (await completeScanInSteps(plan.base, sources, classifications, between)) as ScanResult);
}

/** The verdicts on the run, against the base branch's completed scan. */
function triageOf(plan: TriagePlan, base: ScanResult): TriageHistoryResult {
  const { inputs, baseRuns } = plan;
  // The base branch's newest run of each job configuration (runs come newest first). By workflow and job name: two
  // workflows may both have a `test` job, and a nightly run's failure says nothing about CI's job.
  const baseNewestRuns = new Map<string, number>();
  for (const run of baseRuns) {
    for (const job of run.jobs) {
      const key = jobConfigurationOf(job).key;
      if (!baseNewestRuns.has(key)) {
        baseNewestRuns.set(key, run.id);
      }
    }
  }
  const triage = triageRun({
    run: inputs.run,
    base,
    baseNewestRuns,
    baseRuns,
    ...(inputs.resolve ? { resolve: inputs.resolve } : {}),
  });
  return { triage, base };
}
