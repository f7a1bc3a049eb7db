import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactSecrets } from '../../../src/core/redact';

describe('redactSecrets', () => {
  it('removes GitHub tokens of every shape', () => {
    for (const token of ['ghp_' + 'a'.repeat(36), 'gho_' + 'B1'.repeat(18), 'ghs_' + 'x9'.repeat(20), 'github_pat_11ABCDEFG0' + 'z'.repeat(40)]) {
      const line = redactSecrets(`request failed with ${token}: 401`);
      assert.equal(line, 'request failed with [redacted]: 401');
    }
  });

  it('removes Authorization values as a header or inside a dumped object', () => {
    assert.equal(redactSecrets('Authorization: token abc123def'), 'Authorization: [redacted]');
    assert.equal(redactSecrets('{"authorization":"bearer abc.def.ghi","accept":"x"}'), '{"authorization":"[redacted]","accept":"x"}');
  });

  it('removes signatures and tokens from URLs but keeps the rest of the URL', () => {
    assert.equal(
      redactSecrets('GET https://blobs.example/job-logs/1?sig=SECRET&se=2026 failed'),
      'GET https://blobs.example/job-logs/1?sig=[redacted]&se=2026 failed',
    );
    assert.equal(redactSecrets('https://x/y?access_token=abc#top'), 'https://x/y?access_token=[redacted]#top');
  });

  it('removes the exact secrets it is given, even when they have no known shape', () => {
    assert.equal(redactSecrets('using fake-token-for-tests now', ['fake-token-for-tests']), 'using [redacted] now');
    // Too short to be a secret worth matching everywhere (it would blank ordinary words).
    assert.equal(redactSecrets('a token b', ['token']), 'a token b');
  });

  it('leaves ordinary lines alone', () => {
    const line = 'acme/sample: synced 100 runs with 323 requests (ghp is a prefix, not a token)';
    assert.equal(redactSecrets(line), line);
  });
});
