// Quarantine in each framework's idiom, on our own snippets: where the marker goes, that the reason cannot leave
// its literal, that tests already quarantined get nothing, and that CRLF files keep their line endings.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Language } from '../../../src/core/classify/language';
import type { Framework } from '../../../src/core/model';
import { quarantineFixes, rerunsFor } from '../../../src/core/fixes/quarantine';
import { quarantineReason } from '../../../src/core/fixes/reasonText';
import { applyEdits } from '../../../src/core/fixes/textEdit';
import { scanTest } from '../support/scanTestBuilder';

const REASON = 'flaky: 7% (21/300) in CI, likely network; see https://github.com/acme/sample/actions/runs/9/job/99';

function quarantine(language: Language, framework: Framework, text: string, name: string, line: number, reason = REASON, flakeRate = 0.07) {
  const outcome = quarantineFixes({ declaration: { name, line, file: 'f', framework }, language, text, reason, flakeRate });
  return { outcome, results: outcome.fixes.map((f) => applyEdits(text, f.edits)) };
}

test('the reason cites the rate with its sample, the cause and the last failure\'s job log', () => {
  assert.equal(
    quarantineReason(scanTest({ lastFailure: { runId: 9, jobId: 99, url: 'https://github.com/acme/sample/actions/runs/9/job/99', message: '', job: 'j', os: 'linux', sha: 'a', at: '' } })),
    REASON,
  );
});

test('without a safe job log URL the reason points at the first evidence line', () => {
  const reason = quarantineReason(scanTest({ lastFailure: null, recentFailures: [{ ...scanTest().recentFailures[0]!, url: 'javascript:alert(1)' }] }));
  assert.equal(reason, 'flaky: 7% (21/300) in CI, likely network; see tests/guest/tls_client.rs:9');
});

test('Rust: #[ignore = "…"] goes right above the fn, below #[test] and other attributes', () => {
  const text = '#[test]\n#[cfg(unix)]\nfn tls_sample_application() {\n    run();\n}\n';
  const { results } = quarantine('rust', 'libtest', text, 'tls::tls_sample_application', 3);
  assert.equal(results[0], `#[test]\n#[cfg(unix)]\n#[ignore = "${REASON}"]\nfn tls_sample_application() {\n    run();\n}\n`);
});

