// Widen a literal timing tolerance in the assertion a timing verdict points at, by at least the platform's timer
// granularity (Windows timers tick every 15.6 ms): a lower bound on an elapsed time gets one tick smaller, an upper
// bound twice as large (at least one tick more). Only literals whose unit the code spells out are changed: Go
// `50*time.Millisecond`, Rust `Duration::from_millis(50)`, and the plain numbers of JavaScript (milliseconds, from
// `Date.now()`/`performance.now()`) and Python (seconds, from `time.monotonic()`/`time.time()`).
import type { Language } from '../classify/language';
import { codeOnly } from './codeText';
import { locateEvidence, type EvidenceAt } from './evidenceLine';
import { shown, type FixOutcome } from './quickFix';
import { replaceInLine, sourceLines } from './textEdit';

/** One tick of the coarsest common timer (Windows: 15.6 ms), rounded up, in microseconds. */
export const TIMER_GRANULARITY_MICROS = 16_000;

export interface ToleranceInput {
  readonly evidence: EvidenceAt;
  readonly language: Language;
  /** The current text of the evidence's file. */
  readonly text: string;
}

interface Literal {
  readonly index: number;
  readonly text: string;
  readonly micros: number;
  /** Writes a new value (microseconds) in the literal's own form. */
  readonly write: (micros: number) => string;
}

const GO_UNITS: Readonly<Record<string, number>> = { Nanosecond: 0.001, Microsecond: 1, Millisecond: 1000, Second: 1_000_000, Minute: 60_000_000 };
const RUST_UNITS: Readonly<Record<string, number>> = { nanos: 0.001, micros: 1, millis: 1000, secs: 1_000_000 };

function number(text: string): number {
  return Number(text.replace(/_/g, ''));
}

/** A decimal with at most three fractional digits and no float noise (`0.034`, `1.0`). */
function decimal(value: number, keepPoint: boolean): string {
  const text = String(Math.round(value * 1000) / 1000);
  return keepPoint && !text.includes('.') ? `${text}.0` : text;
}

function goLiterals(line: string): Literal[] {
  const found: Literal[] = [];
  const re = /(?:\b(\d[\d_]*(?:\.\d+)?)(\s*\*\s*)|(?<![\w.)]))time\.(Nanosecond|Microsecond|Millisecond|Second|Minute)\b(?!\s*\*)/g;
  for (const m of line.matchAll(re)) {
    const unit = m[3] ?? 'Millisecond';
    const count = m[1] === undefined ? 1 : number(m[1]);
    const star = m[2] ?? '*';
    found.push({
      index: m.index,
      text: m[0],
      micros: count * (GO_UNITS[unit] ?? 1000),
      write: (micros) => {
        // The original unit when the new value is whole in it, else milliseconds (or microseconds).
        for (const u of [unit, 'Millisecond', 'Microsecond']) {
          const n = micros / (GO_UNITS[u] ?? 1000);
          if (Number.isInteger(n)) return `${n}${star}time.${u}`;
        }
        return `${Math.round(micros)}${star}time.Microsecond`;
      },
    });
  }
  return found;
}

function rustLiterals(line: string): Literal[] {
  const found: Literal[] = [];
  const re = /\b((?:std::time::)?Duration::from_)(secs_f64|secs_f32|secs|millis|micros|nanos)\(\s*(\d[\d_]*(?:\.\d+)?)\s*\)/g;
  for (const m of line.matchAll(re)) {
    const prefix = m[1] ?? 'Duration::from_';
    const fn = m[2] ?? 'millis';
    const value = number(m[3] ?? '0');
    const float = fn.startsWith('secs_f');
    found.push({
      index: m.index,
      text: m[0],
      micros: float ? value * 1_000_000 : value * (RUST_UNITS[fn] ?? 1000),
      write: (micros) => {
        if (float) return `${prefix}${fn}(${decimal(micros / 1_000_000, true)})`;
        for (const u of [fn, 'millis', 'micros']) {
          const n = micros / (RUST_UNITS[u] ?? 1000);
          if (Number.isInteger(n)) return `${prefix}${u}(${n})`;
        }
        return `${prefix}micros(${Math.round(micros)})`;
      },
    });
  }
  return found;
}

