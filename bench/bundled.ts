// Runs a benchmark as the extension ships its code: bundled and minified by esbuild with the extension's options
// (esbuild.mjs), in a child process of its own, so the figures are those of the .vsix and not of tsx's on-the-fly
// transpilation (which wraps every named function and keeps names).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

export interface BundledFigure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

/** Bundles `bench/<name>.ts`, runs it with FLAKELENS_BENCH_MAIN=<name>, and returns the figures it prints as JSON. */
export function runBundled(name: string): BundledFigure[] {
  const dir = mkdtempSync(join(tmpdir(), 'flakelens-bench-'));
  try {
    const outfile = join(dir, `${name}.js`);
    buildSync({ entryPoints: [join(__dirname, `${name}.ts`)], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true, logLevel: 'warning' });
    const output = execFileSync(process.execPath, [outfile], { env: { ...process.env, FLAKELENS_BENCH_MAIN: name }, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    const last = output.trim().split('\n').pop() ?? '[]';
    return JSON.parse(last) as BundledFigure[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
