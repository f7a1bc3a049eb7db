// One id form for JVM tests, whichever tool printed them (Surefire, Gradle, their JUnit XML reports): the suite is
// the class (`com.acme.FooTest`, nested classes after `$`: `com.acme.FooTest$Inner`), the id is the method as
// printed with its parameters (`bar`, `quantity(int)[3]`, `isPositive[2: price(-1)]`), without the empty
// parentheses Gradle adds to JUnit 5 methods (`bar()` → `bar`).

import { MAX_MESSAGE_CHARS, TextHead } from './failureText';
import type { PendingOutcome } from './runOutcomes';
import { detached } from './outcomeParser';

/** `bar()` → `bar`; `quantity{int}[3]` (Surefire 2 with JUnit 5) → `quantity(int)[3]`. */
export function jvmMethodId(name: string): string {
  let id = name.trim();
  if (id.endsWith('()')) id = id.slice(0, -2);
  const brace = id.indexOf('{');
  if (brace > 0 && !id.slice(0, brace).includes('(')) {
    const close = id.indexOf('}', brace);
    if (close !== -1) id = `${id.slice(0, brace)}(${id.slice(brace + 1, close)})${id.slice(close + 1)}`;
  }
  return id;
}

/**
 * Splits `com.acme.FooTest.bar(int)[1]` into class and method: after the longest known class that starts it, else
 * at the last `.` before the parameters. `bar(com.acme.FooTest)` (JUnit 4 through Surefire 2) is understood too.
 */
export function splitJvmTest(name: string, knownClasses: ReadonlySet<string> = new Set()): { suite: string; id: string } | undefined {
  const text = name.trim();
  if (text.endsWith(')')) {
    const open = text.lastIndexOf('(');
    const inner = text.slice(open + 1, -1);
    if (open > 0 && /^[\w$.]+\.[\w$]+$/.test(inner)) {
      const method = text.slice(0, open);
      const prefix = `${inner}.`;
      return { suite: inner, id: jvmMethodId(method.startsWith(prefix) ? method.slice(prefix.length) : method) };
    }
  }
  // The known classes that start the name are among its prefixes before a `.`: looked up one by one, longest
  // first, so that the cost follows the name's length and not the number of classes known (a big project's).
  const prefixes = knownClasses.size === 0 ? [] : classPrefixes(text, knownClasses);
  if (text === '' || text.includes(' ')) {
    // Display names may hold spaces: only a known class can say where the method starts (the first one known).
    let first = prefixes.length === 1 ? prefixes[0] : undefined;
    if (prefixes.length > 1) {
      for (const suite of knownClasses) {
        if (prefixes.includes(suite)) {
          first = suite;
          break;
        }
      }
    }
    return first === undefined ? undefined : { suite: first, id: jvmMethodId(text.slice(first.length + 1)) };
  }
  const best = prefixes[0];
  if (best !== undefined) return { suite: best, id: jvmMethodId(text.slice(best.length + 1)) };
  let end = text.length;
  for (const stop of ['(', '[']) {
    const at = text.indexOf(stop);
    if (at !== -1 && at < end) end = at;
  }
  const dot = text.lastIndexOf('.', end);
  if (dot <= 0) return undefined;
  return { suite: text.slice(0, dot), id: jvmMethodId(text.slice(dot + 1)) };
}

/** The known classes `c` for which `text` starts with `c.`, longest first. */
function classPrefixes(text: string, knownClasses: ReadonlySet<string>): string[] {
  const found: string[] = [];
  for (let dot = text.lastIndexOf('.'); dot >= 0; dot = dot === 0 ? -1 : text.lastIndexOf('.', dot - 1)) {
    const prefix = text.slice(0, dot);
    if (knownClasses.has(prefix)) found.push(prefix);
  }
  return found;
}

/** `	at com.acme.FooTest.bar(FooTest.java:42)` → `FooTest.java:42`, for frames in the test's own class. */
export function jvmFrameLocation(line: string, suite: string): string | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('at ')) return undefined;
  const open = trimmed.lastIndexOf('(');
  if (open === -1 || !trimmed.endsWith(')')) return undefined;
  const frame = trimmed.slice(3, open);
  const outer = suite.split('$')[0] ?? suite;
  if (!frame.startsWith(`${outer}.`) && !frame.startsWith(`${outer}$`)) return undefined;
  const location = trimmed.slice(open + 1, -1);
  return /^[^:\s]+\.(?:java|kt|groovy|scala):\d+$/.test(location) ? location : undefined;
}

/** A JVM test's failure being read (Gradle, Surefire): its message lines, kept only when it had no message yet. */
export interface JvmFailure {
  readonly result: PendingOutcome;
  readonly message: TextHead;
  readonly fresh: boolean;
}

export function startJvmFailure(result: PendingOutcome): JvmFailure {
  return { result, message: new TextHead(MAX_MESSAGE_CHARS), fresh: result.message === undefined };
}

/** Gives the failure's result the message read, if it had none before and some text was read. */
export function endJvmFailure(failure: JvmFailure): void {
  if (!failure.fresh) return;
  const message = failure.message.text();
  if (message !== '') failure.result.message = detached(message);
}
