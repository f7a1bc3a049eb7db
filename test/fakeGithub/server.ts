// The fake GitHub Actions REST API: real HTTP on 127.0.0.1, GitHub's response shapes, pagination Link headers,
// weak ETags with 304s that cost no rate limit, rate-limit headers, job logs behind a 302 to a signed blob URL,
// re-runs that create attempts, and deterministic fault injection. Tests, benchmarks and the demo point octokit's
// `baseUrl` at `FakeGitHub.url`. Everything it serves comes from the `FakeGitHubState` it was given.

import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { renderJobLog } from './githubLog';
import {
  addIssue,
  findJob,
  findRepo,
  findRun,
  jobById,
  latestAttempt,
  rerunFailedJobs,
  rerunJob,
  RerunRefused,
  completePendingReruns,
  type FakeArtifact,
  type FakeAttempt,
  type FakeIssue,
  type FakeGitHubState,
  type FakeJob,
  type FakeRepo,
  type FakeRun,
  type FakeWorkflow,
  type Fault,
} from './state';
import { createZip } from './zip';

export interface RequestRecord {
  readonly method: string;
  /** Path with query, as requested (`/repos/acme/sample/actions/runs?per_page=100`). */
  readonly path: string;
  /** 0 until the response starts. */
  status: number;
  readonly ifNoneMatch?: string;
  /** Whether an Authorization header was sent (the token itself is never kept). */
  readonly authorization: boolean;
  /** Set when a fault from `state.faults` answered or shaped the response. */
  fault?: boolean;
}

/** An artifact download held open by {@link FakeGitHub.holdArtifactDownloads}. */
export interface HeldDownload {
  readonly artifactId: number;
  /** The artifact's size as its listing gives it (`size_in_bytes`). */
  readonly listedBytes: number;
  /** Sends the download's answer (once). */
  release(): void;
}

export interface FakeGitHub {
  /** `http://127.0.0.1:PORT`: octokit's `baseUrl`. */
  readonly url: string;
  readonly requests: RequestRecord[];
  readonly state: FakeGitHubState;
  resetRequests(): void;
  /**
   * From now on, holds each artifact download (the blob behind the zip's redirect) open until the test releases it:
   * `onHeld` is called as each one arrives. What a client downloads at once shows, by events, in
   * {@link artifactDownloads}.
   */
  holdArtifactDownloads(onHeld: (download: HeldDownload) => void): void;
  /** The listed bytes of the held artifact downloads not released yet, and the most there were at once. */
  readonly artifactDownloads: { readonly listedBytes: number; readonly peakListedBytes: number };
  /** Finishes re-runs left in progress (with `state.rerunCompletion = 'manual'`). */
  completePendingReruns(): number;
  close(): Promise<void>;
}

const HTML = 'https://github.com';
const DOCS = 'https://docs.github.com/rest';
const API_VERSION = '2022-11-28';

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** JSON GETs get an ETag and can be answered 304. */
  conditional?: boolean;
  /** Counts against the rate limit (API calls do; blob downloads and `/rate_limit` do not). */
  metered: boolean;
  /** An API answer (rate-limit headers); blob downloads are not. */
  api: boolean;
}

interface Route {
  readonly repo: FakeRepo;
  /** The path prefix that named the repo: `/repos/acme/sample` or `/repositories/123`. */
  readonly repoPrefix: string;
  /** The rest of the path after the repo prefix, split. */
  readonly rest: readonly string[];
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly documentation = DOCS,
  ) {
    super(message);
  }
}

export interface FakeGitHubOptions {
  readonly port?: number;
  /**
   * The address clients know the server by, when a proxy puts it behind a host name (`https://api.github.com`,
   * `https://ghe.example`): Link headers, log redirects and the API URLs in bodies use it. Default: `url`.
   */
  readonly publicUrl?: string;
}

