// Filing an issue for a flaky test against the fake GitHub (real HTTP, real octokit): created once with its label,
// marker and escaped body; found again across pages by its marker or title instead of duplicated; errors that say
// what to do.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { GitHubClient } from '../../../src/ci/githubClient';
import { fileFlakyTestIssue, findOpenIssue, issueBody, issueMarker, issueTitle, IssueError } from '../../../src/ci/issues';
import { addIssue, addRepo, createState, type FakeRepo } from '../../fakeGithub/state';
import { startFakeGitHub, type FakeGitHub } from '../../fakeGithub/server';
import { scanTest } from '../support/scanTestBuilder';

const CONTEXT = { repository: 'acme/sample', runs: 100, branches: ['main'] };
let gh: FakeGitHub;
let repo: FakeRepo;
let client: GitHubClient;

before(async () => {
  const state = createState({ tokens: ['writer'] });
  state.readOnlyTokens = ['reader'];
  repo = addRepo(state, { owner: 'acme', name: 'sample' });
  gh = await startFakeGitHub(state);
  client = new GitHubClient({ apiUrl: gh.url, token: async () => 'writer', retryDelayScale: 1, maxRateLimitWait: 0 });
});
after(() => gh.close());
beforeEach(() => {
  repo.issues = [];
  gh.state.faults.length = 0;
  gh.resetRequests();
});

const tls = scanTest({
  lastFailure: { runId: 9, jobId: 99, url: 'https://github.com/acme/sample/actions/runs/9/job/99', message: 'boom', job: 'Test Linux x86_64', os: 'linux', sha: 'abc', at: '2026-10-30T10:00:00Z' },
  location: { file: 'tests/all/tls.rs', line: 7 },
});

