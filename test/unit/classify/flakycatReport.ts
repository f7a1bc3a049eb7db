// The classifier measured on the FlakyCat corpus from source alone: scores on all of it, on the files never read
// while the rules were written (FLAKYCAT-NOTES.md), on the ones that were, and per project. The corpus test prints
// it; `node --import tsx test/unit/classify/flakycatReport.ts` prints it as Markdown (FLAKYCAT-RESULTS.md).

import { classify } from '../../../src/core/classify/classifier';
import type { Classification } from '../../../src/core/model';
import { CATEGORY_ORDER as SOURCE_CATEGORY_ORDER } from '../../../src/core/classify/verdicts';
import { score, scoresAsMarkdown, type Scores } from './classificationScores';
import { filesLookedAt, readFlakyCat, type FlakyTest } from './flakycatCorpus';

/** Our categories in DESIGN.md's order, then `unknown`: the order of the tables. */
export const CATEGORY_ORDER = [...SOURCE_CATEGORY_ORDER, 'unknown'] as const;

export interface ClassifiedTest {
  readonly test: FlakyTest;
  readonly result: Classification;
  /** True when the file was read while the rules were written. */
  readonly lookedAt: boolean;
}

export interface ProjectScore {
  readonly project: string;
  readonly lookedAt: boolean;
  readonly total: number;
  readonly correct: number;
}

export interface FlakyCatReport {
  readonly tests: readonly ClassifiedTest[];
  readonly all: Scores;
  readonly unseen: Scores;
  readonly lookedAt: Scores;
  readonly projects: readonly ProjectScore[];
  /** What no reweighting of the signs found could pass (see {@link candidateCeiling}), per part. */
  readonly ceiling: { readonly all: Ceiling; readonly unseen: Ceiling; readonly lookedAt: Ceiling };
}

/** The scores of an oracle that picks the truth whenever the classifier names it among its candidates. */
export interface Ceiling {
  readonly total: number;
  /** Tests whose true category is among the verdict's categories, at any confidence. */
  readonly truthAmongCandidates: number;
  readonly scores: Scores;
}

/**
 * The upper bound on what ranking or weighting the signs the rules found can reach: each test is answered with its
 * true category whenever the classifier names that category at all (at any confidence), else with its verdict. A
 * test whose source shows no sign of its cause stays wrong, whatever the weights: only a sign that is not there
 * could move it.
 */
export function candidateCeiling(subset: readonly ClassifiedTest[]): Ceiling {
  const named = ({ test, result }: ClassifiedTest): boolean => result.categories.some((verdict) => verdict.category === test.category);
  return {
    total: subset.length,
    truthAmongCandidates: subset.filter(named).length,
    scores: score(subset.map((entry) => ({ truth: entry.test.category, predicted: named(entry) ? entry.test.category : entry.result.category })), CATEGORY_ORDER),
  };
}

/** Classifies every corpus file from its source alone, as `flakelens classify` does. */
export function measureFlakyCat(): FlakyCatReport {
  const seen = filesLookedAt();
  const tests = readFlakyCat().map((test) => ({
    test,
    result: classify({ language: 'java', testSource: { file: test.file, text: test.text, startLine: 1 } }),
    lookedAt: seen.has(test.file),
  }));
  const scoresOf = (subset: readonly ClassifiedTest[]): Scores =>
    score(subset.map(({ test, result }) => ({ truth: test.category, predicted: result.category })), CATEGORY_ORDER);
  const byProject = new Map<string, ClassifiedTest[]>();
  for (const entry of tests) byProject.set(entry.test.project, [...(byProject.get(entry.test.project) ?? []), entry]);
  const projects = [...byProject].map(([project, entries]) => ({
    project,
    lookedAt: entries.some((entry) => entry.lookedAt),
    total: entries.length,
    correct: entries.filter(({ test, result }) => test.category === result.category).length,
  }));
  projects.sort((a, b) => b.total - a.total || a.project.localeCompare(b.project));
  const unseen = tests.filter((entry) => !entry.lookedAt);
  const lookedAt = tests.filter((entry) => entry.lookedAt);
  return {
    tests,
    all: scoresOf(tests),
    unseen: scoresOf(unseen),
    lookedAt: scoresOf(lookedAt),
    projects,
    ceiling: { all: candidateCeiling(tests), unseen: candidateCeiling(unseen), lookedAt: candidateCeiling(lookedAt) },
  };
}

/** Mean over projects of the share of each project's tests classified right: every project counts the same. */
export function projectAveragedAccuracy(projects: readonly ProjectScore[]): number {
  return projects.length === 0 ? 0 : projects.reduce((sum, project) => sum + project.correct / project.total, 0) / projects.length;
}

export function reportAsMarkdown(report: FlakyCatReport): string {
  const unseenProjects = report.projects.filter((project) => !project.lookedAt);
  const seenProjects = report.projects.filter((project) => project.lookedAt);
  const lines = [
    `## All ${report.all.total} tests (${report.projects.length} projects)`,
    '',
    scoresAsMarkdown(report.all),
    '',
    `## Unseen: ${report.unseen.total} tests of ${unseenProjects.length} projects never read while the rules were written`,
    '',
    scoresAsMarkdown(report.unseen),
    '',
    `## Looked at: ${report.lookedAt.total} tests of ${seenProjects.length} projects read while the rules were written`,
    '',
    scoresAsMarkdown(report.lookedAt),
    '',
    '## The ceiling of reweighting: the truth picked whenever it is among the candidates',
    '',
    '| set | tests | truth among the candidates | accuracy | macro-F1 | weighted F1 |',
    '|---|---:|---:|---:|---:|---:|',
    ...(['all', 'unseen', 'lookedAt'] as const).map((part) => {
      const { total, truthAmongCandidates, scores } = report.ceiling[part];
      return `| ${part === 'lookedAt' ? 'looked at' : part} | ${total} | ${truthAmongCandidates} | ${scores.accuracy.toFixed(2)} | ${scores.macroF1.toFixed(2)} | ${scores.weightedF1.toFixed(2)} |`;
    }),
    '',
    '## Per project',
    '',
    `Project-averaged accuracy (each project counts once): unseen ${projectAveragedAccuracy(unseenProjects).toFixed(2)}, ` +
      `looked at ${projectAveragedAccuracy(seenProjects).toFixed(2)}.`,
    '',
    '| project | part | tests | correct |',
    '|---|---|---:|---:|',
    ...report.projects.map((project) => `| ${project.project} | ${project.lookedAt ? 'looked at' : 'unseen'} | ${project.total} | ${project.correct} |`),
  ];
  return lines.join('\n');
}

if (process.argv[1]?.endsWith('flakycatReport.ts') === true) console.log(reportAsMarkdown(measureFlakyCat()));
