// The fake CI's catalog of the sample repository agrees with demo/sample-repo: every declared line is where the
// test is, and every location a rendered failure points at is the code that fails.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CARGO_COMMAND_NO_FAIL_FAST, DEFAULT_JOBS, GO_COMMAND, RUSTUP_COMMAND, SAMPLE_TESTS } from '../../fakeGithub/sampleRepo';

const repoRoot = path.join(__dirname, '..', '..', '..', 'demo', 'sample-repo');

function lineOf(file: string, line: number): string {
  const lines = readFileSync(path.join(repoRoot, file), 'utf8').split('\n');
  assert.ok(line >= 1 && line <= lines.length, `${file} has no line ${line}`);
  return lines[line - 1] as string;
}

function columnOf(file: string, line: number, column: number, expected: string): void {
  const text = lineOf(file, line);
  assert.equal(text.slice(column - 1, column - 1 + expected.length), expected, `${file}:${line}:${column} is not at ${expected}: ${text}`);
}

describe('the sample repository catalog', () => {
  for (const test of SAMPLE_TESTS) {
    it(`declares ${test.id} on the line where ${test.file} declares it`, () => {
      const text = lineOf(test.file, test.line);
      if (test.framework === 'libtest' && test.suite.startsWith('Doc-tests')) {
        assert.match(text, /^\/\/[/!] ```$/, text);
      } else if (test.framework === 'libtest') {
        const name = test.id.split('::').pop() as string;
        assert.ok(text.includes(`fn ${name}()`), text);
        assert.match(lineOf(test.file, test.line - 1), /#\[test\]/);
      } else if (!test.id.includes('/')) {
        assert.ok(text.includes(`func ${test.id}(t *testing.T)`), text);
      } else {
        const name = (test.id.split('/').pop() as string).replaceAll('_', ' ');
        assert.ok(text.includes(`"${name}"`), text);
        const parent = test.id.split('/')[0] as string;
        assert.ok(lineOf(test.file, test.functionLine ?? 0).includes(`func ${parent}(t *testing.T)`));
      }
    });
  }

  it('has the doc-test of parse_duration above the function it documents', () => {
    const test = SAMPLE_TESTS.find((t) => t.id.includes('parse_duration'));
    assert.ok(test?.functionLine);
    assert.ok(lineOf(test.file, test.functionLine).includes('pub fn parse_duration('));
  });

  it('points the failing config test at its assertion', () => {
    columnOf('src/config.rs', 53, 9, 'assert_eq!(config.path, PathBuf::from("sample.toml"))');
  });

  it('points the TLS test at the unwrap of the guest run', () => {
    columnOf('tests/all/tls.rs', 8, 71, 'unwrap()');
  });

  it('points the guest panics at its connect and handshake unwraps', () => {
    columnOf('tests/guest/tls_client.rs', 9, 60, 'unwrap()');
    assert.ok(lineOf('tests/guest/tls_client.rs', 9).includes('TcpStream::connect("example.com:443")'));
    columnOf('tests/guest/tls_client.rs', 11, 113, 'unwrap()');
  });

  it('points the wait timing failure at its assertion on the elapsed time', () => {
    columnOf('tests/all/wait_notify.rs', 14, 5, 'assert!(result.timed_out() && waited >= Duration::from_millis(20) && waited < Duration::from_micros(20_150), "waited {waited:?}, expected 20 ms")');
  });

  it('points the poll timing failure at its t.Errorf', () => {
    assert.ok(lineOf('sysfs/poll_test.go', 29).includes('t.Errorf("poll returned after %v, expected at least 50ms", elapsed)'));
  });

  it('runs the commands and jobs that the workflow file names', () => {
    const workflow = readFileSync(path.join(repoRoot, '.github', 'workflows', 'ci.yml'), 'utf8');
    for (const command of [CARGO_COMMAND_NO_FAIL_FAST, GO_COMMAND, RUSTUP_COMMAND]) assert.ok(workflow.includes(`run: ${command}`), command);
    for (const job of DEFAULT_JOBS) {
      assert.ok(workflow.includes(`name: ${job.name.replace(/^Test /, '')}`), job.name);
      assert.ok(workflow.includes(`os: ${job.label}`), job.label);
    }
  });
});
