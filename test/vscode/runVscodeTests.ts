// Runs Flakelens in a real VS Code, offline (shared/VSCODE-OFFLINE.md): VS Code's server plus its web workbench in
// headless Chromium, against the fake GitHub server and a copy of demo/sample-repo. Four stages, each with its own
// fake server, workspace, VS Code data folders and browser:
//   host  the extension-host mocha suites (out/test/suite/index.js) with this folder as the development extension
//   multi the multi-root suites on a workspace of three folders, each its own repository, on two API hosts:
//         demo/sample-repo (acme/sample) and demo/shop-web (jest, acme/shop-web) on github.com, demo/shop-api (pytest,
//         acme/shop-api) on a GitHub Enterprise Server (ENTERPRISE_HOST, named by github-enterprise.uri); each host
//         is its own fake GitHub behind a local proxy (hostProxy.ts) that VS Code's http.proxy sends every request
//         to; the workspace is not trusted (Restricted Mode), as a freshly cloned repository is
//   ui    what a person sees: decorations, hover, Problems (ui/uiTest.ts), then the daily loop (ui/loopTest.ts):
//         the view, a flaky test, its CodeLens, a local run with cargo, a CI re-run; screenshots in test-results/
//   vsix  the packaged .vsix: its contents, then installed like a user's extension and seen working in the UI
// The ui stage's history has one more flaky test than the default (wait_notify::atomic_wait_timeout_length, which is
// really flaky on this machine too), so that its loop can run it locally with cargo; host and vsix check the
// default history. Builds nothing: `npm test` runs `npm run build` first. Usage:
//   node --import tsx test/vscode/runVscodeTests.ts [--suite host|multi|ui|vsix]... [--grep TEXT] [--seed N] [--keep]
// --grep runs only the extension-host tests whose full title matches; --keep keeps each stage's temp folder
// (kept anyway when a stage fails). Exit code 0 when every stage passed.
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { startFakeGitHub } from '../fakeGithub/server';
import { combineStates } from '../fakeGithub/combined';
import { generateRunnerHistory } from '../fakeGithub/otherRunners';
import { DEFAULT_FLAKY, generateFlakyHistory, type FlakySpec } from '../fakeGithub/scenarios';
import type { FakeGitHubState } from '../fakeGithub/state';
import { checkOfflineTools, projectRoot } from './offlineTools';
import { createTestCertificate, startHostProxy } from './hostProxy';
import { createTestWorkspace, createWorkspaceFile, ENTERPRISE_HOST, testUserSettings, type MultiRootTruth } from './testWorkspace';
import { loopChecks, loopLocalRunCount, loopTest } from './ui/loopTest';
import { tlsDecorationCheck, uiChecks, runUiChecks, waitForWorkbench, saveScreenshot, type CheckResult } from './ui/uiTest';
import { vsixContentProblems, zipEntryNames } from './vsixContents';
import { withDeadline } from './waitFor';
import { openWorkbench, type Workbench } from './workbench';
import { startVscodeServer, type VscodeServer } from './vscodeServer';

const stageNames = ['host', 'multi', 'ui', 'vsix'] as const;
type StageName = (typeof stageNames)[number];

const { values: args } = parseArgs({
  options: {
    suite: { type: 'string', multiple: true },
    seed: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
    grep: { type: 'string' },
  },
});
const selected = (args.suite ?? [...stageNames]).flatMap((s) => s.split(','));
for (const name of selected) {
  if (!(stageNames as readonly string[]).includes(name)) {
    console.error(`Unknown --suite ${name}: use one of ${stageNames.join(', ')}.`);
    process.exit(2);
  }
}
const seed = Number(args.seed);

const extensionTestsPath = path.join(projectRoot, 'out', 'test', 'suite', 'index.js');
const extensionMain = path.join(projectRoot, 'dist', 'extension.js');

/** The environment the VS Code server, and so the extension host, receives (besides this process's own). */
const testToken = 'fake-token-for-tests';

interface StageOutcome {
  readonly passed: number;
  readonly failed: number;
  /** Something went wrong outside the counted tests (server, browser, packaging). */
  readonly error?: string;
}

