// How signals become verdicts: per category, each rule counts once (its strongest signal), rules combine as
// independent pieces of evidence (noisy-or: 1 − Π(1 − w)), and message signals count for more when they recur
// across the test's failures than when one failure out of many shows them.

import type { CategoryVerdict } from '../model';
import type { Cause, Signal } from './signals';

/** Categories below this confidence are not reported. */
export const MIN_CONFIDENCE = 0.2;
/** No verdict is certain: the classifier reads heuristics, not proofs. */
export const MAX_CONFIDENCE = 0.97;
/** Evidence lines kept per category. */
export const MAX_EVIDENCE = 6;
/** Source lines at least this telling lead the evidence: they are where the fix goes. */
const SOURCE_FIRST_WEIGHT = 0.4;

/** Order of DESIGN.md's table, used to break ties. */
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

export interface WeighedVerdict extends CategoryVerdict {
  readonly category: Cause;
  readonly host?: string;
  readonly tolerance?: string;
}

/**
 * @param messageCounts for each deduplicated message (by index), how many failures printed it.
 */
export function weighSignals(signals: readonly Signal[], messageCounts: readonly number[]): WeighedVerdict[] {
  const totalMessages = messageCounts.reduce((sum, count) => sum + count, 0);
  const verdicts: WeighedVerdict[] = [];
  for (const category of CATEGORY_ORDER) {
    const own = signals.filter((signal) => signal.category === category && signal.weight > 0);
    if (own.length === 0) continue;
    const factor = recurrenceFactor(own, messageCounts, totalMessages);
    const weighted = own.map((signal) => ({
      signal,
      weight: clamp(signal.origin === 'message' ? signal.weight * factor : signal.weight),
    }));
    const strongestPerRule = new Map<string, number>();
    for (const { signal, weight } of weighted) {
      strongestPerRule.set(signal.rule, Math.max(strongestPerRule.get(signal.rule) ?? 0, weight));
    }
    let doubt = 1;
    for (const weight of strongestPerRule.values()) doubt *= 1 - weight;
    const confidence = round(Math.min(MAX_CONFIDENCE, 1 - doubt));
    if (confidence < MIN_CONFIDENCE) continue;
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
    (a, b) => b.confidence - a.confidence || CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category),
  );
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
