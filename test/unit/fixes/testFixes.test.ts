// The fixes offered for one flaky test, from its verdicts' evidence, on the sample repository's own sources.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { filesForFixes, testFixes } from '../../../src/core/fixes/testFixes';
import { applyEdits } from '../../../src/core/fixes/textEdit';
import type { TestDeclaration } from '../../../src/core/model';
import { scanTest } from '../support/scanTestBuilder';

const SAMPLE = path.join(__dirname, '..', '..', '..', 'demo', 'sample-repo');
const read = (file: string) => {
  try {
    return readFileSync(path.join(SAMPLE, file), 'utf8');
  } catch {
    return undefined;
  }
};

const TLS_EVIDENCE = 'tests/guest/tls_client.rs:9: let mut stream = TcpStream::connect("example.com:443").unwrap();';
const tls = scanTest({ categories: [{ category: 'network', confidence: 0.9, evidence: [TLS_EVIDENCE] }], evidence: [TLS_EVIDENCE] });
const tlsDeclaration: TestDeclaration = { id: 'tls::tls_sample_application', name: 'tls_sample_application', framework: 'libtest', file: 'tests/all/tls.rs', line: 7 };

test('the TLS test: quarantine in its own file and fallback hosts in the guest program the evidence points at', () => {
  assert.deepEqual(filesForFixes(tls, tlsDeclaration), ['tests/all/tls.rs', 'tests/guest/tls_client.rs']);
  const { fixes } = testFixes({ test: tls, declaration: tlsDeclaration, read });
  assert.deepEqual(fixes.map((f) => [f.kind, f.file]), [['quarantine', 'tests/all/tls.rs'], ['fallback-hosts', 'tests/guest/tls_client.rs']]);
  const quarantined = applyEdits(read('tests/all/tls.rs') ?? '', fixes[0]?.edits ?? []);
  assert.match(quarantined, /#\[test\]\n#\[ignore = "flaky: 7% \(21\/300\) in CI, likely network; see https:\/\/github\.com\/acme\/sample\/actions\/runs\/9\/job\/99"\]\nfn tls_sample_application\(\)/);
});

test('the poll test: quarantine with t.Skip in the subtest, and the widened lower bound', () => {
  const evidence = 'sysfs/poll_test.go:28: if elapsed < 50*time.Millisecond {';
  const poll = scanTest({ id: 'TestPoll/timeout', framework: 'gotest', category: 'timing', categories: [{ category: 'timing', confidence: 0.65, evidence: [evidence] }], evidence: [evidence] });
  const declaration: TestDeclaration = { id: 'TestPoll/timeout', name: 'TestPoll/timeout', framework: 'gotest', file: 'sysfs/poll_test.go', line: 23 };
  const { fixes } = testFixes({ test: poll, declaration, read });
  assert.deepEqual(fixes.map((f) => f.kind), ['quarantine', 'widen-tolerance']);
  const text = read('sysfs/poll_test.go') ?? '';
  assert.match(applyEdits(text, fixes[0]?.edits ?? []), /t\.Run\("timeout", func\(t \*testing\.T\) \{\n\t\tt\.Skip\("flaky: 7% \(21\/300\) in CI, likely timing; see https:.*"\)\n\t\tok, elapsed :=/);
  assert.match(applyEdits(text, fixes[1]?.edits ?? []), /\t\tif elapsed < 34\*time\.Millisecond \{\n/);
});

test('a failing test is not offered a quarantine: it needs a fix', () => {
  const { fixes } = testFixes({ test: { ...tls, status: 'failing' }, declaration: tlsDeclaration, read });
  assert.deepEqual(fixes.map((f) => f.kind), ['fallback-hosts']);
});

test('evidence outside the workspace folder is never read', () => {
  const hostile = scanTest({ categories: [{ category: 'network', confidence: 0.9, evidence: ['../../etc/passwd:1: x', '/etc/hosts:1: y'] }] });
  assert.deepEqual(filesForFixes(hostile, tlsDeclaration), ['tests/all/tls.rs']);
});
