import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { failureReasonKey, normalizeFailureMessage, sharedCauseKey } from '../../../src/core/history/failureMessage';
import { parseJobLog } from '../../../src/core/logs/jobLogReader';
import { parseReportSync } from '../../../src/core/reports/reportDetection';

test('numbers, durations, hex ids, paths and the test name are normalized away', () => {
  const a = normalizeFailureMessage("thread 'a::one' panicked at src/a.rs:10:5:\nwrite /tmp/x-1234/data.bin failed after 12.5ms: 0xdeadbeef", 'a::one');
  const b = normalizeFailureMessage("thread 'a::two' panicked at src/b.rs:99:1:\nwrite /tmp/x-9876/data.bin failed after 3ms: 0x1", 'a::two');
  assert.equal(a, b);
});

test('different causes stay different', () => {
  assert.notEqual(normalizeFailureMessage('connection reset by peer'), normalizeFailureMessage('No space left on device'));
});

test('an empty or missing message normalizes to nothing', () => {
  assert.equal(normalizeFailureMessage(undefined), '');
  assert.equal(normalizeFailureMessage('\n\n  \n'), '');
});

test('huge messages are bounded', () => {
  assert.ok(normalizeFailureMessage('word '.repeat(1_000_000)).length <= 4096);
});

/** Messages in real formats: every failure the fixture logs and reports hold. */
function fixtureMessages(): string[] {
  const dir = join(__dirname, '..', '..', 'fixtures');
  const logs = readdirSync(join(dir, 'logs')).flatMap((name) => parseJobLog(readFileSync(join(dir, 'logs', name))).outcomes);
  const reports = readdirSync(join(dir, 'reports'))
    .filter((name) => /\.(xml|trx)$/.test(name))
    .flatMap((name) => parseReportSync(readFileSync(join(dir, 'reports', name)), name)?.outcomes ?? []);
  return [...logs, ...reports].flatMap((o) => (o.message ? [o.message] : []));
}

/** normalizeFailureMessage as it was, with the two expressions that the position readings replace. */
function normalizedByExpressions(message: string, testId: string): string {
  let text = message.slice(0, 4096);
  const names = new Set([testId, testId.split('::').pop() ?? '', testId.split('/').pop() ?? ''].filter((n) => n.length > 2));
  for (const name of names) text = text.split(name).join('<test>');
  const lines: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw
      .replace(/^-{4} .* std(out|err) -{4}$/, '')
      .replace(/thread '[^']*'/g, "thread '<t>'")
      .replace(/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?Z?/g, '<time>')
      .replace(/(?:[A-Za-z]:)?(?:[\\/][\w.@+-]+){2,}(?::\d+(?::\d+)?)?/g, '<path>')
      .replace(/\b[\w.-]+\.(rs|go|py|ts|js|java|kt|cs):\d+(?::\d+)?/g, '<loc>')
      .replace(/\b0x[0-9a-fA-F]+\b/g, '<hex>')
      .replace(/\b[0-9a-f]{7,}\b/g, '<hex>')
      .replace(/\b\d+(\.\d+)?\s?(ns|µs|us|ms|s|m|h)\b/g, '<dur>')
      .replace(/\d+(\.\d+)?/g, '#')
      .replace(/\s+/g, ' ')
      .trim();
    if (line.length === 0) continue;
    lines.push(line);
    if (lines.length >= 3) break;
  }
  return lines.join(' | ');
}

const sharedByExpression = (message: string, testId: string) =>
  failureReasonKey(message, testId).replace(/\S*<(path|loc)>\S*/g, '<where>').replace(/\s+/g, ' ').trim();

test('keys of real failure messages are what the expressions made of them', () => {
  const messages = fixtureMessages();
  assert.ok(messages.length >= 50, `${messages.length} messages`);
  for (const message of messages) {
    assert.equal(normalizeFailureMessage(message, 'a::b'), normalizedByExpressions(message, 'a::b'), message);
    assert.equal(sharedCauseKey(message, 'a::b'), sharedByExpression(message, 'a::b'), message);
  }
});

test('source locations and places are replaced where the expressions replaced them', () => {
  let a = 11;
  const next = () => (a = (a * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pieces = ['a', 'src/lib.rs', '.rs', '.go', '.cs', '.java', ':', '12', ':3', ' ', '-', '.', '_', 'x.py', '/tmp/a/b', 'C:', '\\', '<', 'é', '(', 'kts', 'at Foo(Foo.java:12)'];
  for (let i = 0; i < 30_000; i++) {
    let message = '';
    for (let k = 1 + Math.floor(next() * 12); k > 0; k--) message += pieces[Math.floor(next() * pieces.length)];
    assert.equal(normalizeFailureMessage(message), normalizedByExpressions(message, ''), message);
    assert.equal(sharedCauseKey(message), sharedByExpression(message, ''), message);
  }
});

test('a long message of a.a.a… ending in a location is keyed with the location replaced', () => {
  const message = `${'a.'.repeat(2000)}rs:12: failed`;
  assert.equal(normalizeFailureMessage(message), '<loc>: failed');
  assert.equal(sharedCauseKey(`${'a-'.repeat(2000)}/x/y:1 failed`), '<where> failed');
});
