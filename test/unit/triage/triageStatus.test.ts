// One triage status bar item for every folder: a folder with no red CI does not hide another folder's red CI.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shownTriage } from '../../../src/core/triage/triageStatus';

const red = (id: number) => ({ run: { id, conclusion: 'failure' as string | null } });
const green = (id: number) => ({ run: { id, conclusion: 'success' as string | null } });
const folder = (triage: ReturnType<typeof red> | undefined, active: boolean, repository = `acme/r${triage?.run.id ?? 0}`) => ({ repository, triage, active });

test('a folder rendered with no triage, or a green one, leaves another folder\'s red CI shown', () => {
  assert.equal(shownTriage([folder(red(1), false), folder(undefined, true)])?.folder.triage?.run.id, 1);
  assert.equal(shownTriage([folder(green(2), true), folder(red(1), false)])?.folder.triage?.run.id, 1);
});

test('the active editor\'s folder wins among red folders, and the others are counted', () => {
  assert.deepEqual(shownTriage([folder(red(1), false), folder(red(2), true), folder(red(3), false)]), { folder: folder(red(2), true), others: 2 });
  assert.deepEqual(shownTriage([folder(red(1), false), folder(red(3), false)]), { folder: folder(red(1), false), others: 1 });
});

test('two folders of one repository on one branch (two worktrees) sorted the same run: the other is not "1 more folder"', () => {
  assert.deepEqual(shownTriage([folder(red(7), false, 'acme/sample'), folder(red(7), true, 'acme/sample')]), { folder: folder(red(7), true, 'acme/sample'), others: 0 });
  // Another branch's run of the same repository, and the same run id in another repository, are other red CI.
  assert.equal(shownTriage([folder(red(7), true, 'acme/sample'), folder(red(8), false, 'acme/sample'), folder(red(7), false, 'acme/other')])?.others, 2);
});

test('no red folder: nothing shown', () => {
  assert.equal(shownTriage([folder(green(1), true), folder(undefined, false)]), undefined);
  assert.equal(shownTriage([]), undefined);
});
