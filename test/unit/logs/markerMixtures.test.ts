// Skipping lines by marker (OutcomeParser.markers) must give what reading every line gives, on logs no fixture
// shows: pieces of several runners' outputs in one log, another runner's lines interleaved as parallel workers
// print them, unrelated lines that use the runners' words, colours, CRLF, with and without timestamps, every parser
// active. Seeded, so every run reads the same logs.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { JobLogReader, parseJobLog } from '../../../src/core/logs/jobLogReader';
import { fixturePath, fixtureText, seededChunks } from './logFixtures';

const FIXTURES = readdirSync(fixturePath('.'))
  .filter((name) => /\.(txt|log)$/.test(name))
  .map((name) => ({ name, lines: fixtureText(name).split('\n') }));

const NOISE = [
  'worker-3 | 12 events processed',
  'INFO test fixture ready; health check ok',
  '  indented noise line',
  '\tat com.acme.X(X.java:3)',
  'error: something else',
  'PASS-through mode, 3 FAILED validations',
  '',
  '=== not a test',
  '# comment',
  '  ✓ another tool ticked this',
];

/** A linear congruential generator: the same numbers for the same seed. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

/** One random log and what it was made of (for the assertion's message). */
function mixture(random: () => number): { text: string; made: string } {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const out: string[] = [];
  const made: string[] = [];
  const pieces = 1 + Math.floor(random() * 4);
  for (let p = 0; p < pieces; p++) {
    const fixture = pick(FIXTURES);
    // Half the pieces start at the fixture's start, half end at its end: whole runs, summaries included, are common.
    const start = random() < 0.5 ? 0 : Math.floor(random() * fixture.lines.length * 0.5);
    const end = random() < 0.5 ? fixture.lines.length : start + 1 + Math.floor(random() * (fixture.lines.length - start));
    const interleaved = random() < 0.2 ? pick(FIXTURES) : undefined;
    const other = interleaved ? interleaved.lines.slice(0, Math.floor(random() * interleaved.lines.length)) : [];
    made.push(`${fixture.name}[${start},${end})${interleaved ? ` with ${interleaved.name}[0,${other.length})` : ''}`);
    if (random() < 0.3) out.push(`##[group]Run step ${p}`);
    for (const line of fixture.lines.slice(start, end)) {
      out.push(random() < 0.1 ? `\x1b[3${Math.floor(random() * 8)}m${line}\x1b[0m` : line);
      if (random() < 0.08) out.push(pick(NOISE));
      if (other.length > 0 && random() < 0.1) out.push(other.shift() as string);
    }
  }
  const stamped = random() < 0.5;
  const text = out.map((line) => (stamped ? `2026-10-01T08:00:00.1234567Z ${line}` : line)).join(random() < 0.2 ? '\r\n' : '\n');
  return { text, made: `${made.join(' + ')}${stamped ? ', timestamped' : ''}` };
}

for (const seed of [1, 2, 3]) {
  test(`skipping reads 200 mixed logs as reading every line does (seed ${seed})`, () => {
    const random = generator(seed);
    for (let i = 0; i < 200; i++) {
      const { text, made } = mixture(random);
      const expected = parseJobLog(text, { readEveryLine: true });
      assert.deepEqual(parseJobLog(text, { adaptiveSkipping: false }), expected, `log ${i}: ${made}`);
      if (i % 10 === 0) {
        // In chunks of up to 200 bytes: markers and lines cut across them.
        const reader = new JobLogReader({ adaptiveSkipping: false });
        for (const chunk of seededChunks(new TextEncoder().encode(text), seed * 1000 + i, 200)) reader.push(chunk);
        assert.deepEqual(reader.end(), expected, `log ${i} in chunks: ${made}`);
      }
    }
  });
}