test('Rust doc-tests: `ignore` goes in the code fence (rustdoc lists the block as ignored), after its other attributes', () => {
  const cases: [string, string][] = [
    ['/// Adds.\n///\n/// ```\n/// assert_eq!(add(1, 1), 2);\n/// ```\npub fn add(a: u8, b: u8) -> u8 { a + b }\n', '/// ```ignore'],
    ['/// ```rust\n/// f();\n/// ```\npub fn f() {}\n', '/// ```rust,ignore'],
    ['//! ```no_run\n//! f();\n//! ```\n', '//! ```no_run,ignore'],
    ['/**\n * Docs.\n *\n * ```\n * f();\n * ```\n */\npub fn f() {}\n', ' * ```ignore'],
    ['    /// ~~~should_panic\n    /// g();\n    /// ~~~\n    pub fn g() {}\n', '    /// ~~~should_panic,ignore'],
  ];
  for (const [text, fenceAfter] of cases) {
    const line = text.split('\n').findIndex((l) => /```|~~~/.test(l)) + 1;
    const { outcome, results } = quarantine('rust', 'libtest', text, 'add', line);
    assert.equal(outcome.fixes.length, 1, text);
    assert.equal(results[0]?.split('\n')[line - 1], fenceAfter);
    // Only the fence changes.
    assert.deepEqual(results[0]?.split('\n').filter((_, i) => i !== line - 1), text.split('\n').filter((_, i) => i !== line - 1));
  }
  const crlf = '/// ```rust\r\n/// f();\r\n/// ```\r\npub fn f() {}\r\n';
  assert.equal(quarantine('rust', 'libtest', crlf, 'f', 1).results[0], crlf.replace('```rust\r', '```rust,ignore\r'));
});

test('Rust doc-tests already `ignore`d get nothing', () => {
  for (const fence of ['/// ```ignore', '/// ```rust, ignore', '/// ```ignore,should_panic']) {
    const { outcome } = quarantine('rust', 'libtest', `${fence}\n/// f();\n/// \`\`\`\npub fn f() {}\n`, 'f', 1);
    assert.equal(outcome.fixes.length, 0, fence);
    assert.match(outcome.refused[0]?.reason ?? '', /already/);
  }
});

test('Rust: an indented test in a module keeps its indentation', () => {
  const text = 'mod tests {\n    #[test]\n    fn parses() {}\n}\n';
  const { results } = quarantine('rust', 'libtest', text, 'tests::parses', 3, 'flaky');
  assert.equal(results[0], 'mod tests {\n    #[test]\n    #[ignore = "flaky"]\n    fn parses() {}\n}\n');
});

test('Rust: an already #[ignore]d test gets nothing', () => {
  const { outcome } = quarantine('rust', 'libtest', '#[test]\n#[ignore = "slow"]\nfn a() {}\n', 'a', 3);
  assert.deepEqual(outcome.fixes, []);
  assert.match(outcome.refused[0]?.reason ?? '', /already/);
});

test('Rust: an #[ignore] on the fn line itself is seen (a second one would be added above)', () => {
  const { outcome } = quarantine('rust', 'libtest', '#[test] #[ignore = "needs network"] fn resolves() {}\n', 'resolves', 1);
  assert.deepEqual(outcome.fixes, []);
  assert.match(outcome.refused[0]?.reason ?? '', /already/);
  // "#[ignore" in a string on the line is not the attribute.
  const text = '#[test] #[should_panic(expected = "#[ignore")] fn f() {}\n';
  assert.equal(quarantine('rust', 'libtest', text, 'f', 1, 'r').results[0], `#[ignore = "r"]\n${text}`);
});

test('the reason drops U+061C (Arabic Letter Mark), a bidi control like the others', () => {
  const { results } = quarantine('rust', 'libtest', '#[test]\nfn a() {}\n', 'a', 2, 'a\u061cb\u200fc');
  assert.equal(results[0], '#[test]\n#[ignore = "a b c"]\nfn a() {}\n');
});

test('Rust: a hostile reason stays inside the string literal', () => {
  const { results } = quarantine('rust', 'libtest', '#[test]\nfn a() {}\n', 'a', 2, 'x"] fn evil() { std::process::exit(1) } #[ignore = "\\\n\u2028\u202e');
  assert.equal(results[0], '#[test]\n#[ignore = "x\\"] fn evil() { std::process::exit(1) } #[ignore = \\"\\\\"]\nfn a() {}\n');
});

test('Go: t.Skip("…") becomes the first statement of a test function', () => {
  const text = 'func TestPoll(t *testing.T) {\n\tdir := t.TempDir()\n}\n';
  const { results } = quarantine('go', 'gotest', text, 'TestPoll', 1, 'flaky "50%"');
  assert.equal(results[0], 'func TestPoll(t *testing.T) {\n\tt.Skip("flaky \\"50%\\"")\n\tdir := t.TempDir()\n}\n');
});

test('Go: a subtest is skipped inside its t.Run closure, with its own parameter name', () => {
  const text = 'func TestPoll(t *testing.T) {\n\tt.Run("timeout", func(tt *testing.T) {\n\t\tok := Poll()\n\t})\n}\n';
  const { results } = quarantine('go', 'gotest', text, 'TestPoll/timeout', 2, 'flaky');
  assert.equal(results[0], 'func TestPoll(t *testing.T) {\n\tt.Run("timeout", func(tt *testing.T) {\n\t\ttt.Skip("flaky")\n\t\tok := Poll()\n\t})\n}\n');
});

test('Go: a testify suite method skips through s.T()', () => {
  const { results } = quarantine('go', 'gotest', 'func (s *ApiSuite) TestGet() {\n\ts.Equal(1, 1)\n}\n', 'TestRunner/TestGet', 1, 'flaky');
  assert.equal(results[0], 'func (s *ApiSuite) TestGet() {\n\ts.T().Skip("flaky")\n\ts.Equal(1, 1)\n}\n');
});

test('Go: a one-line test or subtest is refused, never skipped inside the next function', () => {
  const text = 'func TestDialTCP(t *testing.T) { testDial(t, "tcp") }\n\nfunc TestDialUDP(t *testing.T) {\n\ttestDial(t, "udp")\n}\n';
  const sub = 'func TestAll(t *testing.T) {\n\tt.Run("fast", func(t *testing.T) { check(t, 1) })\n\tt.Run("slow", func(t *testing.T) {\n\t\tcheck(t, 2)\n\t})\n}\n';
  for (const [source, name, line] of [[text, 'TestDialTCP', 1], [sub, 'TestAll/fast', 2]] as const) {
    const { outcome } = quarantine('go', 'gotest', source, name, line);
    assert.deepEqual(outcome.fixes, [], name);
    assert.match(outcome.refused[0]?.reason ?? '', /one-line test/, name);
  }
});

test('Go: a wrapped signature and a brace or "func" in a string before the body still find the body', () => {
  const text = 'func TestLong(\n\tt *testing.T,\n) {\n\tx()\n}\n';
  assert.equal(quarantine('go', 'gotest', text, 'TestLong', 1, 'r').results[0], 'func TestLong(\n\tt *testing.T,\n) {\n\tt.Skip("r")\n\tx()\n}\n');
  const sub = 'func TestA(t *testing.T) {\n\tt.Run("{func}", func(tt *testing.T) {\n\t\tx()\n\t})\n}\n';
  assert.equal(quarantine('go', 'gotest', sub, 'TestA/{func}', 2, 'r').results[0], sub.replace('\t\tx()', '\t\ttt.Skip("r")\n\t\tx()'));
});

test('Go: a test that already skips first gets nothing', () => {
  const { outcome } = quarantine('go', 'gotest', 'func TestA(t *testing.T) {\n\n\tt.Skip("later")\n}\n', 'TestA', 1);
  assert.deepEqual(outcome.fixes, []);
});

test('jest/vitest: it(…) becomes it.skip(…) with the reason in a comment above', () => {
  const text = "describe('Poller', () => {\n  it('eventually responds', async () => {\n    await poll();\n  });\n});\n";
  const { results } = quarantine('typescript', 'jest', text, 'Poller › eventually responds', 2, 'flaky: 20% (4/20) in CI');
  assert.equal(results[0], "describe('Poller', () => {\n  // flaky: 20% (4/20) in CI (quarantined)\n  it.skip('eventually responds', async () => {\n    await poll();\n  });\n});\n");
});

test('jest/vitest: test.only, test.each and test.concurrent keep their modifiers, skip placed where the runners accept it', () => {
  const one = (line: string) => quarantine('javascript', 'vitest', `${line}\n`, 'x', 1, 'r').results[0]?.split('\n')[1];
  assert.equal(one("test.only('x', () => {})"), "test.skip('x', () => {})");
  assert.equal(one("test.each([1, 2])('x %i', (n) => {})"), "test.skip.each([1, 2])('x %i', (n) => {})");
  assert.equal(one("test.concurrent('x', async () => {})"), "test.concurrent.skip('x', async () => {})");
});

test('jest/vitest: a title on the line after the call still finds the call', () => {
  const text = 'test(\n  "totals",\n  () => {},\n);\n';
  const { results } = quarantine('typescript', 'jest', text, 'totals', 2, 'r');
  assert.equal(results[0], '// r (quarantined)\ntest.skip(\n  "totals",\n  () => {},\n);\n');
});

test('jest/vitest: "test (" or "it(" inside a title is not the call: the wrapped call above gets .skip', () => {
  const text = "describe('client', () => {\n  it(\n    'gives up after the second test (no third retry)',\n    async () => {},\n  );\n});\n";
  const { outcome, results } = quarantine('typescript', 'jest', text, 'client › gives up after the second test (no third retry)', 3, 'r');
  assert.equal(results[0], "describe('client', () => {\n  // r (quarantined)\n  it.skip(\n    'gives up after the second test (no third retry)',\n    async () => {},\n  );\n});\n");
  assert.equal(outcome.fixes[0]?.title, 'Quarantine: it.skip(…) with the reason in a comment');
  const same = quarantine('javascript', 'jest', "test('it (still) works', () => {});\n", 'it (still) works', 1, 'r');
  assert.equal(same.results[0], "// r (quarantined)\ntest.skip('it (still) works', () => {});\n");
  assert.equal(same.outcome.fixes[0]?.description, "test('it (still) works', () => {}); → test.skip('it (still) works', () => {});");
});

test('jest/vitest: xit, it.skip and it.todo are already quarantined', () => {
  for (const line of ["xit('a', () => {})", "it.skip('a', () => {})", "test.todo('a')"]) {
    assert.deepEqual(quarantine('typescript', 'jest', line, 'a', 1).outcome.fixes, [], line);
  }
});

test('jest/vitest: a reason with line terminators cannot end the comment', () => {
  const { results } = quarantine('typescript', 'jest', "it('a', () => {})\n", 'a', 1, 'x\nprocess.exit(1)\u2028y\r\nz');
  assert.equal(results[0], "// x process.exit(1) y z (quarantined)\nit.skip('a', () => {})\n");
});

test('pytest: both flaky(reruns=N) and skip(reason=…) are offered, below the other decorators', () => {
  const text = 'import pytest\n\n@pytest.mark.parametrize("n", [1, 2])\ndef test_retry_backoff(n):\n    assert n\n';
  const { outcome, results } = quarantine('python', 'pytest', text, 'tests/test_api.py::test_retry_backoff', 4, 'flaky: 20% (4/20)', 0.2);
  assert.deepEqual(outcome.fixes.map((f) => f.title), ['Quarantine: @pytest.mark.flaky(reruns=4) (pytest-rerunfailures re-runs it)', 'Quarantine: @pytest.mark.skip(reason="flaky: 20% (4/20)")']);
  assert.equal(results[0], 'import pytest\n\n@pytest.mark.parametrize("n", [1, 2])\n# flaky: 20% (4/20)\n@pytest.mark.flaky(reruns=4)\ndef test_retry_backoff(n):\n    assert n\n');
  assert.equal(results[1], 'import pytest\n\n@pytest.mark.parametrize("n", [1, 2])\n@pytest.mark.skip(reason="flaky: 20% (4/20)")\ndef test_retry_backoff(n):\n    assert n\n');
});

test('pytest: import pytest is added after the docstring and __future__ imports, before the first import', () => {
  const text = '"""API tests."""\nfrom __future__ import annotations\n\nimport os\n\n\ndef test_a():\n    pass\n';
  const { results } = quarantine('python', 'pytest', text, 'test_a', 7, 'r');
  assert.equal(results[1], '"""API tests."""\nfrom __future__ import annotations\n\nimport pytest\nimport os\n\n\n@pytest.mark.skip(reason="r")\ndef test_a():\n    pass\n');
});

test('pytest: a file without imports gets import pytest after its docstring', () => {
  const text = '"""\nNo imports.\n"""\n\ndef test_a():\n    pass\n';
  const { results } = quarantine('python', 'pytest', text, 'test_a', 5, 'r');
  assert.equal(results[1], '"""\nNo imports.\n"""\nimport pytest\n\n@pytest.mark.skip(reason="r")\ndef test_a():\n    pass\n');
});

test('pytest: a docstring line that starts with "import " is not an import: import pytest goes after the docstring', () => {
  const text = '"""Tests for the client.\n\nimport this module only from the runner.\n"""\nimport os\n\n\ndef test_a():\n    pass\n';
  const { results } = quarantine('python', 'pytest', text, 'test_a', 8, 'r');
  assert.equal(results[1], '"""Tests for the client.\n\nimport this module only from the runner.\n"""\nimport pytest\nimport os\n\n\n@pytest.mark.skip(reason="r")\ndef test_a():\n    pass\n');
});

test('pytest: only a top-level import pytest counts; one inside a function or the docstring does not', () => {
  const text = 'def helper():\n    import pytest\n    return pytest\n\n\ndef test_a():\n    pass\n';
  const { results } = quarantine('python', 'pytest', text, 'test_a', 6, 'r');
  assert.equal(results[1], `import pytest\n${text.replace('def test_a', '@pytest.mark.skip(reason="r")\ndef test_a')}`);
  const doc = '"""\nimport pytest\n"""\n\ndef test_a():\n    pass\n';
  assert.equal(quarantine('python', 'pytest', doc, 'test_a', 5, 'r').results[1], '"""\nimport pytest\n"""\nimport pytest\n\n@pytest.mark.skip(reason="r")\ndef test_a():\n    pass\n');
});

test('pytest: a method keeps its class indentation; a flaky-marked test is offered only skip; a skipped one nothing', () => {
  const method = quarantine('python', 'pytest', 'import pytest\nclass TestApi:\n    def test_a(self):\n        pass\n', 'test_a', 3, 'r');
  assert.equal(method.results[1], 'import pytest\nclass TestApi:\n    @pytest.mark.skip(reason="r")\n    def test_a(self):\n        pass\n');
  const flaky = quarantine('python', 'pytest', 'import pytest\n@pytest.mark.flaky(reruns=2)\ndef test_a():\n    pass\n', 'test_a', 3, 'r');
  assert.deepEqual(flaky.outcome.fixes.map((f) => f.title), ['Quarantine: @pytest.mark.skip(reason="r")']);
  assert.deepEqual(quarantine('python', 'pytest', 'import pytest\n@pytest.mark.skip\ndef test_a():\n    pass\n', 'test_a', 3).outcome.fixes, []);
});

test('pytest: a hostile reason stays in the string and the comment', () => {
  const { results } = quarantine('python', 'pytest', 'import pytest\ndef test_a():\n    pass\n', 'test_a', 2, 'a") or __import__("os").system("x\n#');
  assert.equal(results[1]?.split('\n')[1], '@pytest.mark.skip(reason="a\\") or __import__(\\"os\\").system(\\"x #")');
  assert.equal(results[0]?.split('\n')[1], '# a") or __import__("os").system("x #');
});

test('Python doctests: # doctest: +SKIP ends each example\'s prompt line (checked with CPython\'s doctest: it then runs none of them)', () => {
  const text = [
    'def price(x):',
    '    """Price of x.',
    '',
    '    >>> price(2)',
    '    4',
    '    >>> price(3)  # doctest: +ELLIPSIS',
    '    6',
    '    >>> # a comment only',
    '    >>> for i in range(2):',
    '    ...     print(i)',
    '    0',
    '    1',
    '    >>> print("# not a directive")',
    '    # not a directive',
    '    """',
    '    return x * 2',
    '',
  ].join('\n');
  const { outcome, results } = quarantine('python', 'unittest', text, 'shop.price', 2);
  assert.equal(outcome.fixes[0]?.title, 'Quarantine: # doctest: +SKIP on its 4 examples');
  const after = results[0]?.split('\n') ?? [];
  assert.equal(after[3], '    >>> price(2)  # doctest: +SKIP');
  // An existing directive takes the option; a comment-only prompt is left alone (a directive there is an error).
  assert.equal(after[5], '    >>> price(3)  # doctest: +ELLIPSIS +SKIP');
  assert.equal(after[7], '    >>> # a comment only');
  assert.equal(after[8], '    >>> for i in range(2):  # doctest: +SKIP');
  assert.equal(after[9], '    ...     print(i)');
  assert.equal(after[12], '    >>> print("# not a directive")  # doctest: +SKIP');
  assert.equal(after.length, text.split('\n').length);
  // A module docstring, single quotes, CRLF.
  const module = "'''Shop.\r\n\r\n>>> 1 + 1\r\n2\r\n'''\r\n";
  assert.equal(quarantine('python', 'unittest', module, 'shop', 1).results[0], module.replace('>>> 1 + 1', '>>> 1 + 1  # doctest: +SKIP'));
});

test('Python doctests: already skipped, or an example the directive cannot end safely, get nothing', () => {
  const cases: [string, RegExp][] = [
    ['def f():\n    """\n    >>> f()  # doctest: +SKIP\n    """\n', /already/],
    ['def f():\n    """>>> f()\n    """\n', /first or last line/],
    ['def f():\n    """\n    >>> f()"""\n', /first or last line/],
    ["def f():\n    \"\"\"\n    >>> s = '''a\n    ... b'''\n    \"\"\"\n", /goes on/],
    ['def f():\n    """\n    >>> x = 1 + \\\n    """\n', /goes on/],
    ['def test_f():\n    """No examples."""\n', /only pytest tests and doctests/],
  ];
  for (const [text, reason] of cases) {
    const { outcome } = quarantine('python', 'unittest', text, 'm.f', 2);
    assert.equal(outcome.fixes.length, 0, text);
    assert.match(outcome.refused[0]?.reason ?? '', reason, text);
  }
});

test('the reruns make a flaky failure fail the job about once in a thousand runs', () => {
  assert.equal(rerunsFor(0.07), 2);
  assert.equal(rerunsFor(0.2), 4);
  assert.equal(rerunsFor(0.5), 5);
  assert.equal(rerunsFor(0.001), 1);
  assert.equal(rerunsFor(0), 2);
});

test('JUnit 5: @Disabled("…") above the method, and its import after the last import', () => {
  const text = 'package com.acme;\n\nimport org.junit.jupiter.api.Test;\n\nclass CartTest {\n    @Test\n    void appliesCoupon() {\n    }\n}\n';
  const { results } = quarantine('java', 'junit', text, 'appliesCoupon', 7, 'r "q" \\u000a');
  assert.equal(
    results[0],
    'package com.acme;\n\nimport org.junit.jupiter.api.Test;\nimport org.junit.jupiter.api.Disabled;\n\nclass CartTest {\n    @Test\n    @Disabled("r \\"q\\" \\\\u000a")\n    void appliesCoupon() {\n    }\n}\n',
  );
});

test('JUnit 4: @Ignore("…") with org.junit.Ignore; an already @Ignored test gets nothing', () => {
  const text = 'import org.junit.Test;\nimport static org.junit.Assert.*;\npublic class CartTest {\n  @Test\n  public void a() {}\n}\n';
  const { results } = quarantine('java', 'junit', text, 'a', 5, 'r');
  assert.equal(results[0], 'import org.junit.Test;\nimport static org.junit.Assert.*;\nimport org.junit.Ignore;\npublic class CartTest {\n  @Test\n  @Ignore("r")\n  public void a() {}\n}\n');
  assert.deepEqual(quarantine('java', 'junit', 'import org.junit.Test;\nclass T {\n  @Ignore @Test\n  public void a() {}\n}\n', 'a', 4).outcome.fixes, []);
});

test('JUnit 5: an @Disabled above a multi-line annotation is seen (a second one does not compile)', () => {
  const annotated = (above: string, values: string) =>
    `import org.junit.jupiter.api.Disabled;\nimport org.junit.jupiter.params.ParameterizedTest;\n\nclass CartTest {\n${above}    @ParameterizedTest\n    @CsvSource({\n        ${values},\n        "3, 4"\n    })\n    void adds(int a, int b) {\n    }\n}\n`;
  const { outcome } = quarantine('java', 'junit', annotated('    @Disabled("flaky, see #12")\n', '"1, 2"'), 'adds', 11);
  assert.deepEqual(outcome.fixes, []);
  assert.match(outcome.refused[0]?.reason ?? '', /already/);
  // A doc comment's unbalanced "a)" does not pull the method above (and its @Disabled) into the block.
  const doc = 'class T {\n    @Disabled\n    @Test\n    void a() {\n    }\n\n    /**\n     * a) first\n     */\n    @Test\n    void b() {\n    }\n}\n';
  assert.equal(quarantine('java', 'junit', `import org.junit.jupiter.api.Disabled;\n${doc}`, 'b', 12).outcome.fixes.length, 1);
  // An "@Disabled" in a string of the block is not an annotation.
  const text = annotated('', '"@Disabled (x)"');
  assert.equal(quarantine('java', 'junit', text, 'adds', 10, 'r').results[0], text.replace('    void adds', '    @Disabled("r")\n    void adds'));
});

test('JUnit: another Disabled or Ignore already imported: the annotation is written fully qualified, with no import', () => {
  const text = 'import com.acme.testing.Disabled;\nimport org.junit.jupiter.api.Test;\n\nclass CartTest {\n    @Test\n    void adds() {\n    }\n}\n';
  const { results } = quarantine('java', 'junit', text, 'adds', 6, 'r');
  assert.equal(results[0], text.replace('    @Test\n', '    @Test\n    @org.junit.jupiter.api.Disabled("r")\n'));
  const junit4 = 'import org.junit.Test;\nimport org.junit.experimental.Ignore;\nclass T {\n  @Test\n  public void a() {}\n}\n';
  assert.equal(quarantine('java', 'junit', junit4, 'a', 5, 'r').results[0], junit4.replace('  @Test\n', '  @Test\n  @org.junit.Ignore("r")\n'));
  const wildcard = 'import org.junit.jupiter.api.*;\nimport org.junit.Disabled;\nclass T {\n  @Test\n  void a() {}\n}\n';
  assert.equal(quarantine('java', 'junit', wildcard, 'a', 5, 'r').results[0], wildcard.replace('  @Test\n', '  @Test\n  @org.junit.jupiter.api.Disabled("r")\n'));
  const kotlin = 'import org.junit.jupiter.api.Test\nimport com.acme.Off as Disabled\n\nclass T {\n    @Test\n    fun a() {}\n}\n';
  assert.equal(quarantine('kotlin', 'junit', kotlin, 'a', 6, 'r').results[0], kotlin.replace('    @Test\n', '    @Test\n    @org.junit.jupiter.api.Disabled("r")\n'));
});

test('Kotlin: @Disabled without a semicolon, and a $ in the reason cannot start a template', () => {
  const text = 'import org.junit.jupiter.api.Test\n\nclass CartTest {\n    @Test\n    fun appliesCoupon() {}\n}\n';
  const { results } = quarantine('kotlin', 'junit', text, 'appliesCoupon', 5, 'cost ${System.exit(1)}');
  assert.equal(results[0], 'import org.junit.jupiter.api.Test\nimport org.junit.jupiter.api.Disabled\n\nclass CartTest {\n    @Test\n    @Disabled("cost \\${System.exit(1)}")\n    fun appliesCoupon() {}\n}\n');
});

test('CRLF files get CRLF lines', () => {
  const rust = quarantine('rust', 'libtest', '#[test]\r\nfn a() {}\r\n', 'a', 2, 'r');
  assert.equal(rust.results[0], '#[test]\r\n#[ignore = "r"]\r\nfn a() {}\r\n');
  const go = quarantine('go', 'gotest', 'func TestA(t *testing.T) {\r\n\tx()\r\n}\r\n', 'TestA', 1, 'r');
  assert.equal(go.results[0], 'func TestA(t *testing.T) {\r\n\tt.Skip("r")\r\n\tx()\r\n}\r\n');
  const py = quarantine('python', 'pytest', 'import os\r\n\r\ndef test_a():\r\n    pass\r\n', 'test_a', 3, 'r');
  assert.equal(py.results[1], 'import pytest\r\nimport os\r\n\r\n@pytest.mark.skip(reason="r")\r\ndef test_a():\r\n    pass\r\n');
});

test('the reason is bounded to one line of at most 160 characters', () => {
  const { results } = quarantine('rust', 'libtest', '#[test]\nfn a() {}\n', 'a', 2, 'x'.repeat(500));
  const attribute = results[0]?.split('\n')[1] ?? '';
  assert.ok(attribute.length <= 160 + '#[ignore = ""]'.length, attribute);
  assert.match(attribute, /…"\]$/);
});
