// Renders a job's log as GitHub serves it from `GET /repos/{o}/{r}/actions/jobs/{id}/logs`: a UTF-8 BOM, then
// every line prefixed with a 7-digit-fraction UTC timestamp and a space; the runner's `Set up job` preamble;
// `##[group]Run ...`/`##[endgroup]` around each step's header; `##[error]Process completed with exit code N.`
// after a failed step; the post-checkout cleanup and `Cleaning up orphan processes` at the end. Modelled on
// real 2026 runner logs (runner 2.33x, ubuntu-24.04, windows-2025, macos-14-arm64 images).

import { renderCargoTest, workspaceDir } from './cargoOutput';
import { renderGoTest } from './goTestOutput';
import { stepTimeline, type JobPlan, type PlannedStep, type RunnerOs, type StepTiming } from './jobPlan';
import { Random } from './random';

const BOM = '\ufeff';
const RUNNER_VERSION = '2.337.0';
const CHECKOUT_SHA = '11d5960a326750d5838078e36cf38b85af677262';

export interface RenderLogOptions {
  /** GitHub's logs start with a byte order mark; on by default. */
  readonly bom?: boolean;
}

export function renderJobLog(plan: JobPlan, options: RenderLogOptions = {}): string {
  const random = Random.derive(plan.seed, 'log', plan.jobName, plan.startedAt);
  const out: string[] = [];
  for (const timing of stepTimeline(plan)) {
    if (timing.conclusion === 'skipped') continue;
    const lines = stepLines(plan, timing, random);
    out.push(...stampLines(lines, timing, random));
  }
  return (options.bom === false ? '' : BOM) + out.join('\n') + '\n';
}

/** A step's lines: `head` lines are written as the step starts, `body` over its duration, `tail` at its end. */
interface StepLines {
  readonly head: readonly string[];
  readonly body: readonly string[];
  readonly tail: readonly string[];
}

function stampLines(lines: StepLines, timing: StepTiming, random: Random): string[] {
  // Times in microseconds; the 7th fractional digit comes from the random source.
  const start = timing.startMs * 1000;
  const end = Math.max(timing.endMs * 1000, start + 1000);
  const out: string[] = [];
  let cursor = start + random.int(50, 900);
  const stamp = (line: string, at: number): void => {
    cursor = Math.max(cursor + random.int(20, 400), at);
    out.push(`${timestamp(cursor, random)} ${line}`);
  };
  for (const line of lines.head) stamp(line, cursor);
  // The body's time goes where the work is: a line's weight is the wait before it (compiling, a test binary).
  const weights = lines.body.map((line, i) => lineWeight(timing.step.kind, line, i));
  const total = weights.reduce((sum, w) => sum + w, 0) || 1;
  const bodyStart = cursor;
  const available = Math.max(0, end - 300_000 - bodyStart);
  let elapsed = 0;
  lines.body.forEach((line, i) => {
    elapsed += weights[i] ?? 0;
    stamp(line, bodyStart + Math.floor((available * elapsed) / total));
  });
  for (const line of lines.tail) stamp(line, Math.max(cursor, end - random.int(50_000, 250_000)));
  return out;
}

function lineWeight(kind: PlannedStep['kind'], line: string, index: number): number {
  switch (kind) {
    case 'cargo-test':
      if (/Finished/.test(line)) return 60;
      if (/Running|Doc-tests/.test(line)) return 3;
      if (index === 0) return 2;
      return /^test result/.test(line) ? 1 : 0.02;
    case 'go-test':
      if (index === 0) return 8;
      if (/^(ok {2}\t|FAIL\t|\? {3}\t)/.test(line)) return 0.5;
      return /^=== RUN {3}Test[^/]*$/.test(line) ? 1 : 0.02;
    case 'checkout':
      return /^From https/.test(line) ? 20 : 1;
    default:
      return 1;
  }
}

let cachedSecond = -1;
let cachedPrefix = '';

function timestamp(microseconds: number, random: Random): string {
  const second = Math.floor(microseconds / 1_000_000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedPrefix = new Date(second * 1000).toISOString().slice(0, 19); // 2026-10-01T08:00:00
  }
  const fraction = String(microseconds % 1_000_000).padStart(6, '0');
  return `${cachedPrefix}.${fraction}${random.int(0, 9)}Z`;
}

