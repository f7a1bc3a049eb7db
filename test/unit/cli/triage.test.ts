// End to end: `flakelens triage` against fake-GitHub histories with pull-request branch runs, checked against each
// history's truth: every verdict, the infrastructure faults and their steps, `rerunMayPass`, the exit codes of
// `--fail-on-new`, a run given by id, markdown that hostile test names and messages cannot break, and the base
// branch's mass failures making no test flaky while its genuinely flaky tests stay flaky at their rates.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generateFlakyHistory, type FlakyHistoryOptions, type PullRequestTruth, type ScenarioTruth } from '../../fakeGithub/scenarios';
import { startFakeGitHub, type FakeGitHub } from '../../fakeGithub/server';
import { addRun, isoSeconds } from '../../fakeGithub/state';
import { runnerCommands } from '../support/actionsRunner';
import { cli, SAMPLE } from '../support/cli';
import { actualKeys, expectedKeys } from '../support/scanTruth';
import { scratchDir } from '../support/scratchDir';


interface TriageJson {
  repository: string;
  run: { id: number; branch: string; sha: string; attempt: number; url: string };
  base: string;
  summary: string;
  failures: { id: string; suite: string; framework: string; job: string; os: string; verdict: string; flakeRate: number; executions: number; message: string; category: string | null; location: { file: string; line: number } | null }[];
  infrastructure: { job: string; os: string; step: string; reason: string; kind: string; failedTests?: number }[];
  jobErrors: unknown[];
  rerunMayPass: boolean;
}

// The exit codes and runs by id are checked on the first history only: each check spawns the CLI.
const HISTORIES: { name: string; options: Partial<FlakyHistoryOptions>; exitCodes?: boolean }[] = [
  { name: 'the default history with mass failures and toolchain faults on main', options: { seed: 1, pullRequests: 6, systemicEvents: 3, infrastructureFailures: 2 }, exitCodes: true },
  {
    name: 'another seed, 120 runs, no re-runs, other rates',
    options: {
      seed: 11,
      runs: 120,
      days: 35,
      rerunFraction: 0,
      pullRequests: 6,
      systemicEvents: 2,
      flaky: [
        { id: 'tls::tls_sample_application', rate: 0.1 },
        { id: 'TestPoll/timeout', rate: { windows: 0.25 } },
      ],
    },
  },
  {
    name: 'cargo stopping at the first failing binary and a Windows-only regression',
    options: { seed: 29, noFailFast: false, regressions: [{ id: 'TestReadDirNames/sorted', from: 0.85, os: ['windows'] }], pullRequests: 6, systemicEvents: 2 },
  },
];

function triageArgs(gh: FakeGitHub, truth: ScenarioTruth, cache: string, ...more: string[]): string[] {
  return ['triage', '--repo', truth.repository, '--api-url', gh.url, '--cache-dir', cache, '--days', '400', '--runs', String(truth.runs), '--workspace', SAMPLE, ...more];
}

function expectedFailures(pr: PullRequestTruth): string[] {
  return pr.failures.map((f) => `${f.job} | ${f.suite} | ${f.id} | ${f.verdict}`).sort();
}

function actualFailures(json: TriageJson): string[] {
  return json.failures.map((f) => `${f.job} | ${f.suite} | ${f.id} | ${f.verdict}`).sort();
}

