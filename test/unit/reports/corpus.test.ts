// Every JUnit XML and TRX report of dorny/test-reporter's corpus (../shared/corpus/test-reporter) is read with the
// passed / failed / skipped counts of that project's expected summaries (`__outputs__/*.md`). A runner-confirmed
// flaky outcome counts as passed there, as test-reporter shows a test that passed on retry.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { parseReportSync } from '../../../src/core/reports/reportDetection';
import { CORPUS } from './reportFixtures';

interface Counts {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

const FIXTURES = join(CORPUS, 'fixtures');
const OUTPUTS = join(CORPUS, '__outputs__');

/** The first row of each summary's report table: `|[fixtures/PATH](#...)|5 ✅|1 ❌|1 ⚪|16s|`. */
function expectations(): Map<string, Counts> {
  const found = new Map<string, Counts>();
  for (const file of readdirSync(OUTPUTS).filter((f) => f.endsWith('.md'))) {
    const text = readFileSync(join(OUTPUTS, file), 'utf8');
    const row = /^\|\[fixtures\/([^\]]+)\]\([^)]*\)\|([^|]*)\|([^|]*)\|([^|]*)\|/m.exec(text);
    if (!row) throw new Error(`${file} has no report table row`);
    const count = (cell: string | undefined): number => Number(/(\d+)/.exec(cell ?? '')?.[1] ?? 0);
    const counts = { passed: count(row[2]), failed: count(row[3]), skipped: count(row[4]) };
    const path = (row[1] as string).replace(/\\/g, '/');
    const earlier = found.get(path);
    if (earlier) assert.deepEqual(counts, earlier, `${file} disagrees with another summary of ${path}`);
    found.set(path, counts);
  }
  return found;
}

/**
 * Reports the corpus has no summary for, with counts read by hand from the files themselves: the `empty/`
 * fixtures have no test, and the two others say their counts in their own testsuite attributes.
 */
const WITHOUT_SUMMARY: Readonly<Record<string, Counts>> = {
  'empty/dotnet-trx-empty-test-definitions.trx': { passed: 0, failed: 0, skipped: 0 },
  'empty/dotnet-trx.trx': { passed: 0, failed: 0, skipped: 0 },
  'empty/java-junit.xml': { passed: 0, failed: 0, skipped: 0 },
  'empty/jest-junit-empty-testsuite.xml': { passed: 0, failed: 0, skipped: 0 },
  'empty/jest-junit.xml': { passed: 0, failed: 0, skipped: 0 },
  'empty/phpunit-empty.xml': { passed: 0, failed: 0, skipped: 0 },
  'phpunit/phpunit-paths.xml': { passed: 0, failed: 6, skipped: 0 }, // tests="6" failures="6"
  'external/java/empty_failures.xml': { passed: 2, failed: 1, skipped: 0 }, // tests="3" failures="1"
};

/**
 * Where Flakelens reads a fixture differently from test-reporter, on purpose. A jest test file that failed to run
 * (jest-junit writes it as a test case named after the file) is a problem of the file, not a test: the report reader
 * tells it as an error, as the jest console parser does, so that the same CI run gives the same tests from its log
 * and from its report.
 */
const DEVIATIONS: Readonly<Record<string, { readonly counts: Counts; readonly errors: number }>> = {
  'test-errors/jest/jest-test-results.xml': { counts: { passed: 0, failed: 0, skipped: 0 }, errors: 2 },
};

/**
 * Files that are not JUnit XML or TRX, which must not be taken for reports: NUnit XML, `go test -json`, mocha,
 * RSpec, Dart and Flutter JSON (other readers' formats), and the repositories' file lists.
 */
const NOT_REPORTS = /\.(?:json|txt)$|(?:^|\/)(?:dotnet-nunit|nunit-sample)\.xml$/;

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
}

const expected = expectations();
const files = walk(FIXTURES).map((path) => relative(FIXTURES, path).replace(/\\/g, '/'));

test('the corpus is where the tests expect it', () => {
  assert.ok(files.length > 30, `only ${files.length} fixtures found under ${FIXTURES}`);
  assert.ok(expected.size > 20);
});

for (const file of files) {
  const deviation = DEVIATIONS[file];
  const want = deviation?.counts ?? expected.get(file) ?? WITHOUT_SUMMARY[file];
  if (NOT_REPORTS.test(file)) {
    test(`${file} is not taken for a JUnit or TRX report`, () => {
      assert.equal(parseReportSync(new Uint8Array(readFileSync(join(FIXTURES, file))), file), undefined);
    });
    continue;
  }
  test(`${file} reads with ${want ? `${want.passed} passed, ${want.failed} failed, ${want.skipped} skipped` : 'counts the corpus gives'}`, () => {
    assert.ok(want, `${file} is a report the corpus has no expected counts for: add it to WITHOUT_SUMMARY with counts read from the file`);
    const report = parseReportSync(new Uint8Array(readFileSync(join(FIXTURES, file))), file);
    assert.ok(report, `${file} was not recognised as a report`);
    const got = { passed: 0, failed: 0, skipped: 0 };
    for (const o of report.outcomes) {
      if (o.outcome === 'fail') got.failed++;
      else if (o.outcome === 'skip') got.skipped++;
      else got.passed++;
    }
    assert.deepEqual(got, want);
    assert.equal(report.errors.length, deviation?.errors ?? 0, report.errors.join('\n'));
    assert.equal(report.complete, true);
  });
}

test('every summary in the corpus names a fixture that was read', () => {
  const read = new Set(files);
  const formats = [...expected.keys()].filter((path) => !NOT_REPORTS.test(path));
  assert.deepEqual(
    formats.filter((path) => !read.has(path)),
    [],
  );
});
