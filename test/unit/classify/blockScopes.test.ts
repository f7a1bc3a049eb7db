// Which lines of a test run in code handed to something else (thread bodies, callbacks), and which are the test.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { handedOverLines } from '../../../src/core/classify/blockScopes';
import { sourceView, withChain } from '../../../src/core/classify/sourceText';

const linesOf = (language: 'java' | 'typescript' | 'go', text: string) => handedOverLines(sourceView({ file: 'a', text, startLine: 1 }, language, false));

describe('handedOverLines', () => {
  it('marks the body of an anonymous class, not the line that opens it', () => {
    assert.deepEqual(linesOf('java', 'Runnable r = new Runnable() {\n    public void run() {\n        work();\n    }\n};\nr.run();'), [false, true, true, true, true, false]);
  });

  it('marks the body of a lambda block', () => {
    assert.deepEqual(linesOf('java', 'executor.submit(() -> {\n    Thread.sleep(10);\n});\nassertTrue(done);'), [false, true, true, false]);
  });

  it('does not mark plain blocks (if, for, try)', () => {
    assert.deepEqual(linesOf('java', 'for (int i = 0; i < 3; i++) {\n    if (ready()) {\n        Thread.sleep(10);\n    }\n}'), [false, false, false, false, false]);
  });

  it('does not take the body of a test declared with it(...) for handed-over code', () => {
    assert.deepEqual(linesOf('typescript', "it('waits', async () => {\n  await sleep(10);\n  expect(done).toBe(true);\n});"), [false, false, false, false]);
  });

  it('marks the body of a goroutine', () => {
    assert.deepEqual(linesOf('go', 'go func() {\n\ttime.Sleep(time.Millisecond)\n}()\nif !done {'), [false, true, true, false]);
  });

  it('ignores braces inside strings', () => {
    assert.deepEqual(linesOf('java', 'String s = "new X() {";\nsleep(1);'), [false, false]);
  });
});

describe('withChain', () => {
  it('joins the continuation lines of a fluent assertion', () => {
    assert.equal(withChain(['assertThat(took)', '    .isGreaterThan(0)', '    .isLessThan(limit);', 'next();'], 0), 'assertThat(took) .isGreaterThan(0) .isLessThan(limit);');
  });

  it('joins the arguments of a call and the value of an assignment written on the next lines', () => {
    assert.equal(withChain(['assertTrue("took too long",', '    elapsed < 100);', 'next();'], 0), 'assertTrue("took too long", elapsed < 100);');
    assert.equal(withChain(['List<String> expected =', '    Arrays.asList("a", "b", "c");', 'next();'], 0), 'List<String> expected = Arrays.asList("a", "b", "c");');
  });

  it('stops at the end of a statement and at a block', () => {
    assert.equal(withChain(['run(() -> {', '    work();', '});'], 0), 'run(() -> {');
    assert.equal(withChain(['foo(a);', '    bar(b);'], 0), 'foo(a);');
  });

  it('leaves a line without continuation alone', () => {
    assert.equal(withChain(['a();', 'b();'], 0), 'a();');
  });
});
