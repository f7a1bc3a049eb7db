// The stored history: written whole whatever the concurrency, never lost to a file it cannot read, and never
// overwritten when a newer Flakelens wrote it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import * as path from 'node:path';
import { dirname } from 'node:path';
import { test } from 'node:test';
import { emptyState, HistoryStore, type StoredState } from '../../../src/ci/historyStore';
import { SyncError } from '../../../src/ci/syncError';
import type { StoredRun } from '../../../src/core/model';
import { scratchDir } from '../support/scratchDir';

const REPO = 'acme/sample';

function storeIn(name: string): HistoryStore {
  return new HistoryStore(scratchDir(name), 'https://api.github.com', REPO);
}

/** A state of `runs` runs of one job each, large enough that two writes overlap. */
function stateOf(runs: number): StoredState {
  const state = emptyState(REPO);
  const list: StoredRun[] = Array.from({ length: runs }, (_, i) => ({
    id: i + 1,
    workflowId: 1,
    workflowName: 'CI',
    branch: 'main',
    sha: 'abc',
    event: 'push',
    runNumber: i + 1,
    runAttempt: 1,
    conclusion: 'success',
    createdAt: '2026-10-01T00:00:00Z',
    updatedAt: '2026-10-01T00:00:00Z',
    url: `https://github.com/acme/sample/actions/runs/${i + 1}`,
    jobs: [{ id: i + 1, runId: i + 1, runAttempt: 1, name: 'test', workflowName: 'CI', labels: ['ubuntu-latest'], conclusion: 'success', startedAt: null, completedAt: null, url: '', steps: [], logState: 'parsed', outcomes: [{ id: `t${i}`, suite: 's', framework: 'libtest', outcome: 'pass' }] }],
  }));
  return { ...state, history: { ...state.history, runs: list } };
}

test('saves of one file at the same moment each write it whole, and the last asked wins', async () => {
  const store = storeIn('store-concurrent');
  const sizes = [400, 3, 2000, 1, 900, 50, 1200, 7];
  await Promise.all(sizes.map((runs) => store.save(stateOf(runs))));
  const loaded = await store.load(REPO);
  assert.equal(loaded.history.runs.length, sizes[sizes.length - 1]);
  // Two stores of one file (two folders of one repository) too.
  const other = new HistoryStore(dirname(dirname(dirname(store.file))), 'https://api.github.com', REPO);
  assert.equal(other.file, store.file);
  await Promise.all([store.save(stateOf(800)), other.save(stateOf(5)), store.save(stateOf(1500)), other.save(stateOf(9))]);
  assert.equal((await store.load(REPO)).history.runs.length, 9);
  assert.deepEqual(readdirSync(dirname(store.file)).filter((f) => f.endsWith('.tmp')), [], 'no temporary file is left');
});

test('a file written by a newer Flakelens is left as it is, with an error that says so', async () => {
  const store = storeIn('store-newer');
  await store.save(stateOf(1));
  const newer = JSON.stringify({ format: 'flakelens-history', version: 99, history: { runs: [] }, etags: {} });
  writeFileSync(store.file, newer);
  await assert.rejects(store.load(REPO), (error: unknown) => error instanceof SyncError && error.kind === 'bad-cache' && /newer version of Flakelens/.test(error.message));
  assert.equal(readFileSync(store.file, 'utf8'), newer);
});

test('a file that parses but is no usable history is set aside, and earlier set-aside files are kept', async () => {
  const store = storeIn('store-malformed');
  await store.save(stateOf(1));
  const problems: string[] = [];
  const bad = [
    JSON.stringify({ format: 'flakelens-history', version: 1, history: { version: 1, repository: REPO, defaultBranch: 'main', runs: [{ id: 1 }] }, etags: {} }),
    '{ cut',
    JSON.stringify({ format: 'flakelens-history', version: 1, history: { version: 1, repository: REPO, defaultBranch: 'main', runs: stateOf(1).history.runs.map((r) => ({ ...r, jobs: [{ ...r.jobs[0], outcomes: [{ id: 1 }] }] })) }, etags: {} }),
  ];
  for (const text of bad) {
    writeFileSync(store.file, text);
    const loaded = await store.load(REPO, (m) => problems.push(m));
    assert.deepEqual(loaded.history.runs, []);
  }
  assert.equal(problems.length, 3);
  assert.match(problems[0] ?? '', /a run without its id/);
  assert.match(problems[2] ?? '', /an outcome of job 1 without/);
  assert.deepEqual(
    bad.map((_, i) => readFileSync(i === 0 ? `${store.file}.unreadable` : `${store.file}.unreadable.${i + 1}`, 'utf8')),
    bad,
  );
  // A usable file loads as it was saved.
  await store.save(stateOf(3));
  assert.equal((await store.load(REPO)).history.runs.length, 3);
});

test('the file stays inside the cache folder whatever the repository name (`../..` led out of it)', () => {
  const cache = scratchDir('store-names');
  for (const repository of ['../..', '../x', './.', 'a/..', '..', '']) {
    const file = new HistoryStore(cache, 'https://api.github.com', repository).file;
    const relative = path.relative(cache, file);
    assert.ok(!relative.startsWith('..') && !path.isAbsolute(relative), `${repository} gave ${file}`);
  }
  assert.equal(new HistoryStore(cache, 'https://api.github.com', 'acme/sample.js').file, path.join(cache, 'api.github.com', 'acme', 'sample.js.json'));
});

