// Shared by the report tests: fixture files in real formats, read whole or in uneven chunks.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestOutcome } from '../../../src/core/model';
import type { ParsedReport, ReportReader } from '../../../src/core/reports/parsedReport';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'reports');

export const CORPUS = join(__dirname, '..', '..', '..', '..', 'shared', 'corpus', 'test-reporter', '__tests__');

export function reportBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, name)));
}

export function corpusBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(join(CORPUS, 'fixtures', path)));
}

/** Feeds bytes in pseudo-random chunks (1..maxSize bytes) and ends the document. */
export function readInChunks(reader: ReportReader, bytes: Uint8Array, seed: number, maxSize: number): ParsedReport {
  for (const chunk of seededChunks(bytes, seed, maxSize)) reader.push(chunk);
  return reader.end();
}

/** `suite | id | outcome` lines, the shape most assertions compare. */
export function summary(outcomes: readonly TestOutcome[]): string[] {
  return outcomes.map((o) => `${o.suite} | ${o.id} | ${o.outcome}${o.attempt !== undefined && o.attempt > 1 ? ` (attempt ${o.attempt})` : ''}`);
}

export function outcomeOf(outcomes: readonly TestOutcome[], id: string): TestOutcome {
  const found = outcomes.find((o) => o.id === id);
  if (!found) throw new Error(`no outcome for ${id}: ${outcomes.map((o) => o.id).join(', ')}`);
  return found;
}

/** Splits bytes into chunks of pseudo-random sizes (1..maxSize), the same ones for the same seed (mulberry32). */
export function seededChunks(bytes: Uint8Array, seed: number, maxSize: number): Uint8Array[] {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const chunks: Uint8Array[] = [];
  for (let pos = 0; pos < bytes.length; ) {
    const size = 1 + Math.floor(next() * maxSize);
    chunks.push(bytes.subarray(pos, pos + size));
    pos += size;
  }
  return chunks;
}
