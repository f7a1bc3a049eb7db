// Filing a GitHub issue for a flaky test, once: the body (rate with its sample, per-job table, recent failures with
// links to their job logs, cause, evidence and suggestion, all CI text escaped for Markdown) carries a hidden marker
// with a hash of the test's stable key; before creating one, the open `flaky-test` issues are listed (every page) and
// an issue with the same marker or the same title is returned instead of a duplicate.
// Endpoints beyond DESIGN.md's sync list: `GET /repos/{o}/{r}/issues` and `POST /repos/{o}/{r}/issues`.
import { createHash } from 'node:crypto';
import { githubCodeSpan, githubMarkdownText, oneLineText } from '../core/present/githubMarkdown';
import { firstMeaningfulLine } from '../core/present/hoverMarkdown';
import { intervalText, percent, rateWithSample } from '../core/present/rateText';
import type { ScanTest } from '../core/scan/scanResult';
import { nextPageUrl, type GitHubClient } from './githubClient';

export const FLAKY_TEST_LABEL = 'flaky-test';
const MAX_TITLE = 200;
const MAX_PAGES = 20;
const MAX_EVIDENCE = 6;
const MAX_FAILURES = 5;

export interface IssueRef {
  readonly number: number;
  readonly url: string;
  readonly title: string;
}

export interface FiledIssue {
  readonly issue: IssueRef;
  /** False when an open issue for the test was found and returned instead. */
  readonly created: boolean;
}

