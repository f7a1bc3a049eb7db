// What the failure pattern adds: failing on one OS (or one job) among several is the sign of a platform difference,
// and it sharpens other causes: Windows timers tick every ~15.6 ms, Windows refuses to delete or rename open files,
// macOS runners are the slowest and most loaded.

import { patternEvidence, withoutControlCharacters } from './evidence';
import type { Cause, Signal } from './signals';

export interface FailurePattern {
  readonly failingOs?: readonly string[];
  readonly allOs?: readonly string[];
  readonly failingJobs?: readonly string[];
  readonly allJobs?: readonly string[];
}

const MAX_NAMES = 64;
const MAX_NAME_CHARS = 80;

/** The one OS the test fails on, when it runs on several; undefined otherwise. */
export function onlyFailingOs(pattern: FailurePattern | undefined): string | undefined {
  const failing = osNames(pattern?.failingOs);
  const all = osNames(pattern?.allOs);
  const only = failing[0];
  if (failing.length !== 1 || only === undefined || all.length < 2 || !all.includes(only)) return undefined;
  return only;
}

/** Signals from the pattern, given the signals the messages and sources produced. */
export function patternSignals(pattern: FailurePattern | undefined, others: readonly Signal[]): Signal[] {
  const signals: Signal[] = [];
  const has = (category: Cause): boolean => others.some((signal) => signal.category === category && signal.weight >= 0.2);
  const os = onlyFailingOs(pattern);
  if (os !== undefined) {
    const all = osNames(pattern?.allOs);
    signals.push(signal('platform', 'only-one-os', 0.55, `fails only on ${os} (runs on ${all.join(', ')})`));
    if (os === 'windows' && has('timing')) {
      signals.push(signal('timing', 'windows-timer', 0.35, 'fails only on windows, whose timers tick every ~15.6 ms'));
    }
    if (os === 'windows' && has('resource')) {
      signals.push(signal('resource', 'windows-open-files', 0.25, 'fails only on windows, which cannot delete or rename open files'));
    }
    if (os === 'macos' && (has('timing') || has('async-wait'))) {
      const category = has('timing') ? 'timing' : 'async-wait';
      signals.push(signal(category, 'slow-runner', 0.15, 'fails only on macos, whose CI runners are the slowest'));
    }
    return signals;
  }
  const failingJobs = distinctNames(pattern?.failingJobs);
  const allJobs = distinctNames(pattern?.allJobs);
  const job = failingJobs[0];
  if (failingJobs.length === 1 && job !== undefined && allJobs.length >= 2 && allJobs.includes(job)) {
    signals.push(signal('platform', 'only-one-job', 0.35, `fails only in job "${job}" (of ${allJobs.length} jobs)`));
  }
  return signals;
}

function signal(category: Cause, rule: string, weight: number, text: string): Signal {
  return { category, rule, weight, origin: 'pattern', evidence: patternEvidence(text) };
}

function osNames(names: readonly string[] | undefined): string[] {
  return distinctNames(names?.map((name) => (typeof name === 'string' ? name.toLowerCase() : name))).filter((os) => os !== 'unknown');
}

function distinctNames(names: readonly string[] | undefined): string[] {
  const seen: string[] = [];
  for (const name of (names ?? []).slice(0, 200)) {
    if (typeof name !== 'string') continue;
    const clean = withoutControlCharacters(name).trim().slice(0, MAX_NAME_CHARS);
    if (clean !== '' && !seen.includes(clean)) seen.push(clean);
    if (seen.length >= MAX_NAMES) break;
  }
  return seen;
}