function stepLines(plan: JobPlan, timing: StepTiming, random: Random): StepLines {
  const step = timing.step;
  const error = timing.exitCode !== 0 ? [`##[error]Process completed with exit code ${timing.exitCode}.`] : [];
  switch (step.kind) {
    case 'setup':
      return { head: setupLines(plan, step.actions, random), body: [], tail: [] };
    case 'checkout':
      return { head: checkoutHeader(plan), body: checkoutLines(plan), tail: [] };
    case 'post-checkout':
      return { head: ['Post job cleanup.'], body: postCheckoutLines(plan), tail: [] };
    case 'complete':
      return { head: ['Cleaning up orphan processes'], body: [], tail: [] };
    case 'script':
      return { head: runHeader(plan, step), body: step.output, tail: error };
    case 'cargo-test':
      return { head: runHeader(plan, step), body: renderCargoTest(step.cargo, plan.os, plan.repository), tail: error };
    case 'go-test':
      return { head: runHeader(plan, step), body: renderGoTest(step.go), tail: error };
  }
}

function shellLine(os: RunnerOs): string {
  switch (os) {
    case 'windows':
      return `shell: C:\\Program Files\\PowerShell\\7\\pwsh.EXE -command ". '{0}'"`;
    case 'macos':
      return 'shell: /bin/bash -e {0}';
    default:
      return 'shell: /usr/bin/bash -e {0}';
  }
}

function envLines(env: Readonly<Record<string, string>>): string[] {
  const entries = Object.entries(env);
  return entries.length > 0 ? ['env:', ...entries.map(([k, v]) => `  ${k}: ${v}`)] : [];
}

function runHeader(plan: JobPlan, step: Extract<PlannedStep, { command: string }>): string[] {
  const commandLines = step.command.split('\n');
  return [
    `##[group]Run ${commandLines[0] ?? ''}`,
    ...commandLines,
    shellLine(plan.os),
    ...envLines({ ...plan.env, ...step.env }),
    '##[endgroup]',
  ];
}

function imageLines(os: RunnerOs): string[] {
  switch (os) {
    case 'windows':
      return [
        '##[group]Operating System',
        'Microsoft Windows Server 2025',
        '10.0.26100',
        'Datacenter',
        '##[endgroup]',
        '##[group]Runner Image',
        'Image: windows-2025',
        'Version: 20260928.112.1',
        'Included Software: https://github.com/actions/runner-images/blob/win25/20260928.112/images/windows/Windows2025-Readme.md',
        'Image Release: https://github.com/actions/runner-images/releases/tag/win25%2F20260928.112',
        '##[endgroup]',
      ];
    case 'macos':
      return [
        '##[group]Operating System',
        'macOS',
        '14.8.1',
        '23J30',
        '##[endgroup]',
        '##[group]Runner Image',
        'Image: macos-14-arm64',
        'Version: 20260929.0153.1',
        'Included Software: https://github.com/actions/runner-images/blob/macos-14-arm64/20260929.0153/images/macos/macos-14-arm64-Readme.md',
        'Image Release: https://github.com/actions/runner-images/releases/tag/macos-14-arm64%2F20260929.0153',
        '##[endgroup]',
      ];
    default:
      return [
        '##[group]Operating System',
        'Ubuntu',
        '24.04.5',
        'LTS',
        '##[endgroup]',
        '##[group]Runner Image',
        'Image: ubuntu-24.04',
        'Version: 20260927.320.1',
        'Included Software: https://github.com/actions/runner-images/blob/ubuntu24/20260927.320/images/ubuntu/Ubuntu2404-Readme.md',
        'Image Release: https://github.com/actions/runner-images/releases/tag/ubuntu24%2F20260927.320',
        '##[endgroup]',
      ];
  }
}

function setupLines(plan: JobPlan, actions: readonly string[], random: Random): string[] {
  return [
    `Current runner version: '${RUNNER_VERSION}'`,
    '##[group]Runner Image Provisioner',
    'Hosted Compute Agent',
    'Version: 20260901.588',
    'Commit: f88ec8081b781fac6c440065ac7ff9e710ce3d0b',
    'Build Date: 2026-09-01T19:56:44Z',
    `Worker ID: {${random.uuid()}}`,
    `Azure Region: ${random.pick(['eastus', 'eastus2', 'westus', 'centralus', 'westus3'])}`,
    '##[endgroup]',
    ...imageLines(plan.os),
    '##[group]GITHUB_TOKEN Permissions',
    'Contents: read',
    'Metadata: read',
    'Packages: read',
    '##[endgroup]',
    'Secret source: Actions',
    'Prepare workflow directory',
    'Prepare all required actions',
    'Getting action download info',
    ...actions.map((a) => `Download action repository '${a}' (SHA:${CHECKOUT_SHA})`),
    `Complete job name: ${plan.jobName}`,
  ];
}

