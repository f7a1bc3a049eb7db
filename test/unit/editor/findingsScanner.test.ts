// The editor's rescans: sources read asynchronously before a scan made from memory, the same findings as a scan that
// reads them as it goes, the newest rescan's findings kept whichever ends first, and nothing classified again when
// nothing changed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClassificationCache } from '../../../src/core/classify/classificationCache';
import type { TestDeclaration } from '../../../src/core/model';
import { scanHistory, type ScanInputs } from '../../../src/core/scan/scanResult';
import { filesByStem } from '../../../src/core/scan/testSource';
import { yieldEvery } from '../../../src/core/steps';
import { FindingsScanner } from '../../../src/editor/findingsScanner';
import { buildHistory, type RunSpec } from '../support/historyBuilder';

const FILES: Record<string, string> = {
  'tests/net.rs': ['#[test]', 'fn connects() {', '    let server = run_fixture("tls_server");', '    assert!(server.connect().is_ok());', '}', '', '#[test]', 'fn times_out() {', '    std::thread::sleep(Duration::from_millis(20));', '    assert!(poll().is_some());', '}'].join('\n'),
  'tests/fixtures/tls_server.rs': ['pub fn start() {', '    let stream = TcpStream::connect("example.com:443").unwrap();', '    serve(stream);', '}'].join('\n'),
  'src/pool.rs': ['pub fn take() -> Conn {', '    let listener = TcpListener::bind("127.0.0.1:8080").unwrap();', '    accept(listener)', '}'].join('\n'),
};
const DECLARATIONS: Record<string, TestDeclaration> = {
  'net::connects': { id: 'net::connects', name: 'connects', framework: 'libtest', file: 'tests/net.rs', line: 2 },
  'net::times_out': { id: 'net::times_out', name: 'times_out', framework: 'libtest', file: 'tests/net.rs', line: 8 },
};

function history(message: string) {
  const runs: RunSpec[] = Array.from({ length: 12 }, (_, i) => ({
    jobs: [
      {
        name: 'Test Linux',
        outcomes: {
          'net::connects': i === 3 || i === 7 ? { outcome: 'fail', message } : 'pass',
          'net::times_out': i === 5 ? { outcome: 'fail', message: 'poll returned None after 20ms' } : 'pass',
          'net::stable': 'pass',
        },
      },
    ],
  }));
  return buildHistory(runs);
}

function inputs(message = "thread 'net::connects' panicked at src/pool.rs:2:60: AddrInUse"): Omit<ScanInputs, 'sources' | 'classifications'> {
  return { history: history(message), options: { maxRuns: 100, minFlakeRate: 0, all: false }, resolve: (t) => DECLARATIONS[t.id] };
}

const filesNamed = filesByStem(Object.keys(FILES));

