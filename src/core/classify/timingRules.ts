// Timing: the test holds real time to a bound (an elapsed time compared with a literal, a timeout, a timestamp),
// which slow, loaded CI runners and coarse timers (Windows ticks every ~15.6 ms) break now and then.

import { handedOverLines } from './blockScopes';
import {
  ASSERTION,
  DURATION_IN_CODE,
  FAKE_CLOCK,
  LOOP_HEAD,
  MAGNITUDE_ASSERTION,
  RELATIONAL,
  SLEEP,
  durationLiteral,
  durationMillis,
} from './codePatterns';
import type { CategoryRules, MessageCheck, MessageRule, Signal, SourceRule } from './signals';
import { anyLine, messageSignal, sourceSignal } from './signals';
import { withChain, type SourceView } from './sourceText';

/** Reads of a clock, across languages. */
const TIME_READ =
  /\bInstant::now\s*\(|\.elapsed\s*\(\s*\)|\bSystemTime::now\s*\(|\btime\.(?:Now|Since|Until)\s*\(|\bSystem\.(?:currentTimeMillis|nanoTime)\s*\(|\bperformance\.now\s*\(|\bDate\.now\s*\(|\bnew\s+Date\s*\(\s*\)|\bprocess\.hrtime\b|\btime\.(?:time|monotonic|perf_counter|process_time)(?:_ns)?\s*\(|\bdatetime\.(?:datetime\.)?(?:now|utcnow|today)\s*\(|\bdate\.today\s*\(|\b(?:Instant|LocalDate|LocalDateTime|LocalTime|ZonedDateTime|OffsetDateTime)\.now\s*\(|\bCalendar\.getInstance\s*\(|\bClock\.system\w*\s*\(|\bStop[Ww]atch\b|\bstop[Ww]atch\b|(?<![\w.])now\s*\(\s*\)|\b(?:Utc|Local)::now\s*\(|\bTimeSource\.Monotonic\b|\bmeasureTime\w*\b|\bSystemClock\.\w+\s*\(/;

/** Reads of the date or the local time zone: the result depends on when and where the test runs. */
const WALL_CLOCK =
  /\b(?:LocalDate|LocalDateTime|ZonedDateTime|OffsetDateTime)\.now\s*\(|\bnew\s+Date\s*\(\s*\)|\bCalendar\.getInstance\s*\(|\bdatetime\.(?:datetime\.)?(?:now|today)\s*\(|\bdate\.today\s*\(|\bLocal::now\s*\(|\bTimeZone\.getDefault\s*\(|\bZoneId\.systemDefault\s*\(|\btime\.Now\s*\(\s*\)\.(?:Year|Month|Day|Hour|Weekday|YearDay)\s*\(|\btime\.Local\b|\bnew\s+SimpleDateFormat\s*\(/;

/** Libraries' own "now" (Joda-Time, Guava tickers, Hadoop's Time): a read of the clock too. */
const DATE_TIME_NOW = /\bDateTime\.now\s*\(|\bDateTimeUtils\.currentTimeMillis\s*\(|\bTime\.(?:now|monotonicNow)\s*\(|\bTicker\.systemTicker\s*\(|\bnew\s+(?:DateTime|LocalDateTime|Timestamp|GregorianCalendar)\s*\(\s*\)/;

/** Dates, times, zones and formats built or parsed in code, or date-time text (`"2000-06-01T00:00:00Z"`). */
const DATE_TIME_VALUE =
  /\b(?:DateTime|LocalDate|LocalDateTime|LocalTime|Instant|ZonedDateTime|OffsetDateTime|Date)\.(?:parse|of|from|valueOf)\w{0,20}\s*\(|\bTimeZone\.getTimeZone\s*\(|\bDateTimeZone\.\w+|\bZoneId\.of\s*\(|\bZoneOffset\.\w+|\bDateTimeFormatter\.\w+|\bnew\s+(?:SimpleDateFormat|GregorianCalendar|DateTime)\s*\(\s*\S|\bdatetime\.(?:datetime|date)\s*\(\s*\d|\btime\.Date\s*\(|"\d{4}-\d\d-\d\d[T ]\d\d:\d\d/;

/** Arithmetic on dates and instants: adding days, truncating, converting between zones and epochs. */
const DATE_ARITHMETIC =
  /\.(?:plus|minus)(?:Nanos|Millis|Seconds|Minutes|Hours|Days|Weeks|Months|Years)\s*\(|\bChronoUnit\.[A-Z]+\b|\bDuration\.between\s*\(|\bPeriod\.(?:of\w{0,10}|between)\s*\(|\.getTime\s*\(\s*\)\s*[-+]\s*[\w(]|\bgetTimeInMillis\s*\(|\btoEpochMilli\s*\(|\.truncatedTo\s*\(|\.atZone\s*\(|\.withZone\w{0,20}\s*\(|\bCalendar\.(?:YEAR|MONTH|DAY_OF_\w{1,10}|DATE|HOUR\w{0,10}|MINUTE|SECOND|MILLISECOND)\b|\.add\s*\(\s*Calendar\./;

/** Variables whose names say they hold a duration. */
const TIME_NAME = /\b(?:[a-z_]{0,30}[Ee]lapsed\w{0,30}|[a-z_]{0,30}[Dd]uration|took|timeTaken|time_taken)\b/;

const ASSIGNED = /\b([A-Za-z_]\w*)\s*(?::\s*[\w:<>.]{1,40}\s*)?(?::=|=)(?!=)/;
const TIME_COMPARISON_METHOD = /\.(?:Before|After|isBefore|isAfter)\s*\(/;
const BOUND = /\d|\b[A-Z][A-Z0-9_]{2,}\b|timeout|deadline|tolerance|limit|delay|interval|period|\bmax|\bmin|expected|[a-z](?:Millis|Nanos|Micros|Seconds|Ms|Time|Duration)\b/i;
const TIMESTAMP_CALL = /\b\w{0,40}(?:Time|Timestamp|Millis|Nanos|Expiration|Expiry|Instant)\w{0,20}\s*\(\s*\)/;
const TIMEOUT_NAME = /timeout|deadline/i;
const JUNIT_TIMEOUT = /@Test\s*\(\s*[^)]{0,80}\btimeout\s*=|@Timeout\s*\(|\bassertTimeout(?:Preemptively)?\s*\(/;

/** Lines of a source that compare an elapsed time with a bound (`if elapsed < 50*time.Millisecond {`). */
function elapsedComparisons(source: SourceView): { index: number; inLoop: boolean }[] {
  const timeVariables = new Set<string>();
  const found: { index: number; inLoop: boolean }[] = [];
  source.code.forEach((written, index) => {
    const line = ASSERTION.test(written) ? withChain(source.code, index) : written;
    const assigned = ASSIGNED.exec(line);
    const readsClock = TIME_READ.test(line);
    const mentionsTime = readsClock || TIME_NAME.test(line) || mentionsAny(line, timeVariables);
    if (assigned?.[1] !== undefined && mentionsTime) timeVariables.add(assigned[1]);
    if (!mentionsTime && !DURATION_IN_CODE.test(line)) return;
    const compares = RELATIONAL.test(line) || MAGNITUDE_ASSERTION.test(line) || TIME_COMPARISON_METHOD.test(line);
    if (!compares || !BOUND.test(line)) return;
    if (!mentionsTime && !ASSERTION.test(line) && !/^\s*(?:if|else if|unless)\b/.test(line)) return;
    if (LOOP_HEAD.test(line) && !ASSERTION.test(line)) return;
    const inLoop = source.code.slice(Math.max(0, index - 5), index).some((previous) => LOOP_HEAD.test(previous));
    found.push({ index, inLoop });
  });
  return found;
}

function mentionsAny(line: string, names: ReadonlySet<string>): boolean {
  if (names.size === 0) return false;
  // A line that holds none of the names as text holds none as a word: most lines, found without splitting them.
  if (names.size <= MAX_NAMES_LOOKED_FOR && !holdsAnyText(line, names)) return false;
  for (const word of line.split(/\W+/)) if (word !== '' && names.has(word)) return true;
  return false;
}

/** Names {@link mentionsAny} looks for as text before splitting the line into words (past it, splitting is quicker). */
const MAX_NAMES_LOOKED_FOR = 16;

function holdsAnyText(line: string, texts: Iterable<string>): boolean {
  for (const text of texts) if (line.includes(text)) return true;
  return false;
}

const fakeClockFactor = (source: SourceView): number => (anyLine(source, FAKE_CLOCK) ? 0.5 : 1);

const elapsedComparison: SourceRule = (source) => {
  const factor = fakeClockFactor(source);
  return elapsedComparisons(source)
    .slice(0, 3)
    .map(({ index, inLoop }) => {
      const line = source.code[index] ?? '';
      const followedByCheck = source.code.slice(index, index + 3).some((next) => ASSERTION.test(next));
      const weight = (inLoop ? 0.3 : followedByCheck ? 0.65 : 0.6) * factor;
      const tolerance = durationLiteral(line);
      return sourceSignal(source, index, 'timing', 'elapsed-comparison', weight, tolerance === undefined ? {} : { tolerance });
    });
};

const timestampAssertion: SourceRule = (source) => {
  const signals: Signal[] = [];
  source.code.forEach((line, index) => {
    if (ASSERTION.test(line) && TIMESTAMP_CALL.test(line) && (/[\w)]\s+-\s+[\w(]/.test(line) || RELATIONAL.test(line))) {
      signals.push(sourceSignal(source, index, 'timing', 'timestamp-assertion', 0.45));
    }
  });
  return signals.slice(0, 2);
};

const clockRead: SourceRule = (source) => {
  const factor = fakeClockFactor(source);
  const signals: Signal[] = [];
  source.code.forEach((line, index) => {
    if (WALL_CLOCK.test(line)) signals.push(sourceSignal(source, index, 'timing', 'wall-clock', 0.3 * factor));
    else if (TIME_READ.test(line) && !isPollingDeadline(line)) signals.push(sourceSignal(source, index, 'timing', 'clock-read', 0.25 * factor));
  });
  return signals.slice(0, 3);
};

/** Reads of the current time whose value the test then checks (`long t = System.currentTimeMillis(); … assertEquals(t, …)`). */
const clockValueChecked: SourceRule = (source) => {
  const factor = fakeClockFactor(source);
  const clockVariables = new Set<string>();
  for (let index = 0; index < source.code.length; index += 1) {
    const line = source.code[index] ?? '';
    const readsClock = TIME_READ.test(line) || WALL_CLOCK.test(line) || DATE_TIME_NOW.test(line);
    if (ASSERTION.test(line) && (readsClock || mentionsAny(line, clockVariables)) && !LOOP_HEAD.test(line)) {
      return [sourceSignal(source, index, 'timing', 'clock-value-checked', 0.5 * factor)];
    }
    const assigned = ASSIGNED.exec(line);
    if (assigned?.[1] !== undefined && readsClock && !isPollingDeadline(line)) clockVariables.add(assigned[1]);
  }
  return [];
};

/** A check on a value that is a time (`assertEquals(created, entry.getCreationTime())`). */
const TIME_VALUE = /\b\w{0,40}(?:Time|Timestamp|Date|Millis|Nanos|Instant|Clock|Duration|Elapsed)(?:Ms|Millis|Nanos|Seconds)?\s*\(\s*\)|\b[a-z]\w{0,40}(?:Time|Timestamp|Date|Millis|Nanos|Instant|Duration)(?:Ms|Millis|Nanos|Seconds)?\b(?!\s*\()/;
const timeValueChecked: SourceRule = (source) => {
  const index = source.bare.findIndex((line, at) => ASSERTION.test(line) && TIME_VALUE.test(withChain(source.bare, at)) && !/\bTimeUnit\b/.test(line));
  return index < 0 ? [] : [sourceSignal(source, index, 'timing', 'time-value-checked', 0.3)];
};

/**
 * A measured value held to a range by an assertion (`assertTrue(count > 90 && count < 110)`, `isBetween(…)`,
 * `lessThan(…)`): a too restrictive range fails when a slow or busy run lands just outside it. Weak alone, as the
 * value may not depend on time at all.
 */
const RANGE_CHECK = /\s[<>]=?\s[^;]{0,200}&&[^;]{0,200}\s[<>]=?\s|\.(?:isBetween|isStrictlyBetween|isCloseTo)\s*\(|\b(?:lessThan|greaterThan|lessThanOrEqualTo|greaterThanOrEqualTo|closeTo)\s*\(|\bassert(?:True|That)\s*\([^;]{0,200}\s[<>]=?\s*(?:[2-9]|\d{2,})/;
const rangeCheck: SourceRule = (source) => {
  const index = source.bare.findIndex((line, at) => {
    const checked = withChain(source.bare, at);
    return ASSERTION.test(line) && !LOOP_HEAD.test(line) && (RANGE_CHECK.test(checked) || MAGNITUDE_ASSERTION.test(checked));
  });
  return index < 0 ? [] : [sourceSignal(source, index, 'timing', 'range-check', 0.2)];
};

/** A timer or a scheduled task with a short literal delay (`vertx.setTimer(50, …)`): it races what it is timed against. */
const SHORT_TIMER = /\b(?:setTimer|setPeriodic|schedule(?:AtFixedRate|WithFixedDelay)?|newTimeout)\s*\([^;]{0,80}?(?<![\w.])(\d{1,4})(?![\w.])/;
const shortTimer: SourceRule = (source) => {
  const index = source.bare.findIndex((line) => {
    const delay = SHORT_TIMER.exec(line)?.[1];
    return delay !== undefined && Number(delay) > 0 && Number(delay) < GENEROUS_BUDGET_MS;
  });
  return index < 0 ? [] : [sourceSignal(source, index, 'timing', 'short-timer', 0.3)];
};

/**
 * Dates, times and time zones built or parsed in the test: results that depend on the zone, the calendar or the
 * precision of the clock (`DateTime.parse("2000-06-01T00:00:00Z")`, `TimeZone.getTimeZone("PST")`).
 */
const dateTimeValues: SourceRule = (source) => {
  const index = source.code.findIndex((line) => DATE_TIME_VALUE.test(line));
  const arithmetic = source.bare.findIndex((line) => DATE_ARITHMETIC.test(line));
  return [
    ...(index < 0 ? [] : [sourceSignal(source, index, 'timing', 'date-time-values', 0.3)]),
    ...(arithmetic < 0 ? [] : [sourceSignal(source, arithmetic, 'timing', 'date-arithmetic', 0.3)]),
  ];
};

/**
 * The test reads the clock and also sleeps: the sleep is there to let time pass between two readings or before an
 * expiry (Luo et al.'s "time" cause), so what is checked depends on the clock's resolution and on how long the
 * sleep really lasted, not on background work finishing. The sleep alone reads as an async wait (asyncWaitRules.ts);
 * with the clock beside it, the clock is the cause.
 */
const sleepAcrossClock: SourceRule = (source) => {
  if (anyLine(source, FAKE_CLOCK)) return [];
  const handedOver = handedOverLines(source);
  const clock = source.bare.findIndex((line) => (TIME_READ.test(line) || WALL_CLOCK.test(line) || DATE_TIME_NOW.test(line)) && !isPollingDeadline(line));
  if (clock < 0) return [];
  const sleep = source.bare.findIndex((line, at) => handedOver[at] !== true && SLEEP.test(line) && !LOOP_HEAD.test(line));
  if (sleep < 0) return [];
  return [sourceSignal(source, clock, 'timing', 'sleep-across-clock', 0.55), sourceSignal(source, sleep, 'timing', 'sleep-across-clock', 0.5)];
};

/**
 * The test expects a timeout to happen (`assertThrows(TimeoutException.class, …)`, `fail("should have timed out")`,
 * `expected = TimeoutException.class`): whether the bound is crossed depends on how fast the runner is.
 */
const EXPECTED_TIMEOUT =
  /\bassertThrows\s*\(\s*\w{0,40}Timeout\w{0,20}\.class|\bexpected\s*=\s*\w{0,40}Timeout\w{0,20}\.class|\bcatch\s*\(\s*(?:final\s+)?[\w.]{0,60}Timeout\w{0,20}(?:Exception|Error)\b|\bisInstanceOf\s*\(\s*\w{0,40}Timeout\w{0,20}\.class|\bfail\s*\(\s*"[^"]{0,80}tim(?:e|ed) ?out/i;
const expectedTimeout: SourceRule = (source) => {
  const index = source.code.findIndex((line) => EXPECTED_TIMEOUT.test(line));
  return index < 0 ? [] : [sourceSignal(source, index, 'timing', 'expected-timeout', 0.45)];
};

/**
 * A wait bounded by a very short literal (`Mockito.timeout(100)`, `poll(50, TimeUnit.MILLISECONDS)`,
 * `receive(100)`): the study labels these "test case timeout" when the bound is below what a loaded runner needs.
 * asyncWaitRules.ts reads the same line as a fixed wait (0.4); the short bound is the more specific reading of it,
 * so it counts a little more (0.45) and a wait that is really a tight bound is read as timing.
 */
const TIGHT_WAIT_BOUND_MS = 200;
const TIGHT_WAIT =
  /\b(?:timeout|within|atMost)\s*\(\s*(\d{2,4})L?\s*\)|\.(?:receive|poll|await|join|tryAcquire|waitFor\w{0,20})\s*\(\s*(\d{2,4})L?\s*\)|\.(?:receive|poll|await|get|join|tryAcquire|waitFor\w{0,20})\s*\(\s*(\d{1,4})L?\s*,\s*(?:TimeUnit\.)?MILLISECONDS\s*\)/;
const tightWait: SourceRule = (source) => {
  for (let index = 0; index < source.bare.length; index += 1) {
    const match = TIGHT_WAIT.exec(source.bare[index] ?? '');
    const bound = Number(match?.[1] ?? match?.[2] ?? match?.[3] ?? NaN);
    if (bound > 0 && bound <= TIGHT_WAIT_BOUND_MS) return [sourceSignal(source, index, 'timing', 'tight-wait', 0.45, { tolerance: String(bound) })];
  }
  return [];
};

/** A loop that polls until a deadline, or the deadline it polls against: the remedy, not the cause. */
function isPollingDeadline(line: string): boolean {
  return LOOP_HEAD.test(line) || /\b\w{0,30}(?:deadline|Deadline|timeout|Timeout|until|Until)\w{0,30}\s*:?=/.test(line);
}

/** Budgets of a few seconds or more are generous: only tight ones are a sign. */
const GENEROUS_BUDGET_MS = 5000;

const timeBudget: SourceRule = (source) => {
  const signals: Signal[] = [];
  source.code.forEach((line, index) => {
    if (JUNIT_TIMEOUT.test(line)) {
      signals.push(sourceSignal(source, index, 'timing', 'time-budget', 0.35));
    } else if (TIMEOUT_NAME.test(line) && (DURATION_IN_CODE.test(line) || /(?<![\w.])\d{2,6}(?![\w.])/.test(line))) {
      const tolerance = durationLiteral(line);
      const millis = tolerance === undefined ? undefined : durationMillis(tolerance);
      if (millis !== undefined && millis >= GENEROUS_BUDGET_MS) return;
      signals.push(sourceSignal(source, index, 'timing', 'time-budget', 0.3, tolerance === undefined ? {} : { tolerance }));
    }
  });
  return signals.slice(0, 2);
};

const DURATION_IN_MESSAGE =
  /\b\d+(?:\.\d+)?\s?(?:ns|µs|μs|us|ms|s|sec|secs|seconds?|milliseconds?|microseconds?|nanoseconds?|minutes?)\b|\b\d+m\d+(?:\.\d+)?s\b/i;
const DURATIONS_IN_MESSAGE =
  /\b\d+(?:\.\d+)?\s?(?:ns|µs|μs|us|ms|s|sec|secs|seconds?|milliseconds?|microseconds?|nanoseconds?|minutes?)\b|\b\d+m\d+(?:\.\d+)?s\b/gi;
const COMPARE_WORDS =
  /\b(?:at least|at most|less than|more than|greater than|longer than|shorter than|fewer than|within|exceed(?:ed|s|ing)?|too (?:slow|fast|long|short|early|late)|took|after|elapsed|expected|want|wanted|should|deadline|budget|tolerance)\b|\s[<>]=?\s/i;
/** Runner summary lines print durations that say nothing about the failure. */
const RUNNER_SUMMARY = /---\s*(?:FAIL|PASS)|^\s*(?:FAIL|ok)\s|test result:|finished in|\bin \d+(?:\.\d+)?s\b|\(\d+(?:\.\d+)?s\)\s*$/;
const NETWORK_CONTEXT = /connect|socket|dns|lookup|resolve|handshake|\btls\b|\bssl\b|i\/o timeout|dial|ETIMEDOUT/i;
/** Waits on a condition that timed out: an async wait (asyncWaitRules.ts) rather than a timing bound. */
const CONDITION_WAIT = /waitFor|Condition(?:Timeout| never| with)|Awaitility|Eventually|not (?:met|satisfied|fulfilled) within/i;
const BOUND_DURATION =
  /(?:at least|at most|within|less than|more than|greater than|expected|want(?:ed)?|limit|budget|timeout of|after)\s*:?\s*(\d+(?:\.\d+)?\s?(?:ns|µs|μs|us|ms|s|seconds?|milliseconds?))\b/i;

const messageRules: readonly MessageRule[] = [
  { id: 'duration-bound', category: 'timing', weight: 0.6, all: [DURATION_IN_MESSAGE, COMPARE_WORDS], none: [RUNNER_SUMMARY, CONDITION_WAIT] },
  { id: 'deadline', category: 'timing', weight: 0.5, all: [/deadline exceeded|DeadlineExceeded|deadline has elapsed|Elapsed\(\(\)\)/i], none: [NETWORK_CONTEXT] },
  { id: 'timeout', category: 'timing', weight: 0.45, all: [/\btimed? ?out\b|\btimeout\b|TimeoutException|TimeoutError|exceeded timeout/i], none: [NETWORK_CONTEXT, RUNNER_SUMMARY, CONDITION_WAIT] },
  // An assertion printed with its expression: `assertion failed: start.elapsed() >= Duration::from_millis(200)`.
  { id: 'elapsed-assertion', category: 'timing', weight: 0.6, all: [/\belapsed\b|\bduration\b|Instant::now|time\.Since|currentTimeMillis|nanoTime|performance\.now|time\.monotonic|perf_counter/i, /\s[<>]=?\s|\b(?:less|greater|more) than\b|\bat (?:least|most)\b|\.(?:toBeLessThan|toBeGreaterThan)\w*/i], none: [RUNNER_SUMMARY, CONDITION_WAIT] },
  { id: 'elapsed', category: 'timing', weight: 0.4, all: [/\belapsed\b|\bduration\b|\btook\b/i, /\d/], none: [RUNNER_SUMMARY, CONDITION_WAIT] },
  { id: 'clock-skew', category: 'timing', weight: 0.4, all: [/clock skew|time zone|timezone|daylight saving|\bDST\b|\bleap (?:second|year)\b/i] },
];

/** Two durations on one failing line: a measured time against its bound (`after 48.2ms, expected at least 50ms`). */
const measuredAgainstBound: MessageCheck = (message) => {
  for (const line of message.lines) {
    if (RUNNER_SUMMARY.test(line) || CONDITION_WAIT.test(line)) continue;
    const durations = line.match(DURATIONS_IN_MESSAGE);
    if (durations === null || durations.length < 2) continue;
    const tolerance = BOUND_DURATION.exec(line)?.[1] ?? durations[durations.length - 1];
    const focus = line.indexOf(durations[0] ?? '');
    return [
      messageSignal(message, line, 'timing', 'measured-against-bound', 0.65, {
        focus,
        ...(tolerance === undefined ? {} : { tolerance: tolerance.replace(/\s+/g, '') }),
      }),
    ];
  }
  return [];
};

export const timingRules: CategoryRules = {
  messageRules,
  messageChecks: [measuredAgainstBound],
  sourceRules: [
    elapsedComparison,
    timestampAssertion,
    clockRead,
    clockValueChecked,
    timeValueChecked,
    dateTimeValues,
    timeBudget,
    shortTimer,
    rangeCheck,
    sleepAcrossClock,
    expectedTimeout,
    tightWait,
  ],
};
