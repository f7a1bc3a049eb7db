// The two cases the classifier was designed around: a Rust test whose guest program needs example.com, and a Go
// test that holds poll's wait to 50 ms and fails on Windows.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classify, type ClassifyInput } from '../../../src/core/classify/classifier';
import { categoriesOf, fixture, fixtureSource, verdict } from './classifyFixtures';

const wasmtime: ClassifyInput = {
  language: 'rust',
  testName: 'cli_tests::tls_sample_application',
  testSource: { file: 'tests/all/cli_tests.rs', text: fixture('wasmtime-tls/cli_tests.rs'), startLine: 1 },
  relatedSources: [fixtureSource('wasmtime-tls/tls_client.rs', 'tests/guest/tls_client.rs')],
  messages: [fixture('wasmtime-tls/message-reset.txt'), fixture('wasmtime-tls/message-lookup.txt')],
};

const wazero: ClassifyInput = {
  language: 'go',
  testName: 'TestPoll/timeout',
  testSource: fixtureSource('wazero-poll/poll_test.go', 'internal/sysfs/poll_test.go'),
  messages: [fixture('wazero-poll/message-windows.txt'), fixture('wazero-poll/message-windows-2.txt')],
  pattern: { failingOs: ['windows'], allOs: ['linux', 'windows', 'macos'] },
};

describe('a Rust test whose guest program connects to example.com', () => {
  it('is classified as network', () => {
    assert.equal(classify(wasmtime).category, 'network');
  });

  it('quotes the guest line that connects to example.com as evidence', () => {
    const evidence = verdict(classify(wasmtime), 'network')?.evidence ?? [];
    assert.ok(
      evidence.includes('tests/guest/tls_client.rs:12: let stream = TcpStream::connect("example.com:443").unwrap();'),
      evidence.join('\n'),
    );
  });

  it('quotes the connection reset from the failure message as evidence', () => {
    const evidence = verdict(classify(wasmtime), 'network')?.evidence ?? [];
    assert.ok(evidence.some((line) => line.startsWith('message: ') && line.includes('Connection reset by peer')), evidence.join('\n'));
  });

  it('is confident about it', () => {
    assert.ok((verdict(classify(wasmtime), 'network')?.confidence ?? 0) >= 0.8);
  });

  it('suggests trying several hosts, naming the host it depends on', () => {
    const { suggestion } = classify(wasmtime);
    assert.match(suggestion, /`example\.com`/);
    assert.match(suggestion, /example\.org, example\.net/);
    assert.match(suggestion, /loopback server/);
  });

  it('suggests an #[ignore]-gated online suite, since the test is Rust', () => {
    assert.match(classify(wasmtime).suggestion, /#\[ignore\]/);
  });

  it('does not take the wasm trap for a cause of its own', () => {
    assert.deepEqual(categoriesOf(classify(wasmtime)), ['network']);
  });
});

describe('a Go test that asserts poll waited at least 50 ms and fails only on Windows', () => {
  it('is classified as timing first', () => {
    assert.equal(classify(wazero).category, 'timing');
  });

  it('also names the platform', () => {
    assert.deepEqual(categoriesOf(classify(wazero)), ['timing', 'platform']);
  });

  it('quotes the line that compares the elapsed time as the first evidence', () => {
    const evidence = verdict(classify(wazero), 'timing')?.evidence ?? [];
    assert.equal(evidence[0], 'internal/sysfs/poll_test.go:45: if elapsed < 50*time.Millisecond {');
  });

  it('quotes the measured and expected durations from the message', () => {
    const evidence = verdict(classify(wazero), 'timing')?.evidence ?? [];
    assert.ok(
      evidence.includes('message: poll_test.go:46: poll returned after 48.2ms, expected at least 50ms'),
      evidence.join('\n'),
    );
  });

  it('counts Windows timer granularity in the timing evidence', () => {
    const evidence = verdict(classify(wazero), 'timing')?.evidence ?? [];
    assert.ok(evidence.some((line) => line.startsWith('pattern: ') && line.includes('15.6 ms')), evidence.join('\n'));
  });

  it('gives the platform verdict the OS pattern as evidence', () => {
    assert.deepEqual(verdict(classify(wazero), 'platform')?.evidence, ['pattern: fails only on windows (runs on linux, windows, macos)']);
  });

  it('is more confident about timing than about the platform', () => {
    const result = classify(wazero);
    assert.ok((verdict(result, 'timing')?.confidence ?? 0) > (verdict(result, 'platform')?.confidence ?? 1));
  });

  it('suggests widening the tolerance beyond the Windows timer granularity, or a lower bound only', () => {
    const { suggestion } = classify(wazero);
    assert.match(suggestion, /`50\*time\.Millisecond`/);
    assert.match(suggestion, /15\.6 ms/);
    assert.match(suggestion, /lower bound/);
    assert.match(suggestion, /Windows/);
  });

  it('ranks timing lower when the same failures happen on every OS', () => {
    const everywhere = classify({ ...wazero, pattern: { failingOs: ['linux', 'windows', 'macos'], allOs: ['linux', 'windows', 'macos'] } });
    assert.deepEqual(categoriesOf(everywhere), ['timing']);
    assert.ok((verdict(everywhere, 'timing')?.confidence ?? 1) <= (verdict(classify(wazero), 'timing')?.confidence ?? 0));
  });
});
