// Failure messages of the JavaScript runners (jest, vitest, mocha, node, Playwright): the error and its explanation,
// without the code frame the runners draw around the failing line (`> 10 |   expect(x)...`, `    |   ^`), and the
// test file's position read from the stack (`at Object.<anonymous> (src/cart.test.js:10:25)`).

import { MAX_MESSAGE_CHARS, TextHead, isSourceLocation } from './failureText';

// Each run of whitespace has one place in these (two `\s*` side by side, around an optional character, shared a long
// run of tabs between them: quadratic, 1.2 s for 32 KiB).
const CODE_FRAME = /^\s*(?:>\s*)?\d+\s*\|/;
const CARET_LINE = /^\s+\|\s*(?:\^\s*)?$/;
const FRAME_LOCATION = /(?:\(|at )((?:file:\/\/)?[^\s()]+:\d+:\d+)\)?\s*$/;

/**
 * Where a parser reads a failure's message, the lines that may still change a {@link JsFailureMessage} once it is
 * {@link JsFailureMessage.full} without a location: stack frames (`at ...`, vitest's `❯ ...`, colours after `❯`).
 */
export const FRAME_MARKERS: readonly string[] = Object.freeze(['at ', '❯']);

export class JsFailureMessage {
  private readonly head = new TextHead(MAX_MESSAGE_CHARS);
  private isFull = false;
  location: string | undefined;

  add(line: string): void {
    if (CODE_FRAME.test(line) || CARET_LINE.test(line)) return;
    const trimmed = line.trimStart();
    if (trimmed.startsWith('at ') || trimmed.startsWith('❯ ')) {
      // Only the first frame in the project's own files is kept: the others say little and use the budget up.
      const location = testFileLocation(trimmed);
      if (location === undefined || this.location !== undefined) return;
      this.location = location;
    }
    if (!this.head.add(line)) this.isFull = true;
  }

  /**
   * A line did not fit: no more lines are kept. Only a stack frame can still change the message (its location,
   * while there is none); once the location is known too, no line can.
   */
  get full(): boolean {
    return this.isFull;
  }

  get size(): number {
    return this.head.size;
  }

  text(): string {
    return this.head.text();
  }
}

/** `at Object.toBe (src/cart.test.js:10:25)` → `src/cart.test.js:10:25`; frames in dependencies and node itself are not. */
function testFileLocation(frame: string): string | undefined {
  if (frame.includes('node_modules') || frame.includes('(node:') || frame.includes(' node:')) return undefined;
  const match = FRAME_LOCATION.exec(frame);
  let location = match?.[1];
  if (location === undefined) {
    // vitest: `❯ test/cart.test.ts:11:25`
    const rest = frame.startsWith('❯ ') ? frame.slice(2).trim() : undefined;
    location = rest !== undefined && isSourceLocation(rest) ? rest : undefined;
  }
  if (location === undefined) return undefined;
  if (location.startsWith('file://')) location = location.slice(7);
  return isSourceLocation(location) ? location : undefined;
}
