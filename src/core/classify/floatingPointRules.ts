// Floating point: an exact comparison of floating-point results, which differ in the last bits between platforms,
// compilers, instruction sets and evaluation orders.

import { ASSERTION } from './codePatterns';
import type { CategoryRules, MessageCheck, Signal, SourceRule } from './signals';
import { messageSignal, sourceSignal } from './signals';

/** Float variables followed through a test, at most (keeps each line's check bounded). */
const MAX_FLOAT_VARIABLES = 20;

/** Tolerant comparisons: the remedy is in place. */
const TOLERANT =
  /\babs\s*\(|\.abs\s*\(\s*\)|\bEPSILON\b|\bepsilon\b|\bapprox\w*|\brelative_eq\b|\babs_diff_eq\b|\bulps\b|\bisclose\b|\bAlmostEqual\w*|\bInDelta\w*|\bInEpsilon\w*|\btoBeCloseTo\b|\bcloseTo\b|\bisCloseTo\b|\bwithin\s*\(|\boffset\s*\(|\bdelta\b|\btolerance\b|\bpytest\.approx\b/i;
const EQUALITY = /==|!=|\bassert(?:_eq|_ne)!\s*\(|\bassertEquals\s*\(|\bassertEqual\s*\(|\bassert\.(?:Equal|Equals|EqualValues)\s*\(|\brequire\.(?:Equal|EqualValues)\s*\(|\.to(?:Be|Equal|StrictEqual)\s*\(|\bstrictEqual\s*\(|\bdeepStrictEqual\s*\(|\.isEqualTo\s*\(|\bassertThat\b[^;]{0,200}\bis\s*\(|\bshouldBe\b/;
/** A float literal that is not part of a version, an address or a range (`1.2.3`, `10.0.0.1`, `0..1`). */
const FLOAT_LITERAL = /(?<![\w.])\d+\.\d+(?:[eE][-+]?\d+)?(?:f32|f64|[fFdD])?(?![\w.])/;
/** Values that binary floating point holds exactly: an exact comparison with them is often fine. */
const EXACT_LITERAL = /^\d+\.(?:0+|5|25|75|125)$/;
const FLOAT_TYPES = /\bf32\b|\bf64\b|\bfloat\d{0,2}\b|\bdouble\b|\bDouble\b|\bFloat\b|\bDecimal\b/;

/** An equality assertion or comparison with a float literal, without a tolerance. */
const exactFloatComparison: SourceRule = (source) => {
  const signals: Signal[] = [];
  source.bare.forEach((line, index) => {
    if (signals.length >= 2 || !EQUALITY.test(line) || TOLERANT.test(line)) return;
    const literal = FLOAT_LITERAL.exec(line);
    if (literal === null) return;
    if (/\bassertEquals\s*\(/.test(line) && topLevelArguments(line, 'assertEquals') >= 3) return;
    const number = literal[0].replace(/(?:f32|f64|[fFdD])$/, '');
    const isCheck = ASSERTION.test(line) || /^\s*(?:if|else if)\b/.test(line);
    if (!isCheck) return;
    const weight = EXACT_LITERAL.test(number) ? 0.3 : 0.5;
    signals.push(sourceSignal(source, index, 'floating-point', 'exact-float-comparison', weight, { focus: literal.index }));
  });
  if (signals.length === 0) {
    // Java/Kotlin: `double ratio = …; assertEquals(0.5d * n, ratio);` with two arguments, so no delta.
    const floats = new Set<string>();
    source.bare.forEach((line, index) => {
      for (const match of line.matchAll(/\b(?:double|float|Double|Float)\s+([a-z_]\w{0,60})\s*[=;,)]/g)) {
        if (match[1] !== undefined && floats.size < MAX_FLOAT_VARIABLES) floats.add(match[1]);
      }
      if (signals.length > 0 || floats.size === 0 || !/\bassertEquals\s*\(/.test(line) || topLevelArguments(line, 'assertEquals') !== 2) return;
      if ([...floats].some((name) => new RegExp(`\\b${name}\\b`).test(line))) {
        signals.push(sourceSignal(source, index, 'floating-point', 'exact-float-comparison', 0.4));
      }
    });
  }
  if (signals.length === 0) {
    // `assert_eq!(mean(&xs), expected)` with float variables: weaker, the types say it is floating point.
    const index = source.code.findIndex((line) => EQUALITY.test(line) && ASSERTION.test(line) && FLOAT_TYPES.test(line) && !TOLERANT.test(line));
    if (index >= 0) signals.push(sourceSignal(source, index, 'floating-point', 'exact-float-comparison', 0.3));
  }
  return signals;
};

/**
 * Floating-point arithmetic whose result is checked: maths functions, divisions cast to double, float formatting
 * compared as text (`String.format("%.2f", avg)`), sums of doubles. The last bits, or the rounded text, differ
 * with the evaluation order.
 */
const FLOAT_ARITHMETIC =
  /\bMath\.(?:sqrt|pow|exp|log\w{0,3}|sin|cos|tan|atan2?|hypot|cbrt|expm1)\s*\(|\(\s*(?:double|float)\s*\)\s*[\w(]|\bString\.format\s*\(\s*"[^"]{0,40}%[\d.]{0,6}[fe]|\bDouble\.(?:toString|valueOf|compare)\s*\(|\bBigDecimal\.valueOf\s*\(\s*\w{1,40}\s*[*/+-]|\b(?:DoubleStream|DoubleSummaryStatistics|averagingDouble|summingDouble|mapToDouble)\b|\.average\s*\(\s*\)/;
const floatArithmeticChecked: SourceRule = (source) => {
  const results = new Set<string>();
  for (let index = 0; index < source.code.length; index += 1) {
    const line = source.code[index] ?? '';
    const arithmetic = FLOAT_ARITHMETIC.test(line);
    const withDelta = /\bassertEquals\s*\(/.test(line) && topLevelArguments(line, 'assertEquals') >= 3;
    if (ASSERTION.test(line) && !withDelta && (arithmetic || [...results].some((name) => new RegExp(`\\b${name}\\b`).test(line))) && !TOLERANT.test(line)) {
      return [sourceSignal(source, index, 'floating-point', 'float-arithmetic-checked', 0.35)];
    }
    const assigned = /\b([a-z_]\w{0,60})\s*=(?!=)/.exec(line)?.[1];
    if (assigned !== undefined && arithmetic && results.size < MAX_FLOAT_VARIABLES) results.add(assigned);
  }
  return [];
};

/** Arguments of the first call to `name` on the line, counted at the top level of its parentheses. */
function topLevelArguments(line: string, name: string): number {
  const start = line.indexOf(name + '(');
  if (start < 0) return 0;
  let depth = 0;
  let count = 1;
  let quote = '';
  for (let i = start + name.length; i < line.length; i += 1) {
    const c = line[i];
    if (quote !== '') {
      if (c === '\\') i += 1;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth += 1;
    else if (c === ')' || c === ']' || c === '}') {
      depth -= 1;
      if (depth === 0) return count;
    } else if (c === ',' && depth === 1) count += 1;
  }
  return count;
}

/**
 * A printed number with six digits or more after the point, as `/\d+\.\d{6,}/g` finds them: from where a run of digits
 * starts only, as a match can start nowhere else (tried from every place of a run, `\d+` went to its end each time:
 * a message line of 1,000 digits took 1 ms, 0.4 s for the 400 such lines 50 messages hold).
 */
export const LONG_FRACTION = /(?<!\d)\d+\.\d{6,}/g;

/** Rounding residue in a printed number: `0.30000000000000004`, `2.9999999999999996`. */
const roundingResidue: MessageCheck = (message) => {
  for (const line of message.lines) {
    for (const number of line.match(LONG_FRACTION) ?? []) {
      const fraction = number.slice(number.indexOf('.') + 1, -1);
      if (fraction.includes('000000') || fraction.includes('999999')) {
        return [messageSignal(message, line, 'floating-point', 'rounding-residue', 0.6, { focus: line.indexOf(number) })];
      }
    }
  }
  return [];
};

export const floatingPointRules: CategoryRules = {
  messageChecks: [roundingResidue],
  sourceRules: [exactFloatComparison, floatArithmeticChecked],
};
