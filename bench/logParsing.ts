// Throughput of the job log pipeline (split + normalize + every parser) on a ~50 MB GitHub-format log built from
// the real-format fixtures, repeated with varied test names and fed in 64 KiB chunks as a download would arrive.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { JobLogReader } from '../src/core/logs/jobLogReader';

const FIXTURES = join(__dirname, '..', 'test', 'fixtures', 'logs');
const TARGET_BYTES = 50 * 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;

function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** A synthetic job log: timestamped lines, one `Run` group per repetition, names varied per repetition. */
function syntheticLog(): Uint8Array {
  const sources = [
    { command: 'cargo test --no-fail-fast', text: fixture('libtest-color.txt') },
    { command: 'cargo test', text: fixture('libtest-backtrace.txt') },
    { command: 'go test -v ./...', text: fixture('gotest-v.txt') },
    { command: 'go test ./...', text: fixture('gotest-plain.txt') },
  ];
  const parts: string[] = ['\ufeff'];
  let size = 0;
  for (let i = 0; size < TARGET_BYTES; i++) {
    const source = sources[i % sources.length];
    if (!source) break;
    const varied = source.text
      .replaceAll('tests::', `tests_${i}::`)
      .replaceAll('wait_notify::', `wait_notify_${i}::`)
      .replaceAll('TestPoll', `TestPoll${i}`)
      .replaceAll('acme/poller/', `acme/poller${i}/`);
    const lines = [`##[group]Run ${source.command}`, '##[endgroup]', ...varied.split('\n'), '##[error]Process completed with exit code 1.'];
    const second = String(i % 60).padStart(2, '0');
    for (const line of lines) {
      const entry = `2024-05-01T10:11:${second}.1234567Z ${line}\n`;
      parts.push(entry);
      size += entry.length;
    }
  }
  return new TextEncoder().encode(parts.join(''));
}

function readOnce(log: Uint8Array): number {
  const reader = new JobLogReader();
  for (let pos = 0; pos < log.length; pos += CHUNK_BYTES) reader.push(log.subarray(pos, pos + CHUNK_BYTES));
  return reader.end().outcomes.length;
}

export async function benchLogParsing(): Promise<{ name: string; value: number; unit: string }[]> {
  const log = syntheticLog();
  readOnce(log.subarray(0, 4 * 1024 * 1024)); // warm up the JIT
  // Best of three: the figure is the pipeline's speed, not the machine's other load.
  let seconds = Infinity;
  let outcomes = 0;
  for (let run = 0; run < 3; run++) {
    const start = performance.now();
    outcomes = readOnce(log);
    seconds = Math.min(seconds, (performance.now() - start) / 1000);
  }
  const megabytes = log.length / (1024 * 1024);
  return [
    { name: 'job log parsing (JobLogReader, 64 KiB chunks)', value: Math.round((megabytes / seconds) * 10) / 10, unit: 'MB/s' },
    { name: 'job log parsing outcomes', value: Math.round(outcomes / seconds), unit: 'outcomes/s' },
  ];
}
