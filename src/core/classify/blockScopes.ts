// Which lines of a test run in code the test hands to something else: anonymous classes (`new Runnable() { … }`)
// and closures with a block body (`() -> { … }`, `go func() { … }`, `move || { … }`). That code runs later or on
// another thread, so a sleep there slows a worker down rather than waiting for one.

import type { SourceView } from './sourceText';

/** How far before a `{` the opening of handed-over code is looked for. */
const LOOK_BEHIND = 160;
/** Braces per line read for openings; further ones count as plain blocks (keeps long lines linear). */
const MAX_OPENINGS_PER_LINE = 50;

/** Calls that declare a test or a group of tests: their bodies are the test itself, not handed-over code. */
const TEST_DECLARATION = /(?:^|[^\w.])(?:it|test|describe|context|suite|specify|beforeEach|afterEach|beforeAll|afterAll|before|after|setup|teardown|t\.Run|b\.Run|s\.Run)(?:\.\w{1,12})?\s*\(/;

const CALLEE_OF_ANONYMOUS_CLASS = /\bnew\s+[\w.]+(?:<[^<>;{}]{0,120}>)?\s*$/;
const CALLEE_OF_CLOSURE = /\bfunc\s*$/;

const computed = new WeakMap<SourceView, readonly boolean[]>();

/** For each code line, whether it lies inside handed-over code (the line that opens it does not). */
export function handedOverLines(source: SourceView): readonly boolean[] {
  const known = computed.get(source);
  if (known !== undefined) return known;
  const inside = scan(source);
  computed.set(source, inside);
  return inside;
}

function scan(source: SourceView): boolean[] {
  const inside: boolean[] = [];
  const stack: boolean[] = [];
  let depthInside = 0;
  for (const code of source.bare) {
    inside.push(depthInside > 0);
    let openings = 0;
    for (let i = 0; i < code.length; i += 1) {
      const c = code[i];
      if (c === '{') {
        openings += 1;
        const handedOver = openings <= MAX_OPENINGS_PER_LINE && opensHandedOverCode(code, i);
        stack.push(handedOver);
        if (handedOver) depthInside += 1;
      } else if (c === '}') {
        if (stack.pop() === true) depthInside -= 1;
      }
    }
  }
  return inside;
}

/** Whether the `{` at `brace` opens a lambda or closure body, or an anonymous class. */
function opensHandedOverCode(code: string, brace: number): boolean {
  const before = code.slice(Math.max(0, brace - LOOK_BEHIND), brace).trimEnd();
  if (TEST_DECLARATION.test(before)) return false;
  if (before.endsWith('->') || before.endsWith('=>') || before.endsWith('|')) return true;
  // Skip a return type written between a closure's parameters and its body (`func() error {`).
  const head = before.endsWith(')') ? before : before.replace(/\)\s*[\w.*[\]]{1,40}$/, ')');
  if (!head.endsWith(')')) return false;
  const open = matchingOpenParenthesis(head, head.length - 1);
  if (open < 0) return false;
  const callee = head.slice(0, open);
  return CALLEE_OF_ANONYMOUS_CLASS.test(callee) || CALLEE_OF_CLOSURE.test(callee);
}

function matchingOpenParenthesis(text: string, close: number): number {
  let depth = 0;
  for (let i = close; i >= 0; i -= 1) {
    if (text[i] === ')') depth += 1;
    else if (text[i] === '(') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return -1;
}
