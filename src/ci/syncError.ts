// Errors a user can meet while reading GitHub, each with one sentence that says what happened and what to do.
// Messages never include a token, and CI text that reaches them is bounded.
import { clip } from '../core/logs/failureText';

export type SyncErrorKind =
  | 'not-signed-in'
  | 'bad-credentials'
  | 'no-access' // no such repository, or no access to it
  | 'no-runs'
  | 'rate-limited'
  | 'network'
  | 'server'
  | 'cancelled'
  | 'bad-cache'
  | 'no-repository'
  | 'local' // the cache folder could not be read or written
  | 'internal'; // Flakelens itself failed on what GitHub sent: a bug, not the network

export class SyncError extends Error {
  override readonly name = 'SyncError';
  constructor(
    readonly kind: SyncErrorKind,
    message: string,
    /** For `rate-limited`: when the limit resets (ISO). */
    readonly resetAt?: string,
  ) {
    super(message);
  }
}

interface RequestErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined> };
  code?: string;
  cause?: unknown;
}

function header(error: RequestErrorLike, name: string): string | undefined {
  const value = error.response?.headers?.[name];
  return value === undefined ? undefined : String(value);
}

/** Maps an octokit or fetch error to a {@link SyncError}. `repository` is `owner/name`, `apiUrl` the API base. */
export function toSyncError(error: unknown, repository: string, apiUrl: string): SyncError {
  if (error instanceof SyncError) {
    return error;
  }
  const e = (error ?? {}) as RequestErrorLike;
  if (isAbort(error)) {
    return new SyncError('cancelled', 'The sync was cancelled.');
  }
  const timedOut = (e.cause as { name?: string; seconds?: number } | undefined)?.name === 'AnswerTimeoutError' ? (e.cause as { seconds: number }) : undefined;
  if (timedOut) {
    return new SyncError('network', `${apiUrl} did not answer within ${timedOut.seconds} s: check the network connection (and a proxy); the last synced data is kept.`);
  }
  // octokit reports a request that never got an answer (refused, reset, DNS) as status 500 "fetch failed".
  const status = typeof e.status === 'number' && !(e.status === 500 && isNetworkFailure(error) && !e.response) ? e.status : undefined;
  if (status === 401) {
    return new SyncError('bad-credentials', `GitHub rejected the token for ${apiUrl}: sign in again or set a new token.`);
  }
  if ((status === 403 || status === 429) && isRateLimited(error)) {
    const reset = Number(header(e, 'x-ratelimit-reset'));
    const resetAt = Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000).toISOString() : undefined;
    const when = resetAt ? ` It resets at ${resetAt.slice(11, 16)} UTC.` : '';
    return new SyncError('rate-limited', `GitHub's API rate limit is used up; Flakelens keeps the last synced data.${when}`, resetAt);
  }
  if (status === 403 || status === 404) {
    return new SyncError(
      'no-access',
      `Repository ${repository} was not found on ${apiUrl}, or this account has no access to it: check the repository name and sign in with an account that can read it.`,
    );
  }
  if (status !== undefined && status >= 500) {
    return new SyncError('server', `GitHub answered with an error (${status}); Flakelens keeps the last synced data, try Refresh later.`);
  }
  if (status === undefined && (isNetworkFailure(error) || NETWORK_CODE.test(e.code ?? ''))) {
    return new SyncError('network', `Could not reach ${apiUrl}: check the network connection (and the API URL setting for GitHub Enterprise Server).`);
  }
  if (status === undefined && typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)) {
    // The local file system: the cache folder (a file where a folder should be, no permission, a full disk).
    return new SyncError('local', `Flakelens could not read or write its stored history (${clip((e.message ?? e.code).replace(/\s+/g, ' '), 300)}): check the cache folder; the last synced data is kept.`);
  }
  if (status === undefined) {
    // Not an answer from GitHub, nor a failure to reach it: Flakelens failed on what it read. Saying "network"
    // would send the user to check a connection that works, at every sync.
    const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return new SyncError('internal', `Flakelens failed while reading ${repository}'s CI history (${clip(what.replace(/\s+/g, ' '), 200)}); the last synced data is kept. Please report this.`);
  }
  return new SyncError('server', `GitHub answered with status ${status}: ${(e.message ?? '').slice(0, 200)}`);
}

/** The codes of a request that never got an answer (Node's and undici's), as opposed to the file system's. */
const NETWORK_CODE = /^(ECONNREFUSED|ECONNRESET|ECONNABORTED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EPIPE|EHOSTUNREACH|EHOSTDOWN|ENETUNREACH|ENETDOWN|ENETRESET|EADDRNOTAVAIL|EPROTO|UND_ERR_\w+|ERR_SSL_\w+|CERT_\w+|UNABLE_TO_\w+|SELF_SIGNED_\w+|DEPTH_ZERO_SELF_SIGNED_CERT)$/;

/** Whether a 403 or 429 is GitHub's rate limit (its header, or its message), not a refusal of this request. */
function isRateLimited(error: unknown): boolean {
  const e = (error ?? {}) as RequestErrorLike;
  return (e.status === 403 || e.status === 429) && (header(e, 'x-ratelimit-remaining') === '0' || /rate limit/i.test(e.message ?? ''));
}

function isAbort(error: unknown): boolean {
  const e = error as { name?: string; cause?: { name?: string } } | undefined;
  return e?.name === 'AbortError' || e?.cause?.name === 'AbortError';
}

/**
 * Whether an error is a request that never got an answer, or whose answer broke off: refused, reset, DNS, TLS, a
 * body cut mid-transfer (undici's "terminated", "other side closed"), by its message or its cause's code.
 */
export function isNetworkFailure(error: unknown): boolean {
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  const code = (cause as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && NETWORK_CODE.test(code)) return true;
  const text = String((error as { message?: string })?.message ?? '') + String(cause ?? '');
  return /fetch failed|ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EPIPE|socket|network|terminated|other side closed|UND_ERR_/i.test(text);
}