interface StageContext {
  readonly runDir: string;
  readonly apiUrl: string;
  readonly workspace: string;
  readonly server: VscodeServer;
  /** Opens the workbench on the workspace; closed by the stage's `finally`. */
  open(options?: { extensionDevelopmentPath?: string; extensionTestsPath?: string; onLog?: (type: string, line: string) => void }): Promise<Workbench>;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface StageSetup {
  readonly installVsix?: string;
  /** The flaky tests of the stage's history (default: the scenario's defaults, which the host suites check). */
  readonly flaky?: readonly FlakySpec[];
  /** More workspace settings (`.vscode/settings.json`). */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** More user settings, over {@link testUserSettings}. */
  readonly userSettings?: Readonly<Record<string, unknown>>;
  /** More environment for the server and its extension host. */
  readonly env?: Readonly<Record<string, string>>;
  /** The fake GitHub's history and the workspace to open (default: the sample repository's, one folder). */
  readonly world?: (runDir: string) => StageWorld;
}

interface StageWorld {
  readonly state: FakeGitHubState;
  /**
   * A second API host: a GitHub Enterprise Server at `host` with its own fake GitHub. Then the first one is
   * `https://api.github.com` and this one `https://<host>/api/v3`, both reached through a local proxy (VS Code's
   * `http.proxy`, with the proxy's certificate trusted through NODE_EXTRA_CA_CERTS), and `flakelens.apiUrl` is not
   * set (it would send every folder to one API); `github-enterprise.uri` names the host.
   */
  readonly enterprise?: { readonly host: string; readonly state: FakeGitHubState };
  /** Written to the file FLAKELENS_TEST_TRUTH names, for the suites. */
  readonly truth: unknown;
  /** Makes the workspace (a folder or a `.code-workspace` file) once the fake GitHub listens on `apiUrl`. */
  readonly workspace: (apiUrl: string) => string;
}

/** The history's window ends today: the extension windows it by the real date (flakelens.maxDays, 30). */
const historyStart = () => new Date(Date.now() - 29 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');

/** The default world: the sample repository's history on one folder. */
function sampleWorld(name: StageName, setup: StageSetup, runDir: string): StageWorld {
  // 100 runs over the last 28 days. The clock only places the data; no assertion reads it.
  const { state, truth } = generateFlakyHistory({
    seed,
    start: historyStart(),
    days: 28,
    ...(setup.flaky ? { flaky: setup.flaky } : {}),
    // Pull-request branch runs for the triage suite (main's history and truth stay the same with them).
    ...(name === 'host' ? { pullRequests: 6 } : {}),
  });
  return {
    state,
    truth,
    workspace: (apiUrl) => createTestWorkspace({ parentDir: runDir, apiUrl, ...(setup.settings ? { settings: setup.settings } : {}) }),
  };
}

/** Sets up what each stage needs (fake GitHub, workspace, VS Code server) and tears it all down afterwards. */
async function withStage(
  name: StageName,
  setup: StageSetup,
  body: (context: StageContext) => Promise<StageOutcome>,
): Promise<StageOutcome> {
  const runDir = mkdtempSync(`/tmp/flk-${name}-`); // short: the server puts its sockets under it
  const closers: (() => Promise<void>)[] = [];
  let outcome: StageOutcome | undefined;
  try {
    const world = setup.world ? setup.world(runDir) : sampleWorld(name, setup, runDir);
    const gh = await startFakeGitHub(world.state, world.enterprise ? { publicUrl: 'https://api.github.com' } : {});
    closers.push(() => gh.close());
    const truthFile = path.join(runDir, 'truth.json');
    writeFileSync(truthFile, JSON.stringify(world.truth, null, 2));
    const workspace = world.workspace(gh.url);
    // The suites reach each fake GitHub's control endpoints (`/_fake/...`) at these addresses.
    const network: { env: Record<string, string>; userSettings: Record<string, unknown> } = {
      env: { FLAKELENS_FAKE_GITHUB_URL: gh.url },
      userSettings: testUserSettings(gh.url),
    };
    if (world.enterprise) {
      const { host } = world.enterprise;
      const ghe = await startFakeGitHub(world.enterprise.state, { publicUrl: `https://${host}` });
      closers.push(() => ghe.close());
      const certificate = createTestCertificate(runDir, ['api.github.com', host]);
      const proxy = await startHostProxy({ 'api.github.com': gh.url, [host]: ghe.url }, certificate);
      closers.push(() => proxy.close());
      // GITHUB_TOKEN is github.com's; the Enterprise host's token comes from GH_ENTERPRISE_TOKEN, as with gh.
      network.env = { ...network.env, FLAKELENS_FAKE_ENTERPRISE_URL: ghe.url, NODE_EXTRA_CA_CERTS: certificate.certFile, GH_ENTERPRISE_TOKEN: testToken };
      // No flakelens.apiUrl: each folder's API comes from its remote. http.systemCertificates off: VS Code's fetch
      // then trusts Node's store, which NODE_EXTRA_CA_CERTS extends, rather than a list of its own without it.
      network.userSettings = { ...testUserSettings(), 'http.proxy': proxy.url, 'http.systemCertificates': false, 'github-enterprise.uri': `https://${host}` };
      console.log(`  (GitHub Enterprise ${host} on ${ghe.url}; both hosts through the proxy ${proxy.url})`);
    }
    const serverStart = Date.now();
    const server = await startVscodeServer({
      runDir,
      env: {
        GITHUB_TOKEN: testToken,
        FLAKELENS_TEST_TRUTH: truthFile,
        FLAKELENS_MOCHA_PREFIX: mochaPrefix,
        FLAKELENS_TEST_STAGE: name,
        ...(args.grep ? { FLAKELENS_TEST_GREP: args.grep } : {}),
        ...network.env,
        ...setup.env,
      },
      userSettings: { ...network.userSettings, ...setup.userSettings },
      ...(setup.installVsix ? { installVsix: setup.installVsix } : {}),
    });
    closers.push(() => server.stop());
    console.log(`  (VS Code server on ${server.url} in ${seconds(Date.now() - serverStart)}, fake GitHub on ${gh.url})`);
    const context: StageContext = {
      runDir,
      apiUrl: gh.url,
      workspace,
      server,
      async open(options = {}) {
        const workbench = await openWorkbench({ server, folder: workspace, ...options });
        closers.push(() => workbench.close());
        return workbench;
      },
    };
    outcome = await body(context);
    return outcome;
  } catch (error) {
    outcome = { passed: 0, failed: 0, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    return outcome;
  } finally {
    for (const close of closers.reverse()) await close().catch((e) => console.error(`  (cleanup: ${e})`));
    const failed = !outcome || outcome.failed > 0 || outcome.error !== undefined;
    if (args.keep || failed) {
      console.log(`  (kept ${runDir}: server.log, user/logs/*/exthost1/remoteexthost.log, workspace in sample/)`);
    } else {
      rmSync(runDir, { recursive: true, force: true });
    }
  }
}

// ---- host: the extension-host mocha suites ----

/** Marks mocha's report lines (see suite/index.ts): the workbench's log, where they arrive, carries much else. */
const mochaPrefix = 'mocha| ';

/** Workbench log lines that are expected offline and say nothing about Flakelens. */
const harmless = [/ENOTFOUND open-vsx\.org/, /\[Service Worker\] registration/, /^\s+at /];

function logTail(log: readonly string[], count: number): string {
  const lines = log.flatMap((entry) => entry.split('\n')).filter((line) => !harmless.some((re) => re.test(line)));
  return lines.slice(-count).join('\n');
}

async function hostStage(): Promise<StageOutcome> {
  for (const file of [extensionMain, extensionTestsPath]) {
    if (!existsSync(file)) return { passed: 0, failed: 0, error: `${file} is missing: run npm run build first.` };
  }
  return withStage('host', {}, extensionHostTests);
}

/** Runs the extension-host suites of the stage in its workbench and relays mocha's report. */
async function extensionHostTests(stage: StageContext): Promise<StageOutcome> {
  const log: string[] = [];
  let passing = 0;
  let failing = 0;
  const workbench = await stage.open({
    extensionDevelopmentPath: projectRoot,
    extensionTestsPath,
    onLog: (type, line) => {
      log.push(`[${type}] ${line}`);
      if (!line.startsWith(mochaPrefix)) return;
      const text = line.slice(mochaPrefix.length);
      const counts = /^\s*(\d+) (passing|failing)/.exec(text);
      if (counts?.[2] === 'passing') passing = Number(counts[1]);
      if (counts?.[2] === 'failing') failing = Number(counts[1]);
      if (text.trim() === '') return; // mocha's spacing lines; the indentation shows the structure
      console.log(text.replace(/^(?=.)/gm, '  '));
    },
  });
  const logFile = path.join(stage.runDir, 'workbench.log');
  try {
    const code = await withDeadline(workbench.testsExited, 10 * 60_000, () => 'did not finish in 10 minutes').then(
      (exitCode) => (exitCode === 0 || failing > 0 ? undefined : `exited with ${exitCode}`),
      (error: Error) => error.message,
    );
    if (code === undefined) return { passed: passing, failed: failing };
    return {
      passed: passing,
      failed: failing,
      error: `the extension-host tests ${code}; the workbench log ends with:\n${logTail(log, 30)}\n(all of it: ${logFile})`,
    };
  } finally {
    writeFileSync(logFile, log.join('\n'));
  }
}


// ---- multi: a multi-root workspace, one repository per folder ----

/**
 * Three folders, three repositories: the Rust/Go sample and a jest project on github.com's fake GitHub, and a pytest
 * project on the GitHub Enterprise Server's.
 */
function multiRootWorld(runDir: string): StageWorld {
  const start = historyStart();
  const sample = generateFlakyHistory({ seed, start, days: 28 });
  const web = generateRunnerHistory({ runner: 'jest', seed, start, days: 28, owner: 'acme', repo: 'shop-web' });
  const api = generateRunnerHistory({ runner: 'pytest', seed, start, days: 28, owner: 'acme', repo: 'shop-api' });
  return {
    state: combineStates(sample.state, web.state),
    enterprise: { host: ENTERPRISE_HOST, state: api.state },
    truth: { sample: sample.truth, web: web.truth, api: api.truth } satisfies MultiRootTruth,
    workspace: (apiUrl) => {
      const folders = [
        createTestWorkspace({ parentDir: runDir, apiUrl }),
        createTestWorkspace({ parentDir: runDir, apiUrl, name: 'shop-web', sourceDir: path.join(projectRoot, 'demo', 'shop-web'), remote: 'https://github.com/acme/shop-web.git' }),
        // The SSH form of a remote, as many clones have it, on the Enterprise host.
        createTestWorkspace({ parentDir: runDir, apiUrl, name: 'shop-api', sourceDir: path.join(projectRoot, 'demo', 'shop-api'), remote: `git@${ENTERPRISE_HOST}:acme/shop-api.git` }),
      ];
      return createWorkspaceFile(runDir, 'shop', folders);
    },
  };
}

async function multiRootStage(): Promise<StageOutcome> {
  for (const file of [extensionMain, extensionTestsPath]) {
    if (!existsSync(file)) return { passed: 0, failed: 0, error: `${file} is missing: run npm run build first.` };
  }
  // Restricted Mode: the workspace is not trusted (Flakelens supports that; running tests locally is what it refuses).
  const untrusted = { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.untrustedFiles': 'open' };
  return withStage('multi', { world: multiRootWorld, userSettings: untrusted }, extensionHostTests);
}

// ---- ui: what a person sees ----

function countChecks(results: readonly CheckResult[]): StageOutcome {
  return { passed: results.filter((r) => !r.error).length, failed: results.filter((r) => r.error).length };
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The folder of `cargo`: on PATH, else rustup's default `~/.cargo/bin` (a login shell's PATH may have it where
 * this process's does not). Undefined when neither has it.
 */
function cargoFolder(): string | undefined {
  const onPath = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const candidates = [...onPath, path.join(process.env.CARGO_HOME ?? path.join(homedir(), '.cargo'), 'bin')];
  return candidates.find((dir) => isExecutable(path.join(dir, 'cargo')));
}

async function uiStage(): Promise<StageOutcome> {
  if (!existsSync(extensionMain)) return { passed: 0, failed: 0, error: `${extensionMain} is missing: run npm run build first.` };
  // The loop runs the sample's Rust test with cargo from the extension host, which gets the server's PATH.
  const cargo = cargoFolder();
  if (!cargo) {
    return {
      passed: 0,
      failed: 0,
      error: 'cargo is neither on PATH nor in ~/.cargo/bin: the ui stage runs a Rust test of the sample locally; install Rust (rustup) or put cargo on PATH.',
    };
  }
  const pathWithCargo = [cargo, ...(process.env.PATH ?? '').split(path.delimiter).filter((dir) => dir && dir !== cargo)].join(path.delimiter);
  const setup: StageSetup = {
    flaky: [...DEFAULT_FLAKY, { id: loopTest.id, rate: 0.1 }],
    // Few local runs, so that "Run ×N locally" takes seconds.
    settings: { 'flakelens.localRunCount': loopLocalRunCount },
    // The DOM renderer, so that the loop can read the task terminal (an application setting: user settings only).
    userSettings: { 'terminal.integrated.gpuAcceleration': 'off' },
    env: { PATH: pathWithCargo },
  };
  return withStage('ui', setup, async (stage) => {
    const { page } = await stage.open({ extensionDevelopmentPath: projectRoot });
    await waitForWorkbench(page);
    await saveScreenshot(page, 'ui-workbench');
    return countChecks(await runUiChecks(page, [...uiChecks, ...loopChecks()], 'ui-'));
  });
}

// ---- vsix: the packaged extension, as a user installs it ----

function run(command: string, commandArgs: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, commandArgs, { cwd: projectRoot, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const why = error.killed ? `was stopped after ${seconds(timeoutMs)}` : `failed (exit ${error.code})`;
        reject(new Error(`${path.basename(command)} ${commandArgs.join(' ')} ${why}:\n${stdout}${stderr}`.trimEnd()));
      }
      else resolve(stdout + stderr);
    });
  });
}

/** `dist/flakelens.vsix` when `npm run package` made it from the current build, else a fresh `vsce package`. */
async function packagedExtension(outDir: string): Promise<string> {
  const packaged = path.join(projectRoot, 'dist', 'flakelens.vsix');
  if (existsSync(packaged) && statSync(packaged).mtimeMs >= statSync(extensionMain).mtimeMs) return packaged;
  const vsix = path.join(outDir, 'flakelens.vsix');
  const vsce = path.join(projectRoot, 'node_modules', '.bin', 'vsce');
  await run(vsce, ['package', '--no-dependencies', '-o', vsix], 5 * 60_000);
  return vsix;
}

async function vsixStage(): Promise<StageOutcome> {
  if (!existsSync(extensionMain)) return { passed: 0, failed: 0, error: `${extensionMain} is missing: run npm run build first.` };
  const packDir = mkdtempSync('/tmp/flk-pack-');
  try {
    const start = Date.now();
    let vsix: string;
    try {
      vsix = await packagedExtension(packDir);
    } catch (error) {
      return { passed: 0, failed: 0, error: error instanceof Error ? error.message : String(error) };
    }
    const names = zipEntryNames(vsix);
    const problems = vsixContentProblems(names);
    let passed = 0;
    let failed = 0;
    const contentCheck = `the .vsix holds what users need and no development files (${names.length} entries, ${path.relative(projectRoot, vsix).startsWith('..') ? vsix : path.relative(projectRoot, vsix)}, ${seconds(Date.now() - start)})`;
    if (problems.length === 0) {
      passed++;
      console.log(`  ✔ ${contentCheck}`);
    } else {
      failed++;
      console.log(`  ✖ ${contentCheck}\n${problems.map((p) => `      ${p}`).join('\n')}`);
    }
    const installed = await withStage('vsix', { installVsix: vsix }, async (stage) => {
      const folders = readdirSync(stage.server.extensionsDir).filter((f) => f.startsWith('flakelens.flakelens-'));
      if (folders.length === 0) throw new Error(`the .vsix did not install into ${stage.server.extensionsDir}`);
      const { page } = await stage.open(); // no development payload: the installed extension, as a user has it
      await waitForWorkbench(page);
      return countChecks(await runUiChecks(page, [tlsDecorationCheck], 'vsix-'));
    });
    return { passed: passed + installed.passed, failed: failed + installed.failed, ...(installed.error ? { error: installed.error } : {}) };
  } finally {
    rmSync(packDir, { recursive: true, force: true });
  }
}

const stages: Record<StageName, { title: string; run: () => Promise<StageOutcome> }> = {
  host: { title: 'extension-host tests (mocha)', run: hostStage },
  multi: { title: 'extension-host tests in a multi-root workspace (mocha)', run: multiRootStage },
  ui: { title: 'UI tests (web workbench in Chromium)', run: uiStage },
  vsix: { title: 'packaged extension (.vsix)', run: vsixStage },
};

async function main(): Promise<number> {
  checkOfflineTools();
  const summary: { name: StageName; outcome: StageOutcome; ms: number }[] = [];
  for (const name of stageNames.filter((n) => selected.includes(n))) {
    console.log(`\n▶ ${name}: ${stages[name].title}`);
    const start = Date.now();
    const outcome = await stages[name].run();
    const ms = Date.now() - start;
    summary.push({ name, outcome, ms });
    if (outcome.error) console.log(`  ✖ ${name} could not run to the end:\n${outcome.error.replace(/^/gm, '      ')}`);
  }
  console.log('');
  for (const { name, outcome, ms } of summary) {
    const verdict = outcome.error || outcome.failed > 0 ? 'FAILED' : 'ok';
    console.log(`${name}: ${verdict}, ${outcome.passed} passed, ${outcome.failed} failed, ${seconds(ms)}`);
  }
  const passed = summary.reduce((n, s) => n + s.outcome.passed, 0);
  // A stage that could not run counts as one failure, so the total never reads as green.
  const failed = summary.reduce((n, s) => n + s.outcome.failed + (s.outcome.error && s.outcome.failed === 0 ? 1 : 0), 0);
  console.log(`vscode: ${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // The exit handler of vscodeServer.ts kills the servers' process groups; playwright closes its browsers.
  process.on(signal, () => process.exit(130));
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
