// Reports read at a later sync (artifacts a read allowance left out) weigh in as if they had been read with the
// others: per framework, the richer source of the job's whole.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeLaterReports, mergeOutcomeSources } from '../../../src/core/history/outcomeSources';
import type { TestOutcome } from '../../../src/core/model';

const pass = (id: string, framework: TestOutcome['framework'] = 'pytest'): TestOutcome => ({ id, suite: 's', framework, outcome: 'pass' });
const fail = (id: string, message?: string): TestOutcome => ({ id, suite: 's', framework: 'pytest', outcome: 'fail', ...(message ? { message } : {}) });
const ids = (outcomes: readonly TestOutcome[]) => outcomes.map((o) => `${o.framework}:${o.id}`);

test('a framework taken from reports takes the later reports beside them, as one reading of all would', () => {
  const log = [fail('t1')];
  const first = mergeOutcomeSources(log, [fail('t1', 'boom'), pass('t2')], ['r1']);
  const later = mergeLaterReports({ outcomes: first.outcomes, ...(first.sources ? { outcomeSources: first.sources } : {}) }, [pass('t3'), pass('t4')], ['r2']);
  const whole = mergeOutcomeSources(log, [fail('t1', 'boom'), pass('t2'), pass('t3'), pass('t4')], ['r1', 'r2']);
  assert.deepEqual(later, whole);
});

test('a framework taken from the log is weighed against the later reports: the richer one wins', () => {
  const log = [fail('t1'), pass('j1', 'jest')];
  const first = mergeOutcomeSources(log, []);
  const later = mergeLaterReports({ outcomes: first.outcomes }, [fail('t1', 'boom'), pass('t2')], ['r1']);
  assert.deepEqual(later, mergeOutcomeSources(log, [fail('t1', 'boom'), pass('t2')], ['r1']));
  assert.deepEqual(ids(later.outcomes), ['pytest:t1', 'pytest:t2', 'jest:j1']);
  assert.deepEqual(later.sources, [
    { framework: 'pytest', source: 'report', artifacts: ['r1'] },
    { framework: 'jest', source: 'log' },
  ]);
});

test('a framework whose earlier reports lost to the log keeps the log: the later reports alone are not the whole', () => {
  const log = [fail('t1'), pass('t2')];
  const job = { outcomes: log, outcomeSources: [{ framework: 'pytest' as const, source: 'log' as const }] };
  const report = [pass('t3'), pass('t4'), pass('t5')];
  assert.equal(mergeLaterReports(job, report, ['r2']).sources?.[0]?.source, 'report', 'richer than the log by itself');
  const later = mergeLaterReports(job, report, ['r2'], ['pytest']);
  assert.deepEqual(ids(later.outcomes), ['pytest:t1', 'pytest:t2']);
  assert.deepEqual(later.sources, [{ framework: 'pytest', source: 'log' }]);
});

test('later reports that hold nothing leave the job as it was', () => {
  const job = { outcomes: [fail('t1')], outcomeSources: [{ framework: 'pytest' as const, source: 'log' as const }] };
  assert.deepEqual(mergeLaterReports(job, [], []), { outcomes: job.outcomes, sources: job.outcomeSources });
});
