// The classifier's contract: categories sorted by confidence, `unknown` when nothing applies, messages and sources
// each enough on their own, bounded evidence, and no trouble with hostile input.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classify } from '../../../src/core/classify/classifier';
import { CATEGORY_ORDER, PRIOR_ORDER, combine, weighSignals } from '../../../src/core/classify/verdicts';
import type { Cause, Signal } from '../../../src/core/classify/signals';
import { categoriesOf, confidenceOf, fixture, fixtureSource, verdict } from './classifyFixtures';

describe('classify', () => {
  it('answers unknown, with no confidence and no evidence, for a test with no signs', () => {
    const result = classify({
      language: 'rust',
      testName: 'parses_header',
      testSource: { file: 'src/header.rs', text: 'fn parses_header() {\n    assert_eq!(parse("a: b"), ("a", "b"));\n}\n', startLine: 40 },
      messages: ["assertion `left == right` failed\n  left: (\"a\", \"c\")\n right: (\"a\", \"b\")"],
    });
    assert.deepEqual(result.categories, [{ category: 'unknown', confidence: 0, evidence: [] }]);
    assert.equal(result.category, 'unknown');
  });

  it('suggests looking at the failure clusters when the cause is unknown', () => {
    assert.match(classify({ language: 'go' }).suggestion, /failure clusters/);
  });

  it('classifies from messages alone', () => {
    const result = classify({ language: 'unknown', messages: ['Error: listen EADDRINUSE: address already in use :::3000'] });
    assert.equal(result.category, 'resource');
  });

  it('classifies from source alone', () => {
    const result = classify({ language: 'java', testSource: fixtureSource('java/BrokerRedeliveryTest.java') });
    assert.equal(result.category, 'async-wait');
  });

  it('reads the language from the file name when the input does not say', () => {
    const result = classify({ language: 'unknown', testSource: fixtureSource('rust/counter.rs') });
    assert.equal(result.category, 'order');
    assert.match(result.suggestion, /cargo test -- --test-threads=1/);
  });

  it('sorts the categories by confidence, most confident first', () => {
    const result = classify({
      language: 'go',
      messages: ['WARNING: DATA RACE\nWrite at 0x00c000120000 by goroutine 8', 'poll_test.go:46: poll returned after 48.2ms, expected at least 50ms'],
    });
    const confidences = result.categories.map((entry) => entry.confidence);
    assert.deepEqual(confidences, [...confidences].sort((a, b) => b - a));
    assert.equal(result.category, result.categories[0]?.category);
  });

  it('keeps every confidence between 0 and 1', () => {
    const result = classify({
      language: 'rust',
      testSource: fixtureSource('wasmtime-tls/tls_client.rs'),
      messages: Array.from({ length: 20 }, () => 'Connection reset by peer; failed to lookup address information; tls handshake eof; 503 Service Unavailable'),
    });
    for (const entry of result.categories) assert.ok(entry.confidence > 0 && entry.confidence <= 1, String(entry.confidence));
  });

  it('numbers source evidence from the line where the test starts in its file', () => {
    const result = classify({
      language: 'go',
      testSource: { file: 'net_test.go', text: 'func TestFetch(t *testing.T) {\n\tresp, err := http.Get("https://example.com/")\n}', startLine: 120 },
    });
    assert.deepEqual(verdict(result, 'network')?.evidence, ['net_test.go:121: resp, err := http.Get("https://example.com/")']);
  });

  it('bounds each evidence line, keeping the part that matched', () => {
    const padding = 'x'.repeat(400);
    const result = classify({ language: 'unknown', messages: [`${padding} Connection reset by peer ${padding}`] });
    const evidence = verdict(result, 'network')?.evidence[0] ?? '';
    assert.ok(evidence.length <= 220, String(evidence.length));
    assert.match(evidence, /Connection reset by peer/);
  });

  it('keeps at most six evidence lines per category', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `\tfoo${i}, _ := http.Get("https://host${i}.example.com/")`).join('\n');
    const result = classify({ language: 'go', testSource: { file: 'a_test.go', text: lines, startLine: 1 }, messages: ['dial tcp: lookup example.com: no such host'] });
    assert.ok((verdict(result, 'network')?.evidence.length ?? 0) <= 6);
  });

  it('removes terminal escapes and control characters from message evidence', () => {
    const result = classify({ language: 'unknown', messages: ['\u001b[31merror\u001b[0m: Connection reset by peer\u0007'] });
    assert.equal(verdict(result, 'network')?.evidence[0], 'message: error: Connection reset by peer');
  });

  it('counts a sign that every failure shows for more than one that a single failure shows', () => {
    const always = classify({ language: 'unknown', messages: ['Connection reset by peer', 'Connection reset by peer', 'Connection reset by peer'] });
    const once = classify({ language: 'unknown', messages: ['Connection reset by peer', 'assertion failed: x == 1', 'assertion failed: x == 2'] });
    assert.ok(confidenceOf(always, 'network') > confidenceOf(once, 'network'));
  });

  it('does not read the test name in a runner line as a timeout', () => {
    const result = classify({ language: 'go', testName: 'TestPoll/timeout', messages: ['--- FAIL: TestPoll/timeout (0.05s)\n    poll_test.go:46: got 3 events, want 2'] });
    assert.equal(result.category, 'unknown');
  });

  it('finishes on huge inputs made of near-matches (regexes stay linear)', { timeout: 20_000 }, () => {
    const pieces = ['expected:<', '1.', ' ', 'a.com:', 'sleep(', '"', '/*', ' == 0.1', 'HashMap ', 'elapsed < '];
    for (const piece of pieces) {
      const text = Array.from({ length: 200 }, () => piece.repeat(Math.ceil(1500 / piece.length))).join('\n');
      const result = classify({ language: 'java', messages: [text, text], testSource: { file: 'A.java', text, startLine: 1 }, relatedSources: [{ file: 'B.java', text, startLine: 1 }] });
      assert.ok(result.categories.length > 0);
    }
  });

  it('still shows the test name in message evidence', () => {
    const result = classify({ language: 'go', testName: 'TestFetch/timeout', messages: ['TestFetch/timeout: read tcp 10.0.0.2:5555: connection reset by peer'] });
    assert.deepEqual(verdict(result, 'network')?.evidence, ['message: TestFetch/timeout: read tcp 10.0.0.2:5555: connection reset by peer']);
  });

  it('reads only the first 8 KiB of a message', () => {
    const result = classify({ language: 'unknown', messages: ['a'.repeat(9000) + '\nConnection reset by peer'] });
    assert.equal(result.category, 'unknown');
  });

  it('ignores comments that mention a sign', () => {
    const result = classify({
      language: 'rust',
      testSource: { file: 'src/lib.rs', text: '#[test]\nfn adds() {\n    // Used to sleep(100) and hit https://example.com/ here.\n    assert_eq!(add(1, 2), 3);\n}', startLine: 1 },
    });
    assert.equal(result.category, 'unknown');
  });

  it('names several categories when several apply', () => {
    const result = classify({
      language: 'go',
      messages: ['WARNING: DATA RACE', 'bind: address already in use'],
    });
    assert.deepEqual(categoriesOf(result).sort(), ['concurrency', 'resource']);
  });

  it('names the strongest of weak signs, with its low confidence, rather than unknown', () => {
    const result = classify({ language: 'java', testSource: { file: 'T.java', text: 'assertEquals(AisType.POSITION, receiver.lastMessage().type());', startLine: 1 } });
    assert.equal(result.category, 'order');
    assert.ok(confidenceOf(result, 'order') > 0 && confidenceOf(result, 'order') < 0.2);
    assert.equal(result.categories.length, 1);
  });

  it('ranks one specific sign above several generic ones of another category', () => {
    assert.ok(combine([0.55]) > combine([0.3, 0.3, 0.3]));
    assert.ok(combine([0.5, 0.5]) > combine([0.5]));
  });

  it('counts two rules of one category that read the same source line as one sign', () => {
    const at = (rule: string, line: number, weight: number, wholeTest = false): Signal => ({
      category: 'timing',
      rule,
      weight,
      origin: 'source',
      evidence: `T.java:${line}: x`,
      location: { file: 'T.java', line },
      ...(wholeTest ? { wholeTest } : {}),
    });
    const sameLine = weighSignals([at('tight-wait', 3, 0.4), at('time-budget', 3, 0.3)], []);
    const twoLines = weighSignals([at('tight-wait', 3, 0.4), at('time-budget', 5, 0.3)], []);
    const anchored = weighSignals([at('tight-wait', 3, 0.4), at('time-budget', 3, 0.3, true)], []);
    assert.equal(sameLine[0]?.confidence, 0.4);
    assert.ok((twoLines[0]?.confidence ?? 0) > 0.4);
    assert.equal(anchored[0]?.confidence, twoLines[0]?.confidence);
    assert.deepEqual(sameLine[0]?.evidence, ['T.java:3: x']);
  });

  it('ranks categories of equal confidence by how common the cause is (async wait before network)', () => {
    const sign = (category: Signal['category'], rule: string): Signal => ({ category, rule, weight: 0.2, origin: 'source', evidence: `T.java:1: ${rule}` });
    const verdicts = weighSignals([sign('network', 'local-network'), sign('concurrency', 'synchronisation'), sign('async-wait', 'async-call')], []);
    assert.deepEqual(verdicts.map((entry) => entry.category), ['async-wait', 'concurrency', 'network']);
  });

  it('reads the name the test source declares as a hint when the input names none', () => {
    const body = '{\n    pool.submit(task);\n    assertEquals(1, task.runs());\n}';
    const named = classify({ language: 'java', testSource: { file: 'T.java', text: `public void testConcurrentWrites() ${body}`, startLine: 1 } });
    const plain = classify({ language: 'java', testSource: { file: 'T.java', text: `public void testWrites() ${body}`, startLine: 1 } });
    assert.ok(confidenceOf(named, 'concurrency') > confidenceOf(plain, 'concurrency'));
  });

  it('reads the same answer twice from the same input', () => {
    const input = { language: 'go' as const, testSource: fixtureSource('go/labels_test.go'), messages: [fixture('wazero-poll/message-windows.txt')] };
    assert.deepEqual(classify(input), classify(input));
  });
});

describe('category orders', () => {
  it('the report order and the prior order each list every cause once (a missing one would sort first)', () => {
    // A Record over Cause: the compiler asks for every cause here.
    const every: Record<Cause, true> = {
      network: true,
      timing: true,
      'async-wait': true,
      concurrency: true,
      order: true,
      'unordered-collection': true,
      randomness: true,
      resource: true,
      platform: true,
      'floating-point': true,
    };
    const causes = Object.keys(every).sort();
    assert.deepEqual([...CATEGORY_ORDER].sort(), causes);
    assert.deepEqual([...PRIOR_ORDER].sort(), causes);
  });
});
