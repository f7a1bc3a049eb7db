// Hostile input: lines a pull request can make CI print, shaped to make a parser's regular expressions backtrack (a
// long run of whitespace or `=` that almost matches, a U+2028 where `$` is wanted), and a JUnit class name shaped
// against the dialect check. Each is timed at 16 and 60 KiB through the real reader with every parser: linear code
// takes about 4x as long for 4x the size, quadratic 14x. Session 7's review measured these at 0.2-4.7 s for one such
// line of 32-64 KiB before the fixes, and the class name at 140 s for 69 characters. Then the text that goes on from
// the reader, as hostile: ids the locator resolves and the messages and sources the classifier reads on the extension
// host, and the keys failures are grouped by, timed the same way at the sizes they can have (a log line's 64 KiB; the
// 4 KiB of a message its keys read; 50 messages of 8 KiB; a source of 200 KiB), each with the figure before its fix.

import { performance } from 'node:perf_hooks';
import { classify } from '../src/core/classify/classifier';
import { failureReasonKey, sharedCauseKey } from '../src/core/history/failureMessage';
import { TestIndex } from '../src/core/locate/testIndex';
import { parseJobLog } from '../src/core/logs/jobLogReader';
import { emptySigns, noteCase, type RawCase } from '../src/core/reports/junitDialects';
import { relatedSources } from '../src/core/scan/testSource';

const KIB = 1024;

function logOf(lines: readonly string[]): string {
  return `${lines.join('\n')}\n`;
}

const PY = '============================= test session starts ==============================';
const JEST = ['FAIL src/a.test.js', '  ● a › b', ''];

/** Each case: a log with one hostile line of about `n` characters (the shapes of session 7's review). */
const CASES: readonly { name: string; log: (n: number) => string }[] = [
  { name: 'pytest banner', log: (n) => logOf([PY, `== a${'='.repeat(n)}x=`]) },
  { name: 'pytest progress', log: (n) => logOf([PY, `a::b${'\t'.repeat(n)}x`]) },
  { name: 'pytest-xdist', log: (n) => logOf([PY, `[gw0] [0%] A A${'\t'.repeat(n)}g`]) },
  { name: 'gradle event', log: (n) => logOf([`PASSED${' > x'.repeat(n / 4)}D`]) },
  { name: 'surefire failed test', log: (n) => logOf([`,${'\t'.repeat(n)}Time elapsed: 1 s <<< ERROR!x`]) },
  { name: 'surefire tests run', log: (n) => logOf([`Tests run: 1, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: ${' <<< FAILURE!'.repeat(n / 13)}x`]) },
  { name: 'node spec result', log: (n) => logOf([`✔ m${' (0.0ms) # SKIP.s'.repeat(n / 18)}\r\u2028x`]) },
  { name: 'playwright list', log: (n) => logOf(['Running 1 test using 1 worker', `  × ${' '.repeat(n)}\u2028`]) },
  { name: 'tap result', log: (n) => logOf(['TAP version 13', `ok 0 a${' # SKIP D'.repeat(n / 9)}\u2028x`]) },
  { name: 'unittest test line', log: (n) => logOf([`test (a) (${') ....'.repeat(n / 6)}\u2028x`]) },
  { name: 'vitest file counts', log: (n) => logOf([' RUN  v1.0.0', ` ✓ |${'0 (0 test |'.repeat(n / 11)}\u2028t`]) },
  { name: 'dotnet stack frame', log: (n) => logOf(['  Failed a.b [1 ms]', '  Stack Trace:', `     at x${' in 0'.repeat(n / 5)}:line 1x`]) },
  { name: 'jest code frame', log: (n) => logOf([...JEST, `    ${'\t'.repeat(n)}x`]) },
  { name: 'jest caret line', log: (n) => logOf([...JEST, `    \t|${'\t'.repeat(n)}x`]) },
];

