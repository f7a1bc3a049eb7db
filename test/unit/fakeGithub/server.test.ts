// The fake GitHub over real HTTP, with plain fetch: GitHub's pagination, conditional requests, rate-limit
// headers, log redirects, errors, faults and re-runs. Assertions read responses, the request log and the state;
// nothing waits on a timer.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeGitHub, type FakeGitHub } from '../../fakeGithub/server';
import { addArtifact, addRepo, addRun, addWorkflow, createState, type FakeGitHubState, type FakeRepo, type FakeRun } from '../../fakeGithub/state';

const LOG = '\ufeff2026-10-01T08:00:01.0000000Z ##[group]Run make test\n2026-10-01T08:00:02.0000000Z test a ... FAILED\n2026-10-01T08:00:03.0000000Z ##[error]Process completed with exit code 1.\n';

/** A small repository: five runs of CI on main (the third one failed on Linux), one on a branch. */
function smallState(): { state: FakeGitHubState; repo: FakeRepo; runs: FakeRun[] } {
  const state = createState();
  const repo = addRepo(state, { owner: 'acme', name: 'sample' });
  addWorkflow(state, repo, { name: 'CI', path: '.github/workflows/ci.yml' });
  const runs: FakeRun[] = [];
  for (let i = 0; i < 5; i++) {
    const day = `2026-10-0${i + 1}`;
    runs.push(
      addRun(state, repo, {
        createdAt: `${day}T08:00:00Z`,
        jobs: [
          { name: 'Test Linux x86_64', labels: ['ubuntu-latest'], conclusion: i === 2 ? 'failure' : 'success', startedAt: `${day}T08:00:10Z`, completedAt: `${day}T08:03:00Z`, log: LOG },
          { name: 'Test Windows MSVC x86_64', labels: ['windows-latest'], conclusion: 'success', startedAt: `${day}T08:00:12Z`, completedAt: `${day}T08:06:00Z`, log: LOG },
        ],
      }),
    );
  }
  runs.push(addRun(state, repo, { branch: 'feature', createdAt: '2026-10-06T09:00:00Z', jobs: [{ name: 'Test Linux x86_64', conclusion: 'success', startedAt: '2026-10-06T09:00:10Z', completedAt: '2026-10-06T09:03:00Z' }] }));
  return { state, repo, runs };
}

interface Page<T> {
  status: number;
  headers: Headers;
  body: T;
}

async function getJson<T = Record<string, unknown>>(url: string, init: RequestInit = {}): Promise<Page<T>> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T };
}

function links(header: string | null): { rel: string; url: string }[] {
  return (header ?? '')
    .split(', ')
    .filter(Boolean)
    .map((part) => {
      const m = /^<([^>]+)>; rel="([a-z]+)"$/.exec(part);
      assert.ok(m, `malformed link ${part}`);
      return { rel: m[2] as string, url: m[1] as string };
    });
}

type RunsPage = { total_count: number; workflow_runs: { id: number; run_attempt: number; status: string; conclusion: string | null; updated_at: string; head_branch: string }[] };
type JobsPage = { total_count: number; jobs: { id: number; name: string; run_attempt: number; conclusion: string | null; status: string; steps: { name: string; conclusion: string | null }[] }[] };

