// One job, two sources of test outcomes: its log and the test reports it uploaded as artifacts. Per framework the
// richer source is kept whole and the other dropped, so that no test is counted twice and no execution is split
// between two readings of the same run.
//
// Richer means, in this order:
// 1. runner retries: a source that shows the runner retrying tests (a `flaky` outcome, an attempt above 1) beats one
//    that does not, since only it can tell a runner-confirmed flake from a plain failure;
// 2. failures explained: more failed or flaky outcomes that carry a message;
// 3. tests named: more outcomes that name a test (a log without `--verbose` names only failures and suite-level
//    passes, a report names every test);
// 4. on a tie, the log: what Flakelens read before reports were known.

import type { Framework, OutcomeSource, StoredJob, TestOutcome } from '../model';

/** What one source tells about one framework's tests in one job. */
export interface SourceRichness {
  readonly retries: boolean;
  readonly explainedFailures: number;
  readonly namedTests: number;
}

export function richnessOf(outcomes: readonly TestOutcome[]): SourceRichness {
  let retries = false;
  let explainedFailures = 0;
  let namedTests = 0;
  for (const o of outcomes) {
    if (o.outcome === 'flaky' || (o.attempt ?? 1) > 1) retries = true;
    if ((o.outcome === 'fail' || o.outcome === 'flaky') && o.message !== undefined && o.message !== '') explainedFailures++;
    if (!o.packageResult && o.id !== '') namedTests++;
  }
  return { retries, explainedFailures, namedTests };
}

/** Which of a log's and a report's outcomes of one framework tell more (see the header). */
export function richerSource(log: readonly TestOutcome[], report: readonly TestOutcome[]): 'log' | 'report' {
  if (report.length === 0) return 'log';
  if (log.length === 0) return 'report';
  const l = richnessOf(log);
  const r = richnessOf(report);
  if (l.retries !== r.retries) return r.retries ? 'report' : 'log';
  if (l.explainedFailures !== r.explainedFailures) return r.explainedFailures > l.explainedFailures ? 'report' : 'log';
  if (l.namedTests !== r.namedTests) return r.namedTests > l.namedTests ? 'report' : 'log';
  return 'log';
}

export interface MergedOutcomes {
  readonly outcomes: TestOutcome[];
  /** Per framework, in the order of `outcomes`; absent when no report took part. */
  readonly sources?: OutcomeSource[];
}

/**
 * A job's outcomes from its log (`undefined` when the log could not be read) and from its reports: per framework the
 * richer source's, whole. Frameworks keep the order in which the log, then the reports, first show them.
 */
export function mergeOutcomeSources(log: readonly TestOutcome[] | undefined, report: readonly TestOutcome[], artifacts: readonly string[] = []): MergedOutcomes {
  if (report.length === 0) return { outcomes: (log ?? []).slice() };
  const fromLog = byFramework(log ?? []);
  const fromReport = byFramework(report);
  const frameworks = [...new Set([...fromLog.keys(), ...fromReport.keys()])];
  const outcomes: TestOutcome[] = [];
  const sources: OutcomeSource[] = [];
  for (const framework of frameworks) {
    const l = fromLog.get(framework) ?? [];
    const r = fromReport.get(framework) ?? [];
    const source = richerSource(l, r);
    for (const o of source === 'log' ? l : r) outcomes.push(o);
    sources.push(source === 'report' ? { framework, source, artifacts: [...artifacts] } : { framework, source });
  }
  return { outcomes, sources };
}

/**
 * A stored job's outcomes with reports read at a later sync (artifacts a read allowance left out) weighed in, per
 * framework as if they had been read with the others:
 * - a framework taken from reports takes the later ones beside them: more of a report is no poorer (richnessOf
 *   only grows), so the whole still beats the log that its part beat;
 * - a framework taken from the log is weighed against the later reports, unless reports read before held outcomes of
 *   it (`logKept`): those lost to the log and were not kept, and the later ones alone are not the job's whole report
 *   (weighing them whole would download them again), so the log stays.
 */
export function mergeLaterReports(
  job: Pick<StoredJob, 'outcomes' | 'outcomeSources'>,
  report: readonly TestOutcome[],
  artifacts: readonly string[],
  logKept: readonly Framework[] = [],
): MergedOutcomes {
  if (report.length === 0) return { outcomes: job.outcomes.slice(), ...(job.outcomeSources ? { sources: job.outcomeSources.slice() } : {}) };
  const stored = byFramework(job.outcomes);
  const later = byFramework(report);
  const storedSources = new Map((job.outcomeSources ?? []).map((s) => [s.framework, s]));
  // As mergeOutcomeSources names them: every framework taken from reports, with every artifact whose outcomes were kept.
  const allArtifacts = [...new Set([...reportArtifactsOf(job), ...artifacts])];
  const outcomes: TestOutcome[] = [];
  const sources: OutcomeSource[] = [];
  for (const framework of new Set([...stored.keys(), ...later.keys()])) {
    const before = stored.get(framework) ?? [];
    const added = later.get(framework) ?? [];
    const fromReport = storedSources.get(framework)?.source === 'report';
    const source = added.length === 0 ? (fromReport ? 'report' : 'log') : fromReport ? 'report' : logKept.includes(framework) ? 'log' : richerSource(before, added);
    if (source === 'log') {
      for (const o of before) outcomes.push(o);
    } else {
      if (fromReport) for (const o of before) outcomes.push(o);
      for (const o of added) outcomes.push(o);
    }
    sources.push(source === 'report' ? { framework, source, artifacts: [...allArtifacts] } : { framework, source });
  }
  return { outcomes, sources };
}

/** The frameworks of `report` whose outcomes lost to the log's in `sources` (what mergeOutcomeSources chose). */
export function frameworksLostToLog(report: readonly TestOutcome[], sources: readonly OutcomeSource[] | undefined): Framework[] {
  const fromLog = new Set((sources ?? []).filter((s) => s.source === 'log').map((s) => s.framework));
  return [...new Set(report.map((o) => o.framework))].filter((f) => fromLog.has(f));
}

/** The outcomes of a stored job that were taken from its reports (to weigh them again when its log is read later). */
export function reportOutcomesOf(job: Pick<StoredJob, 'outcomes' | 'outcomeSources'>): TestOutcome[] {
  const fromReports = new Set((job.outcomeSources ?? []).filter((s) => s.source === 'report').map((s) => s.framework));
  return fromReports.size === 0 ? [] : job.outcomes.filter((o) => fromReports.has(o.framework));
}

/** The artifacts a stored job's report outcomes came from. */
export function reportArtifactsOf(job: Pick<StoredJob, 'outcomeSources'>): string[] {
  const names = new Set<string>();
  for (const s of job.outcomeSources ?? []) if (s.source === 'report') for (const a of s.artifacts ?? []) names.add(a);
  return [...names];
}

/** Whether any of a stored job's outcomes came from its reports. */
export function hasReportOutcomes(job: Pick<StoredJob, 'outcomeSources'>): boolean {
  return (job.outcomeSources ?? []).some((s) => s.source === 'report');
}

function byFramework(outcomes: readonly TestOutcome[]): Map<Framework, TestOutcome[]> {
  const map = new Map<Framework, TestOutcome[]>();
  for (const o of outcomes) {
    const list = map.get(o.framework);
    if (list) list.push(o);
    else map.set(o.framework, [o]);
  }
  return map;
}