for (const history of HISTORIES) {
  describe(`flakelens triage on ${history.name}`, () => {
    const generated = generateFlakyHistory({ seed: 1, ...history.options });
    const truth = generated.truth;
    let gh: FakeGitHub;
    const cache = scratchDir('triage');
    const results = new Map<string, TriageJson>();

    before(async () => {
      gh = await startFakeGitHub(generated.state);
    });
    after(() => gh.close());

    test('the history has pull-request runs covering every verdict, an infrastructure fault and a mass failure', () => {
      const verdicts = new Set(truth.pullRequests.flatMap((pr) => pr.failures.map((f) => f.verdict)));
      assert.deepEqual([...verdicts].sort(), ['failing-on-base', 'known-flaky', 'new']);
      assert.ok(truth.pullRequests.some((pr) => pr.infrastructure.some((i) => i.kind === 'step' && i.step === 'Install Rust')));
      assert.ok(truth.pullRequests.some((pr) => pr.infrastructure.some((i) => i.kind === 'systemic')));
      assert.ok(truth.pullRequests.some((pr) => pr.rerunMayPass) && truth.pullRequests.some((pr) => !pr.rerunMayPass));
    });

    test('every pull-request run gets the verdicts, infrastructure faults and rerunMayPass of its truth', async () => {
      for (const [index, pr] of truth.pullRequests.entries()) {
        const result = await cli(triageArgs(gh, truth, cache, '--branch', pr.branch, '--format', 'json'), { GITHUB_TOKEN: 'fake-token' });
        assert.equal(result.code, 0, `${pr.branch}: ${result.stderr}`);
        const json = JSON.parse(result.stdout) as TriageJson;
        results.set(pr.branch, json);
        const context = `${pr.branch} (#${index}): ${json.summary}`;
        assert.equal(json.run.id, pr.runId, context);
        assert.equal(json.run.branch, pr.branch);
        assert.equal(json.run.sha, pr.sha);
        assert.equal(json.base, truth.defaultBranch);
        assert.deepEqual(actualFailures(json), expectedFailures(pr), context);
        assert.deepEqual(
          json.infrastructure.map((i) => `${i.job} | ${i.step} | ${i.kind}${i.kind === 'systemic' ? ` | ${i.failedTests}` : ''}`).sort(),
          pr.infrastructure.map((i) => `${i.job} | ${i.step} | ${i.kind}${i.kind === 'systemic' ? ` | ${i.failedTests}` : ''}`).sort(),
          context,
        );
        assert.deepEqual(json.jobErrors, [], context);
        assert.equal(json.rerunMayPass, pr.rerunMayPass, context);
      }
    });

    test('the JSON keeps DESIGN.md\'s contract: rates with samples, places, and reasons for infrastructure', () => {
      for (const json of results.values()) {
        for (const key of ['run', 'base', 'failures', 'infrastructure', 'rerunMayPass']) assert.ok(key in json, key);
        for (const f of json.failures) {
          for (const key of ['id', 'job', 'os', 'verdict', 'flakeRate', 'executions', 'message', 'category', 'location']) assert.ok(key in f, `${f.id} lacks ${key}`);
          if (f.verdict === 'known-flaky') {
            assert.ok(f.flakeRate > 0 && f.executions >= truth.runs, `${f.id}: ${f.flakeRate} of ${f.executions}`);
          }
          // A Go table-driven subtest may be placed at its table entry or at its function.
          const declared = truth.tests.find((t) => t.id === f.id && t.suite === f.suite);
          assert.ok(declared, f.id);
          assert.equal(f.location?.file, declared.file, f.id);
          assert.ok([declared.line, declared.functionLine].includes(f.location?.line), `${f.id} at ${f.location?.line}`);
        }
        for (const infra of json.infrastructure) {
          assert.match(infra.reason, infra.kind === 'systemic' ? /No space left on device/ : /could not download file/);
        }
      }
    });

    test('the mass failures of main make no test flaky, and its flaky tests stay flaky at their rates', async () => {
      assert.ok(truth.systemic.length > 0);
      const result = await cli(['scan', '--repo', truth.repository, '--api-url', gh.url, '--cache-dir', cache, '--days', '400', '--runs', String(truth.runs), '--all', '--format', 'json'], {
        GITHUB_TOKEN: 'fake-token',
      });
      assert.equal(result.code, 0, result.stderr);
      const scan = JSON.parse(result.stdout) as {
        tests: { id: string; suite: string; status: string; systemicFailures: number; interval: [number, number]; flakeRate: number }[];
        events: { jobId: number; failedTests: number }[];
      };
      assert.deepEqual(scan.events.map((e) => `${e.jobId} ${e.failedTests}`).sort(), truth.systemic.map((e) => `${e.jobId} ${e.failedTests}`).sort());
      assert.deepEqual(actualKeys(scan.tests, 'flaky'), expectedKeys(truth.tests, 'flaky'));
      assert.deepEqual(actualKeys(scan.tests, 'failing'), expectedKeys(truth.tests, 'failing'));
      for (const t of truth.tests.filter((x) => x.systemicFailures > 0)) {
        const found = scan.tests.find((x) => x.id === t.id && x.suite === t.suite);
        assert.equal(found?.systemicFailures, t.systemicFailures, t.id);
      }
      for (const t of truth.tests.filter((x) => x.expected === 'flaky' && !x.failsWith)) {
        const found = scan.tests.find((x) => x.id === t.id && x.suite === t.suite);
        assert.ok(found && t.rate !== undefined && found.interval[0] <= t.rate && t.rate <= found.interval[1], `${t.id}: ${t.rate} outside ${found?.interval}`);
      }
    });

    if (!history.exitCodes) return;

    test('--fail-on-new exits 1 for a run with a new failure and 0 for one without', async () => {
      const withNew = truth.pullRequests.find((pr) => pr.failures.some((f) => f.verdict === 'new'));
      const without = truth.pullRequests.find((pr) => pr.failures.length > 0 && !pr.failures.some((f) => f.verdict === 'new'));
      assert.ok(withNew && without);
      const failing = await cli(triageArgs(gh, truth, cache, '--branch', withNew.branch, '--fail-on-new'), { GITHUB_TOKEN: 'x' });
      assert.equal(failing.code, 1, failing.stderr);
      assert.match(failing.stdout, /✖ new/);
      const passing = await cli(triageArgs(gh, truth, cache, '--branch', without.branch, '--fail-on-new', '--format', 'markdown'), { GITHUB_TOKEN: 'x' });
      assert.equal(passing.code, 0, passing.stderr);
    });

    test('--format github annotates each failure of the run at its test, by verdict, and keeps the exit code', async () => {
      const pr = truth.pullRequests.find((p) => p.failures.some((f) => f.verdict === 'new') && p.failures.some((f) => f.verdict !== 'new'));
      assert.ok(pr);
      const json = results.get(pr.branch);
      assert.ok(json);
      // The sample is the repository's root, checked out in GITHUB_WORKSPACE: the paths are the workspace's.
      const result = await cli(triageArgs(gh, truth, cache, '--branch', pr.branch, '--format', 'github', '--fail-on-new'), { GITHUB_TOKEN: 'x', GITHUB_WORKSPACE: SAMPLE });
      assert.equal(result.code, 1, result.stderr);
      const level = { new: 'error', 'failing-on-base': 'warning', 'known-flaky': 'notice' } as Record<string, string>;
      const expected = json.failures.map((f) => `${level[f.verdict]} ${f.location ? `${f.location.file}:${f.location.line}` : '-'} ${f.id}`);
      const commands = runnerCommands(result.stdout);
      const actual = commands.filter((c) => c.command !== 'warning' || !c.properties.title?.startsWith('CI infrastructure')).map((c) => `${c.command} ${c.properties.file ? `${c.properties.file}:${c.properties.line}` : '-'} ${c.data.split(': ')[0]}`);
      assert.deepEqual(actual.sort(), expected.sort(), result.stdout);
      assert.ok(json.failures.some((f) => f.verdict === 'new' && f.location), 'a new failure placed in the sample');
      assert.equal(commands.filter((c) => c.properties.title?.startsWith('CI infrastructure')).length, json.infrastructure.length);
      assert.ok(result.stdout.startsWith(`Flakelens: ${truth.repository}: ${json.summary}`), result.stdout);
    });

    test('a run given by id is sorted as its branch\'s newest run is', async () => {
      const pr = truth.pullRequests[0] as PullRequestTruth;
      const result = await cli(triageArgs(gh, truth, cache, '--run', String(pr.runId), '--format', 'json'), { GITHUB_TOKEN: 'x' });
      assert.equal(result.code, 0, result.stderr);
      const json = JSON.parse(result.stdout) as TriageJson;
      const byBranch = results.get(pr.branch);
      assert.equal(json.run.url, byBranch?.run.url);
      assert.deepEqual(actualFailures(json), expectedFailures(pr));
      assert.deepEqual(json.infrastructure, byBranch?.infrastructure);
      assert.equal(json.rerunMayPass, pr.rerunMayPass);
    });
  });
}