describe('pagination', () => {
  let gh: FakeGitHub;
  before(async () => {
    gh = await startFakeGitHub(smallState().state);
  });
  after(() => gh.close());

  it('lists runs newest first', async () => {
    const { body } = await getJson<RunsPage>(`${gh.url}/repos/acme/sample/actions/runs?branch=main`);
    const created = body.workflow_runs.map((r) => r.id);
    assert.equal(body.total_count, 5);
    assert.deepEqual(created, [...created].sort((a, b) => b - a));
  });

  it('links the first page to the next and last pages only', async () => {
    const { headers } = await getJson(`${gh.url}/repos/acme/sample/actions/runs?per_page=2`);
    assert.deepEqual(
      links(headers.get('link')).map((l) => [l.rel, new URL(l.url).searchParams.get('page')]),
      [
        ['next', '2'],
        ['last', '3'],
      ],
    );
  });

  it('links a middle page to prev, next, last and first, in that order', async () => {
    const { headers } = await getJson(`${gh.url}/repos/acme/sample/actions/runs?per_page=2&page=2`);
    assert.deepEqual(
      links(headers.get('link')).map((l) => [l.rel, new URL(l.url).searchParams.get('page')]),
      [
        ['prev', '1'],
        ['next', '3'],
        ['last', '3'],
        ['first', '1'],
      ],
    );
  });

  it('links the last page back to prev and first only', async () => {
    const { headers, body } = await getJson<RunsPage>(`${gh.url}/repos/acme/sample/actions/runs?per_page=2&page=3`);
    assert.deepEqual(
      links(headers.get('link')).map((l) => l.rel),
      ['prev', 'first'],
    );
    assert.equal(body.workflow_runs.length, 2);
  });

  it('formats links with GitHub repository-id URLs that keep the query', async () => {
    const { headers } = await getJson(`${gh.url}/repos/acme/sample/actions/runs?branch=main&status=completed&per_page=2`);
    const next = links(headers.get('link')).find((l) => l.rel === 'next');
    assert.match(next?.url ?? '', /^http:\/\/127\.0\.0\.1:\d+\/repositories\/\d+\/actions\/runs\?branch=main&status=completed&per_page=2&page=2$/);
  });

  it('serves the page a link points to', async () => {
    const first = await getJson<RunsPage>(`${gh.url}/repos/acme/sample/actions/runs?per_page=2`);
    const next = links(first.headers.get('link')).find((l) => l.rel === 'next')?.url ?? '';
    const second = await getJson<RunsPage>(next);
    const direct = await getJson<RunsPage>(`${gh.url}/repos/acme/sample/actions/runs?per_page=2&page=2`);
    assert.deepEqual(second.body, direct.body);
  });

  it('sends no Link header when one page holds everything', async () => {
    const { headers } = await getJson(`${gh.url}/repos/acme/sample/actions/runs?per_page=100`);
    assert.equal(headers.get('link'), null);
  });

  it('caps per_page at 100', async () => {
    const { body } = await getJson<RunsPage>(`${gh.url}/repos/acme/sample/actions/runs?per_page=500`);
    assert.equal(body.workflow_runs.length, 6);
  });

  it('paginates jobs too', async () => {
    const run = (await getJson<RunsPage>(`${gh.url}/repos/acme/sample/actions/runs?branch=main&per_page=1`)).body.workflow_runs[0];
    const { body, headers } = await getJson<JobsPage>(`${gh.url}/repos/acme/sample/actions/runs/${run?.id}/jobs?per_page=1`);
    assert.equal(body.total_count, 2);
    assert.equal(body.jobs.length, 1);
    assert.deepEqual(
      links(headers.get('link')).map((l) => l.rel),
      ['next', 'last'],
    );
  });
});

describe('run filters', () => {
  let gh: FakeGitHub;
  before(async () => {
    gh = await startFakeGitHub(smallState().state);
  });
  after(() => gh.close());

  it('filters by branch', async () => {
    const { body } = await getJson<RunsPage>(`${gh.url}/repos/acme/sample/actions/runs?branch=feature`);
    assert.deepEqual(
      body.workflow_runs.map((r) => r.head_branch),
      ['feature'],
    );
  });

  it('filters by created with a date bound', async () => {
    const { body } = await getJson<RunsPage>(`${gh.url}/repos/acme/sample/actions/runs?created=${encodeURIComponent('>=2026-10-04')}`);
    assert.equal(body.total_count, 3);
  });

  it('filters by created with a time bound', async () => {
    const { body } = await getJson<RunsPage>(`${gh.url}/repos/acme/sample/actions/runs?created=${encodeURIComponent('>2026-10-05T08:00:00Z')}`);
    assert.equal(body.total_count, 1);
  });

  it('reads a time zone offset whose + arrived unencoded', async () => {
    const { body } = await getJson<RunsPage>(`${gh.url}/repos/acme/sample/actions/runs?created=>=2026-10-04T00:00:00+00:00`);
    assert.equal(body.total_count, 3);
  });

  it('filters by created with a range', async () => {
    const { body } = await getJson<RunsPage>(`${gh.url}/repos/acme/sample/actions/runs?created=2026-10-02..2026-10-03`);
    assert.equal(body.total_count, 2);
  });

  it('filters by a conclusion given as status', async () => {
    const { body } = await getJson<RunsPage>(`${gh.url}/repos/acme/sample/actions/runs?status=failure`);
    assert.equal(body.total_count, 1);
  });

  it('lists one workflow runs by id or by file name', async () => {
    const workflows = await getJson<{ total_count: number; workflows: { id: number; path: string }[] }>(`${gh.url}/repos/acme/sample/actions/workflows`);
    assert.equal(workflows.body.workflows[0]?.path, '.github/workflows/ci.yml');
    const byId = await getJson<RunsPage>(`${gh.url}/repos/acme/sample/actions/workflows/${workflows.body.workflows[0]?.id}/runs?branch=main`);
    const byFile = await getJson<RunsPage>(`${gh.url}/repos/acme/sample/actions/workflows/ci.yml/runs?branch=main`);
    assert.equal(byId.body.total_count, 5);
    assert.deepEqual(byId.body, byFile.body);
  });

  it('answers under the GHES /api/v3 prefix too', async () => {
    const { status, body } = await getJson<{ full_name: string; default_branch: string }>(`${gh.url}/api/v3/repos/acme/sample`);
    assert.equal(status, 200);
    assert.equal(body.full_name, 'acme/sample');
    assert.equal(body.default_branch, 'main');
  });
});

