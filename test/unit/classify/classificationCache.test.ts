// Classifications remembered across scans: the same verdict back when nothing the classifier reads changed, a fresh one
// when anything did, a helper that many tests point at read once, and a bounded size.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { ClassificationCache, type ScanClassifier } from '../../../src/core/classify/classificationCache';
import { classify, type ClassifyInput } from '../../../src/core/classify/classifier';
import { scanHistory } from '../../../src/core/scan/scanResult';
import type { SourceProvider } from '../../../src/core/scan/testSource';
import { runSteps } from '../../../src/core/steps';
import type { Classification } from '../../../src/core/model';
import { buildHistory, type RunSpec } from '../support/historyBuilder';

/** A scan's verdict for `input`, its steps run at once (as the CLI's scan runs them). */
function verdictThrough(scan: ScanClassifier, input: ClassifyInput): Classification {
  return runSteps(scan.classifying(input));
}

const HELPER = ['pub fn serve(port: u16) {', '    let listener = TcpListener::bind(("127.0.0.1", 8080)).unwrap();', '    handle(listener);', '}'].join('\n');

const BASE: ClassifyInput = {
  language: 'rust',
  testName: 'tls::serves_clients',
  testSource: {
    file: 'tests/tls.rs',
    text: ['#[test]', 'fn serves_clients() {', '    let server = serve(0);', '    assert_eq!(server.clients(), 2);', '}'].join('\n'),
    startLine: 10,
  },
  relatedSources: [{ file: 'src/helper.rs', text: HELPER, startLine: 1 }],
  messages: ["thread 'tls::serves_clients' panicked at src/helper.rs:2:50:\ncalled `Result::unwrap()` on an `Err` value: Os { code: 98, kind: AddrInUse }"],
  pattern: { failingOs: ['linux', 'windows'], allOs: ['linux', 'windows'] },
};

/** A copy of BASE with one of the classifier's inputs changed, and a change it makes to the verdict or its evidence. */
const CHANGES: readonly { readonly what: string; readonly input: ClassifyInput }[] = [
  {
    what: "the test function's text",
    input: { ...BASE, testSource: { ...(BASE.testSource as NonNullable<ClassifyInput['testSource']>), text: ['#[test]', 'fn serves_clients() {', '    let server = serve(0);', '    std::thread::sleep(Duration::from_millis(50));', '    assert_eq!(server.clients(), 2);', '}'].join('\n') } },
  },
  {
    what: "a related source's first line (its evidence lines move)",
    input: { ...BASE, relatedSources: [{ file: 'src/helper.rs', text: HELPER, startLine: 30 }] },
  },
  {
    what: "a related source's text",
    input: { ...BASE, relatedSources: [{ file: 'src/helper.rs', text: HELPER.replace('TcpListener::bind(("127.0.0.1", 8080))', 'TcpStream::connect("example.com:443")'), startLine: 1 }] },
  },
  {
    what: "a related source's name",
    input: { ...BASE, relatedSources: [{ file: 'src/server.rs', text: HELPER, startLine: 1 }] },
  },
  {
    what: 'the messages',
    input: { ...BASE, messages: ["thread 'tls::serves_clients' panicked at tests/tls.rs:13:5:\nconnection reset by peer (os error 104)"] },
  },
  {
    what: 'the failure pattern',
    input: { ...BASE, pattern: { failingOs: ['windows'], allOs: ['linux', 'windows'] } },
  },
  {
    what: 'the test name',
    input: { ...BASE, testName: 'tls::serves_clients_concurrent' },
  },
];

