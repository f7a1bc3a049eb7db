// Shared by the log tests: fixture files in real formats, and feeding them to a parser as the job log reader would.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestOutcome } from '../../../src/core/model';
import { seededChunks } from '../support/seededChunks';
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

export { seededChunks };
