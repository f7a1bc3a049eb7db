// The environment's tokens go to their own GitHub only: github.com's never to an Enterprise server, nor back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cliToken, environmentToken } from '../../../src/core/environmentToken';

const env = { GITHUB_TOKEN: 'dotcom', GH_ENTERPRISE_TOKEN: 'enterprise' };

test('github.com gets GITHUB_TOKEN or GH_TOKEN, never an Enterprise token', () => {
  assert.equal(environmentToken('github.com', env), 'dotcom');
  assert.equal(environmentToken('github.com', { GH_TOKEN: 'gh' }), 'gh');
  assert.equal(environmentToken('github.com', { GH_ENTERPRISE_TOKEN: 'enterprise', GITHUB_ENTERPRISE_TOKEN: 'e2' }), undefined);
  assert.equal(environmentToken('github.com', {}), undefined);
});

test('an Enterprise host found from a remote gets GH_ENTERPRISE_TOKEN or GITHUB_ENTERPRISE_TOKEN, never github.com\'s', () => {
  assert.equal(environmentToken('ghe.acme.com', env), 'enterprise');
  assert.equal(environmentToken('ghe.acme.com', { GITHUB_ENTERPRISE_TOKEN: 'e2' }), 'e2');
  assert.equal(environmentToken('ghe.acme.com', { GITHUB_TOKEN: 'dotcom', GH_TOKEN: 'gh' }), undefined);
  // Another Enterprise host than the configured API's: no github.com token either.
  assert.equal(environmentToken('ghe.acme.com', { GITHUB_TOKEN: 'dotcom' }, 'other.acme.com'), undefined);
});

test('the one API the user configured gets the usual variables too, its own first', () => {
  assert.equal(environmentToken('ghe.acme.com', { GITHUB_TOKEN: 'dotcom' }, 'ghe.acme.com'), 'dotcom');
  assert.equal(environmentToken('ghe.acme.com', env, 'ghe.acme.com'), 'enterprise');
  assert.equal(environmentToken('127.0.0.1:8080', { GITHUB_TOKEN: 'fake' }, '127.0.0.1:8080'), 'fake');
});

test('empty variables count as unset', () => {
  assert.equal(environmentToken('github.com', { GITHUB_TOKEN: '', GH_TOKEN: 'gh' }), 'gh');
  assert.equal(environmentToken('ghe.acme.com', { GH_ENTERPRISE_TOKEN: ' ', GITHUB_ENTERPRISE_TOKEN: 'e2' }), 'e2');
});

test('the command line reads the one API it was given: an Enterprise server takes its own variables first, then GITHUB_TOKEN', () => {
  assert.equal(cliToken('github.com', { GH_ENTERPRISE_TOKEN: 'enterprise', GITHUB_TOKEN: 'dotcom' }), 'dotcom');
  assert.equal(cliToken('ghe.acme.com', { GH_ENTERPRISE_TOKEN: 'enterprise', GITHUB_TOKEN: 'dotcom' }), 'enterprise');
  assert.equal(cliToken('ghe.acme.com', { GITHUB_TOKEN: 'dotcom' }), 'dotcom');
  assert.equal(cliToken('github.com', { GITHUB_TOKEN: '  ', GH_TOKEN: 'gh' }), 'gh', 'a blank GITHUB_TOKEN does not hide GH_TOKEN');
});
