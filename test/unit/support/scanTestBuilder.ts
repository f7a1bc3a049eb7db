// A ScanTest with sensible defaults, for presentation tests.
import type { ScanTest } from '../../../src/core/scan/scanResult';

export function scanTest(overrides: Partial<ScanTest> = {}): ScanTest {
  return {
    key: 'libtest\u001ftests/all/main.rs\u001ftls::tls_sample_application',
    id: 'tls::tls_sample_application',
    suite: 'tests/all/main.rs',
    framework: 'libtest',
    status: 'flaky',
    executions: 300,
    failures: 21,
    flakyFailures: 21,
    confirmedFlakyFailures: 8,
    likelyFlakyFailures: 13,
    regressionFailures: 0,
    systemicFailures: 0,
    flakeRate: 0.07,
    interval: [0.046, 0.105],
    byJob: [
      { job: 'Test Linux x86_64', workflow: 'CI', os: 'linux', executions: 100, failures: 7, flakyFailures: 7, flakeRate: 0.07, interval: [0.03, 0.14], failingSince: null },
      { job: 'Test Windows MSVC x86_64', workflow: 'CI', os: 'windows', executions: 100, failures: 7, flakyFailures: 7, flakeRate: 0.07, interval: [0.03, 0.14], failingSince: null },
      { job: 'Test macOS aarch64', workflow: 'CI', os: 'macos', executions: 100, failures: 7, flakyFailures: 7, flakeRate: 0.07, interval: [0.03, 0.14], failingSince: null },
    ],
    byOs: [
      { os: 'linux', executions: 100, flakyFailures: 7, flakeRate: 0.07, interval: [0.03, 0.14] },
      { os: 'windows', executions: 100, flakyFailures: 7, flakeRate: 0.07, interval: [0.03, 0.14] },
      { os: 'macos', executions: 100, flakyFailures: 7, flakeRate: 0.07, interval: [0.03, 0.14] },
    ],
    category: 'network',
    categories: [{ category: 'network', confidence: 0.9, evidence: ['tests/guest/tls_client.rs:9: TcpStream::connect("example.com:443")'] }],
    evidence: ['tests/guest/tls_client.rs:9: TcpStream::connect("example.com:443")'],
    suggestion: 'Try several hosts and pass when one answers.',
    lastFailure: null,
    recentFailures: [
      { runId: 9, jobId: 99, url: 'https://github.com/acme/sample/actions/runs/9/job/99', message: "thread 'tls::tls_sample_application' panicked at tests/all/tls.rs:14:5:\nwasm trap: wasm `unreachable` instruction executed", job: 'Test Linux x86_64', os: 'linux', kind: 'likely-flaky', at: '2026-10-30T10:00:00Z' },
    ],
    failingSince: null,
    fixedSince: null,
    trend: [
      { from: '2026-10-01T00:00:00Z', to: '2026-10-10T00:00:00Z', executions: 100, flakyFailures: 10 },
      { from: '2026-10-11T00:00:00Z', to: '2026-10-20T00:00:00Z', executions: 100, flakyFailures: 7 },
      { from: '2026-10-21T00:00:00Z', to: '2026-10-30T00:00:00Z', executions: 100, flakyFailures: 4 },
    ],
    location: { file: 'tests/all/tls.rs', line: 8 },
    ...overrides,
  };
}
