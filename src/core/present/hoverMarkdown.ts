// The hover over a flaky or failing test: the figures with their sample, a per-job table, the likely cause with
// its evidence, a suggestion, and the last failures with links to their job logs. Everything that came from CI
// (messages, job names, test ids) is escaped: the hover renders it as text, never as markdown or HTML.
import type { ScanTest } from '../scan/scanResult';
import { intervalText, percent, rateWithSample, shortSha, sparkline } from './rateText';
import { shownSuggestion, testSummary } from './testSummary';

const MAX_MESSAGE = 300;
const MAX_EVIDENCE = 4;
const MAX_FAILURES = 3;
const MAX_REASONS = 4;

/** Escapes text so markdown shows it literally. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, (c) => `\\${c}`);
}

/** A single-line excerpt of untrusted text, escaped, bounded. */
export function excerpt(text: string, max = MAX_MESSAGE): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const cut = line.length > max ? `${line.slice(0, max)}…` : line;
  return escapeMarkdown(cut);
}

/**
 * Whether a URL from CI data may be a link: http(s), nothing markdown could read as the link's end, and, where
 * `hosts` is given, on one of them (the GitHub that the session reads: its web host and the remote's). A job's
 * `html_url` comes from the API server; a link elsewhere is shown as text.
 */
export function linkableUrl(url: string, hosts?: readonly string[]): boolean {
  if (!/^https?:\/\/[^\s()<>]+$/.test(url)) return false;
  if (!hosts) return true;
  try {
    return hosts.includes(new URL(url).host.toLowerCase());
  } catch {
    return false;
  }
}

function safeLink(label: string, url: string, hosts: readonly string[] | undefined): string {
  return linkableUrl(url, hosts) ? `[${escapeMarkdown(label)}](${url})` : escapeMarkdown(label);
}

/** A `command:` link with JSON arguments. */
export function commandLink(label: string, command: string, args?: unknown): string {
  const query = args === undefined ? '' : `?${encodeURIComponent(JSON.stringify(args))}`;
  return `[${escapeMarkdown(label)}](command:${command}${query})`;
}

export interface HoverContext {
  readonly runs: number;
  readonly branches: readonly string[];
  /** The local date of each failure is shown in this form; the caller picks the format. */
  readonly formatDate?: (iso: string) => string;
  /** The last local run of the test ("Run ×N locally"). */
  readonly local?: { readonly runs: number; readonly failures: number; readonly command: string };
  /** Every test on the hovered declaration, the one shown first: a parameterized test's cases are listed. */
  readonly cases?: readonly ScanTest[];
  /** The hosts (`github.com`, `ghe.acme.com:8443`) that links may go to (see {@link linkableUrl}); default any. */
  readonly linkHosts?: readonly string[];
}

/** Cases of a parameterized test listed in the hover, at most. */
const MAX_CASES = 10;

