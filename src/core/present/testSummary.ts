// The one-line summary of a test shown after its function in the editor and in the CLI's table:
// `⚠ flaky 7% (21/310)`, `⚠ flaky 7% (21/310) · windows 20% (21/103)`, `✖ failing since 1a2b3c4`.
import type { ScanResult, ScanTest } from '../scan/scanResult';
import { rateWithSample, shortSha } from './rateText';

/** The OSes whose flake rate stands out: all flaky failures on a strict subset of the OSes that ran the test. */
export function standoutOperatingSystems(test: Pick<ScanTest, 'byOs'>): ScanTest['byOs'] {
  const ran = test.byOs.filter((o) => o.executions > 0 && o.os !== 'unknown');
  const flaky = ran.filter((o) => o.flakyFailures > 0);
  if (ran.length < 2 || flaky.length === 0 || flaky.length === ran.length) {
    return [];
  }
  return flaky;
}

/** The standout OSes with their rates and samples: `windows 20% (21/103)` (a rate always comes with its sample). */
export function standoutRates(test: Pick<ScanTest, 'byOs'>): string[] {
  return standoutOperatingSystems(test).map((o) => `${o.os} ${rateWithSample(o.flakyFailures, o.executions)}`);
}

export function testSummary(test: Pick<ScanTest, 'status' | 'flakyFailures' | 'executions' | 'byOs' | 'failingSince' | 'regressionFailures'>): string {
  if (test.status === 'failing') {
    const since = test.failingSince ? ` since ${shortSha(test.failingSince.sha)}` : '';
    return `✖ failing${since}`;
  }
  if (test.status === 'flaky') {
    return [`⚠ flaky ${rateWithSample(test.flakyFailures, test.executions)}`, ...standoutRates(test)].join(' · ');
  }
  return `✓ stable (${test.executions} runs)`;
}

/**
 * One sentence on a flaky or failing test, for lists that point at the test (the Problems panel, a CI annotation):
 * the figures with their sample and the likely cause; the hover has the rest.
 */
export function findingMessage(test: Pick<ScanTest, 'id' | 'status' | 'flakyFailures' | 'executions' | 'byOs' | 'failingSince' | 'category'>): string {
  const cause = test.category && test.category !== 'unknown' ? ` Likely cause: ${test.category}.` : '';
  if (test.status === 'failing') {
    return `${test.id} fails in CI on every run since ${test.failingSince?.sha.slice(0, 7) ?? 'recently'}.${cause}`;
  }
  const standout = standoutRates(test);
  const osText = standout.length > 0 ? ` (${standout.join(', ')})` : '';
  return `${test.id} is flaky in CI: ${rateWithSample(test.flakyFailures, test.executions)}${osText}.${cause}`;
}

/**
 * The suggestion to show beside a test: none for a failing test whose cause is unknown, as that suggestion is how to
 * catch a flake (run it many times, compare the clusters), and a test failing on every run is none. A known cause (a
 * host that went away) still says what to do.
 */
export function shownSuggestion(test: Pick<ScanTest, 'status' | 'category' | 'suggestion'>): string | null {
  if (test.status === 'failing' && (test.category === null || test.category === 'unknown')) return null;
  return test.suggestion;
}

/** What a scan found, in one line: `acme/app: 2 flaky, 1 failing over 100 runs on main`. */
export function scanSummaryLine(result: Pick<ScanResult, 'repository' | 'tests' | 'window'>): string {
  const flaky = result.tests.filter((t) => t.status === 'flaky').length;
  const failing = result.tests.filter((t) => t.status === 'failing').length;
  return `${result.repository}: ${flaky} flaky, ${failing} failing over ${result.window.runs} runs on ${result.window.branches.join(', ')}`;
}
