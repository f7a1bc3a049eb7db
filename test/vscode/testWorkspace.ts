// Builds the workspace a VS Code test opens: a copy of demo/sample-repo made into a git repository whose `origin`
// is a GitHub repository (the extension reads the repository from the git remotes), with Flakelens pointed at the
// fake GitHub server; and the user settings that keep the workbench quiet and trusting in tests.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RunnerTruth } from '../fakeGithub/otherRunners';
import type { ScenarioTruth } from '../fakeGithub/scenarios';
import { projectRoot } from './offlineTools';

export const sampleRepoDir = path.join(projectRoot, 'demo', 'sample-repo');
export const sampleRemote = 'https://github.com/acme/sample.git';
/** The GitHub Enterprise Server host of the multi stage's shop-api folder (`.test`: a name that never resolves). */
export const ENTERPRISE_HOST = 'ghe.flakelens.test';

export interface TestWorkspaceOptions {
  /** The folder the workspace is made in (`<parentDir>/sample`). */
  readonly parentDir: string;
  /** The fake GitHub server's API base URL. */
  readonly apiUrl: string;
  readonly sourceDir?: string;
  /** The folder's name (default `sample`). */
  readonly name?: string;
  /** The `origin` remote (default {@link sampleRemote}). */
  readonly remote?: string;
  /** More workspace settings, merged over the defaults. */
  readonly settings?: Readonly<Record<string, unknown>>;
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function createTestWorkspace(options: TestWorkspaceOptions): string {
  const source = options.sourceDir ?? sampleRepoDir;
  if (!existsSync(source)) throw new Error(`The sample repository ${source} is missing.`);
  const folder = path.join(options.parentDir, options.name ?? 'sample');
  cpSync(source, folder, { recursive: true });
  mkdirSync(path.join(folder, '.vscode'), { recursive: true });
  writeFileSync(
    path.join(folder, '.vscode', 'settings.json'),
    JSON.stringify(
      // No flakelens.apiUrl here: it is a machine setting, which a workspace cannot set (the user settings have it).
      { 'security.workspace.trust.enabled': false, ...options.settings },
      null,
      2,
    ),
  );
  // A real repository with one commit, so HEAD, the branch and the remote are all there as in a user's clone.
  git(folder, 'init', '-q', '-b', 'main');
  git(folder, 'remote', 'add', 'origin', options.remote ?? sampleRemote);
  git(folder, 'add', '-A');
  git(folder, '-c', 'user.name=Flakelens Tests', '-c', 'user.email=tests@flakelens.invalid', 'commit', '-q', '-m', 'sample');
  return folder;
}

/**
 * User settings (`<user-data>/User/settings.json`). Workspace trust is an application setting, so only the user
 * settings can turn it off; the rest keeps first-run UI (welcome page, tips, chat, update checks) out of the way.
 * `flakelens.apiUrl` is here too, in case the extension scopes it to the machine (a workspace must not be able to
 * send the user's token elsewhere): then only this copy counts. Without `apiUrl` each folder's API comes from its
 * remote's host (api.github.com, or a GitHub Enterprise Server that `github-enterprise.uri` names).
 */
export function testUserSettings(apiUrl?: string): Record<string, unknown> {
  return {
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'git.openRepositoryInParentFolders': 'never',
    ...(apiUrl ? { 'flakelens.apiUrl': apiUrl } : {}),
  };
}

/**
 * A multi-root workspace file (`<parentDir>/<name>.code-workspace`) listing the folders, with workspace settings
 * (folders' own `.vscode/settings.json` still apply to each folder).
 */
export function createWorkspaceFile(parentDir: string, name: string, folders: readonly string[], settings: Readonly<Record<string, unknown>> = {}): string {
  const file = path.join(parentDir, `${name}.code-workspace`);
  writeFileSync(file, JSON.stringify({ folders: folders.map((folder) => ({ path: path.relative(parentDir, folder) })), settings }, null, 2));
  return file;
}

/** The truth the multi stage writes: each folder's repository history. */
export interface MultiRootTruth {
  /** `sample`: acme/sample (Rust and Go). */
  readonly sample: ScenarioTruth;
  /** `shop-web`: acme/shop-web (jest). */
  readonly web: RunnerTruth;
  /** `shop-api`: acme/shop-api (pytest), on the GitHub Enterprise Server {@link ENTERPRISE_HOST}. */
  readonly api: RunnerTruth;
}
