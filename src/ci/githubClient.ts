// The one place where octokit is set up: base URL (github.com or GitHub Enterprise Server), the token from a
// provider (never stored here), throttling and retry, conditional requests, and a count of what was asked.
import { Octokit } from '@octokit/core';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { SyncError } from './syncError';

export const DEFAULT_API_URL = 'https://api.github.com';

export type TokenProvider = () => Promise<string | undefined>;

export interface GitHubClientOptions {
  readonly apiUrl?: string;
  readonly token: TokenProvider;
  readonly userAgent?: string;
  /** Milliseconds per "second" of retry delay; tests make it small so a retried 5xx costs no real time. */
  readonly retryDelayScale?: number;
  /** Rate-limit waits longer than this (seconds) are not waited for: the error reaches the user. */
  readonly maxRateLimitWait?: number;
  /**
   * How long a request waits for the answer to begin (its headers), in milliseconds; default 60 s. Node's fetch
   * waits 300 s, and a server or proxy that takes a request and never answers held the sync that long per request.
   * A body that has begun streams on (a log of 200 MB takes its time).
   */
  readonly answerTimeoutMs?: number;
}

/** A request whose answer did not begin in time (see {@link GitHubClientOptions.answerTimeoutMs}). */
export class AnswerTimeoutError extends Error {
  override readonly name = 'AnswerTimeoutError';
  readonly code = 'ETIMEDOUT';
  constructor(readonly seconds: number) {
    super(`no answer began within ${seconds} s`);
  }
}

