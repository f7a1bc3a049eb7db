import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TestDeclaration } from '../../../src/core/model';
import { findingsForFile } from '../../../src/core/present/fileFindings';
import { escapeMarkdown, firstMeaningfulLine, hoverMarkdown, linkableUrl } from '../../../src/core/present/hoverMarkdown';
import { intervalText, percent, rateWithSample, sparkline } from '../../../src/core/present/rateText';
import { findingMessage, testSummary } from '../../../src/core/present/testSummary';
import { scanTest } from '../support/scanTestBuilder';

test('rates are written with their sample size', () => {
  assert.equal(rateWithSample(21, 300), '7% (21/300)');
  assert.equal(rateWithSample(0, 0), '0% (0/0)');
  assert.equal(percent(0.004), '0.4%');
  assert.equal(intervalText([0.046, 0.105]), '5–11%');
});

test('a test that flakes everywhere gets a summary without an OS breakdown', () => {
  assert.equal(testSummary(scanTest()), '⚠ flaky 7% (21/300)');
});

test('a test that flakes on one OS only names that OS and its rate, with its sample, in the summary and the Problems entry', () => {
  const onWindows = scanTest({
    id: 'TestPoll/timeout',
    flakyFailures: 20,
    executions: 300,
    category: 'timing',
    byOs: [
      { os: 'windows', executions: 100, flakyFailures: 20, flakeRate: 0.2, interval: [0.13, 0.29] },
      { os: 'linux', executions: 100, flakyFailures: 0, flakeRate: 0, interval: [0, 0.04] },
      { os: 'macos', executions: 100, flakyFailures: 0, flakeRate: 0, interval: [0, 0.04] },
    ],
  });
  assert.equal(testSummary(onWindows), '⚠ flaky 7% (20/300) · windows 20% (20/100)');
  assert.equal(findingMessage(onWindows), 'TestPoll/timeout is flaky in CI: 7% (20/300) (windows 20% (20/100)). Likely cause: timing.');
  // An OS of no execution, or one that is not known, does not make the others stand out.
  const everywhere = scanTest({
    ...onWindows,
    byOs: [onWindows.byOs[0]!, { os: 'unknown', executions: 0, flakyFailures: 0, flakeRate: 0, interval: [0, 1] }],
  });
  assert.equal(findingMessage(everywhere), 'TestPoll/timeout is flaky in CI: 7% (20/300). Likely cause: timing.');
});

test('a failing test says since which commit', () => {
  assert.equal(testSummary(scanTest({ status: 'failing', failingSince: { sha: '0123456789abcdef', runId: 70, at: '2026-10-20T00:00:00Z' } })), '✖ failing since 0123456');
});

test('the hover shows the figures, the per-job table, the cause, the suggestion and a link to the job log', () => {
  const md = hoverMarkdown(scanTest(), { runs: 100, branches: ['main'] });
  assert.match(md, /flaky 7% \\\(21\/300\\\)/);
  assert.match(md, /95% interval 5–11%/);
  assert.match(md, /\| Test Windows MSVC x86\\_64 \| windows \| 7 \| 100 \| 7% \|/);
  assert.match(md, /\*\*Likely cause: network\*\*/);
  assert.match(md, /example\\\.com/);
  assert.match(md, /\*\*Suggestion:\*\* Try several hosts/);
  assert.match(md, /\[job log\]\(https:\/\/github\.com\/acme\/sample\/actions\/runs\/9\/job\/99\)/);
  assert.match(md, /command:flakelens\.rerunFailedJobs/);
});

test('CI text in the hover is escaped: no markdown, links, HTML or commands get through', () => {
  const evil = scanTest({
    recentFailures: [
      {
        runId: 1,
        jobId: 2,
        url: 'javascript:alert(1)',
        message: '[click](command:workbench.action.terminal.sendSequence?%5B%22rm%22%5D) <img src=x onerror=alert(1)> **bold** `code`',
        job: 'Test <b>Linux</b> | x',
        os: 'linux',
        kind: 'likely-flaky',
        at: '2026-10-30T10:00:00Z',
      },
    ],
  });
  const md = hoverMarkdown(evil, { runs: 10, branches: ['main'] });
  assert.doesNotMatch(md, /\]\(command:workbench/);
  assert.doesNotMatch(md, /[^\\]<img/);
  assert.doesNotMatch(md, /\]\(javascript:/);
  assert.doesNotMatch(md, /[^\\]\*\*bold/);
  assert.match(md, /\\\[click\\\]/);
  assert.match(md, /Test \\<b\\>Linux/);
});

