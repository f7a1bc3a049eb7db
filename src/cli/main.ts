// `flakelens`: the same core as the extension, for terminals and CI. Subcommands: scan, triage, parse, locate, classify.
// Exit 0 when the command succeeded, non-zero with a one-line reason on stderr otherwise.
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import packageJson from '../../package.json';
import { classifySourceFiles } from '../core/classify/classifySources';
import { LOG_FORMATS, logFormatsOf, parseJobLog } from '../core/logs/jobLogReader';
import type { TestOutcome } from '../core/model';
import { parseReportSync } from '../core/reports/reportDetection';
import { scanHistory } from '../core/scan/scanResult';
import { GitHubClient } from '../ci/githubClient';
import { HistoryStore } from '../ci/historyStore';
import { syncHistory } from '../ci/sync';
import { SyncError } from '../ci/syncError';
import { apiUrlOption } from './apiUrlOption';
import { inCliWords } from './cliWording';
import { formatScan, type ScanFormat } from './scanFormat';
import { triage, TRIAGE_USAGE } from './triageCommand';
import { readWorkspace, workspaceProblem } from './workspaceFiles';
import { printError, printJson, printText } from './terminalText';
import { cliToken } from '../core/environmentToken';
import { hostOfApiUrl } from '../core/remoteUrl';

const USAGE = `Usage:
  flakelens scan --repo OWNER/NAME [--api-url URL] [--branch NAME]... [--workflow NAME]... [--runs N] [--days N]
                 [--workspace DIR] [--cache-dir DIR] [--all] [--min-flake-rate R] [--format table|json|markdown|github]
  flakelens parse FILE... [--log-format FORMAT]... [--format table|json]   (saved job logs, JUnit XML or TRX reports)
  flakelens locate --workspace DIR [--format table|json]
  flakelens classify FILE... [--message-file F] [--format table|json]
${TRIAGE_USAGE}

  flakelens --help | --version

The token comes from GITHUB_TOKEN or GH_TOKEN (for a GitHub Enterprise Server GH_ENTERPRISE_TOKEN or
GITHUB_ENTERPRISE_TOKEN first); the API URL from --api-url, else GITHUB_API_URL, else
https://api.github.com. Exit codes: 0 done; 1 scan could not read GitHub or its cache; 2 bad arguments or an
unreadable file. triage: 1 a new failure with --fail-on-new, 2 any error.`;

const COMMANDS = ['scan', 'parse', 'locate', 'classify', 'triage', 'help'];

class UsageError extends Error {}

function fail(message: string, code = 2): never {
  printError(`flakelens: ${message.split('\n')[0]}\n`);
  process.exit(code);
}

/** Days back a window may reach: far past GitHub's retention, and a date JavaScript can still hold (it failed as a bug). */
const MAX_DAYS = 100_000;

function positiveInt(value: string | undefined, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) {
    return fallback;
  }
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) {
    throw new UsageError(`--${name} needs a positive whole number, got "${value}"`);
  }
  if (n > max) {
    throw new UsageError(`--${name} must be at most ${max}, got ${value}`);
  }
  return n;
}

function formatOption(value: string | undefined, allowed: readonly string[]): string {
  const format = value ?? 'table';
  if (!allowed.includes(format)) {
    throw new UsageError(`--format must be one of ${allowed.join(', ')}`);
  }
  return format;
}

function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'flakelens');
}

