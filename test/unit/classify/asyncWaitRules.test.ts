// Async wait: sleeps and fixed-length waits before checking an asynchronous result.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classify } from '../../../src/core/classify/classifier';
import { categoriesOf, confidenceOf, fixtureSource, verdict } from './classifyFixtures';

describe('async-wait signs', () => {
  it('reads a Java Thread.sleep followed by assertions as async-wait, quoting the sleep', () => {
    const result = classify({ language: 'java', testSource: fixtureSource('java/BrokerRedeliveryTest.java') });
    assert.equal(result.category, 'async-wait');
    assert.equal(verdict(result, 'async-wait')?.evidence[0], 'java/BrokerRedeliveryTest.java:19: Thread.sleep(500);');
  });

  it('quotes a fixed-length receive before an assertion as well', () => {
    const evidence = verdict(classify({ language: 'java', testSource: fixtureSource('java/BrokerRedeliveryTest.java') }), 'async-wait')?.evidence ?? [];
    assert.ok(evidence.includes('java/BrokerRedeliveryTest.java:22: Message redelivered = consumer.receive(1000);'), evidence.join('\n'));
  });

  it('suggests Awaitility or a latch for Java', () => {
    assert.match(classify({ language: 'java', testSource: fixtureSource('java/BrokerRedeliveryTest.java') }).suggestion, /Awaitility/);
  });

  it('reads a TypeScript setTimeout promise before expect as async-wait', () => {
    const result = classify({ language: 'typescript', testSource: fixtureSource('typescript/debounce.test.ts') });
    assert.equal(result.category, 'async-wait');
    assert.match(result.suggestion, /waitFor/);
  });

  it('does not read a test on fake timers as async-wait', () => {
    const result = classify({ language: 'typescript', testSource: fixtureSource('typescript/debounceFakeTimers.test.ts') });
    assert.ok(!categoriesOf(result).includes('async-wait'));
  });

  it('reads a Python time.sleep before an assertion as async-wait', () => {
    const text = 'def test_worker_drains_queue(worker):\n    worker.submit(job)\n    time.sleep(0.5)\n    assert worker.done == 1\n';
    assert.equal(classify({ language: 'python', testSource: { file: 'test_worker.py', text, startLine: 1 } }).category, 'async-wait');
  });

  it('reads a Go time.Sleep before t.Errorf as async-wait', () => {
    const text = 'go srv.Serve(l)\ntime.Sleep(100 * time.Millisecond)\nif got := srv.Conns(); got != 1 {\n\tt.Errorf("conns = %d", got)\n}';
    assert.equal(classify({ language: 'go', testSource: { file: 'srv_test.go', text, startLine: 1 } }).category, 'async-wait');
  });

  it('counts a sleep inside a polling loop for less than a sleep before a check', () => {
    const polling = 'for i := 0; i < 50; i++ {\n\tif srv.Ready() {\n\t\tbreak\n\t}\n\ttime.Sleep(10 * time.Millisecond)\n}\nrequire.True(t, srv.Ready())';
    const sleeping = 'time.Sleep(500 * time.Millisecond)\nrequire.True(t, srv.Ready())';
    const poll = classify({ language: 'go', testSource: { file: 'srv_test.go', text: polling, startLine: 1 } });
    const sleep = classify({ language: 'go', testSource: { file: 'srv_test.go', text: sleeping, startLine: 1 } });
    assert.ok(confidenceOf(poll, 'async-wait') < confidenceOf(sleep, 'async-wait'));
  });

  it('does not count a sleep in a thread body as the test waiting', () => {
    const text = 'Thread worker = new Thread(() -> {\n    Thread.sleep(100);\n    done.set(true);\n});\nworker.start();\nworker.join();\nassertTrue(done.get());';
    const result = classify({ language: 'java', testSource: { file: 'WorkerTest.java', text, startLine: 1 } });
    assert.ok(!(verdict(result, 'async-wait')?.evidence ?? []).some((line) => line.includes('sleep')));
  });

  it('does not read a sleep written inside a string as one', () => {
    const text = 'job.setScript("import time\\ntime.sleep(1)");\nassertEquals("done", job.run());';
    const result = classify({ language: 'java', testSource: { file: 'JobTest.java', text, startLine: 1 } });
    assert.ok(!categoriesOf(result).includes('async-wait'));
  });

  it('counts a sleep with no check after it for less than one before a check', () => {
    const before = classify({ language: 'rust', testSource: { file: 'a.rs', text: 'start();\nthread::sleep(Duration::from_millis(50));\nassert!(done());', startLine: 1 } });
    const alone = classify({ language: 'rust', testSource: { file: 'a.rs', text: 'start();\nthread::sleep(Duration::from_millis(50));\nstop();', startLine: 1 } });
    assert.ok(confidenceOf(alone, 'async-wait') < confidenceOf(before, 'async-wait'));
  });

  it('does not take a test time budget for a sleep', () => {
    const result = classify({ language: 'javascript', testSource: { file: 'a.test.js', text: 'jest.setTimeout(30000);\nexpect(await load()).toBe(3);', startLine: 1 } });
    assert.ok(!categoriesOf(result).includes('async-wait'));
  });

  it('reads an Awaitility timeout message as async-wait', () => {
    const message = 'org.awaitility.core.ConditionTimeoutException: Condition with lambda expression in BrokerTest was not fulfilled within 10 seconds.';
    assert.equal(classify({ language: 'java', messages: [message] }).category, 'async-wait');
  });

  it('reads a Testing Library waitFor timeout as async-wait', () => {
    assert.equal(classify({ language: 'typescript', messages: ['Timed out in waitFor after 1000ms.'] }).category, 'async-wait');
  });
});
