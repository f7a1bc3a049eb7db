// Tokens never reach a log: whatever a log line carries (an error message that echoes a request, a URL with a
// signed query, a header dumped by a library), GitHub's token shapes and secret-bearing query parameters and
// headers are replaced before the line is written.

/** GitHub's token formats: classic and fine-grained PATs, OAuth, app installation/user/refresh tokens. */
const GITHUB_TOKEN = /\b(?:gh[pousr]_[A-Za-z0-9]{20,255}|github_pat_[A-Za-z0-9_]{20,255})\b/g;
/** `Authorization: token …` / `Bearer …` / `Basic …`, as a header line or inside a dumped object. */
const AUTHORIZATION = /(\bauthorization["']?\s*[:=]\s*["']?)(?:token|bearer|basic)?\s*[^\s"',}]+/gi;
/** Signed or secret query parameters (log and artifact redirects carry `sig=`; some servers put tokens in `access_token`). */
const SECRET_QUERY = /([?&](?:sig|signature|token|access_token|X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token)=)[^&\s"'#]+/gi;

/** The line with every secret it carries replaced by `[redacted]`; `also` names more exact secrets (the token in use). */
export function redactSecrets(line: string, also: readonly string[] = []): string {
  let out = line;
  for (const secret of also) {
    if (secret.length >= 8) out = out.split(secret).join('[redacted]');
  }
  return out.replace(GITHUB_TOKEN, '[redacted]').replace(AUTHORIZATION, '$1[redacted]').replace(SECRET_QUERY, '$1[redacted]');
}