async function scan(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      repo: { type: 'string' },
      'api-url': { type: 'string' },
      branch: { type: 'string', multiple: true },
      workflow: { type: 'string', multiple: true },
      runs: { type: 'string' },
      days: { type: 'string' },
      workspace: { type: 'string' },
      'cache-dir': { type: 'string' },
      all: { type: 'boolean', default: false },
      'min-flake-rate': { type: 'string' },
      format: { type: 'string' },
    },
    strict: true,
  });
  const repository = values.repo;
  const match = repository ? /^([\w.-]+)\/([\w.-]+)$/.exec(repository) : null;
  if (!repository || !match) {
    throw new UsageError('--repo OWNER/NAME is required');
  }
  const format = formatOption(values.format, ['table', 'json', 'markdown', 'github']) as ScanFormat;
  const maxRuns = positiveInt(values.runs, 'runs', 100);
  const maxDays = positiveInt(values.days, 'days', 30, MAX_DAYS);
  const minFlakeRate = values['min-flake-rate'] === undefined ? 0 : Number(values['min-flake-rate']);
  if (!Number.isFinite(minFlakeRate) || minFlakeRate < 0 || minFlakeRate > 1) {
    throw new UsageError('--min-flake-rate must be between 0 and 1');
  }
  const api = apiUrlOption(values['api-url'], process.env.GITHUB_API_URL);
  if ('error' in api) {
    throw new UsageError(api.error);
  }
  const apiUrl = api.url;
  const workspaceDir = values.workspace === undefined ? undefined : path.resolve(values.workspace);
  const workspaceError = workspaceDir === undefined ? undefined : workspaceProblem(workspaceDir);
  if (workspaceError) {
    throw new UsageError(workspaceError);
  }
  const token = cliToken(hostOfApiUrl(apiUrl) ?? 'github.com', process.env);
  const client = new GitHubClient({ apiUrl, token: async () => token, userAgent: 'flakelens-cli' });
  const store = new HistoryStore(values['cache-dir'] ?? defaultCacheDir(), apiUrl, repository);
  const now = new Date();
  const branches = values.branch ?? [];
  const workflows = values.workflow ?? [];
  const sync = await syncHistory(client, store, {
    owner: match[1] as string,
    repo: match[2] as string,
    branches,
    workflows,
    maxRuns,
    maxDays,
    now,
    onProblem: (message) => printError(`flakelens: ${message}\n`),
  });
  const workspace = workspaceDir === undefined ? undefined : readWorkspace(workspaceDir);
  const result = scanHistory({
    history: sync.state.history,
    options: {
      branches,
      workflows,
      maxRuns,
      since: new Date(now.getTime() - maxDays * 86_400_000).toISOString().slice(0, 10),
      minFlakeRate,
      all: values.all ?? false,
    },
    requests: sync.requests,
    ...(workspace ? { resolve: (t) => workspace.index.resolve(t), sources: workspace.sources } : {}),
  });
  const output = formatScan(result, format, { workspace: workspaceDir, checkout: process.env.GITHUB_WORKSPACE });
  if (format === 'json') printJson(output);
  // Workflow commands for the runner: everything from CI in them is escaped already.
  else if (format === 'github') process.stdout.write(output);
  else printText(output);
}

async function parse(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { format: { type: 'string' }, 'log-format': { type: 'string', multiple: true } },
    allowPositionals: true,
    strict: true,
  });
  const format = formatOption(values.format, ['table', 'json']);
  if (positionals.length === 0) {
    throw new UsageError('parse needs at least one FILE');
  }
  // `--log-format` forces the log formats read (repeated or `a,b`); without it each log's formats are detected.
  const { formats: logFormats, unknown } = logFormatsOf(values['log-format'] ?? []);
  if (unknown.length > 0) {
    throw new UsageError(`--log-format must be among ${LOG_FORMATS.join(', ')}; got ${unknown.join(', ')}`);
  }
  const files = positionals.map((file) => {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    const outcomeJson = (o: TestOutcome) => ({
      id: o.id,
      suite: o.suite,
      framework: o.framework,
      outcome: o.outcome,
      attempt: o.attempt ?? 1,
      ...(o.message ? { message: o.message } : {}),
      ...(o.packageResult ? { packageResult: true } : {}),
    });
    // A report file (JUnit XML, TRX) is told by its content, as in an artifact; anything else is read as a job log.
    const report = parseReportSync(bytes, file);
    if (report) {
      return {
        file,
        format: report.format,
        framework: report.framework,
        frameworks: [report.framework],
        outcomes: report.outcomes.map(outcomeJson),
        errors: report.errors,
      };
    }
    const result = parseJobLog(bytes, logFormats.length > 0 ? { formats: logFormats } : {});
    return {
      file,
      format: 'log',
      framework: result.frameworks[0] ?? 'unknown',
      frameworks: result.frameworks,
      outcomes: result.outcomes.map(outcomeJson),
      errors: [] as string[],
    };
  });
  if (format === 'json') {
    printJson(JSON.stringify({ files }, null, 2) + '\n');
    return;
  }
  for (const f of files) {
    printText(`${f.file} (${f.frameworks.join(', ') || 'no test output found'}): ${f.outcomes.length} outcomes\n`);
    for (const error of f.errors) {
      printText(`  note: ${error}\n`);
    }
    for (const o of f.outcomes) {
      printText(`  ${o.outcome.padEnd(5)} ${o.suite}  ${o.id || '(package)'}\n`);
    }
  }
}

