// The sync's errors as the CLI prints them: what to do is said with the CLI's means (environment variables and
// options), never with the extension's (sign in, Refresh, settings).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toSyncError } from '../../../src/ci/syncError';
import { inCliWords } from '../../../src/cli/cliWording';
import { generateFlakyHistory } from '../../fakeGithub/scenarios';
import { startFakeGitHub } from '../../fakeGithub/server';
import { cli } from '../support/cli';
import { scratchDir } from '../support/scratchDir';

const EXTENSION_WORDS = /sign in|Refresh|setting|keeps the last synced data/i;

test('every error the sync maps from GitHub tells a CLI user what to do with the CLI', () => {
  const api = 'https://ghe.example.com/api/v3';
  const errors = [
    { status: 401, message: 'Bad credentials' },
    { status: 404, message: 'Not Found' },
    { status: 403, message: 'Resource not accessible' },
    { status: 503, message: 'Service Unavailable' },
    { status: 403, message: 'API rate limit exceeded', response: { headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1900000000' } } },
    Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }),
  ].map((e) => toSyncError(e, 'acme/sample', api).message);
  const cliText = errors.map(inCliWords);
  for (const [i, text] of cliText.entries()) {
    assert.doesNotMatch(text, EXTENSION_WORDS, `${errors[i]} → ${text}`);
  }
  assert.equal(cliText[0], `GitHub rejected the token for ${api}: set a valid token in GITHUB_TOKEN or GH_TOKEN.`);
  assert.match(cliText[1] ?? '', /check the repository name and set GITHUB_TOKEN or GH_TOKEN to a token that can read it\.$/);
  assert.equal(cliText[3], 'GitHub answered with an error (503): try again later.');
  assert.match(cliText[5] ?? '', /--api-url for GitHub Enterprise Server/);
});

test('a rejected token is told with the variables that hold it, by scan and triage (they said "sign in again")', async () => {
  const { state } = generateFlakyHistory({ seed: 1, runs: 3 });
  state.tokens = ['the-good-token'];
  const gh = await startFakeGitHub(state);
  try {
    for (const command of [['scan'], ['triage', '--branch', 'main']]) {
      const { code, stdout, stderr } = await cli([...command, '--repo', 'acme/sample', '--api-url', gh.url, '--cache-dir', scratchDir('cli-words')], { GITHUB_TOKEN: 'ghp_rejected' });
      assert.notEqual(code, 0);
      assert.equal(stdout, '');
      assert.equal(stderr, `flakelens: GitHub rejected the token for ${gh.url}: set a valid token in GITHUB_TOKEN or GH_TOKEN.\n`);
    }
  } finally {
    await gh.close();
  }
});