/** Plain numbers: milliseconds (JavaScript) or seconds (Python). */
function plainLiterals(line: string, unitMicros: number): Literal[] {
  const found: Literal[] = [];
  for (const m of line.matchAll(/(?<![\w.$"'`])(\d[\d_]*(?:\.\d+)?)(?![\w.$"'`(])/g)) {
    const text = m[1] ?? '';
    found.push({
      index: m.index,
      text,
      micros: number(text) * unitMicros,
      write: (micros) => (unitMicros === 1000 ? decimal(micros / 1000, text.includes('.')) : decimal(micros / 1_000_000, text.includes('.'))),
    });
  }
  return found;
}

type Bound = 'lower' | 'upper';

const FAILURE_CONDITION = /^\s*(?:\}\s*else\s+)?(?:if|elif|unless)\b/;
const ASSERTION = /\b(?:assert\w*!?|expect|require|check|verify)\s*[.(!\s]|^\s*assert\b/;
// An assertion that its condition must NOT hold (or a negation in the condition) flips the bound: a fix that reads
// it as positive would tighten it. Any of these makes the polarity a matter for a person.
// A `!` after a name, `]` or `)` is TypeScript's non-null assertion, not a negation.
const NEGATED = /[Ff]als[ey](?![a-z])|(?<![A-Za-z])not(?![a-z])|Not(?![a-z])|(?<![\w!=<>\])])!(?!=)/;

/**
 * Which bound a literal is on the measured value: from a relational operator next to it (read as an assertion's
 * condition, or as an `if`'s failure condition), or from a matcher (`toBeLessThan(500)`, `assertLess(e, 0.5)`).
 * `line` is code only (strings and comments blanked).
 */
function boundOf(line: string, literal: Literal): Bound | undefined {
  const before = line.slice(0, literal.index);
  const after = line.slice(literal.index + literal.text.length);
  const failureCondition = FAILURE_CONDITION.test(line);
  const assertion = ASSERTION.test(line);
  const operatorBefore = /(?<![<>=\-!])(<=|>=|<|>)(?![<>=-])\s*\(?\s*$/.exec(before)?.[1];
  const operatorAfter = /^\s*\)?\s*(<=|>=|<|>)(?![<>=-])/.exec(after)?.[1];
  if (operatorBefore || operatorAfter) {
    if (!failureCondition && !assertion) return undefined;
    // Normalised to `measured OP literal`.
    const op = operatorBefore ?? (operatorAfter === '<' ? '>' : operatorAfter === '>' ? '<' : operatorAfter === '<=' ? '>=' : '<=');
    const less = op.startsWith('<');
    return failureCondition ? (less ? 'lower' : 'upper') : less ? 'upper' : 'lower';
  }
  if (/\.not\./.test(before)) return undefined;
  const matcher = /\.(toBeLessThan|toBeLessThanOrEqual|toBeGreaterThan|toBeGreaterThanOrEqual|below|lessThan|most|above|greaterThan|least)\s*\(\s*$/.exec(before)?.[1];
  if (matcher && /^\s*[,)]/.test(after)) return /Less|below|most/i.test(matcher) ? 'upper' : 'lower';
  const method = /\b(?:assert|require|self)\.(?:assert)?(Less|LessEqual|LessOrEqual|Greater|GreaterEqual|GreaterOrEqual)\s*\([^()]*,\s*$/.exec(before)?.[1];
  if (method && /^\s*(?:\)|,\s*["'f])/.test(after)) return method.startsWith('Less') ? 'upper' : 'lower';
  return undefined;
}

export function widenedMicros(micros: number, bound: Bound): number | undefined {
  if (bound === 'upper') return micros + Math.max(TIMER_GRANULARITY_MICROS, micros);
  const lower = micros - TIMER_GRANULARITY_MICROS;
  return lower > 0 ? lower : undefined;
}

const TIME_HINT = /elapsed|duration|took|time|Date\.now|performance\.now|monotonic|perf_counter|latency|delay|wait|\b(?:ms|millis|secs?|seconds)\b|Ms\b|Millis|Seconds/i;

const none = (reason: string): FixOutcome => ({ fixes: [], refused: [{ kind: 'widen-tolerance', reason }] });

export function widenToleranceFixes(input: ToleranceInput): FixOutcome {
  const source = sourceLines(input.text);
  const index = locateEvidence(source, input.evidence);
  if (index < 0) return none('the evidence line is no longer in the file');
  const line = source.lines[index] ?? '';
  const code = input.language === 'python' ? line.replace(/\s#.*$/, '') : line.replace(/\s\/\/.*$/, '');
  const language = input.language === 'typescript' ? 'javascript' : input.language;
  if (language !== 'go' && language !== 'rust' && language !== 'javascript' && language !== 'python') return none('no literal bound on an elapsed time in the assertion');
  // A number or operator in a message or comment (`"took > 2 s"`) is no bound: literals and operators are read in
  // the code only, with the columns of the line.
  const unquoted = codeOnly([line], language)[0] ?? '';
  const literals =
    language === 'go' ? goLiterals(unquoted) : language === 'rust' ? rustLiterals(unquoted) : plainLiterals(unquoted, language === 'javascript' ? 1000 : 1_000_000);
  const bounded = literals.map((literal) => ({ literal, bound: boundOf(unquoted, literal) })).filter((x): x is { literal: Literal; bound: Bound } => x.bound !== undefined);
  if (bounded.length === 0) return none('no literal bound on an elapsed time in the assertion');
  // `if (ci) assert.ok(elapsed < 100)`: the operator is the assertion's, not the if's failure condition.
  if (FAILURE_CONDITION.test(unquoted) && ASSERTION.test(unquoted)) return none('an assertion inside an if on one line: whether the bound is the if\'s or the assertion\'s is not mechanical');
  if (NEGATED.test(unquoted)) return none('a negated assertion or condition (assertFalse, toBe(false), not, !): which way the bound goes is not mechanical');
  if (bounded.length !== 1) return none('several literal bounds: which one to widen is not mechanical');
  const [{ literal, bound }] = bounded as [{ literal: Literal; bound: Bound }];
  // A plain number is only a time when the value it bounds reads as one: `expect(total).toBeLessThan(100)` is a price.
  const plain = input.language !== 'go' && input.language !== 'rust';
  if (plain && !TIME_HINT.test(code.slice(0, literal.index) + code.slice(literal.index + literal.text.length))) return none('the bounded value does not read as a time');
  const widened = widenedMicros(literal.micros, bound);
  if (widened === undefined) return none('the lower bound is within one timer tick: widening it would remove the check; assert a smaller lower bound by hand or use a fake clock');
  const replacement = literal.write(widened);
  const after = line.slice(0, literal.index) + replacement + line.slice(literal.index + literal.text.length);
  const how = bound === 'lower' ? 'one timer tick smaller (Windows timers tick every 15.6 ms)' : 'twice as large, at least one timer tick more';
  return {
    fixes: [
      {
        kind: 'widen-tolerance',
        title: `Widen the timing tolerance: ${literal.text} → ${replacement}`,
        label: `Widen the ${bound} bound ${literal.text} → ${replacement}`,
        description: `${shown(line)} → ${shown(after)} (the ${bound} bound ${how})`,
        file: input.evidence.file,
        edits: [replaceInLine(index, literal.index, literal.text.length, replacement)],
      },
    ],
    refused: [],
  };
}
