// One triage status bar item for every folder: a folder with no red CI does not hide another folder's red CI.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shownTriage } from '../../../src/core/triage/triageStatus';

const red = (id: number) => ({ run: { id, conclusion: 'failure' as string | null } });
const green = (id: number) => ({ run: { id, conclusion: 'success' as string | null } });

test('a folder rendered with no triage, or a green one, leaves another folder\'s red CI shown', () => {
  assert.equal(shownTriage([{ triage: red(1), active: false }, { triage: undefined, active: true }])?.folder.triage?.run.id, 1);
  assert.equal(shownTriage([{ triage: green(2), active: true }, { triage: red(1), active: false }])?.folder.triage?.run.id, 1);
});

test('the active editor\'s folder wins among red folders, and the others are counted', () => {
  assert.deepEqual(shownTriage([{ triage: red(1), active: false }, { triage: red(2), active: true }, { triage: red(3), active: false }]), { folder: { triage: red(2), active: true }, others: 2 });
  assert.deepEqual(shownTriage([{ triage: red(1), active: false }, { triage: red(3), active: false }]), { folder: { triage: red(1), active: false }, others: 1 });
});

test('no red folder: nothing shown', () => {
  assert.equal(shownTriage([{ triage: green(1), active: true }, { triage: undefined, active: false }]), undefined);
  assert.equal(shownTriage([]), undefined);
});
