// The classifier on real Java flaky tests (../shared/corpus/flakycat), from their source alone: prints per-category
// precision, recall and F1, macro and weighted F1 and the confusion matrix, on all of them and on the files never
// read while the rules were written, and fails when macro-F1 falls below what was measured (a regression).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { corpusAvailable, projectOfFile, readFlakyCat } from './flakycatCorpus';
import type { Category, Classification } from '../../../src/core/model';
import { candidateCeiling, measureFlakyCat, reportAsMarkdown, type ClassifiedTest, type FlakyCatReport } from './flakycatReport';

/** Just under the measured figures (FLAKYCAT-RESULTS.md): a drop below them is a regression. */
const FLOOR = {
  allMacroF1: 0.56,
  allWeightedF1: 0.68,
  unseenMacroF1: 0.28,
  unseenWeightedF1: 0.42,
};

/** The study's labels (as labels.csv spells them, case aside) and the categories they map to. */
const STUDY_LABELS: Readonly<Record<string, string>> = {
  'async wait': 'async-wait',
  concurrency: 'concurrency',
  time: 'timing',
  'test case timeout': 'timing',
  'too restrictive range': 'timing',
  'unordered collections': 'unordered-collection',
  'test order dependency': 'order',
  network: 'network',
  randomness: 'randomness',
  'resource leak': 'resource',
  i_o: 'resource',
  'floating point operations': 'floating-point',
};

const EVIDENCE_LINE = /^[^\s:][^:]*:\d+: \S/;

describe('the FlakyCat corpus, classified from source alone', () => {
  let measured: FlakyCatReport | undefined;
  const report = (): FlakyCatReport => (measured ??= measureFlakyCat());

  it('finds the corpus beside the project (../shared/corpus/flakycat), as the other corpus tests do', () => {
    assert.ok(corpusAvailable(), 'corpus not found at ../shared/corpus/flakycat: these figures cannot be measured without it');
  });

  it('maps every study label to our category as labels.csv does', () => {
    for (const test of readFlakyCat()) {
      assert.equal(STUDY_LABELS[test.originalLabel.toLowerCase()], test.category, `${test.file}: ${test.originalLabel}`);
    }
  });

  it('reads the project from the file name', () => {
    assert.equal(projectOfFile('005-activemq.DurableConsumerTest.testConcurrentDurableConsumer.java.txt'), 'activemq');
  });

  it('prints the scores on all tests, on the unseen ones and per project', (t) => {
    for (const line of reportAsMarkdown(report()).split('\n')) t.diagnostic(line);
    assert.equal(report().all.total, report().unseen.total + report().lookedAt.total);
    assert.ok(report().unseen.total > 0, 'FLAKYCAT-NOTES.md should leave some files unseen');
  });

  it('keeps macro-F1 and weighted F1 on all tests above the floor', () => {
    assert.ok(report().all.macroF1 >= FLOOR.allMacroF1, `macro-F1 ${report().all.macroF1.toFixed(3)} < ${FLOOR.allMacroF1}`);
    assert.ok(report().all.weightedF1 >= FLOOR.allWeightedF1, `weighted F1 ${report().all.weightedF1.toFixed(3)} < ${FLOOR.allWeightedF1}`);
  });

  it('keeps macro-F1 and weighted F1 on the unseen tests above the floor', () => {
    assert.ok(report().unseen.macroF1 >= FLOOR.unseenMacroF1, `macro-F1 ${report().unseen.macroF1.toFixed(3)} < ${FLOOR.unseenMacroF1}`);
    assert.ok(report().unseen.weightedF1 >= FLOOR.unseenWeightedF1, `weighted F1 ${report().unseen.weightedF1.toFixed(3)} < ${FLOOR.unseenWeightedF1}`);
  });

  it('quotes source lines of the test as the evidence of every verdict', () => {
    for (const { test, result } of report().tests) {
      for (const verdict of result.categories) {
        if (verdict.category === 'unknown') continue;
        assert.ok(verdict.evidence.length > 0, `${test.file}: ${verdict.category} has no evidence`);
        for (const line of verdict.evidence) {
          assert.match(line, EVIDENCE_LINE, `${test.file}: ${line}`);
          assert.ok(line.startsWith(`${test.file}:`), `${test.file}: ${line}`);
        }
      }
    }
  });

  it('answers unknown only for tests with no sign, with no confidence', () => {
    for (const { test, result } of report().tests) {
      if (result.category !== 'unknown') continue;
      assert.deepEqual(result.categories, [{ category: 'unknown', confidence: 0, evidence: [] }], test.file);
    }
  });

  it('bounds what reweighting could reach: the ceiling is never below the verdicts themselves', () => {
    for (const part of ['all', 'unseen', 'lookedAt'] as const) {
      const ceiling = report().ceiling[part];
      assert.ok(ceiling.scores.accuracy >= report()[part].accuracy, part);
      assert.ok(ceiling.truthAmongCandidates >= Math.round(report()[part].accuracy * report()[part].total), part);
    }
  });
});

describe('the ceiling of reweighting', () => {
  const entry = (truth: string, named: readonly Category[]): ClassifiedTest => {
    const result: Classification = {
      category: named[0] ?? 'unknown',
      categories: (named.length > 0 ? named : (['unknown'] as const)).map((category, i) => ({ category, confidence: named.length > 0 ? 0.5 - i / 10 : 0, evidence: [] })),
      suggestion: '',
    };
    return { test: { file: `${truth}.java.txt`, project: 'p', category: truth, originalLabel: truth, text: '' }, result, lookedAt: false };
  };

  it('counts a test right when its cause is named at any rank, and leaves it as answered when it is not named at all', () => {
    const ceiling = candidateCeiling([entry('timing', ['async-wait', 'timing']), entry('order', ['network']), entry('network', ['network']), entry('resource', [])]);
    assert.equal(ceiling.total, 4);
    assert.equal(ceiling.truthAmongCandidates, 2);
    assert.equal(ceiling.scores.accuracy, 0.5);
  });
});
