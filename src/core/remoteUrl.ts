// Git remote URLs → the GitHub repository they name, for github.com and GitHub Enterprise Server hosts.
// Accepted forms: https://host/owner/repo(.git), http://…, git@host:owner/repo(.git), ssh://git@host(:port)/owner/repo,
// git://host/owner/repo, and `owner/repo` alone (the setting's form, github.com).

export interface GitHubRepositoryRef {
  readonly host: string;
  readonly owner: string;
  readonly repo: string;
}

const NAME = /^[A-Za-z0-9_.-]+$/;

export function parseGitHubRemote(url: string): GitHubRepositoryRef | undefined {
  const text = url.trim();
  let host: string | undefined;
  let pathPart: string | undefined;
  const scp = /^(?:[\w.-]+@)?([\w.-]+):(?!\/\/)(.+)$/.exec(text);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    try {
      const parsed = new URL(text);
      host = parsed.hostname;
      pathPart = parsed.pathname;
    } catch {
      return undefined;
    }
  } else if (scp && !/^[A-Za-z]:[\\/]/.test(text)) {
    host = scp[1];
    pathPart = scp[2];
  } else if (/^[\w.-]+\/[\w.-]+$/.test(text)) {
    host = 'github.com';
    pathPart = text;
  }
  if (!host || !pathPart) {
    return undefined;
  }
  const segments = pathPart.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '').split('/');
  if (segments.length !== 2) {
    return undefined;
  }
  const [owner, repo] = segments as [string, string];
  if (!NAME.test(owner) || !NAME.test(repo)) {
    return undefined;
  }
  return { host: host.toLowerCase(), owner, repo };
}

/** The REST API base of a host: api.github.com for github.com, `https://host/api/v3` for GitHub Enterprise Server. */
export function apiUrlForHost(host: string): string {
  return host === 'github.com' || host === 'www.github.com' ? 'https://api.github.com' : `https://${host}/api/v3`;
}

/** The web host an API URL belongs to (`api.github.com` → `github.com`, `https://ghe.acme.com/api/v3` → `ghe.acme.com`). */
export function hostOfApiUrl(apiUrl: string): string | undefined {
  try {
    const host = new URL(apiUrl).host.toLowerCase();
    return host === 'api.github.com' ? 'github.com' : host;
  } catch {
    return undefined;
  }
}

const REMOTE_ORDER = ['origin', 'upstream'];

/** The repository of the first GitHub remote: `origin` first, then `upstream`, then the others in their order. */
export function pickRemote(remotes: readonly { readonly name: string; readonly url: string }[]): GitHubRepositoryRef | undefined {
  const rank = (name: string) => {
    const index = REMOTE_ORDER.indexOf(name);
    return index === -1 ? REMOTE_ORDER.length : index;
  };
  for (const remote of remotes.slice().sort((a, b) => rank(a.name) - rank(b.name))) {
    const ref = parseGitHubRemote(remote.url);
    if (ref) {
      return ref;
    }
  }
  return undefined;
}

/**
 * The API URL to use for a remote's host, from trusted configuration only (user or machine settings): never from
 * the repository itself, since the token goes where this points. github.com needs no configuration; any other host
 * must be the configured API URL's host or the `github-enterprise.uri` setting's host. Undefined means "ask the user".
 */
export function trustedApiUrl(remoteHost: string, configuredApiUrl: string, enterpriseUri: string): string | undefined {
  if (configuredApiUrl) {
    return configuredApiUrl.replace(/\/+$/, '');
  }
  if (remoteHost === 'github.com' || remoteHost === 'www.github.com') {
    return 'https://api.github.com';
  }
  try {
    if (enterpriseUri && new URL(enterpriseUri).host.toLowerCase() === remoteHost) {
      return apiUrlForHost(remoteHost);
    }
  } catch {
    // an unparsable github-enterprise.uri names no host
  }
  return undefined;
}
