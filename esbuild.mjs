// Bundles the extension, the CLI and the extension-host test suite with esbuild.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
};

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], minify: true },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', minify: true, banner: { js: '#!/usr/bin/env node' } },
  // The extension-host tests: mocha stays external so it is loaded from node_modules inside VS Code.
  {
    ...common,
    entryPoints: ['test/vscode/suite/index.ts'],
    outfile: 'out/test/suite/index.js',
    external: ['vscode', 'mocha'],
    minify: false,
  },
];

if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
