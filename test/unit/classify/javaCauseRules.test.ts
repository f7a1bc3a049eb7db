// Java signs from the literature on flaky-test causes (Luo et al. 2014, FlakyCat): concurrent hash collections read
// in order, handles left open, date arithmetic, ranges held to a measured value, background state checked without a
// wait, and random draws that only spread load in a worker.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classify } from '../../../src/core/classify/classifier';
import { categoriesOf, confidenceOf, verdict } from './classifyFixtures';

const java = (text: string) => classify({ language: 'java', testSource: { file: 'SomeTest.java', text, startLine: 1 } });

describe('Java cause rules', () => {
  it('reads a ConcurrentHashMap iterated into a fixed order as unordered-collection, not concurrency', () => {
    const result = java(
      [
        'public void testNames() {',
        '    Map<String, Integer> counts = new ConcurrentHashMap<>();',
        '    counts.put("a", 1);',
        '    counts.put("b", 2);',
        '    List<String> names = new ArrayList<>();',
        '    for (String name : counts.keySet()) {',
        '        names.add(name);',
        '    }',
        '    assertEquals(Arrays.asList("a", "b"), names);',
        '}',
      ].join('\n'),
    );
    assert.equal(result.category, 'unordered-collection');
    assert.ok((verdict(result, 'unordered-collection')?.evidence ?? []).some((line) => line.startsWith('SomeTest.java:6:')));
  });

  it('reads a Guava hash set as a hash collection', () => {
    const result = java('Set<String> tags = Sets.newHashSet("x", "y");\nassertEquals("x,y", String.join(",", tags));');
    assert.equal(result.category, 'unordered-collection');
  });

  it('reads a map view compared with a list as unordered-collection', () => {
    const result = java('assertEquals(Arrays.asList(1, 2), new ArrayList<>(registry.getAll().values()));');
    assert.equal(result.category, 'unordered-collection');
    assert.deepEqual(verdict(result, 'unordered-collection')?.evidence, ['SomeTest.java:1: assertEquals(Arrays.asList(1, 2), new ArrayList<>(registry.getAll().values()));']);
  });

  it('reads a stream or statement opened and never closed as resource', () => {
    const result = java('FileInputStream in = new FileInputStream(file);\nassertEquals(42, in.read());');
    assert.equal(result.category, 'resource');
    assert.deepEqual(verdict(result, 'resource')?.evidence, ['SomeTest.java:1: FileInputStream in = new FileInputStream(file);']);
  });

  it('does not read a handle closed by try-with-resources or by close() as left open', () => {
    const tried = java('try (Connection c = db.getConnection();\n     Statement s = c.createStatement()) {\n    assertTrue(s.execute("select 1"));\n}');
    assert.ok(!categoriesOf(tried).includes('resource'));
    const closed = java('Statement s = connection.createStatement();\nassertTrue(s.execute("select 1"));\ns.close();');
    assert.ok(!categoriesOf(closed).includes('resource'));
  });

  it('reads date arithmetic as timing', () => {
    const result = java('LocalDateTime yesterday = LocalDateTime.now().minusDays(1);\nassertTrue(isStale(yesterday));');
    assert.equal(result.category, 'timing');
  });

  it('reads a measured value held to a narrow range as a weak timing sign', () => {
    const result = java('int served = limiter.served();\nassertTrue(served > 90 && served < 110);');
    assert.equal(result.category, 'timing');
    assert.ok(confidenceOf(result, 'timing') < 0.3);
  });

  it('does not read a containment check as a range', () => {
    assert.ok(!categoriesOf(java('String s = render();\nassertTrue(s, s.indexOf("<b>x</b>") >= 0);')).includes('timing'));
  });

  it('reads a background task checked as done with no wait as async-wait', () => {
    const result = java('Future<?> f = service.submitTask(task);\nassertTrue(f.isDone());');
    assert.ok(categoriesOf(result).includes('async-wait'));
    assert.ok((verdict(result, 'async-wait')?.evidence ?? []).includes('SomeTest.java:2: assertTrue(f.isDone());'));
  });

  it('does not read a check that a call is still blocked as a check made too early', () => {
    const result = java('Future<?> f = pool.lease("a");\nassertFalse(f.isDone());');
    assert.ok(!(verdict(result, 'async-wait')?.evidence ?? []).includes('SomeTest.java:2: assertFalse(f.isDone());'));
  });

  it('reads a bounded wait whose call spans parentheses as async-wait', () => {
    const result = java('Response r = await(client.request(req).map((x) -> x), WAIT_MILLIS, MILLISECONDS);\nassertNotNull(r);');
    assert.equal(result.category, 'async-wait');
  });

  it('reads a draw from a generator under any name as randomness', () => {
    const result = java('int size = generator.nextInt(100);\nassertEquals(size, buffer.fill(size));');
    assert.equal(result.category, 'randomness');
  });

  it('counts random bytes that only fill a payload as a weak sign', () => {
    const payload = java('byte[] bytes = new byte[64];\nnew Random().nextBytes(bytes);\nassertEquals(64, store.write(bytes));');
    const drawn = java('int n = new Random().nextInt(64);\nassertEquals(n, store.write(n));');
    assert.ok(confidenceOf(payload, 'randomness') <= 0.2);
    assert.ok(confidenceOf(drawn, 'randomness') > confidenceOf(payload, 'randomness'));
  });

  it('counts a random key drawn only inside a worker for less than one the test checks', () => {
    const worker = java(
      [
        'Runnable load = new Runnable() {',
        '    public void run() {',
        '        cache.get(ThreadLocalRandom.current().nextInt(100));',
        '    }',
        '};',
        'assertNull(fail.get());',
      ].join('\n'),
    );
    const checked = java('int n = ThreadLocalRandom.current().nextInt(100);\nassertEquals(n, cache.get(n));');
    assert.ok(confidenceOf(worker, 'randomness') < confidenceOf(checked, 'randomness'));
  });
});
