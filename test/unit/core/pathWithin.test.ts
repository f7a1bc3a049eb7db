import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isWithin } from '../../../src/core/pathWithin';

test('a folder is within a repository by whole path segments, not by a shared prefix', () => {
  assert.equal(isWithin('/x/app', '/x/app'), true);
  assert.equal(isWithin('/x/app/web', '/x/app'), true);
  assert.equal(isWithin('/x/app/web', '/x/app/'), true);
  assert.equal(isWithin('/x/app-web', '/x/app'), false);
  assert.equal(isWithin('/x/apps', '/x/app'), false);
  assert.equal(isWithin('C:\\work\\app\\web', 'C:\\work\\app'), true);
  assert.equal(isWithin('C:\\work\\app-web', 'C:\\work\\app'), false);
  assert.equal(isWithin('/anything', '/'), true);
});
