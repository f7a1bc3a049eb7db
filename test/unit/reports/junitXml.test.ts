import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_MESSAGE_CHARS } from '../../../src/core/logs/failureText';
import { JUnitXmlReader, parseJUnitXml } from '../../../src/core/reports/junitXml';
import { MAX_XML_DEPTH } from '../../../src/core/reports/xmlEventStream';
import { readInChunks, reportBytes, summary } from './reportFixtures';

const encoder = new TextEncoder();

function suite(cases: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n<testsuite name="com.example.ATest">\n${cases}\n</testsuite>\n</testsuites>\n`;
}

test('HTML entities that XML lacks, and control characters, are read leniently', () => {
  const report = parseJUnitXml(suite('<testcase classname="a.B" name="t"><failure>x&nbsp;y \u001b[31mred</failure></testcase>'));
  assert.equal(report.outcomes[0]?.message, 'x\u00a0y \u001b[31mred');
  assert.deepEqual(report.errors, []);
});

test('entities and character references in names and messages are decoded', () => {
  const report = parseJUnitXml(suite('<testcase classname="a.B" name="x &lt; y &amp;&amp; &quot;z&quot; &#x1F600; &#233;"><failure message="a &gt; b">it&apos;s &#10;over</failure></testcase>'));
  assert.equal(report.outcomes[0]?.id, 'x < y && "z" 😀 é');
  assert.equal(report.outcomes[0]?.message, "a > b\nit's\nover");
});

test('CDATA text is taken as written, markup and all', () => {
  const report = parseJUnitXml(suite('<testcase classname="a.B" name="t"><failure><![CDATA[expected <b> & got </b>]]></failure></testcase>'));
  assert.equal(report.outcomes[0]?.message, 'expected <b> & got </b>');
});

test('every way of cutting the bytes into chunks gives the same outcomes', () => {
  for (const name of ['surefire-TEST-com.example.RetryClientTest.xml', 'pytest-xunit2.xml', 'playwright-junit.xml', 'nextest-junit.xml']) {
    const bytes = reportBytes(name);
    const whole = parseJUnitXml(bytes);
    for (const [seed, size] of [
      [1, 1],
      [2, 7],
      [3, 300],
    ] as const) {
      assert.deepEqual(readInChunks(new JUnitXmlReader(), bytes, seed, size), whole, `${name} in chunks of up to ${size} bytes`);
    }
  }
});

test('a huge system-out is streamed through without becoming part of any outcome', () => {
  const reader = new JUnitXmlReader();
  reader.push(encoder.encode('<testsuites><testsuite name="s"><testcase classname="a.B" name="noisy"><failure message="boom">trace</failure><system-out><![CDATA['));
  const line = encoder.encode(`${'x'.repeat(1023)}\n`);
  const block = new Uint8Array(line.byteLength * 1024);
  for (let i = 0; i < 1024; i++) block.set(line, i * line.byteLength);
  for (let i = 0; i < 16; i++) reader.push(block); // 16 MiB, 256 times the XML parser’s buffer
  reader.push(encoder.encode(']]></system-out></testcase><testcase classname="a.B" name="after"/></testsuite></testsuites>'));
  const report = reader.end();
  assert.deepEqual(summary(report.outcomes), ['a.B | noisy | fail', 'a.B | after | pass']);
  assert.equal(report.outcomes[0]?.message, 'boom\ntrace');
  assert.deepEqual(report.errors, []);
});

test('a huge failure text is cut to the message bound with a mark', () => {
  const body = Array.from({ length: 20_000 }, (_, i) => `\tat com.example.Deep.frame${i}(Deep.java:${i})`).join('\n');
  const message = parseJUnitXml(suite(`<testcase classname="a.B" name="t"><failure message="overflow">${body}</failure></testcase>`)).outcomes[0]?.message ?? '';
  assert.ok(message.length <= MAX_MESSAGE_CHARS + 2, `message of ${message.length} characters`);
  assert.match(message, /^overflow\nat com\.example\.Deep\.frame0\(Deep\.java:0\)/);
  assert.ok(message.endsWith('…'));
});

test('a failure message attribute longer than the XML parser’s buffer is kept, cut to the message bound', () => {
  const huge = 'expected: <' + 'a'.repeat(300_000) + '> but was: <b>';
  const report = parseJUnitXml(suite(`<testcase classname="a.B" name="t"><failure message="${huge}"/></testcase><testcase classname="a.B" name="u"/>`));
  assert.deepEqual(summary(report.outcomes), ['a.B | t | fail', 'a.B | u | pass']);
  assert.ok((report.outcomes[0]?.message ?? '').startsWith('expected: <aaaa'));
  assert.ok((report.outcomes[0]?.message ?? '').length <= MAX_MESSAGE_CHARS + 2);
  assert.deepEqual(report.errors, []);
});

test('a report cut off in the middle keeps the test cases before the cut and says it is cut', () => {
  const whole = new TextDecoder().decode(reportBytes('surefire-TEST-com.example.RetryClientTest.xml'));
  const cut = whole.slice(0, whole.indexOf('<error message="Connection reset"') + 80);
  const report = parseJUnitXml(cut);
  assert.deepEqual(summary(report.outcomes), [
    'com.example.RetryClientTest | connectsToServer | flaky (attempt 2)',
    'com.example.RetryClientTest | parsesRetryAfter(String)[1] | pass',
    'com.example.RetryClientTest | parsesRetryAfter(String)[2] | fail (attempt 3)',
  ]);
  assert.equal(report.complete, false);
  assert.deepEqual(report.errors, ['The JUnit XML report ends inside <error>: the file looks cut off; the results before the cut were kept.']);
});

test('an XML error names its line, and the test cases around it are still read', () => {
  const xml = suite('<testcase classname="a.B" name="before"/>\n<testcase classname="a.B" name="odd" time="1"><failure>a & b</failure></testcase>\n<testcase classname="a.B" name="after"/>');
  const report = parseJUnitXml(xml);
  assert.deepEqual(summary(report.outcomes), ['a.B | before | pass', 'a.B | odd | fail', 'a.B | after | pass']);
  assert.equal(report.errors.length, 1);
  assert.match(report.errors[0] ?? '', /^The JUnit XML report has an XML error at line 5, column \d+: invalid character in entity name; reading went on after it\.$/);
  assert.equal(report.outcomes[1]?.message, 'a & b');
  assert.equal(report.complete, true);
});

test('mismatched tags are reported and reading goes on', () => {
  const report = parseJUnitXml('<testsuites><testsuite name="s"><testcase classname="a.B" name="t"></testsuite><testcase classname="a.B" name="u"/></testsuite></testsuites>');
  assert.ok(report.errors.some((e) => /XML error at line 1/.test(e)));
  assert.ok(report.outcomes.some((o) => o.id === 't'));
});

test('a document with endless XML errors is given up with what was read before', () => {
  const garbage = Array.from({ length: 50 }, () => '<a b=c>').join('\n');
  const report = parseJUnitXml(suite(`<testcase classname="a.B" name="kept"/>\n${garbage}`));
  assert.deepEqual(summary(report.outcomes), ['a.B | kept | pass']);
  assert.equal(report.complete, false);
  assert.match(report.errors[report.errors.length - 1] ?? '', /^The JUnit XML report has too many XML errors \(20\): reading stopped at line \d+; the results before it were kept\.$/);
});

test('content that is not XML is refused in one sentence', () => {
  const report = parseJUnitXml('{"tests": []}');
  assert.deepEqual(report.outcomes, []);
  assert.equal(report.complete, false);
  assert.match(report.errors[0] ?? '', /^The JUnit XML report is not XML: non-whitespace before first tag\. \(line 1, column 2\)\.$|^The JUnit XML report is not XML: /);
});

test('XML with another root element is not a JUnit report', () => {
  const report = parseJUnitXml('<?xml version="1.0"?><project><modelVersion>4.0.0</modelVersion></project>');
  assert.deepEqual(report.errors, ['The file is XML but not a JUnit report: its root element is <project>.']);
  assert.equal(report.complete, false);
});

test('an empty file says so', () => {
  assert.deepEqual(parseJUnitXml('').errors, ['The JUnit XML report is empty: it has no XML element.']);
});

test('a second document appended to the first is not read, and that is said', () => {
  const one = suite('<testcase classname="a.B" name="first"/>');
  const report = parseJUnitXml(one + one.replace('first', 'second').replace('<?xml version="1.0" encoding="UTF-8"?>\n', ''));
  assert.deepEqual(summary(report.outcomes), ['a.B | first | pass']);
  assert.match(report.errors[0] ?? '', /has a second root element at line \d+: only the first one was read\.$/);
});

test('a UTF-8 byte order mark is skipped', () => {
  const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode(suite('<testcase classname="a.B" name="ü"/>'))]);
  assert.equal(parseJUnitXml(bytes).outcomes[0]?.id, 'ü');
});

test('UTF-16 reports, with a byte order mark, are decoded', () => {
  const text = suite('<testcase classname="a.B" name="naïve ✓"/>');
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes[0] = 0xff;
  bytes[1] = 0xfe;
  for (let i = 0; i < text.length; i++) {
    bytes[2 + i * 2] = text.charCodeAt(i) & 0xff;
    bytes[3 + i * 2] = text.charCodeAt(i) >> 8;
  }
  assert.equal(parseJUnitXml(bytes).outcomes[0]?.id, 'naïve ✓');
});

test('a report declared as ISO-8859-1 is decoded as such', () => {
  const text = '<?xml version="1.0" encoding="ISO-8859-1"?><testsuite name="s"><testcase classname="a.B" name="caf\u00e9"/></testsuite>';
  const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
  assert.equal(parseJUnitXml(bytes).outcomes[0]?.id, 'café');
});

test('reading stops at the test case limit, keeping the cases before it', () => {
  const cases = Array.from({ length: 10 }, (_, i) => `<testcase classname="a.B" name="t${i}"/>`).join('');
  const report = parseJUnitXml(suite(cases), { maxCases: 4 });
  assert.equal(report.outcomes.length, 4);
  assert.equal(report.complete, false);
  assert.deepEqual(report.errors, ['The JUnit XML report has more than 4 test cases: the rest was not read.']);
});

test('a bare testsuite root, nested suites and comments are read', () => {
  const xml = '<!-- made by hand --><testsuite name="outer"><!-- c --><testsuite name="inner"><testcase classname="a.B" name="deep"/></testsuite><testcase name="shallow"/></testsuite>';
  assert.deepEqual(summary(parseJUnitXml(xml).outcomes), ['a.B | deep | pass', 'outer | shallow | pass']);
});

test('names longer than the bound are clipped', () => {
  const report = parseJUnitXml(suite(`<testcase classname="a.B" name="${'n'.repeat(5000)}"/>`));
  assert.equal(report.outcomes[0]?.id.length, 1000);
});

test('durations are read from time attributes, with thousands separators', () => {
  const report = parseJUnitXml(suite('<testcase classname="a.B" name="t" time="1,234.5"/><testcase classname="a.B" name="u" time="soon"/>'));
  assert.equal(report.outcomes[0]?.duration, 1234.5);
  assert.equal(report.outcomes[1]?.duration, undefined);
});

test('elements nested deeper than the bound stop the reading, keeping the test cases before them', () => {
  // 120 MB of `<x>` (a 120 KB zip entry) used to grow the XML parser's stack of open elements until the heap ran out.
  const report = parseJUnitXml(suite(`<testcase classname="a.B" name="kept"/>\n${'<x>'.repeat(200_000)}`));
  assert.deepEqual(summary(report.outcomes), ['a.B | kept | pass']);
  assert.equal(report.complete, false);
  assert.deepEqual(report.errors, [`The JUnit XML report nests elements more than ${MAX_XML_DEPTH} deep (line 5): reading stopped there; the results before it were kept.`]);
});
