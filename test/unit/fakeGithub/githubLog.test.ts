// The job logs the fake GitHub serves read like GitHub's: timestamped lines, step groups, cargo's and go test's
// real output formats, and Windows paths where the tools print them.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderJobLog } from '../../fakeGithub/githubLog';
import { jobConclusion, stepTimeline } from '../../fakeGithub/jobPlan';
import { DEFAULT_JOBS, sampleJobPlan, sampleTestKey, SAMPLE_TESTS, type FailureCause, type SampleJob } from '../../fakeGithub/sampleRepo';

const linux = DEFAULT_JOBS[0] as SampleJob;
const windows = DEFAULT_JOBS[1] as SampleJob;

function failing(...ids: string[]): Map<string, FailureCause> {
  return new Map(
    ids.map((id) => {
      const test = SAMPLE_TESTS.find((t) => t.id === id);
      assert.ok(test, id);
      return [sampleTestKey(test), { kind: 'own' } as const];
    }),
  );
}

function plan(job: SampleJob, failures: Map<string, FailureCause> = new Map(), options: { noFailFast?: boolean; color?: boolean; installFails?: boolean } = {}) {
  return sampleJobPlan({
    job,
    repository: 'acme/sample',
    sha: '0123456789abcdef0123456789abcdef01234567',
    branch: 'main',
    startedAt: '2026-11-01T10:11:12Z',
    seed: 1,
    noFailFast: options.noFailFast ?? true,
    color: options.color ?? false,
    outcomes: { failures, ...(options.installFails ? { installFails: true } : {}) },
  });
}

/** The log's lines without their timestamps. */
function text(log: string): string[] {
  return log
    .replace(/^\ufeff/, '')
    .trimEnd()
    .split('\n')
    .map((line) => line.slice(29));
}

describe('a job log', () => {
  const log = renderJobLog(plan(linux, failing('tls::tls_sample_application')));

  it('starts with a byte order mark, and can leave it out', () => {
    assert.ok(log.startsWith('\ufeff2026-11-01T10:11:1'));
    assert.ok(!renderJobLog(plan(linux), { bom: false }).startsWith('\ufeff'));
  });

  it('prefixes every line with a UTC timestamp with seven fractional digits', () => {
    for (const line of log.replace(/^\ufeff/, '').trimEnd().split('\n')) assert.match(line, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z /);
  });

  it('never goes back in time', () => {
    const stamps = log
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\n')
      .map((line) => line.slice(0, 28));
    assert.deepEqual(stamps, [...stamps].sort());
  });

  it('opens each run step with its group, command, shell and env', () => {
    const lines = text(log);
    const start = lines.indexOf('##[group]Run cargo test --workspace --no-fail-fast');
    assert.deepEqual(lines.slice(start, start + 6), [
      '##[group]Run cargo test --workspace --no-fail-fast',
      'cargo test --workspace --no-fail-fast',
      'shell: /usr/bin/bash -e {0}',
      'env:',
      '  CARGO_TERM_COLOR: always',
      '##[endgroup]',
    ]);
  });

  it('ends a failed step with the exit code error', () => {
    const lines = text(log);
    const error = lines.indexOf('##[error]Process completed with exit code 101.');
    assert.ok(error > lines.indexOf('##[group]Run cargo test --workspace --no-fail-fast'));
    assert.ok(error < lines.indexOf('##[group]Run go test -v ./...'));
  });

  it('prints libtest output as cargo does, binary by binary', () => {
    const lines = text(log);
    assert.ok(lines.some((l) => /^ {5}Running unittests src\/lib\.rs \(target\/debug\/deps\/sample-[0-9a-f]{16}\)$/.test(l)));
    assert.ok(lines.some((l) => /^ {5}Running tests\/all\/main\.rs \(target\/debug\/deps\/all-[0-9a-f]{16}\)$/.test(l)));
    assert.ok(lines.includes('   Doc-tests sample'));
    assert.ok(lines.includes('test tls::tls_sample_application ... FAILED'));
    assert.ok(lines.includes('---- tls::tls_sample_application stdout ----'));
    assert.ok(lines.some((l) => /^test result: FAILED\. 4 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in \d+\.\d\ds$/.test(l)));
    assert.ok(lines.some((l) => /^test result: ok\. 9 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in \d+\.\d\ds$/.test(l)));
    assert.ok(lines.includes('error: test failed, to rerun pass `--test all`'));
    assert.deepEqual(lines.slice(lines.indexOf('error: 1 target failed:'), lines.indexOf('error: 1 target failed:') + 2), ['error: 1 target failed:', '    `--test all`']);
  });

  it('quotes the guest panic and the error chain of the TLS failure', () => {
    const lines = text(log);
    assert.ok(lines.some((l) => /^thread 'tls_client' \(\d+\) panicked at tests\/all\/\.\.\/guest\/tls_client\.rs:(9:60|11:113):$/.test(l)));
    assert.ok(lines.some((l) => /^thread 'tls::tls_sample_application' \(\d+\) panicked at tests\/all\/tls\.rs:8:71:$/.test(l)));
    assert.ok(lines.includes('    0: wasm trap: wasm `unreachable` instruction executed'));
    const cause = /^ {4}1: called `Result::unwrap\(\)` on an `Err` value: ("tls handshake with example\.com: .+"|Custom \{ kind: Uncategorized, error: "failed to lookup address information: .+" \}|Os \{ code: \d+, kind: \w+, message: ".+" \})$/;
    assert.ok(lines.some((l) => cause.test(l)));
    assert.equal(lines.filter((l) => l.startsWith('note: run with `RUST_BACKTRACE=1`')).length, 1);
  });

  it('prints go test -v output with nested results and package lines', () => {
    const goLog = text(renderJobLog(plan(windows, failing('TestPoll/timeout'))));
    const run = goLog.indexOf('=== RUN   TestPoll');
    assert.deepEqual(goLog.slice(run, run + 7).map((l) => l.replace(/after [\d.]+ms/, 'after Nms')), [
      '=== RUN   TestPoll',
      '=== RUN   TestPoll/ready',
      '=== RUN   TestPoll/timeout',
      '    poll_test.go:29: poll returned after Nms, expected at least 50ms',
      '--- FAIL: TestPoll (0.05s)',
      '    --- PASS: TestPoll/ready (0.00s)',
      '    --- FAIL: TestPoll/timeout (0.05s)',
    ]);
    assert.ok(goLog.includes('?   \tgithub.com/acme/sample/cmd/sample\t[no test files]'));
    assert.ok(goLog.some((l) => /^ok {2}\tgithub\.com\/acme\/sample\/internal\/pathutil\t\d\.\d{3}s$/.test(l)));
    assert.ok(goLog.some((l) => /^FAIL\tgithub\.com\/acme\/sample\/sysfs\t\d\.\d{3}s$/.test(l)));
    assert.ok(goLog.includes('=== PAUSE TestReadDirNames/empty'));
    assert.ok(goLog.includes('=== CONT  TestReadDirNames/empty'));
    assert.ok(goLog.includes('##[error]Process completed with exit code 1.'));
    assert.ok(goLog.includes('--- PASS: TestLongPath (0.00s)'));
  });

  it('writes Windows paths where cargo and rustdoc do', () => {
    const lines = text(renderJobLog(plan(windows)));
    assert.ok(lines.some((l) => /^ {5}Running unittests src\\lib\.rs \(target\\debug\\deps\\sample-[0-9a-f]{16}\.exe\)$/.test(l)));
    assert.ok(lines.some((l) => /^ {5}Running tests\\all\\main\.rs \(target\\debug\\deps\\all-[0-9a-f]{16}\.exe\)$/.test(l)));
    assert.ok(lines.includes('test src\\duration.rs - duration::parse_duration (line 7) ... ok'));
    assert.ok(lines.includes(`shell: C:\\Program Files\\PowerShell\\7\\pwsh.EXE -command ". '{0}'"`));
  });

  it('colours cargo status words when CARGO_TERM_COLOR is always', () => {
    const lines = text(renderJobLog(plan(linux, failing('config::tests::parses_default_path'), { color: true })));
    assert.ok(lines.some((l) => l.startsWith('\u001b[1m\u001b[92m   Compiling\u001b[0m sample v0.4.0 (/home/runner/work/sample/sample)')));
    assert.ok(lines.includes('\u001b[1m\u001b[91merror\u001b[0m: test failed, to rerun pass `--lib`'));
    assert.ok(lines.includes('test config::tests::parses_default_path ... FAILED'));
  });
});

