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

  it('reads a sleep between two clock readings as timing rather than async-wait', () => {
    const result = java('long before = System.currentTimeMillis();\nThread.sleep(10);\nentry.touch();\nassertTrue(entry.lastAccess() > before);');
    assert.equal(result.category, 'timing');
    const evidence = verdict(result, 'timing')?.evidence ?? [];
    assert.ok(evidence.includes('SomeTest.java:1: long before = System.currentTimeMillis();'));
    assert.ok(evidence.includes('SomeTest.java:2: Thread.sleep(10);'));
  });

  it('keeps a sleep with no clock reading beside it an async-wait', () => {
    assert.equal(java('service.start();\nThread.sleep(500);\nassertTrue(service.isReady());').category, 'async-wait');
  });

  it('reads a test that expects a timeout as timing', () => {
    const result = java('assertThrows(TimeoutException.class, () -> client.call(request, 50));');
    assert.equal(result.category, 'timing');
  });

  it('reads a very short bounded wait as a timing sign beside the async wait', () => {
    const result = java('handler.fire(event);\nMockito.verify(listener, Mockito.timeout(100)).onEvent(any());');
    assert.ok(categoriesOf(result).includes('timing'));
    assert.equal(verdict(result, 'timing')?.evidence[0], 'SomeTest.java:2: Mockito.verify(listener, Mockito.timeout(100)).onEvent(any());');
  });

  it('does not read an index as a short wait', () => {
    assert.ok(!categoriesOf(java('Row row = rows.get(10);\nassertEquals("a", row.name());')).includes('timing'));
  });

  it('reads floating-point arithmetic compared as text as floating-point', () => {
    const result = java('String shown = String.format("%.2f", total / count);\nassertEquals("0.33", shown);');
    assert.equal(result.category, 'floating-point');
  });

  it('does not read floating-point arithmetic checked with a delta as floating-point', () => {
    assert.ok(!categoriesOf(java('double root = Math.sqrt(area);\nassertEquals(1.4142, root, 0.0001);')).includes('floating-point'));
  });

  it('reads state that callbacks on other threads append to, then checked, as concurrency', () => {
    const result = java(
      [
        'final StringBuilder events = new StringBuilder();',
        'acceptor.setHandler(new Handler() {',
        '    public void opened(Session s) {',
        '        events.append("open");',
        '    }',
        '    public void closed(Session s) {',
        '        events.append("close");',
        '    }',
        '});',
        'connector.connect(address).awaitUninterruptibly();',
        'assertEquals("openclose", events.toString());',
      ].join('\n'),
    );
    assert.equal(result.category, 'concurrency');
    assert.ok((verdict(result, 'concurrency')?.evidence ?? []).includes('SomeTest.java:4: events.append("open");'));
  });

  it('does not read a result handed out of a callback as a race', () => {
    const result = java(
      ['final AtomicReference<Throwable> failure = new AtomicReference<>();', 'client.onError((e) -> {', '    failure.set(e);', '});', 'assertNull(failure.get());'].join('\n'),
    );
    assert.ok(!categoriesOf(result).includes('concurrency') || confidenceOf(result, 'concurrency') < 0.3);
  });

  it('reads a set printed as text and compared with a literal list as unordered-collection', () => {
    const result = java('Collection<String> names = registry.names();\nassertEquals("[alpha, beta]", names.toString());');
    assert.equal(result.category, 'unordered-collection');
  });

  it('reads threads started and then waited for with a sleep as async-wait, quoting the sleep', () => {
    const result = java(
      [
        'for (int i = 0; i < 4; i++) {',
        '    Thread t = new Thread(workers[i]);',
        '    t.start();',
        '}',
        'Thread.sleep(100);',
        'assertEquals(0, queue.size());',
      ].join('\n'),
    );
    assert.equal(result.category, 'async-wait');
    assert.equal(verdict(result, 'async-wait')?.evidence[0], 'SomeTest.java:5: Thread.sleep(100);');
  });

  it('does not read a sleep in a polling loop after threads are started as the wait for them', () => {
    const text = [
      'Thread worker = new Thread(task);',
      'worker.start();',
      'while (!task.isDone()) {',
      '    Thread.sleep(10);',
      '}',
      'assertEquals(3, task.count());',
    ].join('\n');
    const result = java(text);
    const signals = verdict(result, 'async-wait')?.evidence ?? [];
    assert.ok(!signals.includes('SomeTest.java:1: Thread worker = new Thread(task);'), signals.join('\n'));
    // The sleep is read, as a sleep in a loop (0.3), not as a sleep standing in for a join (0.6).
    assert.ok(signals.includes('SomeTest.java:4: Thread.sleep(10);'), signals.join('\n'));
    assert.ok(confidenceOf(result, 'async-wait') < 0.6, String(confidenceOf(result, 'async-wait')));
  });

  it('reads a sleep after a loop that started threads (the loop closed) as the wait for them', () => {
    const text = ['for (Runnable w : workers) {', '    new Thread(w).start();', '}', 'Thread.sleep(100);', 'assertEquals(0, queue.size());'].join('\n');
    assert.ok(confidenceOf(java(text), 'async-wait') >= 0.6);
  });

  it('reads a loop that starts a thread, sleeps and checks, each iteration, as a sleep standing in for a join', () => {
    const text = [
      'for (int i = 1; i <= 3; i++) {',
      '    Thread t = new Thread(task);',
      '    t.start();',
      '    Thread.sleep(100);',
      '    assertEquals(i, counter.get());',
      '}',
    ].join('\n');
    assert.ok(confidenceOf(java(text), 'async-wait') >= 0.6);
  });

  it('does not read a sleep followed by a join of the threads as the wait for them', () => {
    const text = ['Thread consumer = new Thread(reader);', 'consumer.start();', 'Thread.sleep(100);', 'consumer.join();', 'assertEquals(3, reader.count());'].join('\n');
    const evidence = verdict(java(text), 'async-wait')?.evidence ?? [];
    assert.ok(!evidence.includes('SomeTest.java:1: Thread consumer = new Thread(reader);'));
  });

  it('reads an expected list written on the line after its declaration as a fixed order', () => {
    const result = java('graph.computeDependencies();\nList<String> expected =\n    Arrays.asList("a", "o", "x", "b");\nAssert.assertEquals(expected, graph.order());');
    assert.equal(result.category, 'unordered-collection');
  });

  it('does not let a singleton looked up, beside a class-level setup, outrank a wait helper', () => {
    const result = java('Harness.setupLocalDir();\nRegistry registry = Registry.getInstance();\nwaitForNodes(registry, 3);\nassertEquals(3, registry.size());');
    assert.equal(result.category, 'async-wait');
  });
});