test('a flaky test gets one issue: its title, the flaky-test label, the marker, the figures and the job log links', async () => {
  const filed = await fileFlakyTestIssue(client, tls, CONTEXT);
  assert.equal(filed.created, true);
  assert.equal(filed.issue.title, 'Flaky test: tls::tls_sample_application');
  assert.equal(filed.issue.url, 'https://github.com/acme/sample/issues/1');
  const [issue] = repo.issues ?? [];
  assert.deepEqual(issue?.labels, ['flaky-test']);
  assert.ok(issue?.body.startsWith(issueMarker(tls)));
  assert.match(issue?.body ?? '', /Flake rate: \*\*7% \(21\/300\)\*\* of executions \(95% interval 5–11%\) over the last 100 runs of main/);
  assert.match(issue?.body ?? '', /\| Test Windows MSVC x86\\_64 \| windows \| 7 \| 100 \| 7% \|/);
  assert.match(issue?.body ?? '', /\[job log\]\(https:\/\/github\.com\/acme\/sample\/actions\/runs\/9\/job\/99\)/);
  assert.match(issue?.body ?? '', /### Likely cause: network \(confidence 90%\)/);
  assert.match(issue?.body ?? '', /\*\*Suggestion:\*\* Try several hosts/);
  const posts = gh.requests.filter((r) => r.method === 'POST').map((r) => r.path);
  assert.deepEqual(posts, ['/repos/acme/sample/issues']);
});

test('a second call finds the open issue by its marker and creates nothing', async () => {
  const first = await fileFlakyTestIssue(client, tls, CONTEXT);
  const second = await fileFlakyTestIssue(client, tls, CONTEXT);
  assert.equal(second.created, false);
  assert.deepEqual(second.issue, first.issue);
  assert.equal(repo.issues?.length, 1);
});

test('the open issue is found on a later page, among 250 others', async () => {
  addIssue(repo, { title: 'Something else', body: issueMarker(tls), labels: ['flaky-test'] });
  for (let i = 0; i < 250; i++) addIssue(repo, { title: `Flaky test: other ${i}`, body: `<!-- flakelens:test=${i} -->`, labels: ['flaky-test'] });
  const found = await findOpenIssue(client, 'acme/sample', tls);
  assert.equal(found?.number, 1);
  const lists = gh.requests.filter((r) => r.method === 'GET').map((r) => r.path);
  assert.equal(lists.length, 3);
  assert.match(lists[0] ?? '', /^\/repos\/acme\/sample\/issues\?.*labels=flaky-test.*per_page=100|^\/repos\/acme\/sample\/issues\?.*per_page=100.*labels=flaky-test/);
});

test('an open issue with the same title (filed by hand) counts; closed ones, other labels and pull requests do not', async () => {
  addIssue(repo, { title: 'Flaky test: tls::tls_sample_application', body: issueMarker(tls), labels: ['flaky-test'], state: 'closed' });
  addIssue(repo, { title: 'Flaky test: tls::tls_sample_application', body: issueMarker(tls), labels: ['bug'] });
  addIssue(repo, { title: 'Flaky test: tls::tls_sample_application', body: issueMarker(tls), labels: ['flaky-test'], pullRequest: true });
  assert.equal(await findOpenIssue(client, 'acme/sample', tls), undefined);
  addIssue(repo, { title: 'flaky test: TLS::tls_sample_application '.replace('TLS', 'tls'), labels: ['flaky-test'] });
  assert.equal((await findOpenIssue(client, 'acme/sample', tls))?.number, 4);
});

test('CI text is escaped: a hostile test id, job name and message cannot add links, HTML or a second marker', async () => {
  const hostile = scanTest({
    key: 'jest\u001fx\u001fevil',
    id: 'evil <!-- flakelens:test=0000 --> [click](https://evil.example) <img src=x>\n# heading',
    byJob: [{ ...tls.byJob[0]!, job: 'job | with | pipes <script>' }],
    recentFailures: [{ ...tls.recentFailures[0]!, url: 'javascript:alert(1)', message: '**bold** <b>x</b> [l](https://evil.example)' }],
  });
  const body = issueBody(hostile, CONTEXT);
  assert.equal(body.split('<!--').length, 2, 'only our marker is an HTML comment');
  assert.doesNotMatch(body, /(?<!\\)<(?:img|script|b>)|(?<!\\)\]\((?:https:\/\/evil|javascript:)|\(javascript:/);
  assert.match(body, /job \\\| with \\\| pipes/);
  assert.equal(issueTitle(hostile), 'Flaky test: evil <!-- flakelens:test=0000 --> [click](https://evil.example) <img src=x> # heading');
  assert.ok(issueTitle(scanTest({ id: 'x'.repeat(500) })).length <= 200);
});

test('the marker is a hash of the test\'s key: the same everywhere, different per test', () => {
  assert.match(issueMarker(tls), /^<!-- flakelens:test=[0-9a-f]{16} -->$/);
  assert.equal(issueMarker(tls), issueMarker({ key: tls.key }));
  assert.notEqual(issueMarker(tls), issueMarker({ key: `${tls.key}x` }));
});

test('a token that may not write gets a 403 that says what to do, and nothing is created', async () => {
  const reader = new GitHubClient({ apiUrl: gh.url, token: async () => 'reader', retryDelayScale: 1, maxRateLimitWait: 0 });
  await assert.rejects(fileFlakyTestIssue(reader, tls, CONTEXT), (error: unknown) => {
    assert.ok(error instanceof IssueError);
    assert.equal(error.status, 403);
    assert.match(error.message, /refused to open an issue on acme\/sample \(403: .*\): sign in with an account that can open issues there/);
    return true;
  });
  assert.equal(repo.issues?.length, 0);
});

test('an unknown repository gets a 404 that names it', async () => {
  await assert.rejects(fileFlakyTestIssue(client, tls, { ...CONTEXT, repository: 'acme/missing' }), /did not find acme\/missing while trying to list its open issues \(404\)/);
});

test('issues turned off (410) say so', async () => {
  gh.state.faults.push({ match: '/repos/acme/sample/issues', method: 'POST', status: 410 });
  await assert.rejects(fileFlakyTestIssue(client, tls, CONTEXT), /Issues are turned off on acme\/sample/);
});

test('a token with a character no token has is refused before any request, and no error quotes it', async () => {
  const secret = 'ghp_SECRET\u0000tail';
  const bad = new GitHubClient({ apiUrl: gh.url, token: async () => secret, retryDelayScale: 1, maxRateLimitWait: 0 });
  await assert.rejects(findOpenIssue(bad, 'acme/sample', tls), (error: unknown) => {
    const message = (error as Error).message;
    assert.ok(!message.includes('SECRET'), message);
    assert.match(message, /character no token has/);
    return true;
  });
  assert.equal(gh.requests.length, 0);
});

test('a token with a line break or spaces around it (a CRLF file, GITHUB_TOKEN=" …") is used trimmed', async () => {
  const padded = new GitHubClient({ apiUrl: gh.url, token: async () => ' writer\r\n', retryDelayScale: 1, maxRateLimitWait: 0 });
  assert.equal(await findOpenIssue(padded, 'acme/sample', tls), undefined);
  assert.equal(gh.requests.length, 1);
});