test('job-log links in the hover go only to the hosts of the GitHub the session reads', () => {
  const failure = (url: string) => scanTest({ recentFailures: [{ runId: 1, jobId: 2, url, message: 'boom', job: 'J', os: 'linux', kind: 'likely-flaky', at: '2026-10-30T10:00:00Z' }] });
  const hosts = ['github.com', '127.0.0.1:8080'];
  assert.match(hoverMarkdown(failure('https://github.com/acme/sample/actions/runs/1/job/2'), { runs: 10, branches: ['main'], linkHosts: hosts }), /\[job log\]\(https:\/\/github\.com\/acme/);
  assert.match(hoverMarkdown(failure('http://127.0.0.1:8080/acme/sample/actions/runs/1/job/2'), { runs: 10, branches: ['main'], linkHosts: hosts }), /\[job log\]\(http:\/\/127/);
  for (const elsewhere of ['https://github.com.evil.test/acme/sample', 'https://evil.test/?https://github.com/', 'https://user@evil.test/github.com', 'http://127.0.0.1:8081/x']) {
    const md = hoverMarkdown(failure(elsewhere), { runs: 10, branches: ['main'], linkHosts: hosts });
    assert.doesNotMatch(md, /\]\(http/, elsewhere);
    assert.match(md, /· job log/, elsewhere);
  }
  assert.equal(linkableUrl('https://GitHub.com/a', ['github.com']), true);
  assert.equal(linkableUrl('https://github.com/a', []), false);
  assert.equal(linkableUrl('https://anywhere.test/a'), true, 'no hosts given: any http(s) link');
});

test('long messages are cut in the hover', () => {
  const md = hoverMarkdown(scanTest({ recentFailures: [{ runId: 1, jobId: 2, url: 'https://x.test/1', message: 'x'.repeat(50_000), job: 'J', os: 'linux', kind: 'likely-flaky', at: '2026-10-30T10:00:00Z' }] }), {
    runs: 10,
    branches: ['main'],
  });
  assert.ok(md.length < 5000, `hover length ${md.length}`);
});

test('escaping keeps the text readable', () => {
  assert.equal(escapeMarkdown('a_b*c'), 'a\\_b\\*c');
});

test('the most telling line of a Rust failure is the panic with its message', () => {
  const line = firstMeaningfulLine("---- tls::tls_sample_application stdout ----\n\nthread 'tls::tls_sample_application' panicked at tests/all/tls.rs:14:5:\nguest exited with a trap\nnote: run with `RUST_BACKTRACE=1`");
  assert.equal(line, "thread 'tls::tls_sample_application' panicked at tests/all/tls.rs:14:5: guest exited with a trap");
});

test('the trend is a sparkline scaled to the worst span, with the newest span\'s rate beside it', () => {
  assert.equal(sparkline([{ executions: 10, flakyFailures: 0 }, { executions: 10, flakyFailures: 2 }, { executions: 10, flakyFailures: 4 }, { executions: 0, flakyFailures: 0 }]), '▁▅█ ');
  const md = hoverMarkdown(scanTest(), { runs: 100, branches: ['main'] });
  assert.match(md, /Trend: `█▆▄`/);
  assert.match(md, /newest span 4% \\\(4\/100\\\)/);
});

test('a test with two unrelated failure reasons says so in the hover, with counts and last occurrence', () => {
  const md = hoverMarkdown(
    scanTest({
      failureReasons: [
        { reason: 'connection reset', headline: 'Connection reset by peer', count: 14, firstAt: '2026-10-02T00:00:00Z', lastAt: '2026-10-30T00:00:00Z', example: '', lastUrl: 'https://x.test/1', jobs: ['Test Linux'], os: ['linux', 'macos'] },
        { reason: 'assertion', headline: 'assertion `left == right` failed', count: 3, firstAt: '2026-10-05T00:00:00Z', lastAt: '2026-10-20T00:00:00Z', example: '', lastUrl: 'https://x.test/2', jobs: ['Test Windows'], os: ['windows'] },
      ],
    }),
    { runs: 100, branches: ['main'] },
  );
  assert.match(md, /\*\*2 distinct failure reasons\*\* — unrelated causes may be at play/);
  assert.match(md, /- 14× · last 2026\\-10\\-30 · linux, macos — Connection reset by peer/);
  assert.match(md, /- 3× · last 2026\\-10\\-20 · windows — assertion \\`left == right\\` failed/);
});

test('a single failure reason adds no reasons section', () => {
  const md = hoverMarkdown(scanTest({ failureReasons: [{ reason: 'r', headline: 'h', count: 5, firstAt: '2026-10-02T00:00:00Z', lastAt: '2026-10-30T00:00:00Z', example: '', lastUrl: '', jobs: [], os: ['linux'] }] }), {
    runs: 100,
    branches: ['main'],
  });
  assert.doesNotMatch(md, /distinct failure reasons/);
});

test('the cases of a parameterized test get one finding on their function, the worst case first, and the hover lists them', () => {
  const declaration: TestDeclaration = { id: 'tests/test_net.py::test_connects', name: 'test_connects', framework: 'pytest', file: 'tests/test_net.py', line: 4 };
  const other: TestDeclaration = { ...declaration, id: 'tests/test_net.py::test_other', name: 'test_other', line: 9 };
  const cases = [
    scanTest({ id: 'tests/test_net.py::test_connects[a]', status: 'flaky', flakyFailures: 1, failures: 1, executions: 20 }),
    scanTest({ id: 'tests/test_net.py::test_connects[b]', status: 'flaky', flakyFailures: 3, failures: 3, executions: 20 }),
    scanTest({ id: 'tests/test_net.py::test_connects[c]', status: 'flaky', flakyFailures: 2, failures: 2, executions: 20 }),
  ];
  const single = scanTest({ id: 'tests/test_net.py::test_other', status: 'failing' });
  const findings = findingsForFile('tests/test_net.py', [...cases, single], (t) => (t.id.includes('test_connects') ? declaration : other));
  assert.deepEqual(
    findings.map((f) => [f.declaration.line, f.test.id, f.cases.map((c) => c.id)]),
    [
      [4, 'tests/test_net.py::test_connects[b]', ['tests/test_net.py::test_connects[b]', 'tests/test_net.py::test_connects[c]', 'tests/test_net.py::test_connects[a]']],
      [9, 'tests/test_net.py::test_other', ['tests/test_net.py::test_other']],
    ],
  );
  const hover = hoverMarkdown(findings[0]!.test, { runs: 20, branches: ['main'], cases: findings[0]!.cases });
  assert.match(hover, /3 cases of this test are marked/);
  for (const c of cases) assert.ok(hover.includes(escapeMarkdown(c.id)), c.id);
  assert.doesNotMatch(hoverMarkdown(single, { runs: 20, branches: ['main'], cases: [single] }), /cases of this test/);
});

test('a failing test of unknown cause is not told to hunt a flake; a known cause keeps its suggestion, flaky tests theirs', () => {
  const since = { sha: '0123456789abcdef', runId: 70, at: '2026-10-20T00:00:00Z' };
  const hunt = 'No known flakiness sign: run the test many times locally to catch it.';
  const unknown = hoverMarkdown(scanTest({ status: 'failing', failingSince: since, category: 'unknown', suggestion: hunt }), { runs: 10, branches: ['main'] });
  assert.match(unknown, /it needs a fix/);
  assert.doesNotMatch(unknown, /Suggestion/);
  const network = hoverMarkdown(scanTest({ status: 'failing', failingSince: since, category: 'network', suggestion: 'Try several hosts.' }), { runs: 10, branches: ['main'] });
  assert.match(network, /\*\*Suggestion:\*\* Try several hosts/);
  const flaky = hoverMarkdown(scanTest({ status: 'flaky', category: 'unknown', suggestion: hunt }), { runs: 10, branches: ['main'] });
  assert.match(flaky, /\*\*Suggestion:\*\* No known flakiness sign/);
});
