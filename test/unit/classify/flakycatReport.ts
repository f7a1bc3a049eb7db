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
  return {
    tests,
    all: scoresOf(tests),
    unseen: scoresOf(tests.filter((entry) => !entry.lookedAt)),
    lookedAt: scoresOf(tests.filter((entry) => entry.lookedAt)),
    projects,
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
