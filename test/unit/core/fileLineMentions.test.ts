// `file.ext:line` mentions found by position (fileLineMentions.ts) are the matches of the regular expressions they
// replace, on seeded random lines built from the pieces that matter. Their speed is shown by `npm run bench hostile`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { POINTED_PLACE } from '../../../src/core/classify/classifier';
import { fileLineMentions, type MentionShape } from '../../../src/core/fileLineMentions';
import { MENTIONED_FILE } from '../../../src/core/scan/testSource';
import { seededRandom as random } from '../support/seededRandom';

const PIECES = ['a', 'src/lib.rs', '.rs', '.kts', '.tsx', '.ts', '.cs', '.java', ':', ':', '12', '12345678', '/', '\\', '-', '.', ' ', 'x', '_', 'A', 'é', 'b'.repeat(150), 'a.go:3', ':7', ':1:2', '(', 'rs'];

function lines(seed: number, count: number): string[] {
  const next = random(seed);
  return Array.from({ length: count }, () => {
    let line = '';
    const parts = 1 + Math.floor(next() * 10);
    for (let i = 0; i < parts; i++) line += PIECES[Math.floor(next() * PIECES.length)];
    return line;
  });
}

/** The mentions as [start, file, end], from the position reading and from the expression. */
function both(line: string, shape: MentionShape, expression: RegExp): [unknown, unknown] {
  const found = [...fileLineMentions(line, shape)].map((m) => [m.start, line.slice(m.start, m.colon), m.end]);
  const matched = [...line.matchAll(expression)].map((m) => [m.index, m[1], (m.index ?? 0) + m[0].length]);
  return [found, matched];
}

test('places a failure points at are the matches of the classifier\'s expression', () => {
  const expression = /([\w./\\-]{1,200}\.(?:rs|go|py|java|kt|kts|ts|tsx|mts|cts|js|jsx|mjs|cjs)):(\d{1,7})\b/g;
  let found = 0;
  for (const line of [...lines(1, 30_000), 'thread \'t\' panicked at src/lib.rs:12:5:', '    at Object.<anonymous> (src/a.test.ts:3:7)', 'x_test.go:42: want 1']) {
    const [actual, expected] = both(line, POINTED_PLACE, expression);
    assert.deepEqual(actual, expected, JSON.stringify(line));
    found += (actual as unknown[]).length;
  }
  assert.ok(found > 5000, `${found} places`);
});

test('files a message mentions are the matches of the related sources\' expression', () => {
  const expression = /([\w./\\-]+\.(?:rs|go|py|ts|js|java|kt))(?::\d+)/g;
  let found = 0;
  for (const line of [...lines(2, 30_000), 'panicked at tests/guest/tls_client.rs:12:5', 'at com.acme.Foo(Foo.java:12)']) {
    const [actual, expected] = both(line, MENTIONED_FILE, expression);
    assert.deepEqual(actual, expected, JSON.stringify(line));
    found += (actual as unknown[]).length;
  }
  assert.ok(found > 5000, `${found} files`);
});

test('a mention after a long run of path characters is found, its file bounded as the expression bounded it', () => {
  const line = `${'a.'.repeat(30_000)}rs:12 and ${'a'.repeat(30_000)}`;
  assert.deepEqual([...fileLineMentions(line, POINTED_PLACE)].map((m) => line.slice(m.start, m.colon)), [`${'.a'.repeat(100)}.rs`]);
  assert.deepEqual([...fileLineMentions(line, MENTIONED_FILE)].map((m) => line.slice(m.start, m.colon)), [`${'a.'.repeat(30_000)}rs`]);
  assert.deepEqual([...fileLineMentions('a/'.repeat(30_000), MENTIONED_FILE)], []);
});