/** Reads from FILES, each read held until the test lets it go, and counted. */
function heldReads() {
  const asked: string[] = [];
  const waiting: (() => void)[] = [];
  const read = (file: string) =>
    new Promise<string | undefined>((resolve) => {
      asked.push(file);
      waiting.push(() => resolve(FILES[file]));
    });
  /** Lets every read asked for so far go, and waits until the scan has asked for the next ones or ended. */
  const release = async () => {
    for (const go of waiting.splice(0)) go();
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  return { read, asked, release, get pending() { return waiting.length; } };
}

/**
 * No pause between the steps of a scan: it runs on through microtasks up to its next read, so that one event-loop turn
 * lets it reach that read however long its steps take (the default pause yields a turn once 12 ms have passed, which
 * a slow or busy machine reaches in the statistics).
 */
const noPause = (): undefined => undefined;

test('a scan reads its sources asynchronously, and finds what a scan reading them as it goes finds', async () => {
  const reads = heldReads();
  const scanner = new FindingsScanner(reads.read, new ClassificationCache(), noPause);
  let done = false;
  const scanning = scanner.scan(inputs(), filesNamed).then((result) => {
    done = true;
    return result;
  });
  await new Promise<void>((resolve) => setImmediate(resolve));
  assert.deepEqual(reads.asked, ['tests/net.rs'], 'first the tests\' own file');
  assert.equal(done, false, 'the scan waits for the read');
  await reads.release();
  assert.deepEqual(reads.asked.slice(1).sort(), ['src/pool.rs', 'tests/fixtures/tls_server.rs'], 'then the files the tests and failures name');
  await reads.release();
  const found = await scanning;
  const synchronous = scanHistory({ ...inputs(), sources: { read: (file) => FILES[file], filesNamed } });
  assert.deepEqual(found, synchronous);
  assert.equal(found?.tests.length, 2);
  assert.ok(found?.tests.every((t) => t.evidence.length > 0));
});

test('a rescan that ends after a newer one comes to nothing: the newer findings stand', async () => {
  let letOlderGo = () => undefined as void;
  const olderHeld = new Promise<void>((resolve) => (letOlderGo = resolve));
  let olderReading = () => undefined as void;
  const olderAtRead = new Promise<void>((resolve) => (olderReading = resolve));
  let first = true;
  const scanner = new FindingsScanner(async (file) => {
    // The older rescan's first read is slow (a cold disk); every other read is quick.
    if (first) {
      first = false;
      olderReading();
      await olderHeld;
    }
    return FILES[file];
  });
  const older = scanner.scan(inputs(), filesNamed);
  await olderAtRead;
  // A sync brought new failures: a newer rescan, which ends first.
  const newer = await scanner.scan(inputs('connection reset by peer (os error 104)'), filesNamed);
  assert.match(newer?.tests.find((t) => t.id === 'net::connects')?.lastFailure?.message ?? '', /connection reset/);
  letOlderGo();
  assert.equal(await older, undefined);
});

test('a rescan that ends after the findings were cleared comes to nothing', async () => {
  const reads = heldReads();
  const scanner = new FindingsScanner(reads.read, new ClassificationCache(), noPause);
  const scanning = scanner.scan(inputs(), filesNamed);
  await new Promise<void>((resolve) => setImmediate(resolve));
  scanner.supersede();
  for (let round = 0; round < 4; round++) await reads.release();
  assert.equal(await scanning, undefined);
});

test('a rescan with nothing changed classifies nothing again, and one after an edit classifies the edited test', async () => {
  const cache = new ClassificationCache();
  const texts = { ...FILES };
  const scanner = new FindingsScanner(async (file) => texts[file], cache);
  const first = await scanner.scan(inputs(), filesNamed);
  assert.deepEqual(cache.stats, { verdictHits: 0, verdictMisses: 2, sourceHits: 0, sourceMisses: 4 });
  assert.deepEqual(await scanner.scan(inputs(), filesNamed), first);
  assert.equal(cache.stats.verdictHits, 2);
  assert.equal(cache.stats.verdictMisses, 2);
  texts['tests/net.rs'] = (FILES['tests/net.rs'] ?? '').replace('std::thread::sleep(Duration::from_millis(20));', 'let _ = rand::random::<u8>();');
  const edited = await scanner.scan(inputs(), filesNamed);
  assert.equal(cache.stats.verdictMisses, 3, 'the edited test only');
  assert.notDeepEqual(edited?.tests.find((t) => t.id === 'net::times_out')?.categories, first?.tests.find((t) => t.id === 'net::times_out')?.categories);
  assert.deepEqual(edited, scanHistory({ ...inputs(), sources: { read: (file) => texts[file], filesNamed } }));
});

test('a rescan with the same history and window reuses the statistics, and places the tests by the index of now', async () => {
  const scanner = new FindingsScanner(async (file) => FILES[file]);
  const same = inputs();
  const first = await scanner.scan(same, filesNamed);
  // The index changed: a test moved to another file.
  const moved = { ...DECLARATIONS['net::connects'], file: 'tests/moved.rs' } as TestDeclaration;
  const again = await scanner.scan({ ...same, resolve: (t) => (t.id === 'net::connects' ? moved : DECLARATIONS[t.id]) }, filesNamed);
  assert.equal(again?.events, first?.events, 'the statistics of the first scan');
  assert.deepEqual(again?.tests.find((t) => t.id === 'net::connects')?.location, { file: 'tests/moved.rs', line: 2 });
  const otherWindow = await scanner.scan({ ...same, options: { ...same.options, maxRuns: 6 } }, filesNamed);
  assert.notEqual(otherWindow?.events, first?.events);
  const synced = await scanner.scan({ ...same, history: structuredClone(same.history) }, filesNamed);
  assert.notEqual(synced?.events, otherWindow?.events, 'a sync makes a new history: the statistics are made again');
  assert.deepEqual(synced, scanHistory({ ...same, sources: { read: (file) => FILES[file], filesNamed } }));
});

test('a scan gives the thread back while it makes the statistics and between tests, and one superseded while classifying stops there', async () => {
  const texts = async (file: string) => FILES[file];
  // The flaky tests of the inputs: net::connects and net::times_out.
  let pauses = 0;
  const counted = new ClassificationCache();
  const counting = new FindingsScanner(texts, counted, () => {
    pauses++;
  });
  const same = inputs();
  const whole = await counting.scan(same, filesNamed);
  // The statistics: once after each of the 12 jobs read for the JavaScript names, read for the tests each suite
  // knows, and collected, and after each of the 3 tests reported. The classification: once after making the view of
  // each source read and after each of the 10 families of rules over it, and after each of the 2 flaky tests.
  assert.ok(counted.stats.sourceMisses >= 2, 'each flaky test read its own source at least');
  assert.equal(pauses, 3 * 12 + 3 + 11 * counted.stats.sourceMisses + 2);
  assert.deepEqual(whole, scanHistory({ ...inputs(), sources: { read: (file) => FILES[file], filesNamed } }));
  pauses = 0;
  assert.deepEqual(await counting.scan(same, filesNamed), whole);
  assert.equal(pauses, 2, 'the statistics of the same history are not made again, nor the verdicts');

  const cache = new ClassificationCache();
  // A newer rescan is asked for while the first test is being classified (after the statistics' 39 pauses and the
  // view of its first source): the older finishes that test, and stops.
  let pausesBefore = 0;
  const scanner: FindingsScanner = new FindingsScanner(texts, cache, () => {
    if (++pausesBefore === 3 * 12 + 3 + 1) scanner.supersede();
  });
  assert.equal(await scanner.scan(inputs(), filesNamed), undefined);
  assert.equal(cache.stats.verdictMisses, 1, 'the second test was not classified');
});

test('yieldEvery yields to the event loop only once its slice has passed', async () => {
  let clock = 0;
  const pause = yieldEvery(12, () => clock);
  assert.equal(pause(), undefined, 'no time has passed');
  clock = 11;
  assert.equal(pause(), undefined);
  clock = 12;
  // Work the editor queued meanwhile (an event, a request's answer) runs before the scan goes on.
  let queuedRan = false;
  setImmediate(() => {
    queuedRan = true;
  });
  const yielded = pause();
  assert.ok(yielded instanceof Promise, 'a slice has passed');
  assert.equal(queuedRan, false);
  await yielded;
  assert.ok(queuedRan, 'the event loop ran before the scan went on');
  clock = 20;
  assert.equal(pause(), undefined, 'a new slice began when it yielded');
});
