// Findings as GitHub Actions annotations (`--format github`): each flaky or failing test of a scan, each failure of a
// triage, written as the workflow command that GitHub shows on the pull request's diff at the test's line and in the
// run's summary. Everything in them from CI (names, messages, job and step names) is escaped as the runner unescapes
// it (actions/runner, ActionCommand: `%`, CR and LF in the message; `:` and `,` too in a property), so that no text
// ends its command or starts another; control characters are shown, as in the table.

import * as path from 'node:path';
import { clip } from '../core/logs/failureText';
import { oneLineText } from '../core/present/githubMarkdown';
import { intervalText, rateWithSample, shortSha } from '../core/present/rateText';
import { findingMessage, scanSummaryLine, shownSuggestion } from '../core/present/testSummary';
import type { ScanResult, ScanTest } from '../core/scan/scanResult';
import type { TriageFailure, TriageResult } from '../core/triage/triageRun';
import { commandSafe, terminalSafe } from './terminalText';
import { triageAdvice } from './triageFormat';

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface Annotation {
  readonly level: AnnotationLevel;
  readonly title: string;
  readonly message: string;
  /** Relative to the repository's root, with `/`. */
  readonly file?: string;
  readonly line?: number;
}

/** GitHub shows at most this many annotations of each level for a step; more are dropped unseen. */
export const MAX_ANNOTATIONS_PER_LEVEL = 10;
const MAX_TITLE_CHARS = 200;
const MAX_MESSAGE_CHARS = 2000;

/** A command's message as the runner reads it back (ActionCommand's data escapes). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A command's property value as the runner reads it back (its property escapes). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command: `::warning file=a.rs,line=3,title=…::message`. */
export function annotationCommand(a: Annotation): string {
  const properties: string[] = [];
  if (a.file) properties.push(`file=${escapeProperty(terminalSafe(a.file))}`);
  if (a.file && a.line !== undefined && a.line > 0) properties.push(`line=${a.line}`);
  properties.push(`title=${escapeProperty(terminalSafe(oneLineText(a.title, MAX_TITLE_CHARS)))}`);
  return `::${a.level} ${properties.join(',')}::${escapeData(terminalSafe(clip(a.message, MAX_MESSAGE_CHARS)))}`;
}

/**
 * The lines to print, as they are (nothing in them is left to escape): `headline` lines as plain text, then the annotations, at most {@link MAX_ANNOTATIONS_PER_LEVEL}
 * of each level in the order given (the most telling first), and a plain line for those left out.
 */
export function annotationOutput(headline: readonly string[], annotations: readonly Annotation[], leftOutHint: string): string {
  const lines = headline.map((l) => commandSafe(terminalSafe(l.replace(/\r?\n/g, ' '))));
  const shown = new Map<AnnotationLevel, number>();
  let leftOut = 0;
  for (const a of annotations) {
    const count = shown.get(a.level) ?? 0;
    if (count >= MAX_ANNOTATIONS_PER_LEVEL) {
      leftOut++;
      continue;
    }
    shown.set(a.level, count + 1);
    lines.push(annotationCommand(a));
  }
  if (leftOut > 0) {
    lines.push(`${leftOut} more not annotated (GitHub shows ${MAX_ANNOTATIONS_PER_LEVEL} of each level a step): ${leftOutHint}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * Where a location of the workspace is in the repository: GitHub places an annotation by the path from the
 * repository's root (the checkout, `GITHUB_WORKSPACE`), and `--workspace` may be a folder inside it.
 */
export function repositoryPath(file: string, workspace: string | undefined, checkout: string | undefined): string {
  const within = workspace && checkout ? path.relative(checkout, workspace) : '';
  // `..` as a part of the path, not as the start of a folder's name (`..packages`).
  const outside = within === '..' || within.startsWith(`..${path.sep}`) || path.isAbsolute(within);
  return (within && !outside ? `${within}/${file}` : file).split(path.sep).join('/');
}

/** Where the annotations' paths start from: the checkout and the workspace, as `repositoryPath` takes them. */
export interface AnnotationPlaces {
  readonly workspace?: string;
  readonly checkout?: string;
}

function placed(location: { readonly file: string; readonly line: number } | null, places: AnnotationPlaces): Pick<Annotation, 'file' | 'line'> {
  return location ? { file: repositoryPath(location.file, places.workspace, places.checkout), line: location.line } : {};
}

/** `flakelens scan --format github`: a warning on each flaky test, an error on each failing one. */
export function scanAnnotations(result: ScanResult, places: AnnotationPlaces = {}): string {
  const headline = [`Flakelens: ${scanSummaryLine(result)}.`];
  const annotations = result.tests.filter((t) => t.status !== 'stable').map((t) => scanAnnotation(t, places));
  // In the scan's order (failing first, then by rate): past the limit, the least telling are left out.
  return annotationOutput(headline, annotations, 'run flakelens scan --format table for every test');
}

function scanAnnotation(t: ScanTest, places: AnnotationPlaces): Annotation {
  const failing = t.status === 'failing';
  const title = failing ? `Failing test${t.failingSince ? ` since ${shortSha(t.failingSince.sha)}` : ''}` : `Flaky test: ${rateWithSample(t.flakyFailures, t.executions)}`;
  const lines = [`${findingMessage(t)}${failing ? ' This is not flakiness: it needs a fix.' : ` 95% interval ${intervalText(t.interval)}.`}`];
  const suggestion = shownSuggestion(t);
  if (suggestion) lines.push(`Suggestion: ${suggestion}`);
  if (t.lastFailure?.url) lines.push(`Last failure: ${t.lastFailure.url}`);
  return { level: failing ? 'error' : 'warning', title, message: lines.join('\n'), ...placed(t.location, places) };
}

/**
 * `flakelens triage --format github`: an error on each new failure (the branch's own), a warning on each failure the
 * base branch has too and on each infrastructure fault, a notice on each known flake; job errors as errors.
 */
export function triageAnnotations(repository: string, triage: TriageResult, places: AnnotationPlaces = {}): string {
  const headline = [`Flakelens: ${repository}: ${triage.summary}`, triageAdvice(triage)];
  const annotations: Annotation[] = [
    ...triage.failures.map((f) => failureAnnotation(f, triage.base, places)),
    ...triage.infrastructure.map((i): Annotation => ({ level: 'warning', title: `CI infrastructure: ${i.job}`, message: `${i.step}: ${i.reason}\nJob: ${i.jobUrl}` })),
    ...triage.jobErrors.map((e): Annotation => ({ level: 'error', title: `${e.kind}: ${e.job}`, message: `${e.step}: ${e.reason}\nJob: ${e.jobUrl}` })),
  ];
  return annotationOutput(headline, annotations, 'run flakelens triage --format table for every failure');
}

function failureAnnotation(f: TriageFailure, base: string, places: AnnotationPlaces): Annotation {
  const title =
    f.verdict === 'new'
      ? `New failure in ${f.job}`
      : f.verdict === 'failing-on-base'
        ? `Fails on ${base} too: ${f.job}`
        : `Known flake: ${rateWithSample(f.flakyFailures, f.executions)} on ${base}`;
  const lines = [`${f.id}: ${f.note}`];
  if (f.reason) lines.push(f.reason);
  lines.push(`Job: ${f.jobUrl}`);
  return { level: f.verdict === 'new' ? 'error' : f.verdict === 'failing-on-base' ? 'warning' : 'notice', title, message: lines.join('\n'), ...placed(f.location, places) };
}
