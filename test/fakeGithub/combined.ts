// One fake GitHub serving the histories of several generated repositories at once (a multi-root workspace has a
// repository per folder). Each generator makes a state of its own, numbering repositories, workflows and artifacts
// from the same starting ids, so the combined state renumbers those (nothing else refers to them by number); run
// and job ids come from disjoint seeded ranges per generator, and the combination refuses states whose runs, jobs
// or repository names collide rather than serving one repository's data under another's.
import type { FakeGitHubState, FakeRepo } from './state';

export function combineStates(first: FakeGitHubState, ...others: readonly FakeGitHubState[]): FakeGitHubState {
  const combined: FakeGitHubState = { ...first, repos: [...first.repos], ids: { ...first.ids } };
  const names = new Set(first.repos.map((r) => `${r.owner}/${r.name}`.toLowerCase()));
  const runIds = new Set(first.repos.flatMap((r) => r.runs.map((run) => run.id)));
  const jobIds = new Set(first.repos.flatMap((r) => r.runs.flatMap((run) => run.jobs.map((j) => j.id))));
  for (const state of others) {
    for (const repo of state.repos) {
      const name = `${repo.owner}/${repo.name}`;
      if (names.has(name.toLowerCase())) throw new Error(`Two generated histories are both for ${name}.`);
      names.add(name.toLowerCase());
      for (const run of repo.runs) {
        if (runIds.has(run.id)) throw new Error(`Run id ${run.id} of ${name} is already used: pick another seed.`);
        runIds.add(run.id);
        for (const job of run.jobs) {
          if (jobIds.has(job.id)) throw new Error(`Job id ${job.id} of ${name} is already used: pick another seed.`);
          jobIds.add(job.id);
        }
      }
      combined.repos.push(renumbered(repo, combined));
    }
    combined.ids.run = Math.max(combined.ids.run, state.ids.run);
    combined.ids.job = Math.max(combined.ids.job, state.ids.job);
    combined.ids.runner = Math.max(combined.ids.runner, state.ids.runner);
  }
  return combined;
}

/** The repository with ids of its own in the combined state (GitHub's ids are unique across repositories). */
function renumbered(repo: FakeRepo, state: FakeGitHubState): FakeRepo {
  const workflowIds = new Map<number, number>();
  const workflows = repo.workflows.map((workflow) => {
    const id = ++state.ids.workflow;
    workflowIds.set(workflow.id, id);
    return { ...workflow, id };
  });
  return {
    ...repo,
    id: ++state.ids.repo,
    workflows,
    runs: repo.runs.map((run) => Object.assign(run, { workflowId: workflowIds.get(run.workflowId) ?? run.workflowId })),
    artifacts: repo.artifacts.map((artifact) => ({ ...artifact, id: ++state.ids.artifact })),
  };
}
