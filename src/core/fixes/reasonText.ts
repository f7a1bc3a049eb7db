// The reason a quarantine cites (the rate with its sample, the likely cause, where the evidence is) and the string
// literals and comments that carry it into source code. The reason holds CI data (rates, URLs, names): it is cleaned
// to one bounded line of printable text and escaped for the target language, so it can never leave its literal.
import { rateWithSample } from '../present/rateText';
import type { ScanTest } from '../scan/scanResult';

export const MAX_REASON_CHARS = 160;

/**
 * Control characters, line and paragraph separators (JavaScript line terminators), zero-width and bidirectional
 * formatting characters, U+061C (Arabic Letter Mark) among them (which can make source read differently from how it
 * compiles): never in generated code.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;

/** One line of printable text, at most `max` characters (cut on a character, not inside a surrogate pair). */
export function oneLine(text: string, max = MAX_REASON_CHARS): string {
  const clean = text.replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim();
  const chars = Array.from(clean);
  return chars.length > max ? `${chars.slice(0, max - 1).join('').trimEnd()}…` : clean;
}

const SAFE_URL = /^https:\/\/[A-Za-z0-9.-]+(?::\d+)?\/[A-Za-z0-9._~/%-]*$/;

/** Where the evidence is: the last failure's job log, else the first evidence's `file:line`. */
export function evidencePointer(test: Pick<ScanTest, 'lastFailure' | 'recentFailures' | 'evidence'>): string | undefined {
  const url = test.lastFailure?.url ?? test.recentFailures[0]?.url;
  if (url && SAFE_URL.test(url)) return url;
  for (const evidence of test.evidence) {
    const at = /^([^\s:][^:]{0,159}):(\d+): /.exec(evidence);
    if (at) return `${at[1]}:${at[2]}`;
  }
  return undefined;
}

/** `flaky: 7% (21/300) in CI, likely network; see https://…/job/99`, bounded, on one line. */
export function quarantineReason(test: Pick<ScanTest, 'flakyFailures' | 'executions' | 'category' | 'lastFailure' | 'recentFailures' | 'evidence'>): string {
  const rate = `flaky: ${rateWithSample(test.flakyFailures, test.executions)} in CI`;
  const category = test.category && /^[a-z-]{1,30}$/.test(test.category) && test.category !== 'unknown' ? `, likely ${test.category}` : '';
  const pointer = evidencePointer(test);
  const full = pointer ? `${rate}${category}; see ${pointer}` : `${rate}${category}`;
  // A cut URL points nowhere: drop the pointer rather than cut it.
  return oneLine(Array.from(full).length <= MAX_REASON_CHARS ? full : `${rate}${category}`);
}

export type LiteralLanguage = 'rust' | 'go' | 'python' | 'java' | 'kotlin' | 'javascript';

/** A double-quoted string literal of `language` whose value is `oneLine(text)`. */
export function stringLiteral(language: LiteralLanguage, text: string): string {
  let body = oneLine(text).replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  if (language === 'kotlin') body = body.replace(/\$/g, '\\$');
  // JavaScript: `${` only matters in template literals, which this is not.
  return `"${body}"`;
}

/** A line comment (`// …`, `# …`) whose text is `oneLine(text)`: nothing in it can end the comment. */
export function lineComment(marker: '//' | '#', text: string): string {
  return `${marker} ${oneLine(text)}`;
}