describe('conditional requests and the rate limit', () => {
  let gh: FakeGitHub;
  before(async () => {
    gh = await startFakeGitHub(smallState().state);
  });
  after(() => gh.close());

  it('sends a weak ETag with every JSON list', async () => {
    const { headers } = await getJson(`${gh.url}/repos/acme/sample/actions/runs`);
    assert.match(headers.get('etag') ?? '', /^W\/"[0-9a-f]{64}"$/);
  });

  it('answers 304 with no body to a matching If-None-Match', async () => {
    const first = await fetch(`${gh.url}/repos/acme/sample/actions/runs`);
    await first.text();
    const etag = first.headers.get('etag') ?? '';
    const second = await fetch(`${gh.url}/repos/acme/sample/actions/runs`, { headers: { 'if-none-match': etag } });
    assert.equal(second.status, 304);
    assert.equal(await second.text(), '');
    assert.equal(second.headers.get('etag'), etag);
    assert.equal(gh.requests.at(-1)?.ifNoneMatch, etag);
  });

  it('does not count a 304 against the rate limit', async () => {
    const first = await fetch(`${gh.url}/repos/acme/sample/actions/workflows`);
    await first.text();
    const remaining = Number(first.headers.get('x-ratelimit-remaining'));
    const second = await fetch(`${gh.url}/repos/acme/sample/actions/workflows`, { headers: { 'if-none-match': first.headers.get('etag') ?? '' } });
    assert.equal(second.status, 304);
    assert.equal(Number(second.headers.get('x-ratelimit-remaining')), remaining);
    assert.equal(gh.state.rateLimit.remaining, remaining);
  });

  it('counts a 200 against the rate limit', async () => {
    const before = gh.state.rateLimit.remaining;
    const response = await fetch(`${gh.url}/repos/acme/sample`);
    await response.text();
    assert.equal(Number(response.headers.get('x-ratelimit-remaining')), before - 1);
    assert.equal(response.headers.get('x-ratelimit-resource'), 'core');
    assert.equal(response.headers.get('x-ratelimit-limit'), '5000');
    assert.equal(Number(response.headers.get('x-ratelimit-used')), gh.state.rateLimit.used);
    assert.equal(Number(response.headers.get('x-ratelimit-reset')), gh.state.rateLimit.reset);
  });

  it('answers 200 when the ETag no longer matches', async () => {
    const response = await fetch(`${gh.url}/repos/acme/sample/actions/runs`, { headers: { 'if-none-match': 'W/"stale"' } });
    assert.equal(response.status, 200);
    await response.text();
  });

  it('refuses every call with 403 once the limit is used up', async () => {
    const state = smallState().state;
    state.rateLimit.remaining = 1;
    const local = await startFakeGitHub(state);
    try {
      assert.equal((await getJson(`${local.url}/repos/acme/sample`)).status, 200);
      const refused = await getJson<{ message: string }>(`${local.url}/repos/acme/sample`);
      assert.equal(refused.status, 403);
      assert.equal(refused.headers.get('x-ratelimit-remaining'), '0');
      assert.match(refused.body.message, /API rate limit exceeded/);
    } finally {
      await local.close();
    }
  });
});

