// Starts and stops VS Code's own server (code-server's copy of VS Code, run through server-main.js with Node 24),
// the way shared/VSCODE-OFFLINE.md says: its own process group, its own short TMPDIR, the smoke-test driver on,
// and every data folder under one temp folder per run.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { offlineTools } from './offlineTools';
import { withDeadline } from './waitFor';

export interface VscodeServerOptions {
  /** A temp folder of this run; the server's data, user data, extensions and TMPDIR go under it. Keep it short. */
  readonly runDir: string;
  /** Extra environment for the server and so for the extension host (for example GITHUB_TOKEN). */
  readonly env?: Readonly<Record<string, string>>;
  /** Written to `<runDir>/user/User/settings.json` (the user settings the workbench honours). */
  readonly userSettings?: Readonly<Record<string, unknown>>;
  /** Defaults to `<runDir>/extensions`. */
  readonly extensionsDir?: string;
  /** A .vsix installed into the extensions folder before the server starts. */
  readonly installVsix?: string;
  /** More server arguments, for example `['--log', 'trace']`. */
  readonly extraArgs?: readonly string[];
  /** How long to wait for `Extension host agent listening on PORT`. */
  readonly startTimeoutMs?: number;
}

export interface VscodeServer {
  readonly port: number;
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly runDir: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** Where the server's stdout and stderr are written. */
  readonly logFile: string;
  /** A path on this machine as the workbench addresses it (`vscode-remote://127.0.0.1:PORT/abs/path`). */
  remoteUri(absolutePath: string): string;
  /** Everything the server printed so far. */
  output(): string;
  /** Stops the server's whole process group (extension host, file watcher and pty host included). */
  stop(): Promise<void>;
}

/** Processes still running, killed synchronously if the runner exits without stopping them. */
const liveGroups = new Set<number>();
process.on('exit', () => {
  for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
});

function killGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: nothing left in the group
  }
}

/** Never passed on from the runner's environment: a developer's real GitHub token must not reach a test. */
const withheld = new Set(['GITHUB_TOKEN', 'GH_TOKEN', 'GH_ENTERPRISE_TOKEN', 'GITHUB_ENTERPRISE_TOKEN', 'NODE_OPTIONS', 'ELECTRON_RUN_AS_NODE']);

/**
 * The environment the server gets: ours, less any GitHub token, a parent VS Code's variables and our TypeScript
 * loader, plus `extra` (which may set a token on purpose).
 */
function serverEnvironment(tmpDir: string, extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('VSCODE_') || withheld.has(key)) continue;
    env[key] = value;
  }
  return { ...env, TMPDIR: tmpDir, ...extra };
}

function serverFolders(options: VscodeServerOptions) {
  const folders = {
    server: path.join(options.runDir, 'server'),
    user: path.join(options.runDir, 'user'),
    extensions: options.extensionsDir ?? path.join(options.runDir, 'extensions'),
    tmp: path.join(options.runDir, 'tmp'),
  };
  for (const folder of Object.values(folders)) mkdirSync(folder, { recursive: true });
  return folders;
}

