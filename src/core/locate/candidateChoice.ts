// Choosing where a reported test is declared among several candidates: by how well the suite CI printed names each
// candidate's file, then by how exact the match is; and undefined rather than a guess when the best ones disagree.

import type { TestDeclaration } from '../model';
import { hasPathSuffix, normalizePath } from './workspacePath';

/**
 * How well a suite that CI printed as a file path names a workspace file: 3 the same path, 2 one a suffix of the
 * other (an absolute runner path, or a path relative to a package folder), 0 when no suite was given, -1 otherwise.
 */
export function fileSuiteScore(suite: string, file: string): number {
  const s = normalizePath(suite.trim());
  if (s === '') return 0;
  if (s === file) return 3;
  if (hasPathSuffix(s, file) || hasPathSuffix(file, s)) return 2;
  return -1;
}

/**
 * The candidate with the best scores, compared in order (a negative first score rules a candidate out); undefined
 * when none is left, or when the best ones sit at different places.
 */
export function chooseDeclaration<T>(
  candidates: readonly T[],
  declarationOf: (c: T) => TestDeclaration,
  scores: (c: T) => readonly number[],
): T | undefined {
  let best: readonly number[] | undefined;
  let winners: T[] = [];
  for (const c of candidates) {
    const s = scores(c);
    if ((s[0] ?? 0) < 0) continue;
    const order = best === undefined ? 1 : compare(s, best);
    if (order > 0) {
      best = s;
      winners = [c];
    } else if (order === 0) {
      winners.push(c);
    }
  }
  const first = winners[0];
  if (first === undefined) return undefined;
  const d = declarationOf(first);
  return winners.every((w) => declarationOf(w).file === d.file && declarationOf(w).line === d.line) ? first : undefined;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y ? 1 : -1;
  }
  return 0;
}