describe('job logs', () => {
  let gh: FakeGitHub;
  let jobId = 0;
  let expiredJobId = 0;
  before(async () => {
    const { state, runs } = smallState();
    jobId = runs[2]?.jobs[0]?.id ?? 0;
    const expired = runs[0]?.jobs[0];
    if (expired) expired.logExpired = true;
    expiredJobId = expired?.id ?? 0;
    gh = await startFakeGitHub(state);
  });
  after(() => gh.close());

  it('redirects with 302 to a signed blob URL on the same server', async () => {
    const response = await fetch(`${gh.url}/repos/acme/sample/actions/jobs/${jobId}/logs`, { redirect: 'manual' });
    assert.equal(response.status, 302);
    assert.match(response.headers.get('location') ?? '', new RegExp(`^${gh.url}/_blobs/job-logs/${jobId}\\?sig=[0-9a-f]+$`));
  });

  it('serves the log text behind the redirect', async () => {
    const response = await fetch(`${gh.url}/repos/acme/sample/actions/jobs/${jobId}/logs`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
    const bytes = Buffer.from(await response.arrayBuffer());
    assert.equal(bytes.toString('utf8'), LOG);
    assert.deepEqual(
      gh.requests.slice(-2).map((r) => [r.status, r.path.split('?')[0]]),
      [
        [302, `/repos/acme/sample/actions/jobs/${jobId}/logs`],
        [200, `/_blobs/job-logs/${jobId}`],
      ],
    );
  });

  it('answers 410 Gone for an expired log', async () => {
    const { status, body } = await getJson<{ message: string; documentation_url: string }>(`${gh.url}/repos/acme/sample/actions/jobs/${expiredJobId}/logs`);
    assert.equal(status, 410);
    assert.equal(body.message, 'Gone');
  });

  it('refuses a blob URL with a wrong signature', async () => {
    const response = await fetch(`${gh.url}/_blobs/job-logs/${jobId}?sig=0000`);
    assert.equal(response.status, 403);
    await response.text();
  });

  it('answers 404 for a job of another repository', async () => {
    const { status } = await getJson(`${gh.url}/repos/acme/other/actions/jobs/${jobId}/logs`);
    assert.equal(status, 404);
  });
});

describe('authentication', () => {
  let gh: FakeGitHub;
  before(async () => {
    const { state } = smallState();
    state.tokens = ['good-token'];
    addRepo(state, { owner: 'acme', name: 'secret', private: true });
    gh = await startFakeGitHub(state);
  });
  after(() => gh.close());

  it('accepts a known token in the token and Bearer forms', async () => {
    assert.equal((await getJson(`${gh.url}/repos/acme/sample`, { headers: { authorization: 'token good-token' } })).status, 200);
    assert.equal((await getJson(`${gh.url}/repos/acme/sample`, { headers: { authorization: 'Bearer good-token' } })).status, 200);
  });

  it('answers 401 Bad credentials to an unknown token', async () => {
    const { status, body } = await getJson<{ message: string; documentation_url: string }>(`${gh.url}/repos/acme/sample`, { headers: { authorization: 'token wrong' } });
    assert.equal(status, 401);
    assert.equal(body.message, 'Bad credentials');
    assert.match(body.documentation_url, /^https:\/\/docs\.github\.com\//);
  });

  it('hides a private repository from anonymous requests behind a 404', async () => {
    assert.equal((await getJson(`${gh.url}/repos/acme/secret`)).status, 404);
    assert.equal((await getJson(`${gh.url}/repos/acme/secret`, { headers: { authorization: 'token good-token' } })).status, 200);
  });

  it('answers an unknown repository with GitHub 404 body', async () => {
    const { status, body } = await getJson(`${gh.url}/repos/acme/nothing/actions/runs`);
    assert.equal(status, 404);
    assert.deepEqual(body, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' });
  });

  it('records that a token was sent, never the token', async () => {
    await getJson(`${gh.url}/repos/acme/sample`, { headers: { authorization: 'token good-token' } });
    assert.equal(gh.requests.at(-1)?.authorization, true);
    assert.ok(!JSON.stringify(gh.requests).includes('good-token'));
  });
});

describe('faults', () => {
  it('answers a fault for as many times as it is told, then normally', async () => {
    const { state } = smallState();
    state.faults.push({ match: '/repos/acme/sample/actions/runs', status: 502, times: 2 });
    const gh = await startFakeGitHub(state);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await fetch(`${gh.url}/repos/acme/sample/actions/runs`).then(async (r) => (await r.text(), r))).status);
      assert.deepEqual(statuses, [502, 502, 200]);
      assert.deepEqual(
        gh.requests.map((r) => r.fault ?? false),
        [true, true, false],
      );
    } finally {
      await gh.close();
    }
  });

  it('lets the first matching requests through with skip', async () => {
    const { state } = smallState();
    state.faults.push({ match: /\/actions\/runs$/, status: 500, skip: 1, times: 1 });
    const gh = await startFakeGitHub(state);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await getJson(`${gh.url}/repos/acme/sample/actions/runs`)).status);
      assert.deepEqual(statuses, [200, 500, 200]);
    } finally {
      await gh.close();
    }
  });

  it('signals a primary rate limit with remaining 0 and the reset time', async () => {
    const { state } = smallState();
    state.faults.push({ match: (method, path) => method === 'GET' && path.includes('/jobs'), status: 403, rateLimitedUntil: 1_793_000_000, times: 1 });
    state.faults.push({ match: '/repos/acme/sample/actions/workflows', status: 429, rateLimitedUntil: 1_793_000_100, times: 1 });
    const gh = await startFakeGitHub(state);
    try {
      const runId = (await getJson<RunsPage>(`${gh.url}/repos/acme/sample/actions/runs`)).body.workflow_runs[0]?.id;
      const limited = await getJson<{ message: string }>(`${gh.url}/repos/acme/sample/actions/runs/${runId}/jobs`);
      assert.equal(limited.status, 403);
      assert.equal(limited.headers.get('x-ratelimit-remaining'), '0');
      assert.equal(limited.headers.get('x-ratelimit-reset'), '1793000000');
      assert.match(limited.body.message, /^API rate limit exceeded/);
      const tooMany = await getJson(`${gh.url}/repos/acme/sample/actions/workflows`);
      assert.equal(tooMany.status, 429);
      assert.equal(tooMany.headers.get('x-ratelimit-reset'), '1793000100');
    } finally {
      await gh.close();
    }
  });

  it('signals a secondary rate limit with retry-after', async () => {
    const { state } = smallState();
    state.faults.push({ match: '/repos/', status: 403, retryAfter: 30, times: 1 });
    const gh = await startFakeGitHub(state);
    try {
      const { status, headers, body } = await getJson<{ message: string }>(`${gh.url}/repos/acme/sample`);
      assert.equal(status, 403);
      assert.equal(headers.get('retry-after'), '30');
      assert.match(body.message, /secondary rate limit/);
    } finally {
      await gh.close();
    }
  });

  it('cuts a response off after part of its body', async () => {
    const { state } = smallState();
    state.faults.push({ match: '/repos/acme/sample/actions/runs', cutOff: true, times: 1 });
    const gh = await startFakeGitHub(state);
    try {
      await assert.rejects(async () => {
        const response = await fetch(`${gh.url}/repos/acme/sample/actions/runs`);
        assert.equal(response.status, 200);
        await response.text();
      });
      assert.equal((await getJson(`${gh.url}/repos/acme/sample/actions/runs`)).status, 200);
    } finally {
      await gh.close();
    }
  });

  it('answers a slow response in full', async () => {
    const { state } = smallState();
    state.faults.push({ match: '/repos/acme/sample', delayMs: 5, times: 1 });
    const gh = await startFakeGitHub(state);
    try {
      const { status, body } = await getJson<{ full_name: string }>(`${gh.url}/repos/acme/sample`);
      assert.equal(status, 200);
      assert.equal(body.full_name, 'acme/sample');
      assert.equal(gh.requests[0]?.fault, true);
    } finally {
      await gh.close();
    }
  });

  it('applies to blob downloads too', async () => {
    const { state, runs } = smallState();
    state.faults.push({ match: '/_blobs/', status: 503, times: 1 });
    const gh = await startFakeGitHub(state);
    try {
      const response = await fetch(`${gh.url}/repos/acme/sample/actions/jobs/${runs[0]?.jobs[0]?.id}/logs`);
      assert.equal(response.status, 503);
      await response.text();
    } finally {
      await gh.close();
    }
  });
});

