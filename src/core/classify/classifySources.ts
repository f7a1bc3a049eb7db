// `flakelens classify FILE... [--message-file F]` in the core: the cause of each test source read from its text
// alone (and from one failure text, when given), in the JSON shape of DESIGN.md's `classify` output.

import type { Category } from '../model';
import { classify } from './classifier';
import { languageOfFile } from './language';

export interface SourceFile {
  /** The path as the user gave it; evidence lines are named after it. */
  readonly file: string;
  readonly text: string;
}

export interface SourceClassification {
  readonly file: string;
  readonly category: Category;
  readonly categories: readonly { readonly category: Category; readonly confidence: number; readonly evidence: readonly string[] }[];
  readonly suggestion: string;
}

export interface ClassifyOutput {
  readonly results: readonly SourceClassification[];
}

/**
 * Classifies each file as one test source (its language read from its name, `Foo.java.txt` included), with the
 * failure text, when given, read as the failure message of every one of them. With no file, the failure text alone
 * is classified, as one result whose `file` is empty.
 */
export function classifySourceFiles(files: readonly SourceFile[], message?: string): ClassifyOutput {
  const messages = message === undefined || message.trim() === '' ? undefined : [message];
  if (files.length === 0) {
    return messages === undefined ? { results: [] } : { results: [result('', classify({ language: 'unknown', messages }))] };
  }
  return {
    results: files.map(({ file, text }) =>
      result(file, classify({ language: languageOfFile(file), testSource: { file, text, startLine: 1 }, ...(messages === undefined ? {} : { messages }) })),
    ),
  };
}

function result(file: string, classification: ReturnType<typeof classify>): SourceClassification {
  return {
    file,
    category: classification.category,
    categories: classification.categories.map(({ category, confidence, evidence }) => ({ category, confidence, evidence: [...evidence] })),
    suggestion: classification.suggestion,
  };
}