describe('the classification cache', () => {
  it('gives the verdict made before when nothing the classifier reads changed', () => {
    const cache = new ClassificationCache();
    const first = verdictThrough(cache.forScan(), BASE);
    const again = verdictThrough(cache.forScan(), structuredClone(BASE));
    assert.equal(again, first, 'the very verdict kept');
    assert.deepEqual(cache.stats, { verdictHits: 1, verdictMisses: 1, sourceHits: 0, sourceMisses: 2 });
    assert.deepEqual(first, classify(BASE));
  });

  for (const change of CHANGES) {
    it(`gives a fresh verdict when ${change.what} changed`, () => {
      const fresh = classify(change.input);
      assert.notDeepEqual(fresh, classify(BASE), `the change must show in the verdict for the test to mean anything`);
      const cache = new ClassificationCache();
      verdictThrough(cache.forScan(), BASE);
      assert.deepEqual(verdictThrough(cache.forScan(), change.input), fresh);
    });
  }

  it('gives a fresh verdict when the language changed, for a file whose name does not tell it', () => {
    const source = (language: ClassifyInput['language']): ClassifyInput => ({
      language,
      testSource: { file: 'cases/wait_case.txt', text: 'def waits():\n    # time.sleep(1)\n    assert ready()\n', startLine: 1 },
    });
    assert.notDeepEqual(classify(source('python')), classify(source('rust')));
    const cache = new ClassificationCache();
    assert.deepEqual(verdictThrough(cache.forScan(), source('rust')), classify(source('rust')));
    assert.deepEqual(verdictThrough(cache.forScan(), source('python')), classify(source('python')));
  });

  it('reads a helper that the failures of many tests point at once, and gives each test its own verdict', () => {
    const cache = new ClassificationCache();
    const scan = cache.forScan();
    const tests = ['first', 'second', 'third'].map((name, i) => ({
      ...BASE,
      testName: `tls::${name}`,
      testSource: { file: 'tests/tls.rs', text: `#[test]\nfn ${name}() {\n    let server = serve(${i});\n}`, startLine: 10 + 10 * i },
    }));
    for (const input of tests) assert.deepEqual(verdictThrough(scan, input), classify(input));
    assert.equal(cache.stats.sourceMisses, 4, 'three test functions and the helper');
    assert.equal(cache.stats.sourceHits, 2, 'the helper, for the second and third tests');
  });

  it('gives a fresh verdict for a short text that reads as the digest of a long one (a long text stands in the key by its digest)', () => {
    const long = `connection reset by peer (os error 104) ${'x'.repeat(300)}`;
    const digest = (text: string, encoding: BufferEncoding) => `\u0000${createHash('sha256').update(text, encoding).digest('base64')}`;
    const cache = new ClassificationCache();
    verdictThrough(cache.forScan(), { ...BASE, messages: [long] });
    // Whichever encoding the digest reads the text in.
    for (const encoding of ['utf8', 'utf16le'] as const) {
      const lookalike: ClassifyInput = { ...BASE, messages: [digest(long, encoding)] };
      assert.notDeepEqual(classify(lookalike), classify({ ...BASE, messages: [long] }), 'the change must show in the verdict for the test to mean anything');
      assert.deepEqual(verdictThrough(cache.forScan(), lookalike), classify(lookalike));
    }
  });

  it('gives a fresh verdict for long texts that differ by a lone surrogate (UTF-8 makes each of them U+FFFD)', () => {
    // A JSON report's `\ud800` is a lone surrogate in the message; a log's undecodable byte is U+FFFD.
    const message = (odd: string) => `connection reset by peer (os error 104) ${odd} ${'x'.repeat(300)}`;
    const texts = ['\ufffd', '\ud800', '\udc00'];
    const cache = new ClassificationCache();
    for (const odd of texts) {
      const input: ClassifyInput = { ...BASE, messages: [message(odd)] };
      assert.deepEqual(verdictThrough(cache.forScan(), input), classify(input), JSON.stringify(odd));
    }
    assert.equal(cache.stats.verdictMisses, texts.length);
    // The same for a related source: what its rules found is remembered by its text.
    const sources = texts.map((odd): ClassifyInput => ({ ...BASE, relatedSources: [{ file: 'src/helper.rs', text: `${HELPER}\n// ${odd}${'y'.repeat(300)}`, startLine: 1 }] }));
    const read = cache.stats.sourceMisses;
    for (const input of sources) assert.deepEqual(verdictThrough(cache.forScan(), input), classify(input));
    assert.equal(cache.stats.sourceMisses - read, texts.length, 'each text of the helper read');
  });

  it('keeps at most as many verdicts and sources as its limits, dropping the least recently used', () => {
    const cache = new ClassificationCache({ verdicts: 2, sources: 3 });
    const inputs = [1, 2, 3].map((n) => ({ ...BASE, testName: `tls::case_${n}` }));
    const scan = cache.forScan();
    for (const input of inputs) verdictThrough(scan, input);
    assert.deepEqual(cache.size, { verdicts: 2, sources: 2 });
    verdictThrough(scan, inputs[2] as ClassifyInput);
    verdictThrough(scan, inputs[1] as ClassifyInput);
    assert.equal(cache.stats.verdictHits, 2, 'the two newest are kept');
    verdictThrough(scan, inputs[0] as ClassifyInput);
    assert.equal(cache.stats.verdictMisses, 4, 'the oldest was dropped and is made again');
    verdictThrough(scan, inputs[1] as ClassifyInput);
    assert.equal(cache.stats.verdictHits, 3, 'the one read last is kept: the one read before it was dropped');
    assert.ok(cache.size.verdicts <= 2 && cache.size.sources <= 3);
  });
});

