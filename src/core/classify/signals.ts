// A signal is one observation that points at a root cause: a message line, a source line or the failure pattern,
// with a weight (how strongly it alone suggests the category). Rules produce signals; verdicts.ts weighs them.

import type { Category } from '../model';
import { messageEvidence, sourceEvidence } from './evidence';
import type { SourceView } from './sourceText';

/** Every category but `unknown`, which is what is left when no signal is found. */
export type Cause = Exclude<Category, 'unknown'>;

export type SignalOrigin = 'message' | 'source' | 'pattern' | 'name';

export interface Signal {
  readonly category: Cause;
  /** The rule that produced it: a rule counts once per category, however many lines it matches. */
  readonly rule: string;
  /** 0..1: how strongly this signal alone suggests the category. */
  readonly weight: number;
  readonly origin: SignalOrigin;
  readonly evidence?: string;
  /** For message signals: which (deduplicated) message the line came from. */
  readonly messageIndex?: number;
  /** For source signals: where the line is. */
  readonly location?: { readonly file: string; readonly line: number };
  /** An outside host the test depends on (network). */
  readonly host?: string;
  /** The duration an elapsed time is held to (timing), as written. */
  readonly tolerance?: string;
  /**
   * A sign that only supports others (a test name, an OS check): it adds to a category that has a sign of its own,
   * but never names a cause alone.
   */
  readonly supportOnly?: boolean;
  /**
   * The line only anchors the evidence: the sign is about the test as a whole (something it lacks, such as a join),
   * so it is not merged with other signs read on the same line (verdicts.ts).
   */
  readonly wholeTest?: boolean;
}

/** A failure message prepared for the rules. */
export interface MessageView {
  /** Index among the deduplicated messages. */
  readonly index: number;
  /** How many of the test's failures printed this message. */
  readonly count: number;
  /** The lines the rules read (the test's own name blanked out). */
  readonly lines: readonly string[];
  /** The same lines as printed, for evidence. */
  readonly shown: readonly string[];
}

export interface MessageRule {
  readonly id: string;
  readonly category: Cause;
  readonly weight: number;
  /** Every pattern must match the line (each kept simple and linear rather than one pattern with gaps). */
  readonly all: readonly RegExp[];
  /** No pattern may match the line. */
  readonly none?: readonly RegExp[];
}

/** A rule over one source file. */
export type SourceRule = (source: SourceView) => readonly Signal[];

/** A rule over one whole message, for signs that span lines (expected/actual pairs). */
export type MessageCheck = (message: MessageView) => readonly Signal[];

/** What one category contributes to the classifier. */
export interface CategoryRules {
  readonly messageRules?: readonly MessageRule[];
  readonly messageChecks?: readonly MessageCheck[];
  readonly sourceRules?: readonly SourceRule[];
}

export function sourceSignal(
  source: SourceView,
  index: number,
  category: Cause,
  rule: string,
  weight: number,
  extra: {
    readonly focus?: number;
    readonly host?: string;
    readonly tolerance?: string;
    readonly supportOnly?: boolean;
    readonly wholeTest?: boolean;
  } = {},
): Signal {
  const line = source.startLine + index;
  return {
    category,
    rule,
    weight,
    origin: 'source',
    evidence: sourceEvidence(source.file, line, source.original[index] ?? source.code[index] ?? '', extra.focus ?? 0),
    location: { file: source.file, line },
    ...(extra.host === undefined ? {} : { host: extra.host }),
    ...(extra.tolerance === undefined ? {} : { tolerance: extra.tolerance }),
    ...(extra.supportOnly === true ? { supportOnly: true } : {}),
    ...(extra.wholeTest === true ? { wholeTest: true } : {}),
  };
}

export function messageSignal(
  message: MessageView,
  line: string,
  category: Cause,
  rule: string,
  weight: number,
  extra: { readonly focus?: number; readonly host?: string; readonly tolerance?: string } = {},
): Signal {
  const index = message.lines.indexOf(line);
  return {
    category,
    rule,
    weight,
    origin: 'message',
    evidence: messageEvidence(index >= 0 ? (message.shown[index] ?? line) : line, extra.focus ?? 0),
    messageIndex: message.index,
    ...(extra.host === undefined ? {} : { host: extra.host }),
    ...(extra.tolerance === undefined ? {} : { tolerance: extra.tolerance }),
  };
}

/** What {@link anyLine} answered, per source and pattern: several rules ask it of the same pattern (a fake clock). */
const anyLineAnswers = new WeakMap<SourceView, Map<RegExp, boolean>>();

/** True when any code line matches. */
export function anyLine(source: SourceView, pattern: RegExp): boolean {
  // A global or sticky pattern starts where its last match ended: its answer depends on what it read before.
  if (pattern.global || pattern.sticky) return source.code.some((line) => pattern.test(line));
  let answers = anyLineAnswers.get(source);
  if (answers === undefined) {
    answers = new Map();
    anyLineAnswers.set(source, answers);
  }
  let answer = answers.get(pattern);
  if (answer === undefined) {
    answer = source.code.some((line) => pattern.test(line));
    answers.set(pattern, answer);
  }
  return answer;
}
