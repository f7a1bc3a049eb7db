// Writes the GitHub-format fixtures (`github-*.log`) from the raw runner outputs beside them, the way GitHub's
// runner stores a job log: a BOM, a timestamp on every line, `##[group]Run ...` per step, the runner's own lines
// around the steps, `##[error]Process completed with exit code N.` Run it after changing a raw fixture:
//   node --import tsx test/unit/logs/generateGithubLogs.ts

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'logs');
const START = Date.UTC(2024, 4, 1, 10, 11, 12);

interface Step {
  readonly command: string;
  readonly env?: Record<string, string>;
  readonly output: string;
  readonly exitCode: number;
}

function raw(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** Lines of a job log without timestamps. */
function jobLines(repository: string, steps: readonly Step[]): string[] {
  const lines = [
    "Current runner version: '2.316.0'",
    '##[group]Operating System',
    'Ubuntu',
    '22.04.4',
    'LTS',
    '##[endgroup]',
    '##[group]Runner Image',
    'Image: ubuntu-22.04',
    'Version: 20240422.1.0',
    '##[endgroup]',
    'Secret source: Actions',
    'Prepare workflow directory',
    'Prepare all required actions',
    'Getting action download info',
    "Download action repository 'actions/checkout@v4' (SHA:0ad4b8fadaa221de15dcec353f45205ec38ea70b)",
    'Complete job name: Test Linux x86_64',
    '##[group]Run actions/checkout@v4',
    'with:',
    `  repository: ${repository}`,
    '  fetch-depth: 1',
    '##[endgroup]',
    `Syncing repository: ${repository}`,
    '[command]/usr/bin/git version',
    'git version 2.43.2',
  ];
  for (const step of steps) {
    lines.push(`##[group]Run ${step.command}`, `\u001b[36;1m${step.command}\u001b[0m`, 'shell: /usr/bin/bash -e {0}');
    if (step.env) {
      lines.push('env:');
      for (const [key, value] of Object.entries(step.env)) lines.push(`  ${key}: ${value}`);
    }
    lines.push('##[endgroup]');
    lines.push(...step.output.replace(/\n$/, '').split('\n'));
    if (step.exitCode !== 0) lines.push(`##[error]Process completed with exit code ${step.exitCode}.`);
  }
  lines.push('Post job cleanup.', '[command]/usr/bin/git version', 'git version 2.43.2', 'Cleaning up orphan processes');
  return lines;
}

function timestamped(lines: readonly string[], newline: string): string {
  const stamped = lines.map((line, i) => {
    const ms = START + i * 37;
    const iso = new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_m, frac: string) => `.${frac}${String(i % 10000).padStart(4, '0')}Z`);
    return `${iso} ${line}`;
  });
  return '\ufeff' + stamped.join(newline) + newline;
}

const cargo = jobLines('acme/ticker', [
  {
    command: 'cargo test --no-fail-fast -- --color always',
    env: { CARGO_TERM_COLOR: 'always' },
    output: raw('libtest-color.txt'),
    exitCode: 101,
  },
]);
writeFileSync(join(FIXTURES, 'github-cargo.log'), timestamped(cargo, '\n'));
writeFileSync(join(FIXTURES, 'github-cargo-crlf.log'), timestamped(cargo, '\r\n'));

const go = jobLines('acme/poller', [{ command: 'go test -v ./...', output: raw('gotest-v.txt'), exitCode: 1 }]);
writeFileSync(join(FIXTURES, 'github-go.log'), timestamped(go, '\n'));

const mixed = jobLines('acme/mixed', [
  { command: 'cargo test', output: raw('libtest-fail-fast.txt'), exitCode: 101 },
  { command: 'go test ./...', output: raw('gotest-plain.txt'), exitCode: 1 },
]);
writeFileSync(join(FIXTURES, 'github-mixed.log'), timestamped(mixed, '\n'));
