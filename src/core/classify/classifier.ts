// The root-cause classifier: reads a flaky test's failure messages, its source, the source its failures point at,
// and its failure pattern, and names the likely causes (DESIGN.md, "Root causes and suggestions"), each with its
// evidence and a confidence, plus one suggestion for the most likely cause. Pure: data in, data out.

import { digitsEnd, fileLineMentions, isPathChar, isWordChar, type MentionShape } from '../fileLineMentions';
import type { Category, Classification } from '../model';
import { runSteps } from '../steps';
import { asyncWaitRules } from './asyncWaitRules';
import { concurrencyRules } from './concurrencyRules';
import { patternSignals, onlyFailingOs } from './failurePattern';
import { floatingPointRules } from './floatingPointRules';
import { languageOfFile, type Language } from './language';
import { messageViews } from './messageText';
import { networkRules } from './networkRules';
import { orderRules } from './orderRules';
import { platformRules } from './platformRules';
import { randomnessRules } from './randomnessRules';
import { resourceRules } from './resourceRules';
import type { CategoryRules, MessageView, Signal } from './signals';
import { messageSignal } from './signals';
import { sourceView, type SourceInput, type SourceView } from './sourceText';
import { UNKNOWN_SUGGESTION, suggestionFor } from './suggestions';
import { testNameSignals } from './testNameSignals';
import { timingRules } from './timingRules';
import { unorderedCollectionRules } from './unorderedCollectionRules';
import { MIN_WEAK_CONFIDENCE, weighSignals } from './verdicts';

export { languageOfFile } from './language';
export { suggestionFor } from './suggestions';

export interface ClassifyInput {
  readonly language: 'rust' | 'go' | 'typescript' | 'javascript' | 'python' | 'java' | 'kotlin' | 'unknown';
  readonly testName?: string;
  /** The test function's source text and the 1-based line where it starts in its file (for evidence line numbers). */
  readonly testSource?: { readonly file: string; readonly text: string; readonly startLine: number };
  /** Other source that a panic or stack trace points at (a guest program, a helper), same shape. */
  readonly relatedSources?: readonly { readonly file: string; readonly text: string; readonly startLine: number }[];
  /** Failure messages of the test's flaky failures (untrusted CI text, may be long), newest first. */
  readonly messages?: readonly string[];
  /** The failure pattern from the statistics. */
  readonly pattern?: {
    readonly failingOs?: readonly string[];
    readonly allOs?: readonly string[];
    readonly failingJobs?: readonly string[];
    readonly allJobs?: readonly string[];
  };
}

const RULES: readonly CategoryRules[] = [
  networkRules,
  timingRules,
  asyncWaitRules,
  concurrencyRules,
  orderRules,
  unorderedCollectionRules,
  randomnessRules,
  resourceRules,
  platformRules,
  floatingPointRules,
];

/** Related sources read at most; the first ones are the closest to the failure. */
const MAX_RELATED_SOURCES = 10;
/** Source pointed at by a stack trace is one step away from the test: its signs count a little less. */
const RELATED_SOURCE_FACTOR = 0.85;
/** A sign on the very line a failure points at counts a little more. */
const POINTED_LINE_BONUS = 0.1;
const POINTED_LINE_DISTANCE = 2;

/**
 * What the source rules found in one source, remembered across classifications: a helper that the failures of many
 * tests point at is read once, not once per test (see ClassificationCache). Given the source as the classifier
 * reads it (its language settled, and whether it is related), it returns what `read` returns for it, running `read`
 * (in steps, see core/steps.ts) only for a source it does not know.
 */
export interface SourceSignalMemory {
  signals(source: SourceInput, language: Language, related: boolean, read: () => Generator<void, readonly Signal[]>): Generator<void, readonly Signal[]>;
}

export function classify(input: ClassifyInput, memory?: SourceSignalMemory): Classification {
  return runSteps(classifying(input, memory));
}

/**
 * {@link classify}, yielding after each family of rules has read a source (see core/steps.ts): the rules over a
 * 200 KiB helper take 60-130 ms, which the editor gives back to the extension host in pieces.
 */
export function* classifying(input: ClassifyInput, memory?: SourceSignalMemory): Generator<void, Classification> {
  const views = messageViews(input.messages, input.testName);
  const sources = sourcesOf(input);
  const signals: Signal[] = [...messageSignals(views), ...(yield* sourceSignals(sources, pointedLines(views), memory))];
  signals.push(...testNameSignals(input.testName ?? declaredTestName(sources)));
  signals.push(...patternSignals(input.pattern, signals));

  const counts = views.map((view) => view.count);
  let verdicts = weighSignals(signals, counts);
  // Only weak signs: name the strongest of them rather than `unknown`, which is for tests with no sign at all.
  if (verdicts.length === 0) verdicts = weighSignals(signals, counts, MIN_WEAK_CONFIDENCE).slice(0, 1);
  const top = verdicts[0];
  if (top === undefined) return unknownClassification();

  const language = input.language !== 'unknown' ? input.language : languageOfFile(input.testSource?.file ?? '');
  const os = onlyFailingOs(input.pattern);
  const context = {
    ...(top.host === undefined ? {} : { host: top.host }),
    ...(top.tolerance === undefined ? {} : { tolerance: top.tolerance }),
    ...(os === undefined ? {} : { os }),
  };
  return {
    category: top.category,
    categories: verdicts.map(({ category, confidence, evidence }) => ({ category, confidence, evidence })),
    suggestion: suggestionFor(top.category, language, context),
  };
}

