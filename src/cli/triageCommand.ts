// `flakelens triage`: sorts the failures of a branch's newest completed run (or a given run) against the default
// branch's history: known flakes, failures the default branch has too, new failures, infrastructure faults.
// Exit 0 when the triage succeeded; with --fail-on-new, 1 when a failure is new; 2 on an error (one line on stderr).
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { GitHubClient } from '../ci/githubClient';
import { HistoryStore } from '../ci/historyStore';
import { triageBranch } from '../ci/runTriage';
import { SyncError } from '../ci/syncError';
import { apiUrlOption } from './apiUrlOption';
import { inCliWords } from './cliWording';
import { formatTriage, type TriageFormat } from './triageFormat';
import { readWorkspace, workspaceProblem } from './workspaceFiles';
import { triageAnnotations } from './githubAnnotations';
import { printError, printJson, printText } from './terminalText';
import { cliToken } from '../core/environmentToken';
import { hostOfApiUrl } from '../core/remoteUrl';

export const TRIAGE_USAGE = `  flakelens triage --repo OWNER/NAME (--branch NAME | --run ID) [--api-url URL] [--workspace DIR] [--cache-dir DIR]
                   [--format table|json|markdown|github] [--fail-on-new] [--runs N] [--days N] [--workflow NAME]...
                   [--min-flake-rate R]`;

class TriageUsageError extends Error {}

/** Days back a window may reach: far past GitHub's retention, and a date JavaScript can still hold (it failed as a bug). */
const MAX_DAYS = 100_000;

function positiveInt(value: string | undefined, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) {
    return fallback;
  }
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) {
    throw new TriageUsageError(`--${name} needs a positive whole number, got "${value}"`);
  }
  if (n > max) {
    throw new TriageUsageError(`--${name} must be at most ${max}, got ${value}`);
  }
  return n;
}

function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'flakelens');
}

function parse(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      repo: { type: 'string' },
      branch: { type: 'string' },
      run: { type: 'string' },
      'api-url': { type: 'string' },
      workspace: { type: 'string' },
      'cache-dir': { type: 'string' },
      format: { type: 'string' },
      'fail-on-new': { type: 'boolean', default: false },
      runs: { type: 'string' },
      days: { type: 'string' },
      workflow: { type: 'string', multiple: true },
      'min-flake-rate': { type: 'string' },
    },
    strict: true,
  });
  const match = values.repo ? /^([\w.-]+)\/([\w.-]+)$/.exec(values.repo) : null;
  if (!values.repo || !match) {
    throw new TriageUsageError('--repo OWNER/NAME is required');
  }
  if ((values.branch === undefined) === (values.run === undefined)) {
    throw new TriageUsageError('triage needs one of --branch NAME or --run ID');
  }
  const runId = values.run === undefined ? undefined : positiveInt(values.run, 'run', 0);
  const format = (values.format ?? 'table') as TriageFormat;
  if (!['table', 'json', 'markdown', 'github'].includes(format)) {
    throw new TriageUsageError('--format must be one of table, json, markdown, github');
  }
  const minFlakeRate = values['min-flake-rate'] === undefined ? 0 : Number(values['min-flake-rate']);
  if (!Number.isFinite(minFlakeRate) || minFlakeRate < 0 || minFlakeRate > 1) {
    throw new TriageUsageError('--min-flake-rate must be between 0 and 1');
  }
  const api = apiUrlOption(values['api-url'], process.env.GITHUB_API_URL);
  if ('error' in api) {
    throw new TriageUsageError(api.error);
  }
  const workspace = values.workspace === undefined ? undefined : path.resolve(values.workspace);
  const workspaceError = workspace === undefined ? undefined : workspaceProblem(workspace);
  if (workspaceError) {
    throw new TriageUsageError(workspaceError);
  }
  return {
    repository: values.repo,
    owner: match[1] as string,
    repo: match[2] as string,
    ...(values.branch !== undefined ? { branch: values.branch } : {}),
    ...(runId !== undefined ? { runId } : {}),
    apiUrl: api.url,
    workspace,
    cacheDir: values['cache-dir'] ?? defaultCacheDir(),
    format,
    failOnNew: values['fail-on-new'] ?? false,
    maxRuns: positiveInt(values.runs, 'runs', 100),
    maxDays: positiveInt(values.days, 'days', 30, MAX_DAYS),
    workflows: values.workflow ?? [],
    minFlakeRate,
  };
}

/** Runs `flakelens triage` and returns the exit code. */
export async function triage(argv: string[]): Promise<number> {
  try {
    const options = parse(argv);
    const token = cliToken(hostOfApiUrl(options.apiUrl) ?? 'github.com', process.env);
    const client = new GitHubClient({ apiUrl: options.apiUrl, token: async () => token, userAgent: 'flakelens-cli' });
    const store = new HistoryStore(options.cacheDir, options.apiUrl, options.repository);
    const workspace = options.workspace === undefined ? undefined : readWorkspace(options.workspace);
    const result = await triageBranch(client, store, {
      owner: options.owner,
      repo: options.repo,
      ...(options.branch !== undefined ? { branch: options.branch } : {}),
      ...(options.runId !== undefined ? { runId: options.runId } : {}),
      maxRuns: options.maxRuns,
      maxDays: options.maxDays,
      workflows: options.workflows,
      minFlakeRate: options.minFlakeRate,
      now: new Date(),
      onProblem: (message) => printError(`flakelens: ${message}\n`),
      ...(workspace ? { resolve: (t) => workspace.index.resolve(t), sources: workspace.sources } : {}),
    });
    if (options.format === 'github') {
      // Workflow commands for the runner: everything from CI in them is escaped already.
      process.stdout.write(triageAnnotations(options.repository, result.triage, { workspace: options.workspace, checkout: process.env.GITHUB_WORKSPACE }));
    } else {
      const output = formatTriage({ repository: options.repository, triage: result.triage, requests: result.requests }, options.format);
      if (options.format === 'json') printJson(output);
      else printText(output);
    }
    return options.failOnNew && result.triage.counts.new > 0 ? 1 : 0;
  } catch (error) {
    printError(`flakelens: ${errorLine(error)}\n`);
    return 2;
  }
}

function errorLine(error: unknown): string {
  if (error instanceof TriageUsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    // node's own lines (the second says what to do: "use '--run=-XYZ'"), joined into the one line of an error.
    return `${(error as Error).message.replace(/\s*\n\s*/g, ' ')} (see flakelens --help)`;
  }
  if (error instanceof SyncError) {
    return inCliWords(error.message.split('\n')[0] ?? '');
  }
  return `unexpected error: ${((error as Error)?.message ?? String(error)).split('\n')[0]}`;
}
