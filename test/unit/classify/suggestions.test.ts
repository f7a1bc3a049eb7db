// Suggestions: one concrete, language-aware sentence per category, naming the host or tolerance when known.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { suggestionFor } from '../../../src/core/classify/classifier';
import type { Category } from '../../../src/core/model';

const CATEGORIES: readonly Category[] = [
  'network', 'timing', 'async-wait', 'concurrency', 'order', 'unordered-collection', 'randomness', 'resource', 'platform', 'floating-point', 'unknown',
];
const LANGUAGES = ['rust', 'go', 'typescript', 'javascript', 'python', 'java', 'kotlin', 'unknown'] as const;

describe('suggestionFor', () => {
  it('has a short suggestion for every category in every language', () => {
    for (const category of CATEGORIES) {
      for (const language of LANGUAGES) {
        const suggestion = suggestionFor(category, language);
        assert.ok(suggestion.length > 20 && suggestion.length < 450, `${category}/${language}: ${suggestion.length}`);
      }
    }
  });

  it('suggests fallback hosts and a loopback server for network', () => {
    const suggestion = suggestionFor('network', 'unknown');
    assert.match(suggestion, /example\.com, example\.org, example\.net/);
    assert.match(suggestion, /loopback server/);
    assert.match(suggestion, /own suite/);
  });

  it('gates online Rust tests behind #[ignore] or a feature', () => {
    assert.match(suggestionFor('network', 'rust'), /#\[ignore\].*cargo feature/);
  });

  it('gates online Go tests behind testing.Short() or a build tag', () => {
    assert.match(suggestionFor('network', 'go'), /testing\.Short\(\).*build tag/);
  });

  it('names the host when it is known', () => {
    assert.match(suggestionFor('network', 'go', { host: 'example.com' }), /^`example\.com` is an outside host/);
  });

  it('suggests widening to the Windows timer granularity, a lower bound, or a fake clock for timing', () => {
    const suggestion = suggestionFor('timing', 'unknown');
    assert.match(suggestion, /^Widen the tolerance/);
    assert.match(suggestion, /~16 ms on Windows/);
    assert.match(suggestion, /lower bound/);
    assert.match(suggestion, /fake clock/);
  });

  it('names the tolerance when it is known', () => {
    assert.match(suggestionFor('timing', 'rust', { tolerance: 'Duration::from_millis(100)' }), /^The test holds real time to `Duration::from_millis\(100\)`/);
  });

  it('names a fake clock of the language for timing', () => {
    assert.match(suggestionFor('timing', 'typescript'), /useFakeTimers/);
    assert.match(suggestionFor('timing', 'python'), /freezegun/);
    assert.match(suggestionFor('timing', 'java'), /java\.time\.Clock/);
  });

  it('keeps untrusted context on one short line without backticks', () => {
    const suggestion = suggestionFor('network', 'go', { host: 'evil`\n'.repeat(40) });
    assert.ok(!suggestion.includes('\n'));
    assert.equal(suggestion.split('`').length % 2, 1);
    assert.ok(suggestion.length < 450);
  });

  it('suggests waiting on the condition for async-wait', () => {
    assert.match(suggestionFor('async-wait', 'go'), /^Wait on the condition.*require\.Eventually/);
  });

  it('suggests seeding and logging the seed for randomness', () => {
    assert.match(suggestionFor('randomness', 'python'), /random\.Random\(seed\).*log the seed/);
  });

  it('suggests comparing with a tolerance for floating-point', () => {
    assert.match(suggestionFor('floating-point', 'go'), /tolerance.*assert\.InDelta/);
  });

  it('suggests the failure clusters for unknown', () => {
    assert.match(suggestionFor('unknown', 'rust'), /failure clusters/);
  });
});
