// Text from CI in Markdown that GitHub renders: shown as it is, one line, and it pings no one, links no issue and
// cannot end a table cell. Checked on the helpers and on the issue body and `scan --format markdown` that use them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { issueBody } from '../../../src/ci/issues';
import { formatScan } from '../../../src/cli/scanFormat';
import { githubCodeSpan, githubMarkdownText } from '../../../src/core/present/githubMarkdown';
import type { ScanResult } from '../../../src/core/scan/scanResult';
import { scanTest } from '../support/scanTestBuilder';

/** What GitHub would turn into a mention or an issue reference. */
const REFERENCE = /@[\w-]|#\d|GH-\d/i;
/** The cells of a Markdown table row: split on the pipes that are not escaped. */
const cells = (row: string): string[] => row.split(/(?<!\\)\|/).slice(1, -1);

const HOSTILE = 'test_a\n\n<img src=https://evil.example/px.png> cc @octocat @acme/security-team fixes #12 GH-7 | x `y`\u202e\u200b';

test('untrusted text: escaped, on one line, bounded, with no mention, reference or invisible character', () => {
  const text = githubMarkdownText(HOSTILE);
  assert.ok(!text.includes('\n'));
  assert.doesNotMatch(text, REFERENCE);
  assert.doesNotMatch(text, /<img|[\u202e]/);
  assert.match(text, /&lt;img src=https:\/\/evil\.example\/px\.png&gt;/);
  assert.match(text, /@\u200boctocat @\u200bacme\/security-team fixes \\#\u200b12 GH-\u200b7 \\\| x \\`y\\`$/);
  assert.equal(githubMarkdownText('x'.repeat(500), 50).length, 50);
});

test('URLs and e-mail addresses stay whole: no zero-width space inside them; emoji sequences keep their joiners', () => {
  const text = githubMarkdownText('404 GET https://registry.npmjs.org/@scope%2fpkg and https://x.example/a#12, mail me@corp.com, cc @octocat');
  assert.ok(text.includes('https://registry.npmjs.org/@scope%2fpkg'), text);
  assert.ok(text.includes('https://x.example/a\\#12'), text);
  assert.ok(text.includes('me@corp.com'), text);
  assert.ok(text.includes('cc @\u200boctocat'), text);
  assert.equal(githubMarkdownText('👨\u200d👩\u200d👧'), '👨\u200d👩\u200d👧');
  assert.equal(githubMarkdownText('a\u061cb\u2066c'), 'abc');
});

test('a code span stays closed, and in a table its | does not end the cell', () => {
  assert.equal(githubCodeSpan('a`b|c'), "`a'b|c`");
  assert.equal(githubCodeSpan('a`b|c', 200, true), "`a'b\\|c`");
  assert.equal(githubCodeSpan('a\nb'), '`a b`');
});

test('an issue body pings no one and keeps its table, whatever the test, job and message say', () => {
  const body = issueBody(
    scanTest({
      id: HOSTILE,
      suite: 'tests/@octocat.rs',
      byJob: [{ job: 'test @octocat | evil', os: 'linux', executions: 10, failures: 2, flakyFailures: 2, flakeRate: 0.2, interval: [0.05, 0.5] }] as never,
      evidence: ['uses @octocat #5'],
      recentFailures: [{ runId: 1, jobId: 2, url: 'https://github.com/acme/sample/actions/runs/1/job/2', message: 'failed, cc @octocat', job: 'test @octocat', os: 'linux', sha: 'abc', at: '2026-10-30T10:00:00Z' }] as never,
    }),
    { repository: 'acme/sample', runs: 10, branches: ['main'] },
  );
  assert.doesNotMatch(body.replace(/<!-- flakelens:test=\w+ -->/, ''), REFERENCE);
  assert.doesNotMatch(body, /<img/);
  const title = body.split('\n')[2] ?? '';
  assert.match(title, /^\*\*test\\_a &lt;img .* is flaky in CI\.$/);
  const row = body.split('\n').find((line) => line.startsWith('| test'));
  assert.equal(cells(row ?? '').length, 5, row);
});

test('scan --format markdown keeps one table row per test, with no mention or raw HTML', () => {
  const result: ScanResult = {
    repository: 'acme/sample',
    window: { runs: 10, from: null, to: null, branches: ['main'] },
    requests: { total: 1, notModified: 0 },
    tests: [scanTest({ id: HOSTILE })],
    events: [],
    unreadableFailedJobs: 0,
  };
  const markdown = formatScan(result, 'markdown');
  const rows = markdown.split('\n').filter((line) => line.startsWith('|'));
  assert.equal(rows.length, 3, markdown);
  assert.equal(cells(rows[2] ?? '').length, 7, rows[2]);
  assert.doesNotMatch(markdown, /^<img|\n<img/);
});

test('scan --format table gives every interval its sample: a failing test\'s status tells its streak, so its cell tells the flaky failures', () => {
  const result: ScanResult = {
    repository: 'acme/sample',
    window: { runs: 10, from: null, to: null, branches: ['main'] },
    requests: { total: 1, notModified: 0 },
    tests: [scanTest({ id: 'wait::timeout', status: 'failing', flakyFailures: 2, executions: 40, interval: [0.01, 0.16] })],
    events: [],
    unreadableFailedJobs: 0,
  };
  const row = formatScan(result, 'table').split('\n').find((line) => line.includes('wait::timeout')) ?? '';
  assert.match(row, /95% .*\(flaky 2\/40\)/, row);
});
