// Runs the flakelens CLI from its TypeScript source in a child process, as a user's shell would.
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const ROOT = resolve(__dirname, '..', '..', '..');
export const CLI = join(ROOT, 'src', 'cli', 'main.ts');
export const SAMPLE = join(ROOT, 'demo', 'sample-repo');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `flakelens ARGS…` with no token in the environment unless `env` gives one. */
export async function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, GITHUB_TOKEN: '', GH_TOKEN: '', ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
