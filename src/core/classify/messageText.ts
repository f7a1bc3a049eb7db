// Failure messages as the message rules read them: untrusted CI text, so each message is bounded, stripped of ANSI
// escapes and log timestamps, split into bounded lines, and identical messages are read once (with their count).

import { withoutControlCharacters } from './evidence';
import type { MessageView } from './signals';

/** Upper bound of one message, in characters; the rest is not read. */
export const MAX_MESSAGE_CHARS = 8 * 1024;
/** Upper bound of the number of messages read (newest first). */
export const MAX_MESSAGES = 50;
/** Upper bound of one line as the rules match it. */
export const MAX_MESSAGE_LINE_CHARS = 1000;
const MAX_LINES_PER_MESSAGE = 200;

const LOG_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z ?/;

/**
 * @param testName occurrences of the test's own name are blanked in the lines the rules read (not in the lines
 * shown as evidence), so that `TestPoll/timeout` in a runner's line does not read as a timeout.
 */
export function messageViews(messages: readonly string[] | undefined, testName?: string): MessageView[] {
  const name = testName !== undefined && testName.length >= 3 && testName.length <= 500 ? testName : undefined;
  const byText = new Map<string, number>();
  const order: string[] = [];
  for (const raw of (messages ?? []).slice(0, MAX_MESSAGES)) {
    if (typeof raw !== 'string') continue;
    const text = normalise(raw);
    if (text.trim() === '') continue;
    if (!byText.has(text)) order.push(text);
    byText.set(text, (byText.get(text) ?? 0) + 1);
  }
  return order.map((text, index) => {
    const count = byText.get(text) ?? 1;
    const shown = text
      .split('\n')
      .slice(0, MAX_LINES_PER_MESSAGE)
      .map((line) => (line.length > MAX_MESSAGE_LINE_CHARS ? line.slice(0, MAX_MESSAGE_LINE_CHARS) : line))
      .filter((line) => line.trim() !== '');
    const lines = name === undefined ? shown : shown.map((line) => line.split(name).join(' '.repeat(name.length)));
    return { index, count, lines, shown };
  });
}

function normalise(raw: string): string {
  const bounded = raw.length > MAX_MESSAGE_CHARS ? raw.slice(0, MAX_MESSAGE_CHARS) : raw;
  return bounded
    .split(/\r?\n|\r/)
    .map((line) => withoutControlCharacters(line).replace(LOG_TIMESTAMP, ''))
    .join('\n');
}
