// The extension-host test entry, in the @vscode/test-electron layout: VS Code loads the bundle of this file
// (out/test/suite/index.js, built by esbuild.mjs with `mocha` and `vscode` left external) and awaits `run()`.
//
// Why the suites are loaded this way: mocha normally `require`s each test file after emitting `pre-require`, which
// puts `suite`/`test` (tdd) on the global object. In a bundle there are no test files to require, and a static
// `import './smoke.test'` would run the file's top level when the bundle loads, before any mocha instance exists.
// So each suite file is listed below as a dynamic `import()` of a literal path: esbuild still bundles it (no file is
// read at run time), but wraps it so that its top level runs only when the import is awaited. `loadSuite` does what
// mocha's own loadFiles does around each file: `pre-require` (globals bound to this mocha instance), the import,
// `require`, `post-require`. To add a suite, add one line to `suiteFiles` (the host stage: one folder, the sample
// repository) or to `multiRootSuiteFiles` (the multi stage: a multi-root workspace of three repositories).
import Mocha from 'mocha';
import { format } from 'node:util';

const suiteFiles: readonly (readonly [name: string, load: () => Promise<unknown>])[] = [
  ['smoke.test.ts', () => import('./smoke.test.js')],
  ['findings.test.ts', () => import('./findings.test.js')],
  ['commands.test.ts', () => import('./commands.test.js')],
  ['local.test.ts', () => import('./local.test.js')],
  ['view.test.ts', () => import('./view.test.js')],
  ['settings.test.ts', () => import('./settings.test.js')],
  ['triage.test.ts', () => import('./triage.test.js')],
  ['statusBarWalkthrough.test.ts', () => import('./statusBarWalkthrough.test.js')],
  ['quickFixes.test.ts', () => import('./quickFixes.test.js')],
];

const multiRootSuiteFiles: readonly (readonly [name: string, load: () => Promise<unknown>])[] = [
  ['multiRoot.test.ts', () => import('./multiRoot.test.js')],
  ['quickFixesMultiRoot.test.ts', () => import('./quickFixesMultiRoot.test.js')],
  // Last: it changes the fake GitHubs' tokens and the folders' order of discovery.
  ['apiHosts.test.ts', () => import('./apiHosts.test.js')],
];

async function loadSuite(mocha: Mocha, name: string, load: () => Promise<unknown>): Promise<void> {
  mocha.suite.emit('pre-require', globalThis, name, mocha);
  const loaded = await load();
  mocha.suite.emit('require', loaded, name, mocha);
  mocha.suite.emit('post-require', globalThis, name, mocha);
}

/**
 * When FLAKELENS_MOCHA_PREFIX is set (runVscodeTests.ts sets it), each line of mocha's report starts with it: in the
 * web workbench the report reaches the runner mixed with the workbench's own log and the extension's console output,
 * and the prefix is how the runner picks the report out. Elsewhere (@vscode/test-electron) the report is unchanged.
 */
function prefixReport(): void {
  const prefix = process.env.FLAKELENS_MOCHA_PREFIX;
  if (!prefix) return;
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(prefix + format(...args));
}

export async function run(): Promise<void> {
  prefixReport();
  // Stack traces through the bundle's source map, so failures name test/vscode/suite/*.ts lines.
  process.setSourceMapsEnabled?.(true);
  // Colours off: the report travels through the workbench's log to the runner's stdout as plain lines.
  // No mocha diff: node:assert's messages already carry one.
  const mocha = new Mocha({ ui: 'tdd', color: false, diff: false, timeout: 60_000, reporter: 'spec' });
  // FLAKELENS_TEST_GREP (given to the VS Code server) runs only the tests whose full title matches.
  const grep = process.env.FLAKELENS_TEST_GREP;
  if (grep) mocha.grep(grep);
  // FLAKELENS_TEST_STAGE (set by runVscodeTests.ts) picks the suites written for the stage's workspace.
  const suites = process.env.FLAKELENS_TEST_STAGE === 'multi' ? multiRootSuiteFiles : suiteFiles;
  for (const [name, load] of suites) await loadSuite(mocha, name, load);
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed.`);
}
