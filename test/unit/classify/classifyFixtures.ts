// Reading the classifier's fixtures (test/fixtures/classify) and picking verdicts out of a classification.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Category, CategoryVerdict, Classification } from '../../../src/core/model';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'classify');

export function fixture(relative: string): string {
  return readFileSync(path.join(FIXTURES, relative), 'utf8');
}

/** A source as the classifier takes it, from a fixture file that starts at line 1. */
export function fixtureSource(relative: string, file = relative): { file: string; text: string; startLine: number } {
  return { file, text: fixture(relative), startLine: 1 };
}

export function verdict(result: Classification, category: Category): CategoryVerdict | undefined {
  return result.categories.find((entry) => entry.category === category);
}

export function confidenceOf(result: Classification, category: Category): number {
  return verdict(result, category)?.confidence ?? 0;
}

export function categoriesOf(result: Classification): Category[] {
  return result.categories.map((entry) => entry.category);
}
