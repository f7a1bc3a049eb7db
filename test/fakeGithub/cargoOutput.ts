// Renders what `cargo test` prints for a planned run, line by line, as cargo 1.95 and libtest print it
// (checked against real output): the status lines, one block per test binary, the failures section, the
// "error: test failed, to rerun pass ..." lines, and Windows paths where cargo writes them.

import { cargoRanTargets, type CargoRun, type CargoTarget, type RunnerOs } from './jobPlan';

export const BACKTRACE_NOTE = 'note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace';

/** A path as the runner OS prints it. */
export function osPath(path: string, os: RunnerOs): string {
  return os === 'windows' ? path.replaceAll('/', '\\') : path;
}

/** The directory a job's checkout lands in. */
export function workspaceDir(repository: string, os: RunnerOs): string {
  const name = repository.split('/')[1] ?? repository;
  switch (os) {
    case 'windows':
      return `D:\\a\\${name}\\${name}`;
    case 'macos':
      return `/Users/runner/work/${name}/${name}`;
    default:
      return `/home/runner/work/${name}/${name}`;
  }
}

function status(word: string, color: boolean, tone: 'ok' | 'error' = 'ok'): string {
  const padded = tone === 'error' ? word : word.padStart(12);
  if (!color) return padded;
  return `\u001b[1m\u001b[${tone === 'ok' ? 92 : 91}m${padded}\u001b[0m`;
}

function rerunFlag(target: CargoTarget): string {
  switch (target.kind) {
    case 'lib':
      return '`--lib`';
    case 'bin':
      return `\`--bin ${target.binary}\``;
    case 'doc':
      return '`--doc`';
    default:
      return `\`--test ${target.binary}\``;
  }
}

function testName(name: string, os: RunnerOs, kind: CargoTarget['kind']): string {
  // Doc-test names start with the source path, which rustdoc prints with the OS separator.
  if (kind !== 'doc') return name;
  const dash = name.indexOf(' - ');
  return dash < 0 ? name : osPath(name.slice(0, dash), os) + name.slice(dash);
}

/** The lines of `cargo test`'s output (stdout and stderr as they interleave in a CI log). */
export function renderCargoTest(run: CargoRun, os: RunnerOs, repository: string): string[] {
  const lines: string[] = [];
  const c = run.color;
  lines.push(`${status('Compiling', c)} ${run.crate} v${run.version} (${workspaceDir(repository, os)})`);
  lines.push(`${status('Finished', c)} \`test\` profile [unoptimized + debuginfo] target(s) in ${run.compileSeconds.toFixed(2)}s`);

  const ran = cargoRanTargets(run);
  const failedTargets: CargoTarget[] = [];
  for (const target of ran) {
    if (target.kind === 'doc') {
      lines.push(`${status('Doc-tests', c)} ${target.binary}`);
    } else {
      const exe = os === 'windows' ? '.exe' : '';
      const binaryPath = osPath(`target/debug/deps/${target.binary}-${target.hash}${exe}`, os);
      const what = target.kind === 'test' ? osPath(target.src, os) : `unittests ${osPath(target.src, os)}`;
      lines.push(`${status('Running', c)} ${what} (${binaryPath})`);
    }
    lines.push(...renderLibtest(target, os));
    if (target.tests.some((t) => t.outcome === 'fail')) {
      failedTargets.push(target);
      lines.push(`${status('error', c, 'error')}: test failed, to rerun pass ${rerunFlag(target)}`);
    }
  }
  if (run.noFailFast && failedTargets.length > 0) {
    const n = failedTargets.length;
    lines.push(`${status('error', c, 'error')}: ${n} target${n === 1 ? '' : 's'} failed:`);
    for (const target of failedTargets) lines.push(`    ${rerunFlag(target)}`);
  }
  return lines;
}

/** One test binary's output: `running N tests`, the results, the failures, the summary. */
function renderLibtest(target: CargoTarget, os: RunnerOs): string[] {
  const lines: string[] = ['', `running ${target.tests.length} test${target.tests.length === 1 ? '' : 's'}`];
  for (const test of target.tests) {
    const result = test.outcome === 'pass' ? 'ok' : test.outcome === 'fail' ? 'FAILED' : 'ignored';
    lines.push(`test ${testName(test.name, os, target.kind)} ... ${result}`);
  }
  const failed = target.tests.filter((t) => t.outcome === 'fail');
  if (failed.length > 0) {
    lines.push('', 'failures:', '');
    // The backtrace note follows only the first panic of a test process.
    let noted = false;
    for (const test of failed) {
      lines.push(`---- ${testName(test.name, os, target.kind)} stdout ----`);
      for (const line of test.output ?? []) {
        if (line === BACKTRACE_NOTE) {
          if (noted) continue;
          noted = true;
        }
        lines.push(line);
      }
      lines.push('');
    }
    lines.push('', 'failures:');
    for (const test of failed) lines.push(`    ${testName(test.name, os, target.kind)}`);
  }
  const passed = target.tests.filter((t) => t.outcome === 'pass').length;
  const ignored = target.tests.filter((t) => t.outcome === 'ignored').length;
  lines.push(
    '',
    `test result: ${failed.length > 0 ? 'FAILED' : 'ok'}. ${passed} passed; ${failed.length} failed; ${ignored} ignored; 0 measured; 0 filtered out; finished in ${target.seconds.toFixed(2)}s`,
    '',
  );
  return lines;
}