/** `fetch` that gives up when the answer has not begun within `ms` (the caller's signal still cancels it). */
function fetchWithAnswerTimeout(ms: number): typeof fetch {
  return async (input, init) => {
    const timeout = new AbortController();
    const outer = init?.signal ?? undefined;
    const signal = outer ? AbortSignal.any([outer, timeout.signal]) : timeout.signal;
    const timer = setTimeout(() => timeout.abort(), ms);
    try {
      return await fetch(input, { ...init, signal });
    } catch (error) {
      if (timeout.signal.aborted && !outer?.aborted) throw new AnswerTimeoutError(Math.round(ms / 100) / 10);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
}

export interface RequestCounts {
  total: number;
  notModified: number;
}

export type Conditional<T> = { readonly modified: true; readonly data: T; readonly etag?: string; readonly link?: string } | { readonly modified: false };

const ResilientOctokit = Octokit.plugin(throttling, retry);

/** What a token is made of: printable ASCII, no space (see the request hook). */
const TOKEN_CHARACTERS = /^[\x21-\x7e]+$/;
type ResilientOctokitInstance = InstanceType<typeof ResilientOctokit>;

export class GitHubClient {
  readonly apiUrl: string;
  readonly counts: RequestCounts = { total: 0, notModified: 0 };
  private readonly octokit: ResilientOctokitInstance;

  constructor(options: GitHubClientOptions) {
    this.apiUrl = (options.apiUrl || DEFAULT_API_URL).replace(/\/+$/, '');
    const scale = options.retryDelayScale ?? 1000;
    const maxWait = options.maxRateLimitWait ?? 10;
    this.octokit = new ResilientOctokit({
      baseUrl: this.apiUrl,
      userAgent: options.userAgent ?? 'flakelens',
      throttle: {
        retryAfterBaseValue: scale,
        onRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount < 1 && retryAfter <= maxWait,
        onSecondaryRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount < 1 && retryAfter <= maxWait,
      },
      retry: { retryAfterBaseValue: scale, retries: 2 },
      request: { fetch: fetchWithAnswerTimeout(options.answerTimeoutMs ?? 60_000) },
    });
    this.octokit.hook.before('request', async (requestOptions) => {
      this.counts.total++;
      // Trimmed, as the HTTP layer trims a header's value: a token read from a CRLF file keeps working.
      const token = (await options.token())?.trim();
      if (token) {
        // A token is printable ASCII. Anything else (a pasted line break, a NUL) makes the HTTP layer refuse the
        // header with an error that quotes it: say so here, without the token.
        if (!TOKEN_CHARACTERS.test(token)) {
          throw new SyncError('bad-credentials', 'The GitHub token holds a character no token has (a space, a line break or a control character): set it again.');
        }
        requestOptions.headers.authorization = `token ${token}`;
      }
    });
    this.octokit.hook.error('request', (error) => {
      if ((error as { status?: number }).status === 304) {
        this.counts.notModified++;
      }
      throw error;
    });
  }

  /** A GET that sends `If-None-Match` when an ETag is known, and answers "not modified" on 304. */
  async getConditional<T>(route: string, params: Record<string, unknown>, etag: string | undefined, signal?: AbortSignal): Promise<Conditional<T>> {
    try {
      const response = await this.octokit.request(route, {
        ...params,
        headers: etag ? { 'if-none-match': etag } : {},
        request: signal ? { signal } : {},
      });
      const headers = response.headers as Record<string, string | undefined>;
      if (typeof response.data !== 'object' || response.data === null) {
        // octokit hands over what it could read: a page that is not the API's (a wrong API URL, a proxy's), or an
        // answer cut off mid-body, is text, and reading it as a listing would fail as a bug of ours.
        throw new SyncError(
          'network',
          `The answer from ${this.apiUrl} was not GitHub's API (${headers['content-type'] ?? 'no content type'}, ${String(response.data).length} characters): check the API URL setting (GitHub Enterprise Server: https://HOST/api/v3) and the network.`,
        );
      }
      return {
        modified: true,
        data: response.data as T,
        ...(headers.etag ? { etag: headers.etag } : {}),
        ...(headers.link ? { link: headers.link } : {}),
      };
    } catch (error) {
      if ((error as { status?: number }).status === 304) {
        return { modified: false };
      }
      throw error;
    }
  }

  /** A job's log as a stream of bytes (GitHub answers with a redirect to the log text, which fetch follows). */
  async jobLogStream(owner: string, repo: string, jobId: number, signal?: AbortSignal): Promise<ReadableStream<Uint8Array>> {
    const response = await this.octokit.request('GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs', {
      owner,
      repo,
      job_id: jobId,
      request: { parseSuccessResponseBody: false, ...(signal ? { signal } : {}) },
    });
    return response.data as unknown as ReadableStream<Uint8Array>;
  }

  /**
   * An artifact's zip as a stream of bytes (a redirect to the archive, which fetch follows), and its size when the
   * answer tells it (`content-length`, of a body not encoded for the transfer).
   */
  async artifactZipStream(owner: string, repo: string, artifactId: number, signal?: AbortSignal): Promise<{ stream: ReadableStream<Uint8Array>; size?: number }> {
    const response = await this.octokit.request('GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}', {
      owner,
      repo,
      artifact_id: artifactId,
      archive_format: 'zip',
      request: { parseSuccessResponseBody: false, ...(signal ? { signal } : {}) },
    });
    const stream = response.data as unknown as ReadableStream<Uint8Array>;
    const headers = response.headers as Record<string, string | number | undefined>;
    const encoding = headers['content-encoding'];
    const size = Number(headers['content-length']);
    return (encoding === undefined || encoding === 'identity') && headers['content-length'] !== undefined && Number.isSafeInteger(size) && size >= 0 ? { stream, size } : { stream };
  }

  async post(route: string, params: Record<string, unknown>): Promise<void> {
    await this.octokit.request(route, params);
  }

  /** A write whose JSON answer is needed (the issue that was created). */
  async postForData<T>(route: string, params: Record<string, unknown>): Promise<T> {
    const response = await this.octokit.request(route, params);
    return response.data as T;
  }
}

/**
 * Whether a download was refused by the storage GitHub redirected it to (a log's or an artifact's signed blob URL),
 * not by GitHub's API: a 401 or 403 whose answer came from another URL than the one asked. Such a refusal (an
 * expired signature, the storage's own outage) concerns that download only, not the token or the repository.
 */
export function refusedByStorage(error: unknown): boolean {
  const e = error as { status?: number; request?: { url?: string }; response?: { url?: string } } | undefined;
  if (e?.status !== 401 && e?.status !== 403) return false;
  const asked = e.request?.url;
  const answered = e.response?.url;
  return typeof asked === 'string' && typeof answered === 'string' && answered !== '' && answered.split('?')[0] !== asked.split('?')[0];
}

/** The URL of the `next` page in a Link header, if any. */
export function nextPageUrl(link: string | undefined): string | undefined {
  if (!link) {
    return undefined;
  }
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="next"/.exec(part);
    if (match?.[1]) {
      return match[1];
    }
  }
  return undefined;
}
