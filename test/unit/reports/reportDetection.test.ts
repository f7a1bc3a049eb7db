import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isReportCandidate, parseReport, parseReportSync, sniffReportFormat } from '../../../src/core/reports/reportDetection';
import { corpusBytes, reportBytes, seededChunks, summary } from './reportFixtures';

const encoder = new TextEncoder();

test('report files are recognised by their extension, build and coverage files are not', () => {
  for (const name of ['TEST-com.example.FooTest.xml', 'target/surefire-reports/TEST-a.B.xml', 'junit.xml', 'results/test.trx', 'report.junit', 'pytest.XML']) {
    assert.equal(isReportCandidate(name), true, name);
  }
  for (const name of ['pom.xml', 'module/pom.xml', 'coverage.xml', 'cobertura-coverage.xml', 'jacoco.xml', 'checkstyle-result.xml', 'lint-results.xml', 'app.csproj', 'report.html', 'results.json', 'junit.xml.gz']) {
    assert.equal(isReportCandidate(name), false, name);
  }
});

test('the first element tells JUnit XML and TRX apart, after a BOM, declaration, comments and DOCTYPE', () => {
  assert.equal(sniffReportFormat('<testsuites name="x">'), 'junit');
  assert.equal(sniffReportFormat('\ufeff<?xml version="1.0"?>\n<!-- generated -->\n<testsuite name="x">'), 'junit');
  assert.equal(sniffReportFormat('<?xml version="1.0"?><!DOCTYPE testsuite [ <!ENTITY x "y"> ]><testsuite>'), 'junit');
  assert.equal(sniffReportFormat('<TestRun id="1" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">'), 'trx');
  assert.equal(sniffReportFormat(new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode('<TestRun>')])), 'trx');
});

test('other XML, JSON and text are not reports', () => {
  assert.equal(sniffReportFormat('<project><modelVersion/></project>'), undefined);
  assert.equal(sniffReportFormat('<test-run id="2" name="mock-assembly.dll">'), undefined);
  assert.equal(sniffReportFormat('{"testsuites": []}'), undefined);
  assert.equal(sniffReportFormat('PASS src/a.test.ts'), undefined);
});

test('a head too short to tell asks for more bytes', () => {
  assert.equal(sniffReportFormat(''), 'more');
  assert.equal(sniffReportFormat('<?xml version="1.0"'), 'more');
  assert.equal(sniffReportFormat('<!-- a long licence'), 'more');
  assert.equal(sniffReportFormat('<testsuite'), 'more');
});

test('a prologue longer than the sniffing bound is not a report', () => {
  assert.equal(sniffReportFormat(`<!--${' '.repeat(70_000)}`), undefined);
});

test('parseReport reads a JUnit report from a stream of small chunks', async () => {
  const bytes = reportBytes('nextest-junit.xml');
  async function* stream(): AsyncGenerator<Uint8Array> {
    for (const chunk of seededChunks(bytes, 9, 17)) yield chunk;
  }
  const report = await parseReport(stream(), 'nextest/junit.xml');
  assert.equal(report?.name, 'nextest/junit.xml');
  assert.equal(report?.format, 'junit');
  assert.deepEqual(report?.outcomes, parseReportSync(bytes, 'x.xml')?.outcomes);
});

test('parseReport reads TRX by its content, whatever the file is called', async () => {
  const report = await parseReport(corpusBytes('dotnet-trx.trx'), 'results.xml');
  assert.equal(report?.format, 'trx');
  assert.equal(report?.outcomes.length, 11);
});

test('parseReport gives nothing for a file that is not a report, and stops reading it early', async () => {
  let chunksRead = 0;
  async function* stream(): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < 1000; i++) {
      chunksRead++;
      yield encoder.encode(i === 0 ? '<project>' : '<dependency/>');
    }
  }
  assert.equal(await parseReport(stream(), 'pom-like.xml'), undefined);
  assert.equal(chunksRead, 1);
});

test('a report file with a report extension that breaks off before its first element still tells its problem', () => {
  const report = parseReportSync('<?xml version="1.0"?>', 'results.trx');
  assert.equal(report?.format, 'trx');
  assert.deepEqual(report?.errors, ['The TRX report is empty: it has no XML element.']);
  assert.equal(parseReportSync('<?xml version="1.0"?>', 'results.xml'), undefined);
});

test('a JUnit report that is cut off is still a report, with what was read', () => {
  const report = parseReportSync('<testsuites><testsuite name="s"><testcase classname="a.B" name="t"/><testcase classname="a.B" na', 'junit.xml');
  assert.deepEqual(summary(report?.outcomes ?? []), ['a.B | t | pass']);
  assert.equal(report?.complete, false);
});
