// Scratch folders for tests and benchmarks: made under the system's temporary folder and removed when the process
// exits (each test file runs in a process of its own), so that thousands of runs leave nothing behind.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

process.once('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A new empty folder named `flakelens-<purpose>-XXXXXX`, removed when the process exits. */
export function scratchDir(purpose: string): string {
  const dir = mkdtempSync(join(tmpdir(), `flakelens-${purpose}-`));
  made.push(dir);
  return dir;
}