function timeOf(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

/** The fastest of three runs. */
function bestOf(run: () => void): number {
  return Math.min(...[0, 1, 2].map(() => timeOf(run)));
}

function locatorIndex(): TestIndex {
  const index = new TestIndex();
  index.setFile('Cargo.toml', '[package]\nname = "demo"\n');
  index.setFile('src/lib.rs', '/// ```\n/// assert!(demo::ok());\n/// ```\npub fn ok() -> bool { true }\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn works() {}\n}\n');
  index.setFile('go.mod', 'module example.com/demo\n');
  index.setFile('demo_test.go', 'package demo\n\nfunc TestStore(t *testing.T) {\n\tt.Run("get", func(t *testing.T) {})\n}\n');
  index.setFile('package.json', JSON.stringify({ devDependencies: { jest: '29' } }));
  index.setFile('src/sum.test.js', "test.each([[1, 2, 3]])('x %s y %s z %s w', (a, b, c) => {});\n");
  index.setFile('src/test/java/com/acme/FooTest.java', [
    'package com.acme;',
    'class FooTest {',
    '  @ParameterizedTest(name = "{0} and {1} and {2} end")',
    '  @ValueSource(ints = {1})',
    '  void bar(int a) {}',
    '}',
  ].join('\n'));
  return index;
}

/** The time to resolve an id of about `n` characters that `id` makes. */
function resolving(framework: string, suite: string, id: (n: number) => string): (n: number) => () => void {
  return (n) => {
    const index = locatorIndex();
    const test = { framework, suite, id: id(n) };
    return () => void index.resolve(test);
  };
}

/** Failure messages of 8 KiB (the classifier's bound), `n` characters in all, each of lines of 1,000 `piece`s. */
function messagesOf(piece: string, n: number): string[] {
  const line = piece.repeat(Math.ceil(1000 / piece.length)).slice(0, 999);
  return Array.from({ length: Math.ceil(n / (8 * KIB)) }, (_, i) => `${i}\n${Array.from({ length: 8 }, () => line).join('\n')}`);
}

/** The time to classify a Java test whose source is `text`. */
function classifyingSource(text: (n: number) => string): (n: number) => () => void {
  return (n) => {
    const source = { file: 'HostileTest.java', text: text(n), startLine: 1 };
    return () => void classify({ language: 'java', testSource: source });
  };
}

/** Each case: what one hostile text of about `n` characters costs after the reader. */
const AFTER_READER: readonly { name: string; before: string; small: number; large: number; run: (n: number) => () => void }[] = [
  {
    name: 'Rust doc-test id a.rs - .rs - … resolved',
    before: '0.9 s at 128 KiB, quadratic',
    small: 16 * KIB,
    large: 60 * KIB,
    run: resolving('libtest', 'Doc-tests demo', (n) => `a${'.rs - '.repeat(n / 6)}`),
  },
  {
    name: 'Rust id tests::::::… resolved',
    before: '3.2 s at 32 KiB, quadratic',
    small: 16 * KIB,
    large: 60 * KIB,
    run: resolving('libtest', 'src/lib.rs', (n) => `tests${'::'.repeat(n / 2)}x`),
  },
  {
    name: 'Go id TestStore////… resolved',
    before: '12.9 s at 32 KiB, quadratic',
    small: 16 * KIB,
    large: 60 * KIB,
    run: resolving('gotest', 'example.com/demo', (n) => `TestStore${'/'.repeat(n)}x`),
  },
  {
    name: 'jest id  ›  ›  › … resolved',
    before: '2.4 s at 32 KiB, quadratic',
    small: 16 * KIB,
    large: 60 * KIB,
    run: resolving('jest', 'src/sum.test.js', (n) => `${' › '.repeat(n / 3)}x`),
  },
  {
    name: "jest name x y z y z … against the title 'x %s y %s z %s w', resolved",
    before: '58 s at 4 KiB, cubic',
    small: 16 * KIB,
    large: 60 * KIB,
    run: resolving('jest', 'src/sum.test.js', (n) => `x ${'y z '.repeat(n / 4)}!`),
  },
  {
    name: "JUnit invocation ' and and …' against the name '{0} and {1} and {2} end', resolved",
    before: '6.5 s at 8 KiB, cubic',
    small: 16 * KIB,
    large: 60 * KIB,
    run: resolving('junit', 'com.acme.FooTest', (n) => `bar(int)[1] ${' and'.repeat(n / 4)} x`),
  },
  {
    name: 'JUnit parameter types bar(<<<…), resolved',
    before: '2.4 s at 32 KiB, quadratic',
    small: 16 * KIB,
    large: 60 * KIB,
    run: resolving('junit', 'com.acme.FooTest', (n) => `bar(${'<'.repeat(n)})`),
  },
  {
    name: 'failure reason key of a message of a.a.a… (read up to 4 KiB)',
    before: '17 ms per message at 4 KiB, quadratic',
    small: KIB,
    large: 4 * KIB,
    run: (n) => {
      const message = 'a.'.repeat(n / 2);
      return () => void failureReasonKey(message, 'tests::hostile');
    },
  },
  {
    name: 'shared-cause key of a message of a-a-a… (read up to 4 KiB)',
    before: '38 ms per message at 4 KiB, quadratic',
    small: KIB,
    large: 4 * KIB,
    run: (n) => {
      const message = 'a-'.repeat(n / 2);
      return () => void sharedCauseKey(message, 'tests::hostile');
    },
  },
  {
    name: 'classify: failure messages of lines of 1,000 digits',
    before: '0.76 s for 50 messages of 8 KiB',
    small: 128 * KIB,
    large: 400 * KIB,
    run: (n) => {
      const messages = messagesOf('1', n);
      return () => void classify({ language: 'java', messages });
    },
  },
  {
    name: 'classify: failure messages of lines of a.a.a…',
    before: '0.36 s for 50 messages of 8 KiB',
    small: 128 * KIB,
    large: 400 * KIB,
    run: (n) => {
      const messages = messagesOf('a.', n);
      return () => void classify({ language: 'java', messages });
    },
  },
  {
    name: 'sources named by 5 failure messages of aaaa…',
    before: '0.42 s for 8 KiB each',
    small: 2 * KIB,
    large: 8 * KIB,
    run: (n) => {
      const messages = Array.from({ length: 5 }, () => 'a'.repeat(n));
      return () => void relatedSources({ read: () => undefined, filesNamed: () => [] }, 'HostileTest.java', '', messages);
    },
  },
  {
    name: 'classify: a source starting a thread, then a loop of sleeps',
    before: '1.8 s at 128 KiB, quadratic',
    small: 32 * KIB,
    large: 128 * KIB,
    run: classifyingSource((n) => `new Thread(r).start();\nfor (;;) {\n${'    Thread.sleep(1);\n'.repeat(Math.ceil(n / 21))}`),
  },
  {
    name: 'classify: a source opening streams, closed at its end',
    before: '1.9 s at 128 KiB, quadratic',
    small: 32 * KIB,
    large: 128 * KIB,
    run: classifyingSource((n) => `${'s = new Socket(h);\n'.repeat(Math.ceil(n / 19))}s.close();\n`),
  },
];

function sizeOf(n: number): string {
  return n >= KIB ? `${n / KIB} KiB` : `${n} characters`;
}

export function benchHostileLines(): { name: string; value: number; unit: string }[] {
  const figures: { name: string; value: number; unit: string }[] = [];
  for (const c of CASES) {
    const small = c.log(16 * KIB);
    const large = c.log(60 * KIB);
    parseJobLog(small);
    const t16 = Math.min(...[0, 1, 2].map(() => timeOf(() => parseJobLog(small))));
    const t60 = Math.min(...[0, 1, 2].map(() => timeOf(() => parseJobLog(large))));
    figures.push({ name: `${c.name}: one 60 KiB hostile line, every parser`, value: t60, unit: `ms (16 KiB: ${t16.toFixed(1)} ms)` });
  }
  const classname = (k: number) => `$.A$${'A$A$'.repeat(k)}.`;
  const rawCase = (k: number): RawCase => ({ classname: classname(k), name: 't', file: '', phpClass: '', suiteName: '', suiteHostname: '', result: 'pass' }) as RawCase;
  const junit = (k: number) => timeOf(() => noteCase(emptySigns(), rawCase(k)));
  figures.push({ name: 'JUnit class name $.A$A$A$… of 1,000 characters (before: 140 s at 69)', value: junit(249), unit: `ms (69 characters: ${junit(16).toFixed(2)} ms)` });
  for (const c of AFTER_READER) {
    const small = c.run(c.small);
    const large = c.run(c.large);
    small();
    const tSmall = bestOf(small);
    figures.push({ name: `${c.name}, ${sizeOf(c.large)} (before: ${c.before})`, value: bestOf(large), unit: `ms (${sizeOf(c.small)}: ${tSmall.toFixed(2)} ms)` });
  }
  return figures;
}
