// The command line as a shell sees it, apart from any GitHub: a reader that closes the pipe early, help, and
// arguments that cannot work.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cli, CLI, ROOT } from '../support/cli';
import { scratchDir } from '../support/scratchDir';

/** A saved libtest log of `count` passing tests: its JSON outcomes are far more than a pipe holds. */
function bigLog(count: number): string {
  const file = join(scratchDir('cli-pipe'), 'libtest.txt');
  const lines = ['running tests', ...Array.from({ length: count }, (_, i) => `test mod_${i}::test_${i} ... ok`), '', `test result: ok. ${count} passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.10s`, ''];
  writeFileSync(file, lines.join('\n'));
  return file;
}

test('a reader that closes the pipe early (| head) ends the command quietly, with its own exit code (it was an EPIPE stack trace)', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'parse', bigLog(20_000), '--format', 'json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  // The first bytes arrive, then the reader goes away, as `head -c 1` does.
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  child.stdout.destroy();
  const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
  assert.equal(stderr, '');
  assert.equal(code, 0);
});

test('parse reads saved report files (JUnit XML, TRX) by their content, beside job logs (it found no outcome in them)', async () => {
  const reports = join(ROOT, 'test', 'fixtures', 'reports');
  const { code, stdout, stderr } = await cli(['parse', join(reports, 'pytest-flakyfailure.xml'), join(reports, 'trx-data-driven.trx'), join(ROOT, 'test', 'fixtures', 'logs', 'nextest.txt'), '--format', 'json']);
  assert.equal(code, 0, stderr);
  const files = (JSON.parse(stdout) as { files: { format: string; framework: string; outcomes: { id: string; outcome: string; attempt: number }[] }[] }).files;
  assert.deepEqual(
    files.map((f) => [f.format, f.framework, f.outcomes.length]),
    [
      ['junit', 'pytest', 2],
      ['trx', 'dotnet', 4],
      ['log', 'nextest', 7],
    ],
  );
  assert.deepEqual(files[0]?.outcomes[0], { ...files[0]?.outcomes[0], id: 'tests/test_random.py::test_random', outcome: 'flaky', attempt: 3 });
});

test('parse tells a report’s problems beside what it read', async () => {
  const file = join(scratchDir('cli-parse'), 'junit.xml');
  writeFileSync(file, `<testsuites><testsuite name="s"><testcase classname="a.B" name="kept"/>${'<x>'.repeat(5000)}`);
  const { code, stdout } = await cli(['parse', file]);
  assert.equal(code, 0);
  assert.match(stdout, /\(junit\): 1 outcomes\n {2}note: The JUnit XML report nests elements more than 1000 deep/);
});

test('--help after a command prints the usage on stdout and exits 0 (it was an unknown option, exit 2)', async () => {
  for (const args of [['scan', '--help'], ['triage', '-h'], ['parse', 'x.log', '--help']]) {
    const { code, stdout, stderr } = await cli(args);
    assert.equal(code, 0, `${args.join(' ')}: ${stderr}`);
    assert.equal(stderr, '');
    assert.match(stdout, /^Usage:\n {2}flakelens scan --repo OWNER\/NAME/);
    assert.match(stdout, /flakelens triage --repo OWNER\/NAME/);
  }
});

test('--version prints the package version', async () => {
  const { code, stdout } = await cli(['--version']);
  assert.equal(code, 0);
  assert.match(stdout, /^flakelens \d+\.\d+\.\d+\n$/);
});

test('an API URL that is no http(s) URL is a usage error before any request (it was "GitHub answered with an error (500)")', async () => {
  for (const command of [['scan', '--repo', 'acme/sample'], ['triage', '--repo', 'acme/sample', '--branch', 'main']]) {
    for (const [url, reason] of [
      ['not-a-url', /--api-url must be an http\(s\) URL such as https:\/\/api\.github\.com or https:\/\/HOST\/api\/v3, got "not-a-url"/],
      ['ftp://127.0.0.1:1', /--api-url must be an http\(s\) URL/],
      ['', /--api-url must be an http\(s\) URL/],
      ['https://x:ghp_secret@127.0.0.1:1', /--api-url must not hold a user name or password/],
    ] as const) {
      const { code, stdout, stderr } = await cli([...command, '--api-url', url, '--cache-dir', scratchDir('cli-url')]);
      assert.equal(code, 2, `${command[0]} --api-url ${url}: ${stderr}`);
      assert.equal(stdout, '');
      assert.match(stderr, reason);
      assert.equal(stderr.trim().split('\n').length, 1);
      assert.ok(!stderr.includes('ghp_secret'));
    }
  }
  const { code, stderr } = await cli(['scan', '--repo', 'acme/sample', '--cache-dir', scratchDir('cli-url')], { GITHUB_API_URL: 'bogus' });
  assert.equal(code, 2);
  assert.match(stderr, /GITHUB_API_URL must be an http\(s\) URL/);
});

test('a --workspace that is missing or no folder is an error before any request (it gave no locations, or no tests, and exit 0)', async () => {
  const missing = join(scratchDir('cli-workspace'), 'missing');
  const file = join(scratchDir('cli-workspace'), 'file.txt');
  writeFileSync(file, 'not a folder');
  const cache = ['--cache-dir', scratchDir('cli-workspace')];
  for (const command of [['locate'], ['scan', '--repo', 'acme/sample', '--api-url', 'http://127.0.0.1:1', ...cache], ['triage', '--repo', 'acme/sample', '--branch', 'main', '--api-url', 'http://127.0.0.1:1', ...cache]]) {
    for (const [dir, reason] of [
      [missing, /cannot read --workspace .*missing: ENOENT/],
      [file, /--workspace .*file\.txt is not a folder/],
    ] as const) {
      const { code, stdout, stderr } = await cli([...command, '--workspace', dir]);
      assert.equal(code, 2, `${command[0]}: ${stderr}`);
      assert.equal(stdout, '');
      assert.match(stderr, reason);
      assert.equal(stderr.trim().split('\n').length, 1);
    }
  }
});

test('an option missing its value says what to do on one line, with the pointer to --help (both were cut off)', async () => {
  for (const args of [['scan', '--repo', 'acme/sample', '--api-url', '--days', '3'], ['triage', '--repo', 'acme/sample', '--run', '-5']]) {
    const { code, stderr } = await cli(args);
    assert.equal(code, 2);
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
    assert.match(stderr, /^flakelens: Option '--(api-url|run)' argument is ambiguous\. Did you forget to specify the option argument for '--\1'\? .* \(see flakelens --help\)\n$/);
  }
});

test('a --days past any date is a usage error (it failed as "Flakelens failed… Please report this"), as is a run id past exact integers', async () => {
  for (const [args, reason] of [
    [['scan', '--repo', 'acme/sample', '--days', '999999999'], /^flakelens: --days must be at most 100000, got 999999999 \(see flakelens --help\)\n$/],
    [['triage', '--repo', 'acme/sample', '--branch', 'main', '--days', '999999999'], /^flakelens: --days must be at most 100000, got 999999999/],
    [['triage', '--repo', 'acme/sample', '--run', '99999999999999999999'], /^flakelens: --run needs a positive whole number, got "99999999999999999999"/],
  ] as const) {
    const { code, stdout, stderr } = await cli([...args, '--api-url', 'http://127.0.0.1:1', '--cache-dir', scratchDir('cli-days')]);
    assert.equal(code, 2, stderr);
    assert.equal(stdout, '');
    assert.match(stderr, reason);
  }
});
