// Shared by the report tests: fixture files in real formats, read whole or in uneven chunks.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestOutcome } from '../../../src/core/model';
import { seededChunks } from '../support/seededChunks';
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

export { seededChunks };
