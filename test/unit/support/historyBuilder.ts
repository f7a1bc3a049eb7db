// Builds stored histories for unit tests: runs of jobs with the outcomes each test had, in a few lines.
import type { History, Outcome, StoredJob, StoredRun, TestOutcome } from '../../../src/core/model';

export interface JobSpec {
  readonly name: string;
  readonly labels?: readonly string[];
  readonly attempt?: number;
  /** test id → outcome (libtest, suite `tests/all/main.rs` unless given as `suite::id` via `suite`). */
  readonly outcomes: Readonly<Record<string, Outcome | { readonly outcome: Outcome; readonly message?: string }>>;
  readonly conclusion?: string;
  readonly logState?: StoredJob['logState'];
}

export interface RunSpec {
  readonly sha?: string;
  readonly branch?: string;
  readonly jobs: readonly JobSpec[];
}

const BASE = Date.UTC(2026, 9, 1, 10, 0, 0);

export function buildHistory(runs: readonly RunSpec[], options: { suite?: string; framework?: TestOutcome['framework'] } = {}): History {
  let jobId = 1000;
  const stored: StoredRun[] = runs.map((spec, index) => {
    const id = index + 1;
    const createdAt = new Date(BASE + index * 3_600_000).toISOString();
    const sha = spec.sha ?? `sha${String(index).padStart(4, '0')}`;
    const jobs: StoredJob[] = spec.jobs.map((job) => {
      const outcomes: TestOutcome[] = Object.entries(job.outcomes).map(([testId, value]) => {
        const v = typeof value === 'string' ? { outcome: value } : value;
        return {
          id: testId,
          suite: options.suite ?? 'tests/all/main.rs',
          framework: options.framework ?? 'libtest',
          outcome: v.outcome,
          ...(v.message ? { message: v.message } : {}),
          // Go's package-level `ok` line: the empty id stands for it.
          ...(testId === '' ? { packageResult: true } : {}),
        };
      });
      const failed = outcomes.some((o) => o.outcome === 'fail');
      const attempt = job.attempt ?? 1;
      return {
        id: jobId++,
        runId: id,
        runAttempt: attempt,
        name: job.name,
        workflowName: 'CI',
        labels: job.labels ?? [],
        conclusion: job.conclusion ?? (failed ? 'failure' : 'success'),
        startedAt: new Date(BASE + index * 3_600_000 + attempt * 60_000).toISOString(),
        completedAt: null,
        url: `https://github.com/acme/sample/actions/runs/${id}/job/${jobId}`,
        steps: [],
        logState: job.logState ?? 'parsed',
        outcomes: job.logState === undefined || job.logState === 'parsed' || job.logState === 'too-large' ? outcomes : [],
      };
    });
    return {
      id,
      workflowId: 1,
      workflowName: 'CI',
      branch: spec.branch ?? 'main',
      sha,
      event: 'push',
      runNumber: id,
      runAttempt: Math.max(1, ...jobs.map((j) => j.runAttempt)),
      conclusion: jobs.some((j) => j.conclusion === 'failure') ? 'failure' : 'success',
      createdAt,
      updatedAt: createdAt,
      url: `https://github.com/acme/sample/actions/runs/${id}`,
      jobs,
    };
  });
  return { version: 1, repository: 'acme/sample', defaultBranch: 'main', runs: stored };
}

/** `n` runs of one job where `failAt` (0-based run indexes) fail the test `id`, others pass. */
export function seriesHistory(n: number, failAt: readonly number[], options: { id?: string; job?: string; rerunPasses?: readonly number[] } = {}): History {
  const id = options.id ?? 'net::connects';
  const job = options.job ?? 'Test Linux';
  const runs: RunSpec[] = [];
  for (let i = 0; i < n; i++) {
    const jobs: JobSpec[] = [{ name: job, outcomes: { [id]: failAt.includes(i) ? { outcome: 'fail', message: 'connection reset' } : 'pass', 'other::ok': 'pass' } }];
    if (options.rerunPasses?.includes(i)) {
      jobs.push({ name: job, attempt: 2, outcomes: { [id]: 'pass', 'other::ok': 'pass' } });
    }
    runs.push({ jobs });
  }
  return buildHistory(runs);
}
