// Async wait: the test sleeps or waits a fixed time for asynchronous work and then checks its result, which fails
// whenever the work takes longer on a loaded runner. A sleep inside a loop is a poll (the remedy), not the cause.

import { ASSERTION, FAKE_CLOCK, LOOP_HEAD, SLEEP, TEST_TIMEOUT_SETTING, durationLiteral } from './codePatterns';
import type { CategoryRules, MessageRule, Signal, SourceRule } from './signals';
import { anyLine, sourceSignal } from './signals';

/** How far after a sleep an assertion still reads as "sleep, then check". */
const ASSERTION_WINDOW = 25;

/** Waits bounded by a literal or constant: `poll(MAX_WAIT, TimeUnit.MILLISECONDS)`, `receive(1000)`, `join(100)`. */
const FIXED_WAIT =
  /\.(?:receive|poll|await|join|waitFor|tryAcquire|wait|take|recv_timeout|waitForCompletion)\s*\(\s*(?:[1-9][\d_]*L?|[A-Z][A-Z0-9_]{2,})\s*[,)]|\.\w+\s*\([^()]{0,60}\bTimeUnit\.\w+\s*\)|<-\s*time\.After\s*\(|\.(?:wait|join|get|result)\s*\(\s*timeout\s*=|\brecv_timeout\s*\(/;

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
  let lastAssertion = -1;
  source.code.forEach((line, index) => {
    if (ASSERTION.test(line)) lastAssertion = index;
  });
  source.code.forEach((line, index) => {
    if (signals.length >= 4 || !SLEEP.test(line) || TEST_TIMEOUT_SETTING.test(line)) return;
    const before = source.code.slice(Math.max(0, index - 4), index + 1);
    const tolerance = durationLiteral(line);
    const extra = tolerance === undefined ? {} : { tolerance };
    if (before.some((previous) => LOOP_HEAD.test(previous))) {
      signals.push(sourceSignal(source, index, 'async-wait', 'sleep-in-loop', 0.15 * factor, extra));
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
    if (signals.length >= 3 || !FIXED_WAIT.test(line)) return;
    const checked = ASSERTION.test(line) || source.code.slice(index + 1, index + 1 + ASSERTION_WINDOW).some((next) => ASSERTION.test(next));
    signals.push(sourceSignal(source, index, 'async-wait', 'fixed-wait', checked ? 0.4 : 0.25));
  });
  return signals;
};

export const asyncWaitRules: CategoryRules = {
  messageRules,
  sourceRules: [sleepThenCheck, fixedWaitThenCheck],
};
