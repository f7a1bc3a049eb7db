// The fake GitHub is what octokit expects: it serves as `baseUrl`, octokit follows its log redirects, sees its
// 304s, and its retry and throttling plugins read its faults the way they read GitHub's.

import { Octokit } from '@octokit/core';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateFlakyHistory } from '../../fakeGithub/scenarios';
import { startFakeGitHub, type FakeGitHub } from '../../fakeGithub/server';

const Client = Octokit.plugin(retry, throttling);

describe('octokit against the fake GitHub', () => {
  let gh: FakeGitHub;
  let octokit: InstanceType<typeof Client>;
  const rateLimited: number[] = [];
  const scenario = generateFlakyHistory({ seed: 1, runs: 12 });

  before(async () => {
    gh = await startFakeGitHub(scenario.state);
    octokit = new Client({
      baseUrl: gh.url,
      auth: 'fake-token',
      throttle: {
        onRateLimit: (retryAfter: number) => {
          rateLimited.push(retryAfter);
          return false;
        },
        onSecondaryRateLimit: () => false,
      },
      retry: { retryAfterBaseValue: 0 },
    });
  });
  after(() => gh.close());

  it('reads the repository', async () => {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}', { owner: 'acme', repo: 'sample' });
    assert.equal(data.default_branch, 'main');
    assert.equal(data.full_name, 'acme/sample');
  });

  it('follows the Link header to every page of runs', async () => {
    const ids: number[] = [];
    let url: string | undefined = `${gh.url}/repos/acme/sample/actions/runs?branch=main&status=completed&per_page=5`;
    while (url) {
      const response: { data: unknown; headers: { link?: string } } = await octokit.request({ method: 'GET', url });
      ids.push(...(response.data as { workflow_runs: { id: number }[] }).workflow_runs.map((r) => r.id));
      url = /<([^>]+)>; rel="next"/.exec(response.headers.link ?? '')?.[1];
    }
    assert.equal(ids.length, 12);
    assert.equal(new Set(ids).size, 12);
  });

  it('gets a job log as text through the redirect', async () => {
    const jobId = scenario.state.repos[0]?.runs[0]?.jobs[0]?.id;
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs', { owner: 'acme', repo: 'sample', job_id: jobId ?? 0 });
    assert.equal(typeof data, 'string');
    assert.ok(String(data).includes('##[group]Run cargo test --workspace --no-fail-fast'));
  });

  it('sees a 304 for an unchanged list', async () => {
    const first = await octokit.request('GET /repos/{owner}/{repo}/actions/workflows', { owner: 'acme', repo: 'sample' });
    await assert.rejects(
      octokit.request('GET /repos/{owner}/{repo}/actions/workflows', { owner: 'acme', repo: 'sample', headers: { 'if-none-match': first.headers.etag ?? '' } }),
      (error: { status?: number }) => error.status === 304,
    );
  });

  it('retries a 502 and gets the answer', async () => {
    gh.state.faults.push({ match: '/repos/acme/sample/actions/workflows', status: 502, times: 1 });
    gh.resetRequests();
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/actions/workflows', { owner: 'acme', repo: 'sample' });
    assert.equal(data.total_count, 1);
    assert.deepEqual(
      gh.requests.map((r) => r.status),
      [502, 200],
    );
  });

  it('reports a primary rate limit to the throttling plugin', async () => {
    gh.state.faults.push({ match: '/repos/acme/sample/actions/runs', status: 403, rateLimitedUntil: 1_900_000_000, times: 1 });
    await assert.rejects(octokit.request('GET /repos/{owner}/{repo}/actions/runs', { owner: 'acme', repo: 'sample' }), (error: { status?: number }) => error.status === 403);
    assert.equal(rateLimited.length, 1);
  });
});