test('the file is read and written a run at a time, giving the thread back between runs, and stays one JSON document', async () => {
  const dir = scratchDir('store-steps');
  let turns = 0;
  const store = new HistoryStore(dir, 'https://api.github.com', REPO, () => () => {
    turns++;
  });
  // A run whose texts hold what the layout is made of: a newline, the closing brackets, the opening of the runs.
  const state = stateOf(5);
  const tricky: StoredRun = { ...state.history.runs[0]!, workflowName: 'CI\n]}}\n"runs":[', branch: 'a,\nb' };
  const saved: StoredState = { ...state, etags: { 'GET /x': 'W/"1"' }, syncedAt: '2026-10-02T00:00:00Z', history: { ...state.history, runs: [tricky, ...state.history.runs.slice(1)] } };
  await store.save(saved);
  assert.equal(turns, 5, 'one turn after each run written');
  const text = readFileSync(store.file, 'utf8');
  assert.equal(text.split('\n').length, 5 + 2, 'a first line, one line per run, the closing line');
  // Any JSON reader reads it whole (an older Flakelens does).
  assert.deepEqual(JSON.parse(text), { format: 'flakelens-history', version: 1, ...saved });
  turns = 0;
  assert.deepEqual(await store.load(REPO), saved);
  assert.equal(turns, 5, 'one turn after each run read');

  // A file of the older layout, one document on one line, is read whole.
  writeFileSync(store.file, JSON.stringify({ format: 'flakelens-history', version: 1, ...saved }));
  assert.deepEqual(await store.load(REPO), saved);
  // An empty history too, in both layouts.
  const empty = emptyState(REPO);
  await store.save(empty);
  assert.deepEqual(await store.load(REPO), empty);
});

test('a run that cannot be read in a file written a run to a line sets the file aside; a newer version is left before any run is read', async () => {
  const store = storeIn('store-steps-bad');
  await store.save(stateOf(3));
  const lines = readFileSync(store.file, 'utf8').split('\n');
  const cut = [...lines.slice(0, 2), '{"id":2,', ...lines.slice(3)].join('\n');
  writeFileSync(store.file, cut);
  const problems: string[] = [];
  assert.deepEqual((await store.load(REPO, (m) => problems.push(m))).history.runs, []);
  assert.equal(problems.length, 1);
  assert.equal(readFileSync(`${store.file}.unreadable`, 'utf8'), cut);

  await store.save(stateOf(3));
  const newer = readFileSync(store.file, 'utf8').replace('"version":1,', '"version":2,').replace('"id":2,', '"identifier":2,');
  writeFileSync(store.file, newer);
  await assert.rejects(store.load(REPO), (error: unknown) => error instanceof SyncError && /newer version of Flakelens/.test(error.message));
  assert.equal(readFileSync(store.file, 'utf8'), newer);
});

test('a write that takes only part of what it was given (a disk filling up) is written on, never saved cut', async () => {
  const store = storeIn('store-short-writes');
  const state = stateOf(4);
  // The file system takes at most 7 bytes of each write, as write(2) may on a disk that fills up: the rest is the
  // writer's to write again. FileHandle.write says how many it took, and throws only when none could be written.
  await mkdir(path.dirname(store.file), { recursive: true });
  const probe = await open(path.join(path.dirname(store.file), 'probe'), 'w');
  const prototype = Object.getPrototypeOf(probe) as { write: (data: string | Uint8Array, offset?: number, length?: number) => Promise<{ bytesWritten: number }> };
  await probe.close();
  const write = prototype.write;
  prototype.write = function (this: unknown, data: string | Uint8Array, offset: number = 0, length?: number) {
    const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.subarray(offset, length === undefined ? undefined : offset + length));
    return write.call(this, bytes.subarray(0, 7));
  };
  try {
    await store.save(state);
  } finally {
    prototype.write = write;
  }
  assert.deepEqual(JSON.parse(readFileSync(store.file, 'utf8')), { format: 'flakelens-history', version: 1, ...state });
  assert.deepEqual(await store.load(REPO), state);
});

test('a file of the run-a-line layout edited into other valid JSON (a run spread over lines, spaces, blank lines, CRs) is read whole', async () => {
  const store = storeIn('store-edited');
  const state = stateOf(3);
  await store.save(state);
  const text = readFileSync(store.file, 'utf8');
  const lines = text.split('\n');
  const edited = {
    'a run spread over lines': [lines[0], JSON.stringify(JSON.parse((lines[1] ?? '').slice(0, -1)), null, 2) + ',', ...lines.slice(2)].join('\n'),
    'a space after a comma': text.replace(/,\n/g, ', \n'),
    'a blank line': text.replace(/,\n/, ',\n\n'),
    'CRs on the runs\' lines': text.replace(/,\n/g, ',\r\n'),
  };
  for (const [what, variant] of Object.entries(edited)) {
    assert.deepEqual(JSON.parse(variant), JSON.parse(text), `${what}: the same document`);
    writeFileSync(store.file, variant);
    const problems: string[] = [];
    assert.deepEqual(await store.load(REPO, (m) => problems.push(m)), state, what);
    assert.deepEqual(problems, [], what);
  }
});

test('a history an editor saved with a byte-order mark in front is read, in either layout', async () => {
  const store = storeIn('store-bom');
  const saved = stateOf(3);
  await store.save(saved);
  const byLine = readFileSync(store.file);
  for (const bytes of [byLine, Buffer.from(JSON.stringify({ format: 'flakelens-history', version: 1, ...saved }))]) {
    writeFileSync(store.file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]));
    const problems: string[] = [];
    assert.deepEqual(await store.load(REPO, (m) => problems.push(m)), saved);
    assert.deepEqual(problems, []);
  }
});
