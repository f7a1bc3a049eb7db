// Shared by the log tests: fixture files in real formats, and feeding them to a parser as the job log reader would.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestOutcome } from '../../../src/core/model';
import { normalizeLogLine } from '../../../src/core/logs/logLines';
import type { OutcomeParser } from '../../../src/core/logs/outcomeParser';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'logs');

export function fixturePath(name: string): string {
  return join(FIXTURES, name);
}

export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, name)));
}

export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** Feeds text line by line (cleaned as the reader cleans it) and returns what the parser found. */
export function parseLines(parser: OutcomeParser, text: string): TestOutcome[] {
  for (const line of text.split('\n')) parser.line(normalizeLogLine(line).text);
  return parser.finish();
}

export function byId(outcomes: readonly TestOutcome[], id: string, suite?: string): TestOutcome {
  const found = outcomes.find((o) => o.id === id && (suite === undefined || o.suite === suite));
  if (!found) throw new Error(`no outcome for ${id}`);
  return found;
}

/** Splits bytes into chunks of pseudo-random sizes (1..maxSize), the same ones for the same seed. */
export function seededChunks(bytes: Uint8Array, seed: number, maxSize: number): Uint8Array[] {
  let state = seed >>> 0;
  const next = (): number => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const chunks: Uint8Array[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const size = 1 + Math.floor(next() * maxSize);
    chunks.push(bytes.subarray(pos, pos + size));
    pos += size;
  }
  return chunks;
}
