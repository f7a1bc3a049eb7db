// Starts the fake GitHub with the default scenario for the demo and manual checks:
//   node --import tsx test/fakeGithub/cli.ts [--seed N] [--runs N] [--port N] [--truth FILE] [--pull-requests N]
// Prints `FAKE_GITHUB_URL=http://127.0.0.1:PORT` on one line once it listens, then serves until SIGINT/SIGTERM.

import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generateFlakyHistory } from './scenarios';
import { startFakeGitHub } from './server';

function positiveInteger(name: string, value: string | undefined, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) {
    console.error(`--${name} takes a ${allowZero ? 'non-negative' : 'positive'} integer, not "${value}".`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      runs: { type: 'string' },
      port: { type: 'string' },
      truth: { type: 'string' },
      'pull-requests': { type: 'string' },
    },
  });
  const seed = positiveInteger('seed', values.seed, 1, true);
  const runs = positiveInteger('runs', values.runs, 100);
  const port = positiveInteger('port', values.port, 0, true);

  const pullRequests = positiveInteger('pull-requests', values['pull-requests'], 0, true);

  const { state, truth } = generateFlakyHistory({ seed, runs, ...(pullRequests > 0 ? { pullRequests } : {}) });
  if (values.truth) writeFileSync(values.truth, JSON.stringify(truth, null, 2) + '\n');
  const server = await startFakeGitHub(state, { port });
  console.log(`FAKE_GITHUB_URL=${server.url}`);
  console.error(`fake GitHub: ${truth.repository}, ${runs} runs of ${truth.workflow.name} (seed ${seed}); Ctrl-C to stop`);

  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`fake GitHub could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