describe('re-runs', () => {
  async function withServer(fn: (gh: FakeGitHub, failedRun: FakeRun) => Promise<void>, setup: (state: FakeGitHubState) => void = () => {}): Promise<void> {
    const { state, runs } = smallState();
    setup(state);
    const gh = await startFakeGitHub(state);
    try {
      await fn(gh, runs[2] as FakeRun);
    } finally {
      await gh.close();
    }
  }
  const auth = { authorization: 'token t' };

  it('re-runs the failed jobs as attempt 2 and answers 201', async () => {
    await withServer(async (gh, failed) => {
      const before = await getJson<RunsPage['workflow_runs'][number]>(`${gh.url}/repos/acme/sample/actions/runs/${failed.id}`);
      const response = await fetch(`${gh.url}/repos/acme/sample/actions/runs/${failed.id}/rerun-failed-jobs`, { method: 'POST', headers: auth });
      assert.equal(response.status, 201);
      await response.text();
      const afterRun = await getJson<RunsPage['workflow_runs'][number]>(`${gh.url}/repos/acme/sample/actions/runs/${failed.id}`);
      assert.equal(before.body.run_attempt, 1);
      assert.equal(afterRun.body.run_attempt, 2);
      assert.ok(Date.parse(afterRun.body.updated_at) > Date.parse(before.body.updated_at));
      assert.equal(afterRun.body.status, 'completed');
      assert.equal(afterRun.body.conclusion, 'success');
    });
  });

  it('shows the re-run job and the carried-over job in the latest attempt', async () => {
    await withServer(async (gh, failed) => {
      await fetch(`${gh.url}/repos/acme/sample/actions/runs/${failed.id}/rerun-failed-jobs`, { method: 'POST', headers: auth }).then((r) => r.text());
      const latest = await getJson<JobsPage>(`${gh.url}/repos/acme/sample/actions/runs/${failed.id}/jobs`);
      assert.deepEqual(latest.body.jobs.map((j) => [j.name, j.run_attempt, j.conclusion]).sort(), [
        ['Test Linux x86_64', 2, 'success'],
        ['Test Windows MSVC x86_64', 1, 'success'],
      ]);
      const all = await getJson<JobsPage>(`${gh.url}/repos/acme/sample/actions/runs/${failed.id}/jobs?filter=all`);
      assert.equal(all.body.total_count, 3);
      const first = await getJson<JobsPage>(`${gh.url}/repos/acme/sample/actions/runs/${failed.id}/attempts/1/jobs`);
      assert.deepEqual(first.body.jobs.map((j) => j.conclusion).sort(), ['failure', 'success']);
    });
  });

  it('renders the passing re-run log without the error', async () => {
    await withServer(async (gh, failed) => {
      await fetch(`${gh.url}/repos/acme/sample/actions/runs/${failed.id}/rerun-failed-jobs`, { method: 'POST', headers: auth }).then((r) => r.text());
      const jobs = await getJson<JobsPage>(`${gh.url}/repos/acme/sample/actions/runs/${failed.id}/jobs`);
      const rerun = jobs.body.jobs.find((j) => j.run_attempt === 2);
      const log = await (await fetch(`${gh.url}/repos/acme/sample/actions/jobs/${rerun?.id}/logs`)).text();
      assert.ok(!log.includes('##[error]'), log);
    });
  });

  it('re-runs one job with jobs/{id}/rerun', async () => {
    await withServer(async (gh, failed) => {
      const windows = failed.jobs.find((j) => j.name.includes('Windows'));
      const response = await fetch(`${gh.url}/repos/acme/sample/actions/jobs/${windows?.id}/rerun`, { method: 'POST', headers: auth, body: '{"enable_debug_logging":false}' });
      assert.equal(response.status, 201);
      await response.text();
      const latest = await getJson<JobsPage>(`${gh.url}/repos/acme/sample/actions/runs/${failed.id}/jobs`);
      assert.deepEqual(latest.body.jobs.map((j) => [j.name, j.run_attempt]).sort(), [
        ['Test Linux x86_64', 1],
        ['Test Windows MSVC x86_64', 2],
      ]);
    });
  });

  it('keeps a re-run in progress until completePendingReruns', async () => {
    await withServer(
      async (gh, failed) => {
        await fetch(`${gh.url}/repos/acme/sample/actions/runs/${failed.id}/rerun-failed-jobs`, { method: 'POST', headers: auth }).then((r) => r.text());
        const pending = await getJson<RunsPage['workflow_runs'][number]>(`${gh.url}/repos/acme/sample/actions/runs/${failed.id}`);
        assert.deepEqual([pending.body.status, pending.body.conclusion, pending.body.run_attempt], ['in_progress', null, 2]);
        const completed = await getJson<RunsPage>(`${gh.url}/repos/acme/sample/actions/runs?status=completed&branch=main`);
        assert.ok(!completed.body.workflow_runs.some((r) => r.id === failed.id));
        const again = await fetch(`${gh.url}/repos/acme/sample/actions/runs/${failed.id}/rerun-failed-jobs`, { method: 'POST', headers: auth });
        assert.equal(again.status, 403);
        await again.text();

        assert.equal(gh.completePendingReruns(), 1);
        const done = await getJson<RunsPage['workflow_runs'][number]>(`${gh.url}/repos/acme/sample/actions/runs/${failed.id}`);
        assert.deepEqual([done.body.status, done.body.conclusion], ['completed', 'success']);
        assert.ok(Date.parse(done.body.updated_at) > Date.parse(pending.body.updated_at));
      },
      (state) => {
        state.rerunCompletion = 'manual';
      },
    );
  });

  it('lets the onRerun hook decide the outcome', async () => {
    await withServer(
      async (gh, failed) => {
        await fetch(`${gh.url}/repos/acme/sample/actions/runs/${failed.id}/rerun-failed-jobs`, { method: 'POST', headers: auth }).then((r) => r.text());
        const run = await getJson<RunsPage['workflow_runs'][number]>(`${gh.url}/repos/acme/sample/actions/runs/${failed.id}`);
        assert.deepEqual([run.body.run_attempt, run.body.conclusion], [2, 'failure']);
      },
      (state) => {
        state.onRerun = () => 'same';
      },
    );
  });

  it('requires a token that may write', async () => {
    await withServer(
      async (gh, failed) => {
        const anonymous = await getJson(`${gh.url}/repos/acme/sample/actions/runs/${failed.id}/rerun-failed-jobs`, { method: 'POST' });
        assert.equal(anonymous.status, 401);
        const readOnly = await getJson(`${gh.url}/repos/acme/sample/actions/runs/${failed.id}/rerun-failed-jobs`, { method: 'POST', headers: { authorization: 'token reader' } });
        assert.equal(readOnly.status, 403);
      },
      (state) => {
        state.readOnlyTokens = ['reader'];
      },
    );
  });

  it('changes the ETag of the run list when a run is re-run', async () => {
    await withServer(async (gh, failed) => {
      const before = await fetch(`${gh.url}/repos/acme/sample/actions/runs`);
      await before.text();
      await fetch(`${gh.url}/repos/acme/sample/actions/runs/${failed.id}/rerun-failed-jobs`, { method: 'POST', headers: auth }).then((r) => r.text());
      const after = await fetch(`${gh.url}/repos/acme/sample/actions/runs`, { headers: { 'if-none-match': before.headers.get('etag') ?? '' } });
      assert.equal(after.status, 200);
      await after.text();
    });
  });
});

