// Concurrency: race detectors, deadlocks and concurrent modification in messages; threads and goroutines in source.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classify } from '../../../src/core/classify/classifier';
import { startsConcurrentWork } from '../../../src/core/classify/concurrencyRules';
import { categoriesOf, confidenceOf, verdict } from './classifyFixtures';

describe('concurrency signs', () => {
  it('reads a Go race detector report as concurrency with high confidence', () => {
    const message = '==================\nWARNING: DATA RACE\nWrite at 0x00c0001a4010 by goroutine 9:\n  cache.(*Cache).Put()\n==================\n    testing.go:1398: race detected during execution of test';
    const result = classify({ language: 'go', messages: [message] });
    assert.equal(result.category, 'concurrency');
    assert.ok(confidenceOf(result, 'concurrency') >= 0.85);
  });

  it('reads a Go deadlock as concurrency', () => {
    assert.equal(classify({ language: 'go', messages: ['fatal error: all goroutines are asleep - deadlock!'] }).category, 'concurrency');
  });

  it('reads a ConcurrentModificationException as concurrency', () => {
    const message = 'java.util.ConcurrentModificationException\n\tat java.base/java.util.HashMap$HashIterator.nextNode(HashMap.java:1597)';
    assert.equal(classify({ language: 'java', messages: [message] }).category, 'concurrency');
  });

  it('suggests go test -race for Go', () => {
    assert.match(classify({ language: 'go', messages: ['WARNING: DATA RACE'] }).suggestion, /go test -race/);
  });

  it('reads Rust threads sharing a counter as a concurrency sign, quoting the spawn', () => {
    const text = 'let counter = Arc::new(Mutex::new(0));\nlet handle = thread::spawn(move || {\n    *counter.lock().unwrap() += 1;\n});\nassert_eq!(*counter.lock().unwrap(), 1);';
    const result = classify({ language: 'rust', testSource: { file: 'tests/counter.rs', text, startLine: 1 } });
    assert.equal(result.category, 'concurrency');
    assert.ok((verdict(result, 'concurrency')?.evidence ?? []).includes('tests/counter.rs:2: let handle = thread::spawn(move || {'));
  });

  it('counts threads that are never joined for more than threads that are', () => {
    const unjoined = 'go func() { results <- work() }()\nif len(results) != 1 {\n\tt.Fatal("missing")\n}';
    const joined = 'var wg sync.WaitGroup\nwg.Add(1)\ngo func() { defer wg.Done(); work() }()\nwg.Wait()\nif done != 1 {\n\tt.Fatal("missing")\n}';
    const a = classify({ language: 'go', testSource: { file: 'a_test.go', text: unjoined, startLine: 1 } });
    const b = classify({ language: 'go', testSource: { file: 'a_test.go', text: joined, startLine: 1 } });
    assert.ok(confidenceOf(a, 'concurrency') > confidenceOf(b, 'concurrency'));
  });

  it('reads a Java executor as a concurrency sign', () => {
    const text = 'ExecutorService pool = Executors.newFixedThreadPool(4);\nfor (int i = 0; i < 100; i++) pool.submit(() -> list.add(1));\nassertEquals(100, list.size());';
    assert.equal(classify({ language: 'java', testSource: { file: 'ListTest.java', text, startLine: 1 } }).category, 'concurrency');
  });

  it('suggests awaiting the executor for Java', () => {
    const text = 'ExecutorService pool = Executors.newFixedThreadPool(4);\npool.submit(task);\nassertEquals(1, task.runs());';
    assert.match(classify({ language: 'java', testSource: { file: 'T.java', text, startLine: 1 } }).suggestion, /awaitTermination/);
  });

  it('does not read a server start as a thread', () => {
    const result = classify({ language: 'java', testSource: { file: 'T.java', text: 'broker.start();\nassertTrue(broker.isStarted());', startLine: 1 } });
    assert.ok(!categoriesOf(result).includes('concurrency'));
  });

  it('reads concurrent work started on a line as the one pattern it was split from does', () => {
    // The pattern before its costly alternatives were tried only on lines holding the text they need.
    const whole =
      /\bthread::(?:spawn|scope)\b|\btokio::(?:spawn|task::spawn\w*)\b|^\s*go\s+(?:func\b|[\w.]+\s*\()|\bnew\s+\w{0,40}Thread\s*\(|\bnew(?:Cached|Fixed|Scheduled|SingleThread|WorkStealing)\w{0,20}(?:ThreadPool|Executor)\s*\(|::(?:submit|execute)\b|\bThread\s*\{|\bthread\s*\{|\bExecutors\.\w+\s*\(|\bExecutorService\b|\.submit\s*\(|\bCompletableFuture\.\w+Async\b|\bForkJoinPool\b|\.parallelStream\s*\(|\.parallel\s*\(\s*\)|\bthreading\.Thread\s*\(|\bThreadPoolExecutor\s*\(|\bProcessPoolExecutor\s*\(|\bmultiprocessing\.\w+|\bnew\s+Worker\s*\(|\bworker_threads\b|\bpar_iter\w*\s*\(|\brayon::|\bcrossbeam::|\blaunch\s*\{|\bGlobalScope\.|\b\w{0,40}(?:[Tt]hread|[Ww]orker|[Tt]ask|[Rr]unner|[Pp]roducer|[Cc]onsumer|[Rr]eader|[Ww]riter)\w{0,20}(?:\[\w{1,20}\])?\.start\s*\(\s*\)|\b\w{0,40}(?:[Ee]xecutor|[Pp]ool)\w{0,20}\.(?:execute|invokeAny|schedule\w{0,20})\s*\(|\bnew\s+Runnable\s*\(/;
    const lines = [
      'readerThread.start();',
      'workers[i].start();',
      'producerTask.start ( );',
      'broker.start();',
      'thread.restart();',
      'executor.execute(() -> list.add(1));',
      'scheduledPool.scheduleAtFixedRate(task, 0, 1, SECONDS);',
      'pool.invokeAny(tasks);',
      'service.execute(job);',
      'let handle = thread::spawn(move || work());',
      '    go worker(ch)',
      'const pool = new Worker("./w.js");',
      'assertEquals(1, counter.get());',
    ];
    for (const line of lines) assert.equal(startsConcurrentWork(line), whole.test(line), line);
    assert.deepEqual(lines.filter(startsConcurrentWork).length, 9);
  });
});
