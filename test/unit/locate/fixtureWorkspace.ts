// Loads the locator fixtures (test/fixtures/locate) into a TestIndex as if they were a workspace, and finds lines
// in them by text so that tests do not hard-code line numbers.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestIndex } from '../../../src/core/locate/testIndex';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'locate');

function filesUnder(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((entry) => {
    const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
    return entry.isDirectory() ? filesUnder(dir, path) : [path];
  });
}

/** The text of a fixture file, by its path under test/fixtures/locate. */
export function fixtureText(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}

/**
 * A TestIndex holding the files of fixture folder `folder` (e.g. `rust/beacon`), at workspace paths prefixed with
 * `mountAt` (default: the workspace root).
 */
export function indexOf(folders: readonly { folder: string; mountAt?: string }[]): TestIndex {
  const index = new TestIndex();
  for (const { folder, mountAt = '' } of folders) {
    for (const file of filesUnder(join(FIXTURES, folder))) {
      index.setFile(mountAt === '' ? file : `${mountAt}/${file}`, fixtureText(`${folder}/${file}`));
    }
  }
  return index;
}

/** 1-based line of the first line of a fixture file that contains `needle`. */
export function lineOf(path: string, needle: string): number {
  const index = fixtureText(path).split('\n').findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`${needle} not found in ${path}`);
  return index + 1;
}
