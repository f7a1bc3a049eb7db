// The API URL the CLI sends the token to, checked before any request: `--api-url`, else `GITHUB_API_URL` (set in
// GitHub Actions), else github.com's. A value that is no http(s) URL failed later as "GitHub answered with an error
// (500)" or "Could not reach ftp://…", which sent the user to the network instead of the option.
import { DEFAULT_API_URL } from '../ci/githubClient';

/** The API URL to use, or the one-line reason it cannot be used (`error`). */
export function apiUrlOption(option: string | undefined, env: string | undefined): { url: string } | { error: string } {
  const [value, from] = option !== undefined ? [option, '--api-url'] : env ? [env, 'GITHUB_API_URL'] : [DEFAULT_API_URL, ''];
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { error: `${from} must be an http(s) URL such as https://api.github.com or https://HOST/api/v3, got "${value.slice(0, 200)}"` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { error: `${from} must be an http(s) URL such as https://api.github.com or https://HOST/api/v3, got "${url.protocol}…"` };
  }
  if (url.username !== '' || url.password !== '') {
    // Not echoed: what is before the @ may be a token.
    return { error: `${from} must not hold a user name or password: the token comes from GITHUB_TOKEN or GH_TOKEN` };
  }
  return { url: value };
}
