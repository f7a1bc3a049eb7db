// A run's triage for a terminal (table), a job summary or pull-request comment (markdown), and machines (json).
// Everything that came from CI (test names, messages, job and step names, log lines) is untrusted: in markdown it
// is escaped in the table and kept in fenced code blocks in the details, and `@mentions` are defused so that a
// comment pings nobody.
import { githubCodeSpan, githubMarkdownText } from '../core/present/githubMarkdown';
import { rateWithSample, shortSha } from '../core/present/rateText';
import type { TriageFailure, TriageInfrastructure, TriageJobError, TriageResult, Verdict } from '../core/triage/triageRun';

export type TriageFormat = 'table' | 'json' | 'markdown' | 'github';

export interface TriageDocument {
  readonly repository: string;
  readonly triage: TriageResult;
  readonly requests?: { readonly total: number; readonly notModified: number };
}

/** The triage in a format of its own (`github` annotations are githubAnnotations.ts's). */
export function formatTriage(doc: TriageDocument, format: Exclude<TriageFormat, 'github'>): string {
  switch (format) {
    case 'json':
      return formatJson(doc);
    case 'markdown':
      return formatMarkdown(doc);
    default:
      return formatTable(doc);
  }
}

/** DESIGN.md's triage JSON: `run`, `base`, `failures`, `infrastructure`, `rerunMayPass`, and more fields beside them. */
function formatJson(doc: TriageDocument): string {
  const { triage } = doc;
  const failures = triage.failures.map(({ key: _key, ...rest }) => rest);
  return (
    JSON.stringify(
      {
        repository: doc.repository,
        run: triage.run,
        base: triage.base,
        baseWindow: triage.baseWindow,
        summary: triage.summary,
        counts: triage.counts,
        failures,
        infrastructure: triage.infrastructure,
        jobErrors: triage.jobErrors,
        rerunMayPass: triage.rerunMayPass,
        ...(doc.requests ? { requests: doc.requests } : {}),
      },
      null,
      2,
    ) + '\n'
  );
}

function verdictLabel(verdict: Verdict, base: string): string {
  return verdict === 'new' ? '✖ new' : verdict === 'failing-on-base' ? `✖ ${base} too` : '⚠ known flake';
}

function onBase(f: TriageFailure, base: string): string {
  switch (f.verdict) {
    case 'known-flaky': {
      const job = f.onJob && f.onJob.executions > 0 ? `, this job ${rateWithSample(f.onJob.flakyFailures, f.onJob.executions)}` : '';
      return `flaky ${rateWithSample(f.flakyFailures, f.executions)}${job}`;
    }
    case 'failing-on-base':
      return f.failingSince ? `failing since ${shortSha(f.failingSince.sha)}` : `failed on ${base} too`;
    default:
      return f.executions > 0 ? `passed ${f.executions - f.failures}/${f.executions}` : `never ran on ${base}`;
  }
}

function locationText(f: TriageFailure): string {
  return f.location ? `${f.location.file}:${f.location.line}` : '';
}

function oneLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function pad(text: string, width: number): string {
  const length = [...text].length;
  return length >= width ? text : text + ' '.repeat(width - length);
}

/** What to do about the run, in one sentence: re-run, look at the change, or wait for the base branch. */
export function triageAdvice(triage: TriageResult): string {
  if (triage.failures.length + triage.infrastructure.length + triage.jobErrors.length === 0) {
    return 'Nothing to sort: no job of this attempt failed.';
  }
  if (triage.rerunMayPass) {
    return 'Re-run the failed jobs: every failure is a known flake or an infrastructure fault, so a re-run may pass.';
  }
  if (triage.counts.new > 0) {
    return `Look at the change: ${triage.counts.new === 1 ? 'one failure is' : `${triage.counts.new} failures are`} new, ${triage.base} does not have ${triage.counts.new === 1 ? 'it' : 'them'}.`;
  }
  if (triage.counts.failingOnBase > 0) {
    return `A re-run will not help: ${triage.base} fails the same way; wait for the fix there (or rebase once it lands).`;
  }
  return 'A re-run may not help: see the job errors below.';
}

function runTitle(doc: TriageDocument): string {
  const { run } = doc.triage;
  const attempt = run.attempt > 1 ? `, attempt ${run.attempt}` : '';
  return `${doc.repository} ${run.workflow} run ${run.id} on ${run.branch} (${shortSha(run.sha)}${attempt}) against ${doc.triage.base} (${doc.triage.baseWindow.runs} runs)`;
}

function formatTable(doc: TriageDocument): string {
  const { triage } = doc;
  const lines = [runTitle(doc), triage.summary, ''];
  if (triage.failures.length > 0) {
    const rows = triage.failures.map((f) => [verdictLabel(f.verdict, oneLine(triage.base, 30)), f.id, f.job, onBase(f, triage.base), locationText(f)]);
    const header = ['VERDICT', 'TEST', 'JOB', `ON ${triage.base.toUpperCase()}`, 'LOCATION'];
    const widths = header.map((h, i) => Math.min(60, Math.max([...h].length, ...rows.map((r) => [...(r[i] ?? '')].length))));
    lines.push(header.map((h, i) => pad(h, widths[i] ?? 0)).join('  ').trimEnd());
    triage.failures.forEach((f, index) => {
      const row = rows[index] ?? [];
      lines.push(row.map((cell, i) => pad(cell, widths[i] ?? 0)).join('  ').trimEnd());
      if (f.reason) {
        lines.push(`    ${oneLine(f.reason, 140)}`);
      }
    });
    lines.push('');
  }
  for (const infra of triage.infrastructure) {
    lines.push(`⛭ infrastructure  ${infra.job} · ${infra.step}${infra.kind === 'systemic' ? ` · ${infra.failedTests ?? 0} tests failed at once` : ''}`);
    lines.push(`    ${oneLine(infra.reason, 160)}`);
  }
  for (const error of triage.jobErrors) {
    lines.push(`✖ ${error.kind.padEnd(14)}  ${error.job} · ${error.step}`);
    lines.push(`    ${oneLine(error.reason, 160)}`);
  }
  if (triage.infrastructure.length + triage.jobErrors.length > 0) {
    lines.push('');
  }
  lines.push(triageAdvice(triage));
  if (triage.run.url) {
    lines.push(`Run: ${triage.run.url}`);
  }
  return lines.join('\n') + '\n';
}

