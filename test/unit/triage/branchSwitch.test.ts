// The triage of a folder follows its checked-out branch: another branch's triage is dropped, and the current branch
// is sorted only when it is not the default branch and a history is stored.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { branchSwitchStep } from '../../../src/core/triage/branchSwitch';

test('switching to a branch with no CI run drops the previous branch\'s triage, then tries the new branch', () => {
  assert.deepEqual(branchSwitchStep({ branch: 'no-ci-yet', defaultBranch: 'main', triagedBranch: 'feature' }), { clear: true, triage: true });
});

test('switching to the default branch drops the triage and sorts nothing', () => {
  assert.deepEqual(branchSwitchStep({ branch: 'main', defaultBranch: 'main', triagedBranch: 'feature' }), { clear: true, triage: false });
});

test('a detached HEAD drops the triage and sorts nothing', () => {
  assert.deepEqual(branchSwitchStep({ branch: undefined, defaultBranch: 'main', triagedBranch: 'feature' }), { clear: true, triage: false });
});

test('the same branch keeps its triage and sorts its newest run again', () => {
  assert.deepEqual(branchSwitchStep({ branch: 'feature', defaultBranch: 'main', triagedBranch: 'feature' }), { clear: false, triage: true });
});

test('without a stored history (no default branch known) nothing is sorted', () => {
  assert.deepEqual(branchSwitchStep({ branch: 'feature', defaultBranch: undefined, triagedBranch: undefined }), { clear: false, triage: false });
});
