// Failure messages reduced to what stays the same between occurrences of one cause: the test's own name, numbers,
// hex ids, addresses, temporary paths, durations and timestamps are replaced by placeholders. Used to spot one
// message shared by many tests at once (a systemic failure) and to group a test's failures by reason.

const MAX_INPUT = 4096;
const MAX_LINES = 3;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The message's first meaningful lines, normalized. `testId` (and its last segment) are removed. */
export function normalizeFailureMessage(message: string | undefined, testId = ''): string {
  if (!message) {
    return '';
  }
  let text = message.length > MAX_INPUT ? message.slice(0, MAX_INPUT) : message;
  if (testId) {
    const names = new Set([testId, testId.split('::').pop() ?? '', testId.split('/').pop() ?? ''].filter((n) => n.length > 2));
    for (const name of names) {
      text = text.replace(new RegExp(escapeRegExp(name), 'g'), '<test>');
    }
  }
  const lines: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw
      .replace(/^-{4} .* std(out|err) -{4}$/, '')
      .replace(/thread '[^']*'/g, "thread '<t>'")
      .replace(/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?Z?/g, '<time>')
      .replace(/(?:[A-Za-z]:)?(?:[\\/][\w.@+-]+){2,}(?::\d+(?::\d+)?)?/g, '<path>')
      .replace(/\b[\w.-]+\.(rs|go|py|ts|js|java|kt|cs):\d+(?::\d+)?/g, '<loc>')
      .replace(/\b0x[0-9a-fA-F]+\b/g, '<hex>')
      .replace(/\b[0-9a-f]{7,}\b/g, '<hex>')
      .replace(/\b\d+(\.\d+)?\s?(ns|µs|us|ms|s|m|h)\b/g, '<dur>')
      .replace(/\d+(\.\d+)?/g, '#')
      .replace(/\s+/g, ' ')
      .trim();
    if (line.length === 0) {
      continue;
    }
    lines.push(line);
    if (lines.length >= MAX_LINES) {
      break;
    }
  }
  return lines.join(' | ');
}
