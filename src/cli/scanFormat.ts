// The scan result for a terminal (table), a job summary or pull request (markdown), a CI job's annotations (github),
// and machines (json).
import { githubCodeSpan, githubMarkdownText } from '../core/present/githubMarkdown';
import { scanAnnotations, type AnnotationPlaces } from './githubAnnotations';
import { intervalText, rateWithSample } from '../core/present/rateText';
import { scanSummaryLine, testSummary } from '../core/present/testSummary';
import type { ScanResult, ScanTest } from '../core/scan/scanResult';

export type ScanFormat = 'table' | 'json' | 'markdown' | 'github';

function locationText(test: ScanTest): string {
  return test.location ? `${test.location.file}:${test.location.line}` : '(not found in workspace)';
}

function worstJob(test: ScanTest): string {
  const job = test.byJob.find((j) => j.flakyFailures > 0);
  return job ? `${job.job} ${rateWithSample(job.flakyFailures, job.executions)}` : '';
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

export function formatScan(result: ScanResult, format: ScanFormat, places: AnnotationPlaces = {}): string {
  if (format === 'github') {
    return scanAnnotations(result, places);
  }
  if (format === 'json') {
    // The JSON contract of DESIGN.md; `key` is internal.
    const tests = result.tests.map(({ key: _key, ...rest }) => rest);
    return JSON.stringify({ ...result, tests }, null, 2) + '\n';
  }
  if (format === 'markdown') {
    return formatMarkdown(result);
  }
  const lines: string[] = [];
  lines.push(`${scanSummaryLine(result)} (${result.requests.total} requests, ${result.requests.notModified} not modified)`);
  if (result.tests.length === 0) {
    lines.push('No flaky or failing tests in this window.');
  } else {
    const rows = result.tests.map((t) => [testSummary(t), intervalCell(t), `${t.id}`, worstJob(t), t.category ?? '', locationText(t)]);
    const header = ['STATUS', 'INTERVAL', 'TEST', 'WORST JOB', 'CAUSE', 'LOCATION'];
    const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length))));
    lines.push(header.map((h, i) => pad(h, widths[i] ?? 0)).join('  ').trimEnd());
    for (const row of rows) {
      lines.push(row.map((cell, i) => pad(cell, widths[i] ?? 0)).join('  ').trimEnd());
    }
  }
  for (const event of result.events) {
    lines.push(`Infrastructure event: ${event.failedTests} tests failed at once in ${event.configuration.job} (run ${event.runId}): ${event.message.split('\n')[0]}`);
  }
  if (result.unreadableFailedJobs > 0) {
    lines.push(`${result.unreadableFailedJobs} failed job(s) had no readable log (expired or missing): their tests are not counted.`);
  }
  return lines.join('\n') + '\n';
}

function formatMarkdown(result: ScanResult): string {
  const lines = [`### Flakelens: ${githubMarkdownText(result.repository)}`, '', `${result.window.runs} runs on ${githubMarkdownText(result.window.branches.join(', '), 300)}.`, ''];
  if (result.tests.length === 0) {
    lines.push('No flaky or failing tests in this window.');
    return lines.join('\n') + '\n';
  }
  lines.push('| Test | Status | Flake rate | 95% interval | Worst job | Cause | Location |', '|---|---|---|---|---|---|---|');
  for (const t of result.tests) {
    lines.push(
      `| ${githubCodeSpan(t.id, 200, true)} | ${t.status} | ${rateWithSample(t.flakyFailures, t.executions)} | ${intervalText(t.interval)} | ${githubMarkdownText(worstJob(t))} | ${t.category ?? ''} | ${githubMarkdownText(locationText(t), 300)} |`,
    );
  }
  return lines.join('\n') + '\n';
}

/**
 * The flake rate's 95% interval, with its sample where the status beside it does not give one (a failing test's
 * status tells its streak, not its flaky failures).
 */
function intervalCell(t: ScanTest): string {
  if (t.status === 'stable') return '';
  const interval = `95% ${intervalText(t.interval)}`;
  return t.status === 'failing' ? `${interval} (flaky ${t.flakyFailures}/${t.executions})` : interval;
}