describe('flakelens triage markdown and errors', () => {
  const HOSTILE_TEST = 'TestEvil/a|b_<img_src=x_onerror=alert(1)>_**@octocat**_`code`_[x](javascript:alert(1))';
  const HOSTILE_MESSAGE = 'got </details> | ```injected``` @octocat [link](javascript:alert(1)) <script>alert(1)</script> ##[stop-commands]tok %0A::error::forged, x';

  function evilLog(): string {
    return [
      '##[group]Run go test -v ./...',
      'go test -v ./...',
      '##[endgroup]',
      '=== RUN   TestEvil',
      `=== RUN   ${HOSTILE_TEST}`,
      `    evil_test.go:12: ${HOSTILE_MESSAGE}`,
      '--- FAIL: TestEvil (0.00s)',
      `    --- FAIL: ${HOSTILE_TEST} (0.00s)`,
      'FAIL',
      'FAIL\tgithub.com/acme/sample/evil\t0.012s',
      'FAIL',
      '##[error]Process completed with exit code 1.',
      '',
    ].join('\n');
  }

  /** The lines of a markdown text outside fenced code blocks. */
  function outsideFences(markdown: string): string[] {
    const out: string[] = [];
    let fence: string | undefined;
    for (const line of markdown.split('\n')) {
      const open = /^(`{3,})/.exec(line);
      if (fence) {
        if (line.trim() === fence) fence = undefined;
        continue;
      }
      if (open?.[1]) {
        fence = open[1];
        continue;
      }
      out.push(line);
    }
    assert.equal(fence, undefined, 'a code block is left open');
    return out;
  }

  test('hostile test names and messages cannot break the table, the details, or mention anyone', async () => {
    const { state, truth } = generateFlakyHistory({ seed: 5, runs: 30 });
    const repo = state.repos[0];
    assert.ok(repo);
    addRun(state, repo, {
      branch: 'feature/evil',
      event: 'pull_request',
      createdAt: isoSeconds(Date.parse(truth.window.to) + 3_600_000),
      jobs: [
        {
          name: 'Test Linux x86_64 | <b>bold</b>',
          conclusion: 'failure',
          labels: ['ubuntu-latest'],
          startedAt: isoSeconds(Date.parse(truth.window.to) + 3_700_000),
          completedAt: isoSeconds(Date.parse(truth.window.to) + 3_800_000),
          log: evilLog(),
          steps: [
            { name: 'Set up job', conclusion: 'success' },
            { name: 'Run go test -v ./...', conclusion: 'failure' },
          ],
        },
      ],
    });
    const gh = await startFakeGitHub(state);
    try {
      const cache = scratchDir('triage');
      const result = await cli(['triage', '--repo', truth.repository, '--api-url', gh.url, '--cache-dir', cache, '--days', '400', '--branch', 'feature/evil', '--format', 'markdown', '--fail-on-new'], {
        GITHUB_TOKEN: 'x',
      });
      assert.equal(result.code, 1, result.stderr);
      const markdown = result.stdout;
      assert.match(markdown, /^### Flakelens: CI failed: 1 new/);
      const outside = outsideFences(markdown);
      const rows = outside.filter((l) => l.startsWith('| '));
      assert.ok(rows.length >= 2, markdown);
      for (const row of rows) {
        const cells = row.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length - 1;
        assert.equal(cells, 6, `a row with ${cells} pipes: ${row}`);
      }
      const text = outside.join('\n');
      assert.doesNotMatch(text, /<(img|script|b)\b/i, 'raw HTML outside code blocks');
      assert.doesNotMatch(text, /@octocat/, 'a mention outside code blocks');
      assert.doesNotMatch(text, /\]\(javascript:/, 'a javascript link');
      assert.equal(outside.filter((l) => l.includes('</details>')).length, 1, 'details closed once, by Flakelens');
      assert.ok(markdown.includes('```injected```'), 'the message is kept whole inside its code block');
      assert.deepEqual(runnerCommands(markdown), [], 'markdown printed in a CI job hands the runner no command');
      const annotated = await cli(['triage', '--repo', truth.repository, '--api-url', gh.url, '--cache-dir', cache, '--days', '400', '--branch', 'feature/evil', '--format', 'github'], {
        GITHUB_TOKEN: 'x',
      });
      assert.equal(annotated.code, 0, annotated.stderr);
      const commands = runnerCommands(annotated.stdout);
      assert.deepEqual(
        commands.map((c) => c.command),
        ['error'],
        annotated.stdout,
      );
      assert.ok(commands[0]?.data.startsWith(`${HOSTILE_TEST}: `), commands[0]?.data);
      assert.ok(commands[0]?.data.includes(HOSTILE_MESSAGE), commands[0]?.data);
      assert.equal(commands[0]?.properties.title, 'New failure in Test Linux x86_64 | <b>bold</b>');
    } finally {
      await gh.close();
    }
  });

  test('a missing --branch and --run is a usage error: exit 2 and one line on stderr', async () => {
    const result = await cli(['triage', '--repo', 'acme/sample']);
    assert.equal(result.code, 2);
    assert.equal(result.stderr.trim().split('\n').length, 1);
    assert.match(result.stderr, /--branch NAME or --run ID/);
  });

  test('a branch without runs and an unknown run id exit 2 with a one-line reason', async () => {
    const { state } = generateFlakyHistory({ seed: 2, runs: 5 });
    const gh = await startFakeGitHub(state);
    try {
      const cache = scratchDir('triage');
      const common = ['triage', '--repo', 'acme/sample', '--api-url', gh.url, '--cache-dir', cache, '--days', '400'];
      const noRuns = await cli([...common, '--branch', 'feature/nothing'], { GITHUB_TOKEN: 'x' });
      assert.equal(noRuns.code, 2);
      assert.match(noRuns.stderr, /no completed workflow run on feature\/nothing/);
      assert.equal(noRuns.stderr.trim().split('\n').length, 1);
      const unknown = await cli([...common, '--run', '424242'], { GITHUB_TOKEN: 'x' });
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /run 424242 was not found/);
      assert.equal(noRuns.stdout + unknown.stdout, '');
    } finally {
      await gh.close();
    }
  });
});