describe('cargo without --no-fail-fast', () => {
  const p = plan(linux, failing('config::tests::parses_default_path', 'tls::tls_sample_application'), { noFailFast: false });
  const lines = text(renderJobLog(p));

  it('stops after the first failing test binary', () => {
    assert.ok(lines.includes('error: test failed, to rerun pass `--lib`'));
    assert.ok(!lines.some((l) => l.includes('tests/all/main.rs')));
    assert.ok(!lines.includes('   Doc-tests sample'));
    assert.ok(!lines.some((l) => l.includes('target failed') || l.includes('targets failed')));
  });

  it('names the step after the command', () => {
    assert.ok(p.steps.some((s) => s.name === 'Run cargo test --workspace'));
  });
});

describe('step results', () => {
  it('skips the steps after a failed one unless they always run', () => {
    const p = plan(linux, new Map(), { installFails: true });
    const results = Object.fromEntries(stepTimeline(p).map((t) => [t.step.name, t.conclusion]));
    assert.deepEqual(results, {
      'Set up job': 'success',
      'Run actions/checkout@v4': 'success',
      'Install Rust': 'failure',
      'Run cargo test --workspace --no-fail-fast': 'skipped',
      'Run go test -v ./...': 'success',
      'Post Run actions/checkout@v4': 'success',
      'Complete job': 'success',
    });
    assert.equal(jobConclusion(p), 'failure');
    const lines = text(renderJobLog(p));
    assert.ok(!lines.includes('##[group]Run cargo test --workspace --no-fail-fast'));
    assert.ok(lines.some((l) => l.startsWith('error: could not download file from')));
  });

  it('passes a job whose tests all pass', () => {
    assert.equal(jobConclusion(plan(linux)), 'success');
    assert.ok(!renderJobLog(plan(linux)).includes('##[error]'));
  });
});