export function hoverMarkdown(test: ScanTest, context: HoverContext): string {
  const date = context.formatDate ?? ((iso: string) => iso.slice(0, 10));
  const out: string[] = [];
  const headline = escapeMarkdown(testSummary(test));
  const interval = test.executions > 0 ? ` · 95% interval ${escapeMarkdown(intervalText(test.interval))}` : '';
  out.push(`**Flakelens** · ${headline}${interval}`);
  out.push('');
  const kinds: string[] = [];
  if (test.confirmedFlakyFailures > 0) kinds.push(`${test.confirmedFlakyFailures} confirmed (passed on a re-run of the same commit)`);
  if (test.likelyFlakyFailures > 0) kinds.push(`${test.likelyFlakyFailures} likely (passed before and after)`);
  if (test.regressionFailures > 0) kinds.push(`${test.regressionFailures} in a failing streak`);
  if (test.systemicFailures > 0) kinds.push(`${test.systemicFailures} in infrastructure events, not counted`);
  out.push(
    `${test.failures} failures in ${test.executions} executions over the last ${context.runs} runs of ${escapeMarkdown(context.branches.join(', '))}` +
      (kinds.length ? `: ${escapeMarkdown(kinds.join(', '))}.` : '.'),
  );
  if (test.trend.length >= 3) {
    const first = test.trend[0];
    const last = test.trend[test.trend.length - 1];
    out.push('');
    out.push(`Trend: \`${sparkline(test.trend)}\` (${escapeMarkdown(date(first?.from ?? ''))} → ${escapeMarkdown(date(last?.to ?? ''))}; newest span ${last ? escapeMarkdown(rateWithSample(last.flakyFailures, last.executions)) : ''})`);
  }
  const cases = context.cases ?? [];
  if (cases.length > 1) {
    out.push('');
    out.push(`${cases.length} cases of this test are marked; the figures above are those of the first:`);
    out.push('');
    for (const c of cases.slice(0, MAX_CASES)) out.push(`- ${excerpt(c.id, 120)}: ${escapeMarkdown(testSummary(c))}`);
    if (cases.length > MAX_CASES) out.push(`- and ${cases.length - MAX_CASES} more`);
  }
  if (context.local) {
    out.push('');
    out.push(`**Local:** ${context.local.failures} of ${context.local.runs} runs failed on this machine (\`${context.local.command.replace(/`/g, "'")}\`).`);
  }
  if (test.status === 'failing' && test.failingSince) {
    out.push('');
    out.push(`Failing on every run since commit \`${shortSha(test.failingSince.sha).replace(/`/g, '')}\` (${escapeMarkdown(date(test.failingSince.at))}): this is not flakiness, it needs a fix.`);
  }
  if (test.byJob.length > 0) {
    out.push('');
    out.push('| Job | OS | Flaky | Runs | Rate |');
    out.push('|:--|:--|--:|--:|--:|');
    for (const job of test.byJob) {
      out.push(`| ${escapeMarkdown(job.job)} | ${job.os} | ${job.flakyFailures} | ${job.executions} | ${percent(job.flakeRate)} |`);
    }
  }
  if (test.category && test.category !== 'unknown') {
    const top = test.categories[0];
    const confidence = top ? ` (confidence ${percent(top.confidence)})` : '';
    out.push('');
    out.push(`**Likely cause: ${escapeMarkdown(test.category)}**${confidence}`);
    const others = test.categories.slice(1).map((c) => c.category);
    if (others.length > 0) {
      out.push(`Also: ${escapeMarkdown(others.join(', '))}.`);
    }
    for (const line of test.evidence.slice(0, MAX_EVIDENCE)) {
      out.push(`- ${excerpt(line, 200)}`);
    }
  } else if (test.category === 'unknown') {
    out.push('');
    out.push('**Likely cause: unknown** — no known sign in the messages or the source; compare the failures below.');
  }
  const suggestion = shownSuggestion(test);
  if (suggestion) {
    out.push('');
    out.push(`**Suggestion:** ${escapeMarkdown(suggestion)}`);
  }
  const reasons = test.failureReasons ?? [];
  if (reasons.length > 1) {
    out.push('');
    out.push(`**${reasons.length} distinct failure reasons** — unrelated causes may be at play`);
    for (const reason of reasons.slice(0, MAX_REASONS)) {
      out.push(`- ${reason.count}× · last ${escapeMarkdown(date(reason.lastAt))} · ${escapeMarkdown(reason.os.join(', '))} — ${excerpt(reason.headline || reason.example || '(no message)', 160)}`);
    }
  }
  if (test.recentFailures.length > 0) {
    out.push('');
    out.push('**Recent failures**');
    for (const failure of test.recentFailures.slice(0, MAX_FAILURES)) {
      const message = failure.message ? ` — ${excerpt(firstMeaningfulLine(failure.message))}` : '';
      out.push(`- ${escapeMarkdown(date(failure.at))} · ${escapeMarkdown(failure.job)} · ${safeLink('job log', failure.url, context.linkHosts)}${message}`);
    }
  }
  out.push('');
  out.push(
    [
      commandLink('Run locally', 'flakelens.runLocally', { framework: test.framework, suite: test.suite, id: test.id }),
      ...(test.lastFailure ? [commandLink('Re-run CI job', 'flakelens.rerunJob', { jobId: test.lastFailure.jobId, runId: test.lastFailure.runId })] : []),
      ...(test.status === 'flaky' ? [commandLink('File an issue', 'flakelens.fileIssue', { framework: test.framework, suite: test.suite, id: test.id })] : []),
      commandLink('Re-run failed jobs', 'flakelens.rerunFailedJobs'),
      commandLink('Refresh', 'flakelens.refresh'),
    ].join(' · '),
  );
  return out.join('\n');
}

/** The line of a failure message that says the most: the panic or assertion, not the test's header. */
export function firstMeaningfulLine(message: string): string {
  const lines = message.split('\n').map((l) => l.trim()).filter((l) => l.length > 0 && !/^-{4} .* -{4}$/.test(l));
  const panic = lines.findIndex((l) => /panicked at/.test(l));
  if (panic >= 0) {
    const next = lines[panic + 1];
    return next && !/^note:/.test(next) ? `${lines[panic]} ${next}` : (lines[panic] ?? '');
  }
  return lines[0] ?? '';
}
