// What to do about each cause: one short, concrete suggestion per category, in the words and tools of the test's
// language, naming the host or the tolerance the evidence found when there is one.

import type { Category } from '../model';
import type { Language } from './language';

export interface SuggestionContext {
  /** The outside host the test depends on (`example.com`). */
  readonly host?: string;
  /** The bound an elapsed time is held to, as written (`50*time.Millisecond`, `50ms`). */
  readonly tolerance?: string;
  /** The one OS the test fails on, when the failure pattern shows one. */
  readonly os?: string;
}

type Family = 'rust' | 'go' | 'script' | 'python' | 'jvm' | 'other';

function familyOf(language: Language): Family {
  switch (language) {
    case 'rust':
    case 'go':
    case 'python':
      return language;
    case 'typescript':
    case 'javascript':
      return 'script';
    case 'java':
    case 'kotlin':
      return 'jvm';
    default:
      return 'other';
  }
}

const MAX_CONTEXT_CHARS = 60;

/** Context values come from untrusted text: keep them short, on one line, and free of backticks. */
function oneLine(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const clean = value.replace(/[`\s]+/g, ' ').trim();
  if (clean === '') return undefined;
  return clean.length > MAX_CONTEXT_CHARS ? clean.slice(0, MAX_CONTEXT_CHARS - 1) + '…' : clean;
}

function quoted(value: string | undefined): string | undefined {
  const clean = oneLine(value);
  return clean === undefined ? undefined : '`' + clean + '`';
}

const LOOPBACK_SERVER: Readonly<Record<Family, string>> = {
  rust: ' (a `TcpListener` bound to 127.0.0.1:0)',
  go: ' (`httptest.NewServer`)',
  script: ' (`http.createServer().listen(0)`)',
  python: ' (`http.server` on port 0, or `responses`/`respx` to fake HTTP)',
  jvm: ' (OkHttp `MockWebServer` or WireMock)',
  other: '',
};

const ONLINE_SUITE: Readonly<Record<Family, string>> = {
  rust: ' (`#[ignore]`-gated and run with `cargo test -- --ignored`, or behind a cargo feature)',
  go: ' (skipped under `testing.Short()` or behind a build tag)',
  script: ' (skipped unless an environment variable turns them on)',
  python: ' (marked `@pytest.mark.network` and deselected by default)',
  jvm: ' (JUnit `@Tag("online")`, excluded by default)',
  other: '',
};

const FAKE_CLOCK: Readonly<Record<Family, string>> = {
  rust: ' (inject the clock, or `tokio::time::pause()` in async tests)',
  go: ' (inject a `func() time.Time` or a clock interface)',
  script: ' (`vi.useFakeTimers()`, `jest.useFakeTimers()` or `node:test` mock timers)',
  python: ' (`freezegun` or `time-machine`)',
  jvm: ' (inject a `java.time.Clock`, `Clock.fixed` in tests)',
  other: '',
};

const WAIT_ON_CONDITION: Readonly<Record<Family, string>> = {
  rust: 'poll it in a loop with a generous deadline, or block on a channel (`recv_timeout`) that the code under test signals',
  go: 'use `require.Eventually` with a generous deadline, or a channel that the code under test signals',
  script: 'await the promise itself, or `waitFor`/`vi.waitFor` with a generous timeout',
  python: 'poll with a generous deadline, wait on a `threading.Event`, or `asyncio.wait_for` the awaitable',
  jvm: 'Awaitility `await().atMost(...).until(...)`, a `CountDownLatch`, or the `Future` itself',
  other: 'poll with a generous deadline, or wait on a latch, a future or `waitFor`',
};

const CONCURRENCY: Readonly<Record<Family, string>> = {
  rust: 'Synchronise the shared state (`Mutex`, atomics, channels) or confine it to one thread, join every thread before asserting, and run under ThreadSanitizer or `loom` to find the race.',
  go: 'Synchronise the shared state (mutex, channel) or confine it to one goroutine, wait for every goroutine (`sync.WaitGroup`) before asserting, and run `go test -race`.',
  script: 'Await every concurrent task (`Promise.all`) before asserting, and do not let tasks or workers share mutable state without coordination.',
  python: 'Protect the shared state with a `threading.Lock` or a queue, and `join()` every thread before asserting.',
  jvm: 'Use thread-safe state (`AtomicInteger`, `ConcurrentHashMap`, `synchronized`), and `shutdown()` + `awaitTermination` the executor (or `join` the threads) before asserting.',
  other: 'Synchronise the shared state or confine it to one thread, join every thread before asserting, and run the race detector.',
};

const ORDER: Readonly<Record<Family, string>> = {
  rust: 'Avoid global state (`static`, `lazy_static`, environment variables, the current directory): cargo runs tests in parallel threads of one process. Give each test its own instance, or serialise the ones that share state (e.g. `serial_test`); confirm with `cargo test -- --test-threads=1`.',
  go: 'Reset shared state with `t.Cleanup`, use `t.Setenv` and `t.TempDir` instead of process-wide changes, and confirm with `go test -shuffle=on -count=10`.',
  script: 'Reset shared state in `beforeEach`/`afterEach` (module state, mocks, `process.env`), and run in random order to confirm (`--randomize` in Jest, `sequence.shuffle` in Vitest).',
  python: 'Reset shared state in fixtures (`monkeypatch` for environment variables and globals), and run in random order with `pytest-randomly` to confirm.',
  jvm: 'Reset static state and system properties in `@BeforeEach`/`@AfterEach`, do not share singletons between tests, and run in random order to confirm (`@TestMethodOrder(MethodOrderer.Random.class)`).',
  other: 'Reset shared state in setup/teardown, give each test its own fixture (no globals, files or database rows shared between tests), and run in random order to confirm.',
};

const UNORDERED: Readonly<Record<Family, string>> = {
  rust: 'Compare as sets or sort first: collect into a `BTreeMap`/`BTreeSet`, or sort the `Vec` before `assert_eq!`; `HashMap` iteration order changes from run to run.',
  go: 'Sort before comparing (`slices.Sort`, `sort.Strings`) or use `assert.ElementsMatch`; Go randomises map iteration order on purpose.',
  script: 'Sort before comparing, or compare as sets (`expect.arrayContaining`); compare parsed JSON rather than JSON text.',
  python: 'Compare as sets or sort first (`sorted(...)`, `assertCountEqual`); set order changes from run to run with hash randomisation.',
  jvm: 'Compare as sets or sort first (`containsInAnyOrder`, AssertJ `containsExactlyInAnyOrder`), or use `LinkedHashMap`/`TreeMap`; `HashMap`/`HashSet`, reflection and JSON key order are not specified.',
  other: 'Compare as sets or sort first; do not rely on the iteration order of hash maps and sets, or on JSON key order.',
};

const RANDOMNESS: Readonly<Record<Family, string>> = {
  rust: 'Seed the generator (`StdRng::seed_from_u64(seed)`) and print the seed, so a failing run can be replayed.',
  go: 'Use `rand.New(rand.NewSource(seed))` and log the seed with `t.Logf`, so a failing run can be replayed.',
  script: 'Replace `Math.random()` with a seeded generator and log the seed, so a failing run can be replayed.',
  python: 'Use `random.Random(seed)` (or NumPy `default_rng(seed)`) and log the seed, so a failing run can be replayed.',
  jvm: 'Use `new Random(seed)` and put the seed in the assertion message, so a failing run can be replayed.',
  other: 'Seed the random generator and log the seed, so a failing run can be replayed.',
};

const RESOURCE: Readonly<Record<Family, string>> = {
  rust: 'Bind port 0 (`TcpListener::bind("127.0.0.1:0")`) and read the port back, use unique temp dirs (`tempfile::tempdir()`), and drop files and sockets before the test ends.',
  go: 'Listen on `127.0.0.1:0` and read the port back, use `t.TempDir()`, and close files, bodies and listeners (`t.Cleanup`).',
  script: 'Listen on port 0 and read `server.address().port`, create unique temp dirs (`fs.mkdtemp`), and close servers and handles in `afterEach`.',
  python: 'Bind port 0 and read the port back, use `tmp_path` for files, and close resources with `with` blocks.',
  jvm: 'Bind port 0 (`new ServerSocket(0)`) and read the port back, use JUnit `@TempDir`, and close streams and sockets with try-with-resources.',
  other: 'Bind port 0 and read the port back, create unique temp dirs, and close every resource the test opens.',
};

const PLATFORM_GUARD: Readonly<Record<Family, string>> = {
  rust: ' (`#[cfg(...)]`, `cfg!(windows)`)',
  go: ' (`runtime.GOOS` with `t.Skip`, or a `_windows_test.go` file)',
  script: ' (`process.platform`)',
  python: ' (`@pytest.mark.skipif(sys.platform == ...)`)',
  jvm: ' (`@EnabledOnOs`/`@DisabledOnOs`)',
  other: '',
};

const FLOATING_POINT: Readonly<Record<Family, string>> = {
  rust: 'Compare with a tolerance: `assert!((a - b).abs() < 1e-9)` or `approx::assert_relative_eq!`.',
  go: 'Compare with a tolerance: `math.Abs(a-b) < 1e-9` or `assert.InDelta`.',
  script: 'Compare with a tolerance: `expect(x).toBeCloseTo(expected, digits)`.',
  python: 'Compare with a tolerance: `pytest.approx`, `math.isclose` or `assertAlmostEqual`.',
  jvm: 'Compare with a tolerance: `assertEquals(expected, actual, 1e-9)`.',
  other: 'Compare with a tolerance instead of exact equality.',
};

export const UNKNOWN_SUGGESTION =
  'No known flakiness sign in the messages or the source: look at the failure clusters (which messages, jobs and OSes recur) and run the test many times locally to catch it.';

/** One concrete suggestion for a cause, worded for the test's language. */
export function suggestionFor(category: Category, language: Language, context: SuggestionContext = {}): string {
  const family = familyOf(language);
  switch (category) {
    case 'network': {
      const host = quoted(context.host);
      const lead = host === undefined ? 'The test depends on the network: ' : `${host} is an outside host that CI cannot always reach: `;
      return (
        `${lead}try several hosts (e.g. example.com, example.org, example.net) and pass when one answers, ` +
        `or serve the test from a loopback server${LOOPBACK_SERVER[family]}; keep online tests in their own suite${ONLINE_SUITE[family]}.`
      );
    }
    case 'timing': {
      const tolerance = quoted(context.tolerance);
      const advice =
        "widen the tolerance to at least the platform's timer granularity (~16 ms on Windows, whose timers tick every 15.6 ms), " +
        `assert only a lower bound, or use a fake clock${FAKE_CLOCK[family]}.`;
      const windows = context.os === 'windows' ? ' It fails only on Windows, where sleeps and timers can be off by a tick.' : '';
      return (tolerance === undefined ? 'W' + advice.slice(1) : `The test holds real time to ${tolerance}: ${advice}`) + windows;
    }
    case 'async-wait':
      return `Wait on the condition instead of sleeping a fixed time: ${WAIT_ON_CONDITION[family]}.`;
    case 'concurrency':
      return CONCURRENCY[family];
    case 'order':
      return ORDER[family];
    case 'unordered-collection':
      return UNORDERED[family];
    case 'randomness':
      return RANDOMNESS[family];
    case 'resource':
      return RESOURCE[family];
    case 'platform': {
      const os = oneLine(context.os);
      const lead = os === undefined ? 'It fails only on some platforms' : `It fails only on ${os}`;
      return (
        `${lead}: look at what differs there (path separators, line endings, timer resolution, file locking, case sensitivity, ` +
        `installed tools) and guard or split the test${PLATFORM_GUARD[family]}.`
      );
    }
    case 'floating-point':
      return FLOATING_POINT[family];
    case 'unknown':
    default:
      return UNKNOWN_SUGGESTION;
  }
}
