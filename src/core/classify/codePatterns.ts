// Patterns over code that several categories share: assertions, comparisons, durations, sleeps, loops. Each is an
// alternation of simple terms (no nested quantifiers), matched against one bounded line at a time.

/** A line that checks something: assertion macros and functions, matchers, `t.Errorf`, `fail(…)`. */
export const ASSERTION =
  /\bassert\w*!?\s*\(|\bassert\s|\bexpect\w*\s*\(|\bt\.(?:Error|Errorf|Fatal|Fatalf|Fail|FailNow)\b|\b(?:require|assert|Assert|Assertions|Truth)\.\w+\s*\(|\bverify\w*\s*\(|\.should\b|\bcheck(?:_eq|_ne)?!?\s*\(|\bfail\s*\(|\b(?:EXPECT|ASSERT)_\w+\s*\(|\.to(?:Be|Equal|Have|Contain|Match|StrictEqual)\w*\s*\(|\.is(?:EqualTo|True|False|Null|NotNull|Empty|Between|LessThan|GreaterThan)\w*\s*\(/;

/** A relational comparison written as an operator with spaces around it (so generics like `Vec<u8>` stay out). */
export const RELATIONAL = /\s(?:<=?|>=?)\s/;

/** Matchers and assertion functions that compare magnitudes. */
export const MAGNITUDE_ASSERTION =
  /\.(?:toBeLessThan|toBeGreaterThan|toBeLessThanOrEqual|toBeGreaterThanOrEqual|toBeWithin|isLessThan|isGreaterThan|isLessThanOrEqualTo|isGreaterThanOrEqualTo|isBetween|isCloseTo|isStrictlyBetween)\s*\(|\b(?:assertLess|assertGreater|assertLessEqual|assertGreaterEqual|assertAlmostEqual)\b|\b(?:assert|require)\.(?:Less|Greater|LessOrEqual|GreaterOrEqual|WithinDuration|InDelta|WithinRange)\s*\(|\b(?:lessThan|greaterThan|lessThanOrEqualTo|greaterThanOrEqualTo|closeTo)\s*\(/;

/** A duration written in code: `50*time.Millisecond`, `Duration::from_millis(50)`, `Duration.ofSeconds(1)`, `50ms`. */
export const DURATION_IN_CODE =
  /\b\d[\d_.]{0,12}\s*\*\s*time\.(?:Nanosecond|Microsecond|Millisecond|Second|Minute)\b|\btime\.(?:Nanosecond|Microsecond|Millisecond|Second|Minute)\b|\bDuration::from_(?:secs|millis|micros|nanos)(?:_f32|_f64)?\s*\(\s*[\w.]+\s*\)|\bDuration\.of(?:Millis|Seconds|Nanos|Minutes)\s*\(\s*\w+\s*\)|\bTimeUnit\.\w+|\btimedelta\s*\([^()]{0,40}\)|\b\d+(?:\.\d+)?(?:\.milliseconds|\.seconds|_?ms\b|\.ms\b)/;

/** A wait that does nothing but pass time. */
export const SLEEP =
  /\b[Ss]leep(?:_ms|_for|Uninterruptibly|Quietly|Silently|Millis|Seconds)?\s*\(|\busleep\s*\(|\bparkNanos\s*\(|\bsetTimeout\s*\(|\bdelay\s*\(\s*\d|\bDelay\s*\(\s*\d/;

/** Lines that set a test's time budget rather than wait (`jest.setTimeout(10000)`). */
export const TEST_TIMEOUT_SETTING = /\b(?:jest|vi|mocha)\.setTimeout\s*\(|\bthis\.timeout\s*\(/;

/** A loop head: a sleep inside a loop is usually a poll with a deadline, the remedy rather than the cause. */
export const LOOP_HEAD = /\b(?:while|for|loop|until|repeat)\b/;

/** Fake or paused clocks: sleeps and elapsed times under them are virtual. */
export const FAKE_CLOCK =
  /\buseFakeTimers\b|\bmock\.timers\b|\btokio::time::(?:pause|advance)\b|\btime::pause\s*\(|\bfreeze_?time\b|\btime_machine\b|\bFakeClock\b|\bMockClock\b|\bfakeclock\b|\bclockwork\b|\bClock\.fixed\b|\bTestScheduler\b|\bVirtualTime\w*|\badvanceTimeBy\b|\brunTest\s*\{/i;

/** The small literal durations of a line, for a suggestion ("the 50*time.Millisecond bound"). */
export function durationLiteral(line: string): string | undefined {
  const match = DURATION_IN_CODE.exec(line);
  if (match && /\d/.test(match[0])) return match[0].replace(/\s+/g, '');
  const number = /(?<![\w.])\d+(?:\.\d+)?(?![\w.])/.exec(line);
  return number && Number(number[0]) > 0 ? number[0] : undefined;
}

const UNIT_MILLIS: Readonly<Record<string, number>> = {
  nanosecond: 1e-6, microsecond: 1e-3, millisecond: 1, second: 1000, minute: 60_000,
  nanos: 1e-6, micros: 1e-3, millis: 1, secs: 1000, seconds: 1000, minutes: 60_000, ms: 1, s: 1000,
};

/**
 * Milliseconds in a duration literal as {@link durationLiteral} returns it (`50*time.Millisecond`,
 * `Duration::from_secs(5)`, `Duration.ofSeconds(2)`, `250ms`); undefined when the unit cannot be told.
 */
export function durationMillis(literal: string): number | undefined {
  const number = /\d[\d_]*(?:\.\d+)?/.exec(literal);
  if (number === null) return undefined;
  const value = Number(number[0].replace(/_/g, ''));
  const unit = /(nanosecond|microsecond|millisecond|second|minute|nanos|micros|millis|secs|seconds|minutes|ms)\b/i.exec(literal)?.[1]?.toLowerCase();
  const bare = /^\d[\d_]*(?:\.\d+)?s$/.test(literal) ? 's' : undefined;
  const factor = UNIT_MILLIS[unit ?? bare ?? ''];
  return factor === undefined ? undefined : value * factor;
}
