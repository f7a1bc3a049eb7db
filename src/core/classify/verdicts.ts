// How signals become verdicts: per category, each rule counts once (its strongest signal), two rules whose strongest
// signals are the same source line count once (the stronger: one observation read twice), and the rules combine as
// a damped noisy-or: the strongest sign counts in full and each further one at half its weight
// (1 − (1 − w₁) · Π(1 − w/2)). Rules of one category often read the same code from two sides, so they are not
// independent; damping them lets one specific sign outrank a pile of generic ones. Message signals count for more
// when they recur across the test's failures than when one failure out of many shows them. A category needs a sign
// of its own: signs that only support (test names, OS checks) never name it alone. Categories of equal confidence are
// ranked by how common their cause is (PRIOR_ORDER).

import type { CategoryVerdict } from '../model';
import type { Cause, Signal } from './signals';

/** Categories below this confidence are not reported beside others. */
export const MIN_CONFIDENCE = 0.2;
/**
 * When no category reaches {@link MIN_CONFIDENCE}, the strongest one at or above this is still named (with its low
 * confidence): `unknown` is kept for tests that show no sign at all.
 */
export const MIN_WEAK_CONFIDENCE = 0.1;
/** No verdict is certain: the classifier reads heuristics, not proofs. */
export const MAX_CONFIDENCE = 0.97;
/** Evidence lines kept per category. */
export const MAX_EVIDENCE = 6;
/** Source lines at least this telling lead the evidence: they are where the fix goes. */
const SOURCE_FIRST_WEIGHT = 0.4;
/** How much each sign after a category's strongest one counts (see the header). */
const FURTHER_SIGN_FACTOR = 0.5;

/** Order of DESIGN.md's table (the order of the report's tables). */
export const CATEGORY_ORDER: readonly Cause[] = [
  'network',
  'timing',
  'async-wait',
  'concurrency',
  'order',
  'unordered-collection',
  'randomness',
  'resource',
  'platform',
  'floating-point',
];

/**
 * How common each cause is among fixed flaky tests (Luo et al. 2014: async wait 45%, concurrency 20%, test order
 * dependency 12%, resource leaks 7%, network 6%, time 3%, I/O, randomness and floating point 2% each, unordered
 * collections 1%), most common first. Two categories with the same confidence are ranked by it: with equal signs, the
 * cause that is more often the real one. Platform (not one of the study's causes) comes last.
 */
export const PRIOR_ORDER: readonly Cause[] = [
  'async-wait',
  'concurrency',
  'order',
  'resource',
  'network',
  'timing',
  'randomness',
  'floating-point',
  'unordered-collection',
  'platform',
];

export interface WeighedVerdict extends CategoryVerdict {
  readonly category: Cause;
  readonly host?: string;
  readonly tolerance?: string;
}

/**
 * @param messageCounts for each deduplicated message (by index), how many failures printed it.
 * @param minConfidence categories below it are left out.
 */
export function weighSignals(signals: readonly Signal[], messageCounts: readonly number[], minConfidence = MIN_CONFIDENCE): WeighedVerdict[] {
  const totalMessages = messageCounts.reduce((sum, count) => sum + count, 0);
  const verdicts: WeighedVerdict[] = [];
  for (const category of CATEGORY_ORDER) {
    const own = signals.filter((signal) => signal.category === category && signal.weight > 0);
    if (!own.some((signal) => signal.origin !== 'name' && signal.supportOnly !== true)) continue;
    const factor = recurrenceFactor(own, messageCounts, totalMessages);
    const weighted = own.map((signal) => ({
      signal,
      weight: clamp(signal.origin === 'message' ? signal.weight * factor : signal.weight),
    }));
    const confidence = round(Math.min(MAX_CONFIDENCE, combine(independentWeights(weighted))));
    if (confidence < minConfidence) continue;
    const ranked = weighted
      .map((entry, order) => ({ ...entry, order, first: entry.signal.origin === 'source' && entry.weight >= SOURCE_FIRST_WEIGHT }))
      .sort((a, b) => Number(b.first) - Number(a.first) || b.weight - a.weight || a.order - b.order)
      .map((entry) => entry.signal);
    const evidence: string[] = [];
    for (const signal of ranked) {
      if (signal.evidence === undefined || evidence.includes(signal.evidence)) continue;
      evidence.push(signal.evidence);
      if (evidence.length >= MAX_EVIDENCE) break;
    }
    const host = ranked.find((signal) => signal.host !== undefined)?.host;
    const tolerance = ranked.find((signal) => signal.tolerance !== undefined)?.tolerance;
    verdicts.push({
      category,
      confidence,
      evidence,
      ...(host === undefined ? {} : { host }),
      ...(tolerance === undefined ? {} : { tolerance }),
    });
  }
  return verdicts.sort(
    (a, b) => b.confidence - a.confidence || PRIOR_ORDER.indexOf(a.category) - PRIOR_ORDER.indexOf(b.category),
  );
}

/**
 * The weights that count: each rule's strongest signal, and of two rules whose strongest signal is the same source
 * line, only the stronger one (two patterns reading one line from two sides are one observation, not two).
 */
function independentWeights(weighted: readonly { readonly signal: Signal; readonly weight: number }[]): number[] {
  const strongestPerRule = new Map<string, { readonly weight: number; readonly place: string | undefined }>();
  for (const { signal, weight } of weighted) {
    const known = strongestPerRule.get(signal.rule);
    if (known !== undefined && known.weight >= weight) continue;
    const place = signal.location === undefined || signal.wholeTest === true ? undefined : `${signal.location.file}:${signal.location.line}`;
    strongestPerRule.set(signal.rule, { weight, place });
  }
  const strongestPerPlace = new Map<string, number>();
  const weights: number[] = [];
  for (const { weight, place } of strongestPerRule.values()) {
    if (place === undefined) weights.push(weight);
    else strongestPerPlace.set(place, Math.max(strongestPerPlace.get(place) ?? 0, weight));
  }
  return [...weights, ...strongestPerPlace.values()];
}

/** The damped noisy-or of the header: the strongest weight in full, the others at {@link FURTHER_SIGN_FACTOR}. */
export function combine(weights: readonly number[]): number {
  const sorted = [...weights].sort((a, b) => b - a);
  let doubt = 1;
  sorted.forEach((weight, index) => {
    doubt *= 1 - (index === 0 ? weight : weight * FURTHER_SIGN_FACTOR);
  });
  return 1 - doubt;
}

/** 1 when every failure shows the category's message signs, down to 0.7 when few of them do. */
function recurrenceFactor(signals: readonly Signal[], messageCounts: readonly number[], total: number): number {
  if (total < 2) return 1;
  const supporting = new Set<number>();
  for (const signal of signals) {
    if (signal.origin === 'message' && signal.messageIndex !== undefined) supporting.add(signal.messageIndex);
  }
  let supported = 0;
  for (const index of supporting) supported += messageCounts[index] ?? 0;
  return 0.7 + (0.3 * supported) / total;
}

function clamp(weight: number): number {
  return Math.max(0, Math.min(1, weight));
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