describe('artifacts', () => {
  it('lists a run artifacts and serves each as a zip behind a redirect', async () => {
    const { state, repo, runs } = smallState();
    const run = runs[2] as FakeRun;
    const report = addArtifact(state, repo, run, { name: 'junit-linux', files: [{ name: 'report.xml', content: '<testsuites tests="1"/>\n' }] });
    addArtifact(state, repo, run, { name: 'old', files: [], expired: true });
    const gh = await startFakeGitHub(state);
    try {
      const list = await getJson<{ total_count: number; artifacts: { id: number; name: string; expired: boolean; archive_download_url: string }[] }>(
        `${gh.url}/repos/acme/sample/actions/runs/${run.id}/artifacts`,
      );
      assert.deepEqual(
        list.body.artifacts.map((a) => [a.name, a.expired]),
        [
          ['junit-linux', false],
          ['old', true],
        ],
      );
      const redirect = await fetch(list.body.artifacts[0]?.archive_download_url ?? '', { redirect: 'manual' });
      assert.equal(redirect.status, 302);
      const zip = Buffer.from(await (await fetch(redirect.headers.get('location') ?? '')).arrayBuffer());
      assert.equal(zip.readUInt32LE(0), 0x04034b50);
      assert.ok(zip.includes(Buffer.from('report.xml')));
      assert.equal((await getJson(`${gh.url}/repos/acme/sample/actions/artifacts/${report.id + 1}/zip`)).status, 410);
    } finally {
      await gh.close();
    }
  });
});