function unknownClassification(): Classification {
  const category: Category = 'unknown';
  return { category, categories: [{ category, confidence: 0, evidence: [] }], suggestion: UNKNOWN_SUGGESTION };
}

/** The name of the function the test source declares first (`public void testFoo()`), when the input names none. */
function declaredTestName(sources: readonly SourceToRead[]): string | undefined {
  const test = sources.find((source) => !source.related);
  if (test === undefined) return undefined;
  for (const line of test.view().code.slice(0, 40)) {
    const declared = /\b(?:void|fun|fn|def|func)\s+(?:\([^()]{0,80}\)\s*)?([A-Za-z_]\w{0,200})\s*[(<[]/.exec(line);
    if (declared?.[1] !== undefined) return declared[1];
  }
  return undefined;
}

/** One source as the rules read it: the test's own, or one a failure points at, in its language. */
interface SourceToRead {
  readonly source: SourceInput;
  readonly language: Language;
  readonly related: boolean;
  /** The source prepared for the rules, made when first asked (a remembered source needs none). */
  view(): SourceView;
}

function toRead(source: SourceInput, language: Language, related: boolean): SourceToRead {
  let view: SourceView | undefined;
  return { source, language, related, view: () => (view ??= sourceView(source, language, related)) };
}

function sourcesOf(input: ClassifyInput): SourceToRead[] {
  const sources: SourceToRead[] = [];
  const languageOf = (file: string): Language => {
    const fromFile = languageOfFile(file);
    return fromFile === 'unknown' ? input.language : fromFile;
  };
  if (isSource(input.testSource)) {
    sources.push(toRead(input.testSource, languageOf(input.testSource.file), false));
  }
  for (const related of (input.relatedSources ?? []).slice(0, MAX_RELATED_SOURCES)) {
    if (isSource(related)) sources.push(toRead(related, languageOf(related.file), true));
  }
  return sources;
}

function isSource(source: ClassifyInput['testSource']): source is NonNullable<ClassifyInput['testSource']> {
  return source !== undefined && typeof source.text === 'string' && typeof source.file === 'string';
}

function messageSignals(views: readonly MessageView[]): Signal[] {
  const signals: Signal[] = [];
  for (const view of views) {
    for (const rules of RULES) {
      for (const rule of rules.messageRules ?? []) {
        for (const line of view.lines) {
          if (!rule.all.every((pattern) => pattern.test(line))) continue;
          if (rule.none?.some((pattern) => pattern.test(line))) continue;
          const focus = rule.all[0]?.exec(line)?.index ?? 0;
          signals.push(messageSignal(view, line, rule.category, rule.id, rule.weight, { focus }));
          break;
        }
      }
      for (const check of rules.messageChecks ?? []) signals.push(...check(view));
    }
  }
  return signals;
}

interface PointedLine {
  readonly base: string;
  readonly line: number;
}

/** `/([\w./\\-]{1,200}\.(?:rs|go|…|cjs)):(\d{1,7})\b/g` (see fileLineMentions.ts). */
export const POINTED_PLACE: MentionShape = {
  extensions: new Set(['rs', 'go', 'py', 'java', 'kt', 'kts', 'ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs']),
  pathChar: isPathChar,
  maxStemChars: 200,
  tail: (text, colon) => {
    const end = digitsEnd(text, colon + 1);
    return end > colon + 1 && end - colon - 1 <= 7 && !isWordChar(text.charCodeAt(end)) ? end : undefined;
  },
};

/** `file:line` places that failure messages point at (panic locations, Go `x_test.go:42:`, Java stack frames). */
function pointedLines(views: readonly MessageView[]): PointedLine[] {
  const pointed: PointedLine[] = [];
  for (const view of views) {
    for (const line of view.lines) {
      for (const place of fileLineMentions(line, POINTED_PLACE)) {
        pointed.push({ base: baseName(line.slice(place.start, place.colon)), line: Number(line.slice(place.colon + 1, place.end)) });
        if (pointed.length >= 100) return pointed;
      }
    }
  }
  return pointed;
}

function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

function* sourceSignals(sources: readonly SourceToRead[], pointed: readonly PointedLine[], memory: SourceSignalMemory | undefined): Generator<void, Signal[]> {
  const signals: Signal[] = [];
  for (const toRead of sources) {
    const { source, language, related } = toRead;
    const base = baseName(source.file);
    const pointedHere = pointed.filter((place) => place.base === base);
    // The view of a large source takes a while to make too (10-20 ms for 200 KiB): a step of its own.
    const read = function* (): Generator<void, Signal[]> {
      const view = toRead.view();
      yield;
      return yield* ruleSignals(view);
    };
    for (const signal of memory ? yield* memory.signals(source, language, related, read) : yield* read()) {
      let weight = related ? signal.weight * RELATED_SOURCE_FACTOR : signal.weight;
      const at = signal.location?.line;
      if (at !== undefined && pointedHere.some((place) => Math.abs(place.line - at) <= POINTED_LINE_DISTANCE)) {
        weight = Math.min(0.95, weight + POINTED_LINE_BONUS);
      }
      signals.push({ ...signal, weight });
    }
  }
  return signals;
}

/** What every source rule reads in one source, in the rules' order: a function of the source alone. Yields after each family. */
function* ruleSignals(source: SourceView): Generator<void, Signal[]> {
  const signals: Signal[] = [];
  for (const rules of RULES) {
    for (const rule of rules.sourceRules ?? []) signals.push(...rule(source));
    yield;
  }
  return signals;
}