/** Why an issue could not be listed or created, in one sentence that says what to do. */
export class IssueError extends Error {
  override readonly name = 'IssueError';
  constructor(
    readonly status: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** The hidden marker of a test's issue: a hash of its framework, suite and id, the same on every machine. */
export function issueMarker(test: Pick<ScanTest, 'key'>): string {
  const hash = createHash('sha256').update(test.key).digest('hex').slice(0, 16);
  return `<!-- flakelens:test=${hash} -->`;
}

/** `Flaky test: <id>` on one line, bounded; the title is plain text on GitHub. */
export function issueTitle(test: Pick<ScanTest, 'id'>): string {
  return oneLineText(`Flaky test: ${test.id}`, MAX_TITLE);
}

const SAFE_URL = /^https?:\/\/[^\s()<>]+$/;

function link(label: string, url: string): string {
  return SAFE_URL.test(url) ? `[${githubMarkdownText(label)}](${url})` : githubMarkdownText(label);
}

export interface IssueContext {
  readonly repository: string;
  /** Runs and branches of the window the figures come from. */
  readonly runs: number;
  readonly branches: readonly string[];
}

/** The issue's Markdown body. Everything that came from CI is escaped and bounded. */
export function issueBody(test: ScanTest, context: IssueContext): string {
  const out: string[] = [issueMarker(test), ''];
  out.push(`**${githubMarkdownText(test.id, 300)}** (${githubMarkdownText(test.framework)}${test.suite ? `, ${githubMarkdownText(test.suite, 300)}` : ''}) is flaky in CI.`);
  out.push('');
  out.push(
    `- Flake rate: **${rateWithSample(test.flakyFailures, test.executions)}** of executions (95% interval ${intervalText(test.interval)}) ` +
      `over the last ${context.runs} runs of ${githubMarkdownText(context.branches.join(', ') || 'the default branch', 300)}`,
  );
  out.push(`- Failures: ${test.failures} (${test.confirmedFlakyFailures} passed on a re-run of the same commit, ${test.likelyFlakyFailures} passed before and after)`);
  if (test.location) out.push(`- Declared at ${githubCodeSpan(`${test.location.file}:${test.location.line}`, 300)}`);
  if (test.byJob.length > 0) {
    out.push('', '| Job | OS | Flaky | Runs | Rate |', '|:--|:--|--:|--:|--:|');
    for (const job of test.byJob) out.push(`| ${githubMarkdownText(job.job)} | ${githubMarkdownText(job.os)} | ${job.flakyFailures} | ${job.executions} | ${percent(job.flakeRate)} |`);
  }
  if (test.recentFailures.length > 0) {
    out.push('', '### Recent failures', '');
    for (const failure of test.recentFailures.slice(0, MAX_FAILURES)) {
      const message = failure.message ? ` — ${githubMarkdownText(firstMeaningfulLine(failure.message), 200)}` : '';
      out.push(`- ${githubMarkdownText(failure.at.slice(0, 10))} · ${githubMarkdownText(failure.job)} · ${link('job log', failure.url)}${message}`);
    }
  }
  if (test.category) {
    const top = test.categories[0];
    out.push('', `### Likely cause: ${githubMarkdownText(test.category)}${top ? ` (confidence ${percent(top.confidence)})` : ''}`, '');
    for (const line of test.evidence.slice(0, MAX_EVIDENCE)) out.push(`- ${githubMarkdownText(line, 200)}`);
  }
  if (test.suggestion) out.push('', `**Suggestion:** ${githubMarkdownText(test.suggestion, 1000)}`);
  out.push('', `<sub>Filed by Flakelens from the CI history of ${githubMarkdownText(context.repository)}.</sub>`);
  return out.join('\n');
}

interface ApiIssue {
  readonly number: number;
  readonly html_url: string;
  readonly title: string;
  readonly body?: string | null;
  readonly pull_request?: unknown;
}

function issueError(error: unknown, repository: string, action: string): IssueError {
  const status = (error as { status?: number }).status;
  const said = String((error as { message?: string }).message ?? error).replace(/\s+/g, ' ').slice(0, 200);
  switch (status) {
    case 401:
      return new IssueError(status, `GitHub rejected the token while trying to ${action}: sign in again or set a new token.`);
    case 403:
      return /rate limit/i.test(said)
        ? new IssueError(status, `GitHub's API rate limit is used up: try to ${action} again later.`)
        : new IssueError(status, `GitHub refused to ${action} on ${repository} (403: ${said}): sign in with an account that can open issues there, or use a token with the Issues permission.`);
    case 404:
      return new IssueError(status, `GitHub did not find ${repository} while trying to ${action} (404): check that the repository exists, that the token can see it, and that it has issues.`);
    case 410:
      return new IssueError(status, `Issues are turned off on ${repository} (410): turn them on in its settings to file flaky tests.`);
    default:
      return new IssueError(status, `Could not ${action} on ${repository}${status ? ` (${status})` : ''}: ${said}`);
  }
}

function split(repository: string): { owner: string; repo: string } {
  const [owner = '', repo = ''] = repository.split('/');
  return { owner, repo };
}

/** The open issue for the test: the one with its marker, else one with its title. Lists every page. */
export async function findOpenIssue(client: GitHubClient, repository: string, test: Pick<ScanTest, 'key' | 'id'>): Promise<IssueRef | undefined> {
  const { owner, repo } = split(repository);
  const marker = issueMarker(test);
  const title = issueTitle(test).toLowerCase();
  let byTitle: IssueRef | undefined;
  let route: string | undefined = 'GET /repos/{owner}/{repo}/issues';
  let params: Record<string, unknown> = { owner, repo, state: 'open', labels: FLAKY_TEST_LABEL, per_page: 100 };
  try {
    for (let page = 0; route && page < MAX_PAGES; page++) {
      const response = await client.getConditional<ApiIssue[]>(route, params, undefined);
      if (!response.modified) break;
      for (const issue of response.data) {
        if (issue.pull_request) continue;
        const ref = { number: issue.number, url: issue.html_url, title: issue.title };
        if ((issue.body ?? '').includes(marker)) return ref;
        if (!byTitle && issue.title.trim().toLowerCase() === title) byTitle = ref;
      }
      const next = nextPageUrl(response.link);
      route = next ? `GET ${next}` : undefined;
      params = {};
    }
  } catch (error) {
    throw issueError(error, repository, 'list its open issues');
  }
  return byTitle;
}

/** Opens an issue for the flaky test, unless one is open already: then that one is returned. */
export async function fileFlakyTestIssue(client: GitHubClient, test: ScanTest, context: IssueContext): Promise<FiledIssue> {
  const existing = await findOpenIssue(client, context.repository, test);
  if (existing) return { issue: existing, created: false };
  const { owner, repo } = split(context.repository);
  try {
    const created = await client.postForData<ApiIssue>('POST /repos/{owner}/{repo}/issues', {
      owner,
      repo,
      title: issueTitle(test),
      body: issueBody(test, context),
      labels: [FLAKY_TEST_LABEL],
    });
    return { issue: { number: created.number, url: created.html_url, title: created.title }, created: true };
  } catch (error) {
    throw issueError(error, context.repository, 'open an issue');
  }
}