function git(os: RunnerOs): string {
  switch (os) {
    case 'windows':
      return '[command]"C:\\Program Files\\Git\\bin\\git.exe"';
    case 'macos':
      return '[command]/opt/homebrew/bin/git';
    default:
      return '[command]/usr/bin/git';
  }
}

function tempDir(os: RunnerOs): string {
  switch (os) {
    case 'windows':
      return 'D:\\a\\_temp';
    case 'macos':
      return '/Users/runner/work/_temp';
    default:
      return '/home/runner/work/_temp';
  }
}

function checkoutHeader(plan: JobPlan): string[] {
  return [
    '##[group]Run actions/checkout@v4',
    'with:',
    `  repository: ${plan.repository}`,
    '  token: ***',
    '  ssh-strict: true',
    '  ssh-user: git',
    '  persist-credentials: true',
    '  clean: true',
    '  sparse-checkout-cone-mode: true',
    '  fetch-depth: 1',
    '  fetch-tags: false',
    '  show-progress: true',
    '  lfs: false',
    '  submodules: false',
    '  set-safe-directory: true',
    ...envLines(plan.env),
    '##[endgroup]',
  ];
}

function checkoutLines(plan: JobPlan): string[] {
  const dir = workspaceDir(plan.repository, plan.os);
  const g = git(plan.os);
  const branch = plan.ref.replace(/^refs\/heads\//, '');
  return [
    `Syncing repository: ${plan.repository}`,
    '##[group]Getting Git version info',
    `Working directory is '${dir}'`,
    `${g} version`,
    plan.os === 'windows' ? 'git version 2.51.0.windows.1' : 'git version 2.51.0',
    '##[endgroup]',
    `Temporarily overriding HOME='${tempDir(plan.os)}${plan.os === 'windows' ? '\\' : '/'}5f1c2d9e-3b7a-4c1e-9d0f-2a6b8c4e7f13' before making global git config changes`,
    'Adding repository directory to the temporary git global config as a safe directory',
    `${g} config --global --add safe.directory ${dir}`,
    `Deleting the contents of '${dir}'`,
    '##[group]Initializing the repository',
    `${g} init ${dir}`,
    `Initialized empty Git repository in ${dir.replaceAll('\\', '/')}/.git/`,
    `${g} remote add origin https://github.com/${plan.repository}`,
    '##[endgroup]',
    '##[group]Disabling automatic garbage collection',
    `${g} config --local gc.auto 0`,
    '##[endgroup]',
    '##[group]Setting up auth',
    `${g} config --local --name-only --get-regexp core\\.sshCommand`,
    `${g} config --local http.https://github.com/.extraheader AUTHORIZATION: basic ***`,
    '##[endgroup]',
    '##[group]Fetching the repository',
    `${g} -c protocol.version=2 fetch --no-tags --prune --no-recurse-submodules --depth=1 origin +${plan.sha}:refs/remotes/origin/${branch}`,
    `From https://github.com/${plan.repository}`,
    ` * [new ref]         ${plan.sha} -> origin/${branch}`,
    '##[endgroup]',
    '##[group]Determining the checkout info',
    '##[endgroup]',
    `${g} sparse-checkout disable`,
    `${g} config --local --unset-all extensions.worktreeConfig`,
    '##[group]Checking out the ref',
    `${g} checkout --progress --force -B ${branch} refs/remotes/origin/${branch}`,
    `Switched to a new branch '${branch}'`,
    `branch '${branch}' set up to track 'origin/${branch}'.`,
    '##[endgroup]',
    `${g} log -1 --format=%H`,
    plan.sha,
  ];
}

function postCheckoutLines(plan: JobPlan): string[] {
  const g = git(plan.os);
  return [
    `${g} version`,
    plan.os === 'windows' ? 'git version 2.51.0.windows.1' : 'git version 2.51.0',
    `${g} config --local --name-only --get-regexp http\\.https\\:\\/\\/github\\.com\\/\\.extraheader`,
    'http.https://github.com/.extraheader',
    `${g} config --local --unset-all http.https://github.com/.extraheader`,
  ];
}