export async function startFakeGitHub(state: FakeGitHubState, options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const requests: RequestRecord[] = [];
  const sockets = new Set<Socket>();
  const logCache = new WeakMap<FakeJob, string>();
  const jobIndexes = new WeakMap<FakeRepo, { size: number; jobs: Map<number, { run: FakeRun; job: FakeJob }> }>();

  /** A job by id, through an index rebuilt whenever the repository gained job executions. */
  function jobOf(repo: FakeRepo, id: number): { run: FakeRun; job: FakeJob } | undefined {
    const size = repo.runs.reduce((sum, run) => sum + run.jobs.length, 0);
    let index = jobIndexes.get(repo);
    if (!index || index.size !== size) {
      index = { size, jobs: new Map(repo.runs.flatMap((run) => run.jobs.map((job) => [job.id, { run, job }] as const))) };
      jobIndexes.set(repo, index);
    }
    return index.jobs.get(id) ?? findJob(repo, id);
  }
  let requestCounter = 0;
  let onHeldDownload: ((download: HeldDownload) => void) | undefined;
  const artifactDownloads = { listedBytes: 0, peakListedBytes: 0 };

  /** Waits, when downloads are held, until the test releases this one (a path that is an artifact's blob). */
  async function heldUntilReleased(path: string): Promise<void> {
    const onHeld = onHeldDownload;
    const id = /^\/_blobs\/artifacts\/(\d+)(?:\?|$)/.exec(path)?.[1];
    const artifact = id === undefined ? undefined : state.repos.flatMap((r) => r.artifacts).find((a) => String(a.id) === id);
    if (!onHeld || !artifact) return;
    const listedBytes = listedSize(artifact);
    artifactDownloads.listedBytes += listedBytes;
    artifactDownloads.peakListedBytes = Math.max(artifactDownloads.peakListedBytes, artifactDownloads.listedBytes);
    await new Promise<void>((resolve) => {
      let released = false;
      onHeld({
        artifactId: artifact.id,
        listedBytes,
        release: () => {
          if (released) return;
          released = true;
          // Counted out when the answer is sent, before the client can have read it.
          artifactDownloads.listedBytes -= listedBytes;
          resolve();
        },
      });
    });
  }
  /** The address in the answers (Link headers, redirects, bodies): {@link FakeGitHubOptions.publicUrl} or its own. */
  let url = '';

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ message: `fake GitHub error: ${String(error)}` }));
      } else {
        res.destroy();
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const rawPath = req.url ?? '/';
    if (rawPath.startsWith('/_fake/')) return control(method, rawPath, await readBody(req), res);
    const authHeader = req.headers.authorization;
    const ifNoneMatch = headerValue(req.headers['if-none-match']);
    const record: RequestRecord = {
      method,
      path: rawPath,
      status: 0,
      ...(ifNoneMatch !== undefined ? { ifNoneMatch } : {}),
      authorization: authHeader !== undefined,
    };
    requests.push(record);
    const requestBody = await readBody(req);
    requestCounter++;

    const fault = takeFault(state.faults, method, rawPath);
    if (fault) record.fault = true;
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));

    let reply: Reply;
    if (fault?.status !== undefined) {
      reply = faultReply(fault);
    } else {
      reply = respond(method, rawPath, authHeader, requestBody);
      if (reply.status === 200) await heldUntilReleased(rawPath);
    }

    const baseHeaders: Record<string, string> = {
      server: 'github.com',
      'x-github-request-id': `${(0xc0de0000 + requestCounter).toString(16).toUpperCase()}:${(requestCounter * 7919).toString(16).toUpperCase()}:6A0B1C2:4D3E5F6:${(0x65f00000 + requestCounter).toString(16).toUpperCase()}`,
    };

    // Conditional requests: a matching ETag gets 304 with no body, and GitHub does not count it.
    if (reply.conditional && reply.status === 200 && method === 'GET') {
      const etag = `W/"${createHash('sha256').update(reply.body).digest('hex')}"`;
      reply.headers.etag = etag;
      if (ifNoneMatch !== undefined && etagMatches(ifNoneMatch, etag)) {
        const headers = { ...baseHeaders, ...rateLimitHeaders(), etag, 'cache-control': reply.headers['cache-control'] ?? 'private, max-age=60, s-maxage=60', vary: reply.headers.vary ?? VARY };
        record.status = 304;
        res.writeHead(304, headers);
        res.end();
        return;
      }
    }
    // Every API call counts (errors too), except 304s and the fault-made answers.
    if (reply.metered && fault?.status === undefined) {
      state.rateLimit.remaining = Math.max(0, state.rateLimit.remaining - 1);
      state.rateLimit.used++;
    }
    if (reply.api && !('x-ratelimit-remaining' in reply.headers)) Object.assign(reply.headers, rateLimitHeaders());

    const headers = { ...baseHeaders, ...reply.headers, 'content-length': String(reply.body.length) };
    record.status = reply.status;
    if (fault?.cutOff && reply.body.length > 0) {
      const bytes = fault.cutOff === true ? Math.max(1, Math.floor(reply.body.length / 2)) : Math.min(fault.cutOff.bytes, reply.body.length - 1);
      res.writeHead(reply.status, headers);
      res.write(reply.body.subarray(0, bytes), () => {
        res.destroy();
      });
      return;
    }
    res.writeHead(reply.status, headers);
    res.end(method === 'HEAD' ? undefined : reply.body);
  }

  /**
   * The control endpoints, for tests that run in another process (VS Code's extension host) and cannot reach the
   * state: `POST /_fake/faults` adds a fault (JSON: a path-prefix `match`, `status`, `times`, `rateLimitedUntil`,
   * `method`), `DELETE /_fake/faults` clears them, `GET /_fake/requests` lists the requests, and
   * `POST /_fake/requests/reset` forgets them. `PUT /_fake/tokens` sets the accepted tokens (JSON `tokens`: a list,
   * or null for any token: others get 401 Bad credentials). `GET /_fake/issues` lists every repository's issues (`repository`
   * added), `POST /_fake/issues` adds one (JSON: `repository` `owner/name`, `title`, `body`, `labels`, `state`), and
   * `DELETE /_fake/issues` removes them all. They are not recorded as requests.
   */
  function control(method: string, path: string, body: Buffer, res: ServerResponse): void {
    const send = (status: number, value: unknown) => {
      const text = JSON.stringify(value);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
      res.end(text);
    };
    if (path === '/_fake/faults' && method === 'POST') {
      const fault = JSON.parse(body.toString('utf8') || '{}') as Fault;
      if (typeof fault.match !== 'string') return send(422, { message: 'match must be a path prefix' });
      state.faults.push(fault);
      return send(201, { faults: state.faults.length });
    }
    if (path === '/_fake/faults' && method === 'DELETE') {
      state.faults.length = 0;
      return send(200, { faults: 0 });
    }
    if (path === '/_fake/requests' && method === 'GET') return send(200, { requests });
    if (path === '/_fake/requests/reset' && method === 'POST') {
      requests.length = 0;
      return send(200, { requests: 0 });
    }
    if (path === '/_fake/tokens' && method === 'PUT') {
      const wanted = JSON.parse(body.toString('utf8') || '{}') as { tokens?: unknown };
      if (wanted.tokens === null) delete state.tokens;
      else if (Array.isArray(wanted.tokens) && wanted.tokens.every((t) => typeof t === 'string')) state.tokens = [...(wanted.tokens as string[])];
      else return send(422, { message: 'tokens must be a list of strings, or null for any token' });
      return send(200, { tokens: state.tokens?.length ?? null });
    }
    if (path === '/_fake/issues' && method === 'GET') {
      return send(200, { issues: state.repos.flatMap((r) => (r.issues ?? []).map((issue) => ({ repository: `${r.owner}/${r.name}`, ...issue }))) });
    }
    if (path === '/_fake/issues' && method === 'POST') {
      const wanted = JSON.parse(body.toString('utf8') || '{}') as { repository?: string; title?: string; body?: string; labels?: string[]; state?: 'open' | 'closed' };
      const [owner = '', name = ''] = (wanted.repository ?? '').split('/');
      const repo = findRepo(state, owner, name);
      if (!repo || typeof wanted.title !== 'string') return send(422, { message: 'repository (owner/name) and title are required' });
      return send(201, addIssue(repo, { title: wanted.title, ...(wanted.body !== undefined ? { body: wanted.body } : {}), ...(wanted.labels ? { labels: wanted.labels } : {}), ...(wanted.state ? { state: wanted.state } : {}) }));
    }
    if (path === '/_fake/issues' && method === 'DELETE') {
      for (const r of state.repos) r.issues = [];
      return send(200, { issues: 0 });
    }
    return send(404, { message: 'Not Found' });
  }

  function rateLimitHeaders(): Record<string, string> {
    return {
      'x-ratelimit-limit': String(state.rateLimit.limit),
      'x-ratelimit-remaining': String(state.rateLimit.remaining),
      'x-ratelimit-reset': String(state.rateLimit.reset),
      'x-ratelimit-used': String(state.rateLimit.used),
      'x-ratelimit-resource': 'core',
    };
  }

  function faultReply(fault: Fault): Reply {
    const status = fault.status ?? 500;
    if (fault.rateLimitedUntil !== undefined) {
      return {
        ...json(status, errorBody(fault.message ?? 'API rate limit exceeded for user ID 583231. If you reach out to GitHub Support for help, please include the request ID.', `${DOCS}/using-the-rest-api/rate-limits-for-the-rest-api`, status)),
        headers: {
          ...JSON_HEADERS,
          'x-ratelimit-limit': String(state.rateLimit.limit),
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(fault.rateLimitedUntil),
          'x-ratelimit-used': String(state.rateLimit.limit),
          'x-ratelimit-resource': 'core',
        },
        metered: true,
      };
    }
    if (fault.retryAfter !== undefined) {
      const reply = json(status, errorBody(fault.message ?? 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.', `${DOCS}/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits`, status));
      reply.headers['retry-after'] = String(fault.retryAfter);
      return reply;
    }
    if (status === 502) {
      return {
        status,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: Buffer.from('<!DOCTYPE html>\n<html><head><title>Unicorn! &middot; GitHub</title></head><body><p>No server is currently available to service your request.</p></body></html>\n'),
        metered: true,
        api: true,
      };
    }
    return json(status, errorBody(fault.message ?? defaultMessage(status), DOCS, status));
  }

  function respond(method: string, rawPath: string, authHeader: string | undefined, body: Buffer): Reply {
    const parsed = new URL(rawPath, 'http://127.0.0.1');
    let path = parsed.pathname.replace(/\/+$/, '') || '/';
    const apiPrefix = path.startsWith('/api/v3/') || path === '/api/v3' ? '/api/v3' : '';
    path = path.slice(apiPrefix.length) || '/';
    const query = parsed.searchParams;

    try {
      if (path.startsWith('/_blobs/')) return blob(path, query);

      const auth = authenticate(authHeader);
      if (state.rateLimit.remaining <= 0) {
        return {
          ...json(403, errorBody('API rate limit exceeded for user ID 583231. If you reach out to GitHub Support for help, please include the request ID.', `${DOCS}/using-the-rest-api/rate-limits-for-the-rest-api`, 403)),
          metered: false,
        };
      }
      if (path === '/rate_limit' && method === 'GET') return rateLimitReply();

      const route = resolveRepo(path, auth);
      if (!route) throw new HttpError(404, 'Not Found');
      const ctx: Ctx = { route, query, apiPrefix, rawQuery: parsed.search, auth, path };
      if (method === 'GET' || method === 'HEAD') return get(ctx);
      if (method === 'POST') {
        // The re-run endpoints accept `{ enable_debug_logging }`, which changes nothing here; issues read the body.
        return post(ctx, body);
      }
      throw new HttpError(404, 'Not Found');
    } catch (error) {
      if (error instanceof HttpError) return json(error.status, errorBody(error.message, error.documentation, error.status));
      throw error;
    }
  }

  type Auth = 'anonymous' | 'read' | 'write';

  interface Ctx {
    readonly route: Route;
    readonly query: URLSearchParams;
    readonly apiPrefix: string;
    readonly rawQuery: string;
    readonly auth: Auth;
    readonly path: string;
  }

  function authenticate(header: string | undefined): Auth {
    if (header === undefined) return 'anonymous';
    const match = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header);
    const token = match?.[1];
    if (!token || (state.tokens !== undefined && !state.tokens.includes(token) && !(state.readOnlyTokens ?? []).includes(token))) {
      throw new HttpError(401, 'Bad credentials');
    }
    return (state.readOnlyTokens ?? []).includes(token) ? 'read' : 'write';
  }

  function resolveRepo(path: string, auth: Auth): Route | undefined {
    let repo: FakeRepo | undefined;
    let prefixLength: number;
    const parts = path.split('/').filter(Boolean);
    if (parts[0] === 'repos' && parts.length >= 3) {
      repo = findRepo(state, decodeURIComponent(parts[1] ?? ''), decodeURIComponent(parts[2] ?? ''));
      prefixLength = 3;
    } else if (parts[0] === 'repositories' && parts.length >= 2) {
      repo = state.repos.find((r) => String(r.id) === parts[1]);
      prefixLength = 2;
    } else {
      return undefined;
    }
    // GitHub hides private repositories from those who may not see them behind a 404.
    if (!repo || (repo.private && auth === 'anonymous')) return undefined;
    return { repo, repoPrefix: '/' + parts.slice(0, prefixLength).join('/'), rest: parts.slice(prefixLength) };
  }

  function get(ctx: Ctx): Reply {
    const { repo, rest } = ctx.route;
    const [a, b, c, d, e, f] = rest;
    if (rest.length === 0) return ok(repoJson(repo, ctx.auth !== 'anonymous'));
    if (a === 'issues' && b === undefined) return listIssues(ctx);
    if (a !== 'actions') throw new HttpError(404, 'Not Found');
    if (b === 'workflows' && c === undefined) {
      const page = paginate(repo.workflows, ctx);
      return ok({ total_count: repo.workflows.length, workflows: page.items.map((w) => workflowJson(repo, w)) }, page.link);
    }
    if (b === 'workflows' && c !== undefined && d === undefined) return ok(workflowJson(repo, workflowOf(repo, c)));
    if (b === 'workflows' && c !== undefined && d === 'runs' && e === undefined) return listRuns(ctx, workflowOf(repo, c));
    if (b === 'runs' && c === undefined) return listRuns(ctx, undefined);
    if (b === 'runs' && c !== undefined) {
      const run = runOf(repo, c);
      if (d === undefined) return ok(runJson(repo, run, latestAttempt(run)));
      if (d === 'jobs' && e === undefined) {
        const filter = ctx.query.get('filter') ?? 'latest';
        if (filter !== 'latest' && filter !== 'all') throw new HttpError(422, 'Validation Failed');
        const jobs = filter === 'all' ? [...run.jobs].sort((x, y) => x.id - y.id) : latestAttempt(run).jobIds.map((id) => jobById(run, id));
        return jobsPage(ctx, repo, run, jobs);
      }
      if (d === 'attempts' && e !== undefined) {
        const attempt = run.attempts.find((at) => String(at.attempt) === e);
        if (!attempt) throw new HttpError(404, 'Not Found');
        if (f === undefined) return ok(runJson(repo, run, attempt));
        if (f === 'jobs' && rest.length === 6) return jobsPage(ctx, repo, run, attempt.jobIds.map((id) => jobById(run, id)));
      }
      if (d === 'artifacts' && e === undefined) {
        const name = ctx.query.get('name');
        const artifacts = repo.artifacts.filter((x) => x.runId === run.id && (name === null || x.name === name));
        const page = paginate(artifacts, ctx);
        return ok({ total_count: artifacts.length, artifacts: page.items.map((x) => artifactJson(repo, x)) }, page.link);
      }
      throw new HttpError(404, 'Not Found');
    }
    if (b === 'jobs' && c !== undefined) {
      const found = jobOf(repo, Number(c));
      if (!found) throw new HttpError(404, 'Not Found');
      if (d === undefined) return ok(jobJson(repo, found.run, found.job));
      if (d === 'logs' && e === undefined) {
        const { job } = found;
        if (job.logExpired) throw new HttpError(410, 'Gone');
        if (job.status !== 'completed' || (job.log === undefined && job.plan === undefined)) throw new HttpError(404, 'Not Found');
        return redirect(`job-logs/${job.id}`);
      }
      throw new HttpError(404, 'Not Found');
    }
    if (b === 'artifacts' && c === undefined) {
      const page = paginate(repo.artifacts, ctx);
      return ok({ total_count: repo.artifacts.length, artifacts: page.items.map((x) => artifactJson(repo, x)) }, page.link);
    }
    if (b === 'artifacts' && c !== undefined) {
      const artifact = repo.artifacts.find((x) => String(x.id) === c);
      if (!artifact) throw new HttpError(404, 'Not Found');
      if (d === undefined) return ok(artifactJson(repo, artifact));
      if (d === 'zip' && e === undefined) {
        if (artifact.expired) throw new HttpError(410, 'Artifact has expired');
        return redirect(`artifacts/${artifact.id}`);
      }
    }
    throw new HttpError(404, 'Not Found');
  }

  function post(ctx: Ctx, body: Buffer): Reply {
    const { repo, rest } = ctx.route;
    if (ctx.auth === 'anonymous') throw new HttpError(401, 'Requires authentication');
    if (ctx.auth === 'read') throw new HttpError(403, 'Resource not accessible by personal access token');
    const [a, b, c, d, e] = rest;
    if (a === 'issues' && b === undefined) return createIssue(ctx, body);
    try {
      if (a === 'actions' && b === 'runs' && c !== undefined && d === 'rerun-failed-jobs' && e === undefined) {
        rerunFailedJobs(state, repo, runOf(repo, c));
        return created();
      }
      if (a === 'actions' && b === 'jobs' && c !== undefined && d === 'rerun' && e === undefined) {
        const found = jobOf(repo, Number(c));
        if (!found) throw new HttpError(404, 'Not Found');
        rerunJob(state, repo, found.run, found.job);
        return created();
      }
    } catch (error) {
      if (error instanceof RerunRefused) throw new HttpError(403, error.message);
      throw error;
    }
    throw new HttpError(404, 'Not Found');
  }

  /** `GET /repos/{o}/{r}/issues`: `state` (open by default, closed, all), `labels` (all must match), paged. */
  function listIssues(ctx: Ctx): Reply {
    const { repo } = ctx.route;
    const wantedState = ctx.query.get('state') ?? 'open';
    if (!['open', 'closed', 'all'].includes(wantedState)) throw new HttpError(422, 'Validation Failed');
    const labels = (ctx.query.get('labels') ?? '').split(',').map((l) => l.trim().toLowerCase()).filter(Boolean);
    // Newest first, as GitHub sorts by default.
    const issues = [...(repo.issues ?? [])]
      .reverse()
      .filter((i) => wantedState === 'all' || i.state === wantedState)
      .filter((i) => labels.every((l) => i.labels.some((have) => have.toLowerCase() === l)));
    const page = paginate(issues, ctx);
    return ok(page.items.map((i) => issueJson(repo, i)), page.link);
  }

  function createIssue(ctx: Ctx, body: Buffer): Reply {
    const { repo } = ctx.route;
    let wanted: { title?: unknown; body?: unknown; labels?: unknown };
    try {
      wanted = JSON.parse(body.toString('utf8') || '{}') as typeof wanted;
    } catch {
      throw new HttpError(400, 'Problems parsing JSON');
    }
    if (typeof wanted.title !== 'string' || wanted.title.trim() === '') throw new HttpError(422, 'Validation Failed');
    const labels = Array.isArray(wanted.labels) ? wanted.labels.filter((l): l is string => typeof l === 'string') : [];
    const issue = addIssue(repo, { title: wanted.title, body: typeof wanted.body === 'string' ? wanted.body : '', labels, createdAt: state.now });
    return json(201, issueJson(repo, issue));
  }

  function issueJson(repo: FakeRepo, issue: FakeIssue): Record<string, unknown> {
    const api = `${apiBase()}/repos/${repo.owner}/${repo.name}`;
    return {
      id: 2_000_000_000 + repo.id % 1000 * 10_000 + issue.number,
      node_id: `I_kwDO${Buffer.from(String(issue.number)).toString('base64').replace(/=+$/, '')}`,
      url: `${api}/issues/${issue.number}`,
      repository_url: api,
      html_url: `${HTML}/${repo.owner}/${repo.name}/${issue.pullRequest ? 'pull' : 'issues'}/${issue.number}`,
      number: issue.number,
      state: issue.state,
      title: issue.title,
      body: issue.body,
      user: userJson('octocat'),
      labels: issue.labels.map((name, i) => ({ id: 5_000_000 + i, name, color: 'd73a4a', default: false, description: null })),
      comments: 0,
      created_at: issue.createdAt,
      updated_at: issue.createdAt,
      closed_at: null,
      ...(issue.pullRequest ? { pull_request: { url: `${api}/pulls/${issue.number}`, html_url: `${HTML}/${repo.owner}/${repo.name}/pull/${issue.number}` } } : {}),
    };
  }

  function listRuns(ctx: Ctx, workflow: FakeWorkflow | undefined): Reply {
    const { repo } = ctx.route;
    const q = ctx.query;
    const branch = q.get('branch');
    const event = q.get('event');
    const status = q.get('status');
    const actor = q.get('actor');
    const headSha = q.get('head_sha');
    const created = q.get('created');
    const createdTest = created === null ? undefined : parseCreated(created);
    let runs = repo.runs.filter((run) => {
      if (workflow && run.workflowId !== workflow.id) return false;
      if (branch !== null && run.headBranch !== branch) return false;
      if (event !== null && run.event !== event) return false;
      if (actor !== null && run.actor !== actor) return false;
      if (headSha !== null && run.headSha !== headSha) return false;
      if (createdTest && !createdTest(Date.parse(run.createdAt))) return false;
      if (status !== null) {
        const latest = latestAttempt(run);
        const shown = visibleAttempt(latest);
        if (status !== shown.status && status !== shown.conclusion) return false;
      }
      return true;
    });
    runs = runs.sort((x, y) => Date.parse(y.createdAt) - Date.parse(x.createdAt) || y.id - x.id);
    const total = runs.length;
    // GitHub returns at most 1,000 runs for a filtered search.
    if (['actor', 'branch', 'check_suite_id', 'created', 'event', 'head_sha', 'status'].some((p) => q.has(p))) runs = runs.slice(0, 1000);
    const page = paginate(runs, ctx);
    return ok({ total_count: total, workflow_runs: page.items.map((run) => runJson(repo, run, latestAttempt(run))) }, page.link);
  }

  function jobsPage(ctx: Ctx, repo: FakeRepo, run: FakeRun, jobs: readonly FakeJob[]): Reply {
    const page = paginate(jobs, ctx);
    return ok({ total_count: jobs.length, jobs: page.items.map((job) => jobJson(repo, run, job)) }, page.link);
  }

  function paginate<T>(items: readonly T[], ctx: Ctx): { items: T[]; link?: string } {
    const perPageRaw = Number.parseInt(ctx.query.get('per_page') ?? '', 10);
    const perPage = Number.isFinite(perPageRaw) && perPageRaw > 0 ? Math.min(perPageRaw, 100) : 30;
    const pageRaw = Number.parseInt(ctx.query.get('page') ?? '', 10);
    const page = Number.isFinite(pageRaw) && pageRaw > 0 ? pageRaw : 1;
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const slice = items.slice((page - 1) * perPage, page * perPage);
    if (last === 1 && page === 1) return { items: slice };
    const linkPath = state.linkStyle === 'repositories' ? ctx.path.replace(ctx.route.repoPrefix, `/repositories/${ctx.route.repo.id}`) : ctx.path;
    const href = (n: number): string => `${url}${ctx.apiPrefix}${linkPath}?${withPage(ctx.rawQuery, n)}`;
    // GitHub's order: prev, next, last, first.
    const links: string[] = [];
    if (page > 1) links.push(`<${href(Math.min(page - 1, last))}>; rel="prev"`);
    if (page < last) links.push(`<${href(page + 1)}>; rel="next"`, `<${href(last)}>; rel="last"`);
    if (page > 1) links.push(`<${href(1)}>; rel="first"`);
    return { items: slice, link: links.join(', ') };
  }

  function blob(path: string, query: URLSearchParams): Reply {
    const match = /^\/_blobs\/(job-logs|artifacts)\/(\d+)$/.exec(path);
    if (!match) return textReply(404, 'The specified blob does not exist.');
    const [, kind, id] = match as unknown as [string, string, string];
    if (query.get('sig') !== sign(`${kind}/${id}`)) return textReply(403, 'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.');
    for (const repo of state.repos) {
      if (kind === 'job-logs') {
        const found = jobOf(repo, Number(id));
        if (!found) continue;
        if (found.job.logExpired) return textReply(404, 'The specified blob does not exist.');
        return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: Buffer.from(logText(found.job), 'utf8'), metered: false, api: false };
      }
      const artifact = repo.artifacts.find((x) => String(x.id) === id);
      if (artifact) {
        return { status: 200, headers: { 'content-type': 'application/zip' }, body: zipOf(artifact), metered: false, api: false };
      }
    }
    return textReply(404, 'The specified blob does not exist.');
  }

  function logText(job: FakeJob): string {
    if (job.log !== undefined) return job.log;
    let text = logCache.get(job);
    if (text === undefined) {
      text = job.plan ? renderJobLog(job.plan, { bom: state.logBom }) : '';
      logCache.set(job, text);
    }
    return text;
  }

  function redirect(blobPath: string): Reply {
    return {
      status: 302,
      headers: { location: `${url}/_blobs/${blobPath}?sig=${sign(blobPath)}`, 'content-type': 'text/html;charset=utf-8' },
      body: Buffer.alloc(0),
      metered: true,
      api: true,
    };
  }

  function sign(what: string): string {
    return createHmac('sha256', state.blobSecret).update(what).digest('hex').slice(0, 43);
  }

  function rateLimitReply(): Reply {
    const core = { limit: state.rateLimit.limit, used: state.rateLimit.used, remaining: state.rateLimit.remaining, reset: state.rateLimit.reset };
    // GET /rate_limit is free on GitHub.
    return { ...json(200, { resources: { core }, rate: core }), metered: false, conditional: false };
  }

  // JSON shapes, with the fields GitHub returns.

  function apiBase(): string {
    return url;
  }

  function ownerJson(login: string): Record<string, unknown> {
    const id = Number.parseInt(createHash('sha1').update(login).digest('hex').slice(0, 7), 16);
    return {
      login,
      id,
      node_id: `O_kgDO${Buffer.from(String(id)).toString('base64').replace(/=+$/, '')}`,
      avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
      url: `${apiBase()}/users/${login}`,
      html_url: `${HTML}/${login}`,
      type: 'Organization',
      site_admin: false,
    };
  }

  function minimalRepoJson(repo: FakeRepo): Record<string, unknown> {
    return {
      id: repo.id,
      node_id: `R_kgDO${Buffer.from(String(repo.id)).toString('base64').replace(/=+$/, '')}`,
      name: repo.name,
      full_name: `${repo.owner}/${repo.name}`,
      private: repo.private,
      owner: ownerJson(repo.owner),
      html_url: `${HTML}/${repo.owner}/${repo.name}`,
      description: null,
      fork: false,
      url: `${apiBase()}/repos/${repo.owner}/${repo.name}`,
    };
  }

  function repoJson(repo: FakeRepo, authenticated: boolean): Record<string, unknown> {
    const lastRun = repo.runs.reduce((max, r) => Math.max(max, Date.parse(r.createdAt)), Date.parse(repo.createdAt));
    return {
      ...minimalRepoJson(repo),
      created_at: repo.createdAt,
      updated_at: new Date(lastRun).toISOString().replace('.000Z', 'Z'),
      pushed_at: new Date(lastRun).toISOString().replace('.000Z', 'Z'),
      homepage: null,
      size: 412,
      stargazers_count: 0,
      watchers_count: 0,
      language: 'Rust',
      has_issues: true,
      forks_count: 0,
      archived: false,
      disabled: false,
      open_issues_count: 0,
      visibility: repo.private ? 'private' : 'public',
      default_branch: repo.defaultBranch,
      ...(authenticated ? { permissions: { admin: false, maintain: false, push: true, triage: true, pull: true } } : {}),
    };
  }

  function workflowJson(repo: FakeRepo, w: FakeWorkflow): Record<string, unknown> {
    return {
      id: w.id,
      node_id: `W_kwDO${Buffer.from(String(w.id)).toString('base64').replace(/=+$/, '')}`,
      name: w.name,
      path: w.path,
      state: w.state,
      created_at: w.createdAt,
      updated_at: w.updatedAt,
      url: `${apiBase()}/repos/${repo.owner}/${repo.name}/actions/workflows/${w.id}`,
      html_url: `${HTML}/${repo.owner}/${repo.name}/blob/${repo.defaultBranch}/${w.path}`,
      badge_url: `${HTML}/${repo.owner}/${repo.name}/workflows/${encodeURIComponent(w.name)}/badge.svg`,
    };
  }

  function runJson(repo: FakeRepo, run: FakeRun, attempt: FakeAttempt): Record<string, unknown> {
    const workflow = repo.workflows.find((w) => w.id === run.workflowId);
    const shown = visibleAttempt(attempt);
    const api = `${apiBase()}/repos/${repo.owner}/${repo.name}`;
    const checkSuiteId = 30_000_000_000 + (run.id % 1_000_000_000) * 3 + attempt.attempt;
    return {
      id: run.id,
      name: workflow?.name ?? 'CI',
      node_id: `WFR_kwLO${Buffer.from(String(run.id)).toString('base64').replace(/=+$/, '')}`,
      head_branch: run.headBranch,
      head_sha: run.headSha,
      path: workflow?.path ?? '.github/workflows/ci.yml',
      display_title: run.displayTitle,
      run_number: run.runNumber,
      event: run.event,
      status: shown.status,
      conclusion: shown.conclusion,
      workflow_id: run.workflowId,
      check_suite_id: checkSuiteId,
      check_suite_node_id: `CS_kwDO${Buffer.from(String(checkSuiteId)).toString('base64').replace(/=+$/, '')}`,
      url: `${api}/actions/runs/${run.id}`,
      html_url: `${HTML}/${repo.owner}/${repo.name}/actions/runs/${run.id}`,
      pull_requests: [],
      created_at: run.createdAt,
      updated_at: attempt.updatedAt,
      actor: userJson(run.actor),
      run_attempt: attempt.attempt,
      referenced_workflows: [],
      run_started_at: attempt.startedAt,
      triggering_actor: userJson(run.actor),
      jobs_url: `${api}/actions/runs/${run.id}/jobs`,
      logs_url: `${api}/actions/runs/${run.id}/logs`,
      check_suite_url: `${api}/check-suites/${checkSuiteId}`,
      artifacts_url: `${api}/actions/runs/${run.id}/artifacts`,
      cancel_url: `${api}/actions/runs/${run.id}/cancel`,
      rerun_url: `${api}/actions/runs/${run.id}/rerun`,
      previous_attempt_url: attempt.attempt > 1 ? `${api}/actions/runs/${run.id}/attempts/${attempt.attempt - 1}` : null,
      workflow_url: `${api}/actions/workflows/${run.workflowId}`,
      head_commit: {
        id: run.headSha,
        tree_id: createHash('sha1').update(`tree:${run.headSha}`).digest('hex'),
        message: run.displayTitle,
        timestamp: run.createdAt,
        author: { name: 'Octo Cat', email: 'octocat@users.noreply.github.com' },
        committer: { name: 'GitHub', email: 'noreply@github.com' },
      },
      repository: minimalRepoJson(repo),
      head_repository: minimalRepoJson(repo),
    };
  }

  function userJson(login: string): Record<string, unknown> {
    return { ...ownerJson(login), type: 'User' };
  }

  function jobJson(repo: FakeRepo, run: FakeRun, job: FakeJob): Record<string, unknown> {
    const workflow = repo.workflows.find((w) => w.id === run.workflowId);
    const api = `${apiBase()}/repos/${repo.owner}/${repo.name}`;
    const done = job.status === 'completed';
    return {
      id: job.id,
      run_id: run.id,
      workflow_name: workflow?.name ?? 'CI',
      head_branch: run.headBranch,
      run_url: `${api}/actions/runs/${run.id}`,
      run_attempt: job.runAttempt,
      node_id: `CR_kwDO${Buffer.from(String(job.id)).toString('base64').replace(/=+$/, '')}`,
      head_sha: run.headSha,
      url: `${api}/actions/jobs/${job.id}`,
      html_url: `${HTML}/${repo.owner}/${repo.name}/actions/runs/${run.id}/job/${job.id}`,
      status: job.status,
      conclusion: done ? job.conclusion : null,
      created_at: job.createdAt,
      started_at: job.startedAt,
      completed_at: done ? job.completedAt : null,
      name: job.name,
      steps: job.steps.map((s, i) =>
        done
          ? { name: s.name, status: s.status, conclusion: s.conclusion, number: s.number, started_at: s.startedAt, completed_at: s.completedAt }
          : {
              name: s.name,
              status: i === 0 ? 'completed' : i === 1 ? 'in_progress' : 'queued',
              conclusion: i === 0 ? 'success' : null,
              number: s.number,
              started_at: i <= 1 ? s.startedAt : null,
              completed_at: i === 0 ? s.completedAt : null,
            },
      ),
      check_run_url: `${api}/check-runs/${job.id}`,
      labels: [...job.labels],
      runner_id: job.runnerId,
      runner_name: job.runnerName,
      runner_group_id: 0,
      runner_group_name: 'GitHub Actions',
    };
  }

  function artifactJson(repo: FakeRepo, x: FakeArtifact): Record<string, unknown> {
    const api = `${apiBase()}/repos/${repo.owner}/${repo.name}`;
    const run = findRun(repo, x.runId);
    return {
      id: x.id,
      node_id: `MDg6QXJ0aWZhY3Q${Buffer.from(String(x.id)).toString('base64').replace(/=+$/, '')}`,
      name: x.name,
      size_in_bytes: listedSize(x),
      url: `${api}/actions/artifacts/${x.id}`,
      archive_download_url: `${api}/actions/artifacts/${x.id}/zip`,
      expired: x.expired,
      created_at: x.createdAt,
      updated_at: x.createdAt,
      expires_at: x.expiresAt,
      workflow_run: run ? { id: run.id, repository_id: repo.id, head_repository_id: repo.id, head_branch: run.headBranch, head_sha: run.headSha } : null,
    };
  }

  function workflowOf(repo: FakeRepo, idOrFile: string): FakeWorkflow {
    const workflow = repo.workflows.find((w) => String(w.id) === idOrFile || w.path.split('/').pop() === decodeURIComponent(idOrFile));
    if (!workflow) throw new HttpError(404, 'Not Found');
    return workflow;
  }

  function runOf(repo: FakeRepo, id: string): FakeRun {
    const run = findRun(repo, Number(id));
    if (!run) throw new HttpError(404, 'Not Found');
    return run;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const localUrl = `http://127.0.0.1:${address.port}`;
  url = options.publicUrl?.replace(/\/+$/, '') ?? localUrl;

  return {
    url: localUrl,
    requests,
    state,
    resetRequests: () => {
      requests.length = 0;
    },
    completePendingReruns: () => completePendingReruns(state),
    holdArtifactDownloads: (onHeld) => {
      onHeldDownload = onHeld;
    },
    artifactDownloads,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }),
  };
}