// ---- markdown ----

/** A fenced code block that no line of `text` can close: the fence is longer than any run of backticks in it. */
export function codeBlock(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}text\n${text.replace(/\r/g, '')}\n${fence}`;
}

function link(label: string, url: string): string {
  return /^https?:\/\/[^\s()<>"'`]+$/.test(url) ? `[${label}](${url})` : label;
}

function verdictMarkdown(verdict: Verdict, base: string): string {
  return verdict === 'new' ? '🆕 new' : verdict === 'failing-on-base' ? `🔴 ${githubMarkdownText(base, 40)} fails too` : '🔁 known flake';
}

function jobCell(job: { job: string; jobUrl: string }): string {
  return link(githubMarkdownText(job.job, 80), job.jobUrl);
}

const MAX_DETAILS = 25;
const MAX_DETAIL_CHARS = 2000;

function formatMarkdown(doc: TriageDocument): string {
  const { triage } = doc;
  const run = triage.run;
  const out: string[] = [];
  out.push(`### Flakelens: ${githubMarkdownText(triage.summary, 300)}`);
  out.push('');
  const runLabel = `${githubMarkdownText(run.workflow, 80)} run ${run.id}`;
  const attempt = run.attempt > 1 ? `, attempt ${run.attempt}` : '';
  out.push(
    `${link(runLabel, run.url)} on ${githubCodeSpan(run.branch, 100)} (${shortSha(run.sha)}${attempt}), sorted against ${githubCodeSpan(triage.base, 100)} (${triage.baseWindow.runs} runs).`,
  );
  out.push('');
  out.push(`**${githubMarkdownText(triageAdvice(triage), 300)}**`);
  out.push('');
  if (triage.failures.length + triage.infrastructure.length + triage.jobErrors.length > 0) {
    out.push(`| Verdict | Test | Job | On ${githubMarkdownText(triage.base, 60)} | Why |`, '|---|---|---|---|---|');
    for (const f of triage.failures) {
      const place = f.location ? ` <br>${githubMarkdownText(`${f.location.file}:${f.location.line}`, 120)}` : '';
      out.push(`| ${verdictMarkdown(f.verdict, triage.base)} | ${githubMarkdownText(f.id, 120)}${place} | ${jobCell(f)} | ${githubMarkdownText(onBase(f, triage.base), 80)} | ${githubMarkdownText(f.reason, 160)} |`);
    }
    for (const infra of triage.infrastructure) {
      const what = infra.kind === 'systemic' ? `${infra.failedTests ?? 0} tests failed at once in ${infra.step}` : `step ${infra.step}`;
      out.push(`| 🏗️ infrastructure | ${githubMarkdownText(what, 120)} | ${jobCell(infra)} | | ${githubMarkdownText(infra.reason, 160)} |`);
    }
    for (const error of triage.jobErrors) {
      out.push(`| ❗ ${error.kind} | step ${githubMarkdownText(error.step, 120)} | ${jobCell(error)} | | ${githubMarkdownText(error.reason, 160)} |`);
    }
    out.push('');
  }
  const details = detailsOf(triage);
  if (details.length > 0) {
    out.push('<details><summary>Failure messages and log lines</summary>', '');
    out.push(...details);
    out.push('</details>', '');
  }
  out.push(`<sub>Verdicts from ${triage.baseWindow.runs} runs of ${githubMarkdownText(triage.base, 60)} by Flakelens.</sub>`);
  return out.join('\n') + '\n';
}

function detailsOf(triage: TriageResult): string[] {
  const out: string[] = [];
  const items: { title: string; text: string }[] = [
    ...triage.failures.map((f: TriageFailure) => ({ title: `${verdictMarkdown(f.verdict, triage.base)}: ${githubMarkdownText(f.id, 120)} in ${githubMarkdownText(f.job, 80)}`, text: `${f.message}\n\n${f.note}` })),
    ...triage.infrastructure.map((i: TriageInfrastructure) => ({ title: `🏗️ ${githubMarkdownText(i.job, 80)}, ${githubMarkdownText(i.step, 80)}`, text: i.log.join('\n') })),
    ...triage.jobErrors.map((e: TriageJobError) => ({ title: `❗ ${githubMarkdownText(e.job, 80)}, ${githubMarkdownText(e.step, 80)}`, text: e.log.join('\n') || e.reason })),
  ];
  for (const item of items.slice(0, MAX_DETAILS)) {
    const text = item.text.length > MAX_DETAIL_CHARS ? `${item.text.slice(0, MAX_DETAIL_CHARS)}…` : item.text;
    out.push(`**${item.title}**`, '', codeBlock(text.trim() || '(no message)'), '');
  }
  if (items.length > MAX_DETAILS) {
    out.push(`… and ${items.length - MAX_DETAILS} more (see the JSON output).`, '');
  }
  return out;
}
