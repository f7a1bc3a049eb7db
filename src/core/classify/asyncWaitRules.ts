// Async wait: the test sleeps or waits a fixed time for asynchronous work and then checks its result, which fails
// whenever the work takes longer on a loaded runner. A sleep inside a loop is a poll: closer to the remedy, but its
// bound can still run out, so it counts for less. Waiting helpers, asynchronous calls and services restarted just
// before a check are weaker signs of the same thing.

import { handedOverLines } from './blockScopes';
import { ASSERTION, FAKE_CLOCK, LOOP_HEAD, SLEEP, TEST_TIMEOUT_SETTING, durationLiteral } from './codePatterns';
import { JOIN, startsConcurrentWork } from './concurrencyRules';
import type { CategoryRules, MessageRule, Signal, SourceRule } from './signals';
import { withChain } from './sourceText';
import { anyLine, sourceSignal } from './signals';

/** How far after a sleep an assertion still reads as "sleep, then check". */
const ASSERTION_WINDOW = 25;

/** Waits bounded by a literal or constant: `poll(MAX_WAIT, TimeUnit.MILLISECONDS)`, `receive(1000)`, `join(100)`. */
const FIXED_WAIT =
  /\.(?:receive|poll|await|join|waitFor|tryAcquire|wait|take|recv_timeout|waitForCompletion)\s*\(\s*(?:[1-9][\d_]*L?|[A-Z][A-Z0-9_]{2,})\s*[,)]|\.\w+\s*\([^()]{0,60}\bTimeUnit\.\w+\s*\)|\w\s*\([^()]{0,60},\s*(?:NANOSECONDS|MICROSECONDS|MILLISECONDS|SECONDS|MINUTES)\s*\)|<-\s*time\.After\s*\(|\.(?:wait|join|get|result)\s*\(\s*timeout\s*=|\brecv_timeout\s*\(|(?<![\w.])wait\s*\(\s*[\w(][^()]{0,40}\)|\btimeout\s*\(\s*[1-9][\d_]*L?\s*\)|\.(?:verify|block\w{0,10}|await\w{0,10}|get|join|poll|take|receive|until)\s*\(\s*(?:java\.time\.)?Duration\.of\w{1,10}\s*\(|[\w)]\s*,\s*(?:TimeUnit\.)?(?:NANOSECONDS|MICROSECONDS|MILLISECONDS|SECONDS|MINUTES)\s*\)/;

/** Scheduling calls, whose delay arguments look like waits. */
const SCHEDULED = /\bschedule\w{0,20}\s*\(/;

/** Helpers that wait for a condition or an event (`waitForBuild()`, `Wait.waitFor(…)`, Awaitility's `await()`). */
const WAIT_HELPER =
  /\b(?:wait|await)(?:For|Until|Till|Ready|Started)\w{0,60}\s*\(|\bWait\.\w+\s*\(|\bawait\s*\(\s*\)\s*\.|\bAwaitility\b|\beventually\s*\(|\bpollUntil\w{0,40}\s*\(|\bretryUntil\w{0,40}\s*\(/;

/** Calls that return before their work is done (`sendAsync`, futures, callbacks, listeners, subscriptions). */
const ASYNC_API =
  /\b\w{1,60}Async\s*\(|\bCompletableFuture\b|\bListenableFuture\b|\b\w{0,40}Future\s*\(\s*\)\s*\.\s*(?:join|get)\s*\(|\bFuture\s*<|\bFutureCallback\b|\.then(?:Apply|Accept|Compose|Run|Combine)\w{0,10}\s*\(|\.whenComplete\w{0,10}\s*\(|\.addListener\s*\(|\bset\w{0,40}Listener\s*\(|\.subscribe\s*\(|\bcallback\b|\bCallback\b/;

/** The text every match of ASYNC_API holds: its patterns led by `\w{1,60}` are tried from every word of a line. */
const ASYNC_API_TEXT = /Async|Future|\.then|\.whenComplete|Listener|\.subscribe|[Cc]allback/;

/** A service stopped, started or restarted: it comes up (or down) in the background. */
const SERVICE_LIFECYCLE =
  /\b\w{0,40}(?:[Ss]erver|[Bb]roker|[Cc]luster|[Mm]aster|[Nn]ode|[Ss]ervice|[Cc]lient|[Cc]onsumer|[Pp]roducer|[Cc]onnection|[Tt]ransport|[Ss]cheduler|[Aa]gent|[Cc]ontainer|[Bb]us|[Ww]orker|[Ee]ngine)s?\w{0,20}(?:\(\s*\))?\.(?:start|stop|restart|shutdown|startUp|shutDown|halt|kill|suspend|resume|reconnect|disconnect)\w{0,30}\s*\(|^\s*(?:super\.|this\.)?(?:start|stop|restart)(?:Up|Down)?[A-Z]\w{0,40}\s*\(/;
/** How far after a service change a check still reads as "change, then check at once". */
const LIFECYCLE_WINDOW = 8;

const messageRules: readonly MessageRule[] = [
  { id: 'condition-timeout', category: 'async-wait', weight: 0.6, all: [/Timed out in waitFor|waitFor\w*\b.{0,80}tim(?:ed|e) ?out|ConditionTimeoutException|Condition never satisfied|condition (?:was )?not (?:met|satisfied|fulfilled)|\bnot fulfilled within\b|Awaitility/i] },
  { id: 'not-ready', category: 'async-wait', weight: 0.3, all: [/\bnot (?:yet )?(?:ready|started|available|running|listening|initiali[sz]ed|connected)\b|\bstill (?:running|pending|in progress)\b/i] },
  { id: 'outlived-test', category: 'async-wait', weight: 0.45, all: [/Cannot log after tests are done|did not exit one second after|open handles|A worker process has failed to exit gracefully|Task was destroyed but it is pending|coroutine .{0,80} was never awaited|unhandled promise rejection|asynchronous activity after the test/i] },
  { id: 'element-not-found', category: 'async-wait', weight: 0.3, all: [/Unable to find (?:an )?element|Timed out retrying|waiting for (?:selector|locator|element)|toBeVisible|StaleElementReference|NoSuchElementException/i] },
];

/** A sleep followed by an assertion, outside a polling loop. */
const sleepThenCheck: SourceRule = (source) => {
  const factor = anyLine(source, FAKE_CLOCK) ? 0.5 : 1;
  const signals: Signal[] = [];
  const handedOver = handedOverLines(source);
  let lastAssertion = -1;
  source.code.forEach((line, index) => {
    if (ASSERTION.test(line)) lastAssertion = index;
  });
  source.code.forEach((line, index) => {
    if (signals.length >= 4 || !SLEEP.test(source.bare[index] ?? '') || TEST_TIMEOUT_SETTING.test(line)) return;
    // A sleep in a thread body or a callback slows a worker down; it is not the test waiting.
    if (handedOver[index] === true) return;
    const before = source.code.slice(Math.max(0, index - 4), index + 1);
    const tolerance = durationLiteral(line);
    const extra = tolerance === undefined ? {} : { tolerance };
    if (before.some((previous) => LOOP_HEAD.test(previous))) {
      signals.push(sourceSignal(source, index, 'async-wait', 'sleep-in-loop', 0.3 * factor, extra));
      return;
    }
    const after = source.code.slice(index + 1, index + 1 + ASSERTION_WINDOW);
    const weight = after.some((next) => ASSERTION.test(next)) ? 0.55 : lastAssertion > index ? 0.45 : 0.3;
    signals.push(sourceSignal(source, index, 'async-wait', weight >= 0.45 ? 'sleep-then-check' : 'sleep', weight * factor, extra));
  });
  return signals;
};

/** A fixed-length wait for a message or a result, then a check: the wait is too short on a slow runner. */
const fixedWaitThenCheck: SourceRule = (source) => {
  const signals: Signal[] = [];
  source.code.forEach((line, index) => {
    const bare = source.bare[index] ?? '';
    // A task scheduled after a delay is a timer (timingRules.ts), not the test waiting.
    if (signals.length >= 3 || !FIXED_WAIT.test(bare) || SCHEDULED.test(bare)) return;
    const checked = ASSERTION.test(line) || source.code.slice(index + 1, index + 1 + ASSERTION_WINDOW).some((next) => ASSERTION.test(next));
    signals.push(sourceSignal(source, index, 'async-wait', 'fixed-wait', checked ? 0.4 : 0.25));
  });
  return signals;
};

function checkedWithin(source: { readonly code: readonly string[] }, index: number, window: number): boolean {
  return source.code.slice(index, index + 1 + window).some((next) => ASSERTION.test(next));
}

/** A helper that waits for a condition or an event: the test depends on asynchronous work finishing in time. */
const waitHelper: SourceRule = (source) => {
  const index = source.bare.findIndex((line) => WAIT_HELPER.test(line));
  return index < 0 ? [] : [sourceSignal(source, index, 'async-wait', 'wait-helper', 0.4)];
};

/** An asynchronous call whose result the test then checks. */
const asyncCall: SourceRule = (source) => {
  const index = source.bare.findIndex((line, at) => ASYNC_API_TEXT.test(line) && ASYNC_API.test(line) && checkedWithin(source, at, ASSERTION_WINDOW));
  return index < 0 ? [] : [sourceSignal(source, index, 'async-wait', 'async-call', 0.2)];
};

/** A check of a state that changes in the background (`assertTrue(future.isDone())`, `assertFalse(t.isAlive())`). */
const ASYNC_STATE =
  /\.(?:isDone|isCompleted|isCompletedExceptionally|isCancelled|isFinished|isRunning|isStarted|isAlive|isTerminated|isShutdown|isReady|isActive)\s*\(\s*\)/;
/** A check that the work is not done yet: that is what a blocked call should show, not a check made too early. */
const NOT_YET = /\bassertFalse\s*\(|\.isFalse\s*\(|\(\s*!/;
const asyncStateChecked: SourceRule = (source) => {
  // Right after a wait, the other rules read the wait; the sign is a state checked with no wait before it.
  const waited = (at: number): boolean =>
    source.bare.slice(Math.max(0, at - 3), at).some((line) => SLEEP.test(line) || FIXED_WAIT.test(line) || WAIT_HELPER.test(line) || /\.(?:join|await|get)\s*\(/.test(line));
  const index = source.bare.findIndex(
    (line, at) => ASSERTION.test(line) && ASYNC_STATE.test(withChain(source.bare, at)) && !NOT_YET.test(withChain(source.bare, at)) && !LOOP_HEAD.test(line) && !waited(at),
  );
  return index < 0 ? [] : [sourceSignal(source, index, 'async-wait', 'async-state-checked', 0.25)];
};

/** A service stopped, started or restarted just before a check: the check can run before the service settles. */
const lifecycleThenCheck: SourceRule = (source) => {
  const handedOver = handedOverLines(source);
  const index = source.bare.findIndex(
    (line, at) => handedOver[at] !== true && SERVICE_LIFECYCLE.test(line) && checkedWithin(source, at + 1, LIFECYCLE_WINDOW),
  );
  return index < 0 ? [] : [sourceSignal(source, index, 'async-wait', 'service-then-check', 0.2)];
};

/**
 * Threads or tasks started by the test, then a sleep, then checks, with nothing that joins or awaits the work in
 * between: the sleep is how the test waits for the threads (Luo et al.'s async wait: "the test uses sleep to wait
 * for other threads"), so what it checks depends on the threads finishing within the sleep. The threads alone read
 * as concurrency (concurrencyRules.ts); a sleep that stands in for a join is the more specific sign, and where the
 * fix goes. A join or an await after the sleep makes the sleep a pause, not the wait.
 */
const sleepForSpawnedWork: SourceRule = (source) => {
  if (anyLine(source, FAKE_CLOCK)) return [];
  const handedOver = handedOverLines(source);
  const spawn = source.bare.findIndex((line, at) => handedOver[at] !== true && startsConcurrentWork(line));
  if (spawn < 0) return [];
  const outer = outerLines(source.bare);
  for (let index = spawn + 1; index < source.bare.length; index += 1) {
    const line = source.bare[index] ?? '';
    if (handedOver[index] === true || !SLEEP.test(line) || TEST_TIMEOUT_SETTING.test(line)) continue;
    // A sleep in a loop begun after the threads polls for a condition (sleep-in-loop): it does not stand in for a
    // join. A loop that starts the threads, sleeps and checks, iteration by iteration, is still that.
    if (loopHeadOf(source.bare, outer, index) > spawn) continue;
    const check = source.code.findIndex((next, at) => at > index && handedOver[at] !== true && ASSERTION.test(next));
    if (check < 0) return [];
    if (source.bare.slice(index + 1, check).some((between) => JOIN.test(between))) return [];
    const tolerance = durationLiteral(line);
    return [
      sourceSignal(source, index, 'async-wait', 'sleep-for-threads', 0.6, tolerance === undefined ? {} : { tolerance }),
      sourceSignal(source, spawn, 'async-wait', 'sleep-for-threads', 0.4),
    ];
  }
  return [];
};

/**
 * The line of the loop that line `index` runs in, or -1: the line itself where it holds the loop's head
 * (`while (!done) Thread.sleep(10);`), else the nearest line before it indented less (the head of its block, braces
 * or not) where that is a loop's head.
 */
function loopHeadOf(lines: readonly string[], outer: Int32Array, index: number): number {
  const line = lines[index] ?? '';
  if (LOOP_HEAD.test(line)) return index;
  const at = outer[index] ?? -1;
  if (at < 0) return -1;
  const previous = lines[at] ?? '';
  // A lone `{` opens the block whose head is the line before it.
  const headAt = previous.trim() === '{' && at > 0 ? at - 1 : at;
  const head = lines[headAt] ?? '';
  return LOOP_HEAD.test(head) || /^\s*(?:\}\s*)?do\b/.test(head) ? headAt : -1;
}

/**
 * For each line that is not blank, the nearest line before it that is not blank and is indented less (-1 when none),
 * in one pass: looked for line by line, from each sleep of a long loop body back to its head, it was quadratic (a
 * 128 KiB file of sleeps in one loop after a thread: 1.8 s).
 */
export function outerLines(lines: readonly string[]): Int32Array {
  const outer = new Int32Array(lines.length).fill(-1);
  const open: number[] = [];
  const indents: number[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const indent = indentOf(line);
    while (open.length > 0 && (indents[indents.length - 1] as number) >= indent) {
      open.pop();
      indents.pop();
    }
    outer[index] = open[open.length - 1] ?? -1;
    open.push(index);
    indents.push(indent);
  });
  return outer;
}

function indentOf(line: string): number {
  const match = /^[ \t]*/.exec(line);
  return match ? match[0].length : 0;
}

export const asyncWaitRules: CategoryRules = {
  messageRules,
  sourceRules: [sleepThenCheck, fixedWaitThenCheck, waitHelper, asyncCall, lifecycleThenCheck, asyncStateChecked, sleepForSpawnedWork],
};