const zips = new WeakMap<FakeArtifact['files'], Buffer>();

/** An artifact's zip, made once per list of files: every listing gives its size, and large ones take long to deflate. */
function zipOf(artifact: FakeArtifact): Buffer {
  let zip = zips.get(artifact.files);
  if (!zip) {
    zip = createZip(artifact.files);
    zips.set(artifact.files, zip);
  }
  return zip;
}

/** An artifact's `size_in_bytes`: the size of the zip it is downloaded as, unless the test set another. */
function listedSize(artifact: FakeArtifact): number {
  return artifact.listedSize ?? zipOf(artifact).length;
}

const VARY = 'Accept, Authorization, Cookie, X-GitHub-OTP,Accept-Encoding, Accept, X-Requested-With';

const JSON_HEADERS: Record<string, string> = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'private, max-age=60, s-maxage=60',
  vary: VARY,
  'x-github-media-type': 'github.v3; format=json',
  'x-github-api-version-selected': API_VERSION,
  'x-content-type-options': 'nosniff',
};

function json(status: number, value: unknown): Reply {
  return { status, headers: { ...JSON_HEADERS }, body: Buffer.from(JSON.stringify(value), 'utf8'), metered: true, api: true };
}

function ok(value: unknown, link?: string): Reply {
  const reply = json(200, value);
  reply.conditional = true;
  if (link) reply.headers.link = link;
  return reply;
}