async function locate(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { workspace: { type: 'string' }, format: { type: 'string' } }, strict: true });
  const format = formatOption(values.format, ['table', 'json']);
  if (!values.workspace) {
    throw new UsageError('--workspace DIR is required');
  }
  const root = path.resolve(values.workspace);
  const problem = workspaceProblem(root);
  if (problem) {
    throw new UsageError(problem);
  }
  const workspace = readWorkspace(root);
  const tests = workspace.index.allDeclarations().map((d) => ({ id: d.id, name: d.name, framework: d.framework, file: d.file, line: d.line }));
  if (format === 'json') {
    printJson(JSON.stringify({ tests }, null, 2) + '\n');
    return;
  }
  for (const t of tests) {
    printText(`${t.file}:${t.line}  ${t.framework}  ${t.id}\n`);
  }
}

async function classify(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, options: { 'message-file': { type: 'string' }, format: { type: 'string' } }, allowPositionals: true, strict: true });
  const format = formatOption(values.format, ['table', 'json']);
  if (positionals.length === 0 && !values['message-file']) {
    throw new UsageError('classify needs at least one FILE or --message-file');
  }
  const read = (file: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  };
  const message = values['message-file'] ? read(values['message-file']) : undefined;
  const result = classifySourceFiles(positionals.map((file) => ({ file, text: read(file) })), message);
  if (format === 'json') {
    printJson(JSON.stringify(result, null, 2) + '\n');
    return;
  }
  for (const r of result.results) {
    printText(`${r.file || '(message)'}: ${r.category}${r.categories[0] ? ` (${Math.round(r.categories[0].confidence * 100)}%)` : ''}\n`);
    for (const c of r.categories) {
      for (const line of c.evidence.slice(0, 3)) {
        printText(`  ${c.category}: ${line}\n`);
      }
    }
    if (r.suggestion) {
      printText(`  suggestion: ${r.suggestion}\n`);
    }
  }
}

async function main(): Promise<void> {
  // A reader that stops early (`flakelens scan --format json | head`) closes the pipe: what is left cannot be
  // delivered, and that is no error of the command's; its exit code still tells how it went (ripgrep, gh). Without
  // this handler node throws the EPIPE with a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  const [command, ...rest] = process.argv.slice(2);
  // `flakelens scan --help` asks for help, as with gh and git: it is no unknown option.
  if (command !== undefined && COMMANDS.includes(command) && rest.some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  try {
    switch (command) {
      case 'scan':
        await scan(rest);
        return;
      case 'parse':
        await parse(rest);
        return;
      case 'locate':
        await locate(rest);
        return;
      case 'classify':
        await classify(rest);
        return;
      case 'triage':
        // Its own exit codes: 0 sorted, 1 a new failure with --fail-on-new, 2 an error (already on stderr).
        process.exitCode = await triage(rest);
        return;
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(USAGE + '\n');
        return;
      case '--version':
      case '-V':
        process.stdout.write(`flakelens ${packageJson.version}\n`);
        return;
      default:
        throw new UsageError(command ? `unknown command "${command}"` : 'a command is needed');
    }
  } catch (error) {
    if (error instanceof UsageError) {
      fail(`${error.message} (see flakelens --help)`);
    }
    if (error instanceof SyncError) {
      fail(inCliWords(error.message), 1);
    }
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      // node's own lines (the second says what to do: "use '--runs=-XYZ'"), joined into the one line of an error.
      fail(`${(error as Error).message.replace(/\s*\n\s*/g, ' ')} (see flakelens --help)`);
    }
    fail(`unexpected error: ${(error as Error).message}`, 1);
  }
}

void main();
