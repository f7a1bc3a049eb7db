import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTrx, TrxReader } from '../../../src/core/reports/trx';
import { MAX_XML_DEPTH } from '../../../src/core/reports/xmlEventStream';
import { corpusBytes, outcomeOf, readInChunks, reportBytes, summary } from './reportFixtures';

test('a TRX gives the class as suite and the test name without the class as id', () => {
  const report = parseTrx(corpusBytes('dotnet-trx.trx'));
  assert.equal(report.format, 'trx');
  assert.equal(report.framework, 'dotnet');
  assert.ok(summary(report.outcomes).includes('DotnetTests.XUnitTests.CalculatorTests | Passing_Test | pass'));
  assert.ok(summary(report.outcomes).includes('DotnetTests.XUnitTests.CalculatorTests | Should be even number(i: 3) | fail'));
  assert.ok(summary(report.outcomes).includes('DotnetTests.XUnitTests.CalculatorTests | Skipped_Test | skip'));
});

test('a TRX failure’s message is its ErrorInfo message followed by the stack trace', () => {
  const failed = outcomeOf(parseTrx(corpusBytes('dotnet-trx.trx')).outcomes, 'Exception_In_TargetTest');
  assert.match(failed.message ?? '', /^System\.DivideByZeroException : Attempted to divide by zero\.\nat DotnetTests\.Unit\.Calculator\.Div\(Int32 a, Int32 b\)/);
});

test('results whose definition has no class get an empty suite', () => {
  const report = parseTrx(corpusBytes('dotnet-xunitv3.trx'));
  assert.deepEqual(summary(report.outcomes).slice(2), [
    ' | [Test Class Cleanup Failure (DotnetTests.XUnitV3Tests.FixtureTests.Passing_Test)] | fail',
    ' | [Test Class Cleanup Failure (DotnetTests.XUnitV3Tests.FixtureTests.Failing_Test)] | fail',
  ]);
});

test('data-driven rows are one outcome each, the assembly suffix of the class is dropped, and durations are read', () => {
  const report = parseTrx(reportBytes('trx-data-driven.trx'));
  assert.deepEqual(summary(report.outcomes), [
    'Shop.Tests.MoneyTests | ParsesAmounts (1.5,"1.50") | pass',
    'Shop.Tests.MoneyTests | ParsesAmounts (2,"2,00") | fail',
    'Shop.Tests.MoneyTests | RoundsHalfEven | fail',
    'Shop.Tests.NetTests | RequiresNetwork | skip',
  ]);
  assert.equal(report.outcomes[1]?.duration, 0.002);
  assert.equal(report.outcomes[2]?.duration, 86401.5);
  assert.match(report.outcomes[1]?.message ?? '', /^Assert\.AreEqual failed\. Expected:<2\.00>\. Actual:<2,00>\.\nat Shop\.Tests\.MoneyTests\.ParsesAmounts/);
});

test('a timed-out TRX result is a failure', () => {
  assert.equal(outcomeOf(parseTrx(reportBytes('trx-data-driven.trx')).outcomes, 'RoundsHalfEven').outcome, 'fail');
});

test('a TRX read in uneven chunks gives the same outcomes as read whole', () => {
  const bytes = corpusBytes('external/SilentNotes.trx');
  assert.deepEqual(readInChunks(new TrxReader(), bytes, 5, 500), parseTrx(bytes));
});

test('an empty TRX has no outcomes and no errors', () => {
  const report = parseTrx(corpusBytes('empty/dotnet-trx.trx'));
  assert.deepEqual(report.outcomes, []);
  assert.deepEqual(report.errors, []);
  assert.equal(report.complete, true);
});

test('a TRX cut off before its definitions keeps its results without classes, and says it is cut', () => {
  const text = new TextDecoder().decode(reportBytes('trx-data-driven.trx'));
  const report = parseTrx(text.slice(0, text.indexOf('<TestDefinitions>')));
  assert.equal(report.outcomes.length, 4);
  assert.equal(report.outcomes[2]?.suite, '');
  assert.equal(report.complete, false);
  assert.deepEqual(report.errors, ['The TRX report ends inside <TestRun>: the file looks cut off; the results before the cut were kept.']);
});

test('XML that is not a TRX is refused', () => {
  assert.deepEqual(parseTrx('<testsuites/>').errors, ['The file is XML but not a TRX report: its root element is <testsuites>.']);
});

test('a TRX report nested deeper than the bound is stopped the same way', () => {
  const report = parseTrx(`<TestRun>${'<Results>'.repeat(MAX_XML_DEPTH + 1)}`);
  assert.equal(report.complete, false);
  assert.match(report.errors[0] ?? '', /^The TRX report nests elements more than 1000 deep \(line 1\)/);
});