describe('scans through one classification cache', () => {
  const testFile = ['#[test]', 'fn connects() {', '    let stream = run_fixture("fixture");', '    assert!(stream.is_ok());', '}'].join('\n');
  const files: Record<string, string> = { 'tests/net.rs': testFile, 'tests/fixture.rs': HELPER };
  const sources = (texts: Record<string, string>): SourceProvider => ({ read: (file) => texts[file], filesNamed: (stem) => Object.keys(texts).filter((f) => f.endsWith(`/${stem}.rs`)) });
  const declaration = { id: 'net::connects', name: 'connects', framework: 'libtest' as const, file: 'tests/net.rs', line: 2 };
  const failure = (message: string) => ({ outcome: 'fail' as const, message });
  const runs = (message: string): RunSpec[] =>
    Array.from({ length: 12 }, (_, i) => ({ jobs: [{ name: 'Test Linux', outcomes: { 'net::connects': i === 4 || i === 8 ? failure(message) : 'pass' } }] }));
  const scan = (history: ReturnType<typeof buildHistory>, texts: Record<string, string>, cache?: ClassificationCache) =>
    scanHistory({
      history,
      options: { maxRuns: 100, minFlakeRate: 0, all: false },
      resolve: (t) => (t.id === declaration.id ? declaration : undefined),
      sources: sources(texts),
      ...(cache ? { classifications: cache } : {}),
    });

  it('classify nothing again on a rescan with nothing changed', () => {
    const cache = new ClassificationCache();
    const history = buildHistory(runs('thread panicked at tests/fixture.rs:2:20: AddrInUse'));
    const first = scan(history, files, cache);
    const misses = cache.stats.verdictMisses;
    const again = scan(history, files, cache);
    assert.deepEqual(again, first);
    assert.equal(cache.stats.verdictMisses, misses);
    assert.equal(cache.stats.verdictHits, 1);
  });

  it('classify again a test whose failures or sources changed since, as a scan without the cache does', () => {
    const cache = new ClassificationCache();
    const before = scan(buildHistory(runs('thread panicked at tests/fixture.rs:2:20: AddrInUse')), files, cache);
    // A sync brought other failures: the messages changed.
    const history = buildHistory(runs('connection reset by peer (os error 104) talking to example.com'));
    const newMessages = scan(history, files, cache);
    assert.deepEqual(newMessages, scan(history, files));
    assert.notEqual(newMessages.tests[0]?.category, before.tests[0]?.category);
    // The helper was edited.
    const edited = { ...files, 'tests/fixture.rs': HELPER.replace('TcpListener::bind(("127.0.0.1", 8080))', 'std::thread::sleep(Duration::from_millis(100))') };
    const newHelper = scan(history, edited, cache);
    assert.deepEqual(newHelper, scan(history, edited));
    assert.notDeepEqual(newHelper.tests[0]?.categories, newMessages.tests[0]?.categories);
  });
});