function created(): Reply {
  return json(201, {});
}

function textReply(status: number, text: string): Reply {
  return {
    status,
    headers: { 'content-type': 'application/xml' },
    body: Buffer.from(`<?xml version="1.0" encoding="utf-8"?><Error><Message>${text}</Message></Error>`),
    metered: false,
    api: false,
  };
}

function errorBody(message: string, documentation: string, status: number): Record<string, string> {
  return { message, documentation_url: documentation, status: String(status) };
}

function defaultMessage(status: number): string {
  switch (status) {
    case 401:
      return 'Bad credentials';
    case 403:
      return 'Resource not accessible by integration';
    case 404:
      return 'Not Found';
    case 410:
      return 'Gone';
    case 422:
      return 'Validation Failed';
    case 429:
      return 'Too Many Requests';
    case 503:
      return 'Service Unavailable';
    default:
      return 'Server Error';
  }
}

/** The attempt as clients see it: in-progress attempts have no conclusion yet. */
function visibleAttempt(attempt: FakeAttempt): { status: string; conclusion: string | null } {
  return attempt.status === 'completed' ? { status: 'completed', conclusion: attempt.conclusion } : { status: attempt.status, conclusion: null };
}

function takeFault(faults: Fault[], method: string, path: string): Fault | undefined {
  for (const fault of faults) {
    if (fault.method && fault.method.toUpperCase() !== method) continue;
    const m = fault.match;
    const matches = typeof m === 'string' ? path.startsWith(m) : m instanceof RegExp ? m.test(path) : m(method, path);
    if (!matches) continue;
    fault.seen = (fault.seen ?? 0) + 1;
    const skip = fault.skip ?? 0;
    if (fault.seen <= skip) continue;
    if (fault.times !== undefined && fault.seen > skip + fault.times) continue;
    return fault;
  }
  return undefined;
}