interface Exited {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

function startProcess(args: string[], env: NodeJS.ProcessEnv, logFile: string) {
  const child = spawn(offlineTools.node24, [offlineTools.serverMain, ...args], {
    env,
    detached: true, // its own process group, so stop() reaches the extension host and the other children too
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`Could not start ${offlineTools.node24} ${offlineTools.serverMain}`);
  liveGroups.add(pid);
  const log = createWriteStream(logFile);
  let output = '';
  const listeners = new Set<(text: string) => void>();
  const onData = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output += text;
    log.write(text);
    for (const listener of listeners) listener(output);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<Exited>((resolve) => {
    child.on('exit', (code, signal) => {
      log.end();
      resolve({ code, signal });
    });
  });
  const spawnError = new Promise<never>((_, reject) => child.on('error', reject));
  return { child, pid, exited, spawnError, output: () => output, listeners };
}

/** Installs a .vsix into an extensions folder with the server's own `--install-extension`. */
export async function installExtension(
  vsixPath: string,
  options: { runDir: string; extensionsDir: string; timeoutMs?: number },
): Promise<string> {
  const folders = serverFolders({ runDir: options.runDir, extensionsDir: options.extensionsDir });
  const run = startProcess(
    [
      '--accept-server-license-terms',
      '--disable-telemetry',
      '--server-data-dir', folders.server,
      '--user-data-dir', folders.user,
      '--extensions-dir', folders.extensions,
      '--install-extension', vsixPath,
      '--force',
    ],
    serverEnvironment(folders.tmp, {}),
    path.join(options.runDir, 'install-extension.log'),
  );
  try {
    const { code, signal } = await withDeadline(
      Promise.race([run.exited, run.spawnError]),
      options.timeoutMs ?? 60_000,
      () => `Installing ${vsixPath} did not finish in time. Output:\n${run.output()}`,
    );
    if (code !== 0) {
      throw new Error(`Installing ${vsixPath} failed (exit ${code ?? signal}). Output:\n${run.output()}`);
    }
    return run.output();
  } finally {
    killGroup(run.pid, 'SIGKILL');
    liveGroups.delete(run.pid);
  }
}

export async function startVscodeServer(options: VscodeServerOptions): Promise<VscodeServer> {
  const folders = serverFolders(options);
  if (options.userSettings) {
    const userDir = path.join(folders.user, 'User');
    mkdirSync(userDir, { recursive: true });
    writeFileSync(path.join(userDir, 'settings.json'), JSON.stringify(options.userSettings, null, 2));
    // Machine-scoped settings (flakelens.apiUrl) are read by a remote extension host from the server's own
    // machine settings, not from the user's: the same values go there.
    // (This server keeps them beside the user settings, in `<user-data>/Machine`.)
    const machineDir = path.join(folders.user, 'Machine');
    mkdirSync(machineDir, { recursive: true });
    writeFileSync(path.join(machineDir, 'settings.json'), JSON.stringify(options.userSettings, null, 2));
  }
  if (options.installVsix) {
    await installExtension(options.installVsix, { runDir: options.runDir, extensionsDir: folders.extensions });
  }

  const logFile = path.join(options.runDir, 'server.log');
  const run = startProcess(
    [
      '--host', '127.0.0.1',
      '--port', '0',
      '--without-connection-token',
      '--accept-server-license-terms',
      '--disable-telemetry',
      // Without it a built workbench ignores extensionDevelopmentPath and extensionTestsPath.
      '--enable-smoke-test-driver',
      '--server-data-dir', folders.server,
      '--user-data-dir', folders.user,
      '--extensions-dir', folders.extensions,
      ...(options.extraArgs ?? []),
    ],
    serverEnvironment(folders.tmp, options.env ?? {}),
    logFile,
  );

  const stop = async (): Promise<void> => {
    if (!liveGroups.has(run.pid)) return;
    killGroup(run.pid, 'SIGTERM');
    try {
      await withDeadline(run.exited, 10_000, () => 'server did not stop');
    } catch {
      // It did not stop on SIGTERM in time: SIGKILL below.
    }
    // The main process may be gone while its children (extension host, watcher) are not: end the group.
    killGroup(run.pid, 'SIGKILL');
    liveGroups.delete(run.pid);
  };

  const listening = new Promise<number>((resolve) => {
    const check = (text: string) => {
      const match = /Extension host agent listening on (\d+)/.exec(text);
      if (match) resolve(Number(match[1]));
    };
    run.listeners.add(check);
    check(run.output());
  });
  const exitedEarly = run.exited.then(({ code, signal }) => {
    throw new Error(`VS Code server exited (${code ?? signal}) before listening. Output:\n${run.output()}`);
  });

  let port: number;
  try {
    port = await withDeadline(
      Promise.race([listening, exitedEarly, run.spawnError]),
      options.startTimeoutMs ?? 60_000,
      () => `VS Code server printed no "Extension host agent listening on PORT" in time. Output:\n${run.output()}`,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  exitedEarly.catch(() => undefined); // after a successful start, an exit is seen by whoever uses the server

  const url = `http://127.0.0.1:${port}`;
  return {
    port,
    url,
    runDir: options.runDir,
    userDataDir: folders.user,
    extensionsDir: folders.extensions,
    logFile,
    remoteUri: (absolutePath) => `vscode-remote://127.0.0.1:${port}${absolutePath.split(path.sep).map(encodeURIComponent).join('/')}`,
    output: run.output,
    stop,
  };
}