function etagMatches(header: string, etag: string): boolean {
  const strip = (tag: string): string => tag.trim().replace(/^W\//, '');
  return header.split(',').some((candidate) => candidate.trim() === '*' || strip(candidate) === strip(etag));
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

function withPage(rawQuery: string, page: number): string {
  const pairs = rawQuery.replace(/^\?/, '').split('&').filter((p) => p !== '' && !p.startsWith('page='));
  pairs.push(`page=${page}`);
  return pairs.join('&');
}

/**
 * GitHub's `created` qualifier: `>=2026-10-01`, `<2026-10-01T10:00:00Z`, `2026-10-01..2026-10-07`, `2026-10-01..*`,
 * or a bare date (that whole day). A bare date covers its whole UTC day.
 */
export function parseCreated(value: string): (ms: number) => boolean {
  // A `+` in an unencoded query arrives as a space: `>=2026-10-01T10:00:00+00:00`.
  const v = value.trim().replace(/ /g, '+');
  const bound = (text: string, end: boolean): number => {
    if (text === '*') return end ? Infinity : -Infinity;
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
    const ms = Date.parse(dateOnly ? `${text}T00:00:00Z` : text);
    if (Number.isNaN(ms)) throw new HttpError(422, 'Validation Failed');
    return dateOnly && end ? ms + 86_400_000 - 1 : ms;
  };
  const range = /^(.+)\.\.(.+)$/.exec(v);
  if (range) {
    const from = bound(range[1] as string, false);
    const to = bound(range[2] as string, true);
    return (ms) => ms >= from && ms <= to;
  }
  const op = /^(>=|<=|>|<)(.+)$/.exec(v);
  if (op) {
    const text = op[2] as string;
    switch (op[1]) {
      case '>=':
        return ((from) => (ms: number) => ms >= from)(bound(text, false));
      case '>':
        return ((after) => (ms: number) => ms > after)(bound(text, true));
      case '<=':
        return ((to) => (ms: number) => ms <= to)(bound(text, true));
      default:
        return ((before) => (ms: number) => ms < before)(bound(text, false));
    }
  }
  const from = bound(v, false);
  const to = bound(v, true);
  return (ms) => ms >= from && ms <= to;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
