// Where the token comes from, in order: a token the user set for this API host (kept in SecretStorage, one per
// host, so a token for one server never goes to another), VS Code's own GitHub sign-in without prompting (github
// for github.com, github-enterprise for the host that `github-enterprise.uri` names, no other), then the
// environment's token for that host (core/environmentToken.ts: GITHUB_TOKEN / GH_TOKEN are github.com's). The token
// is handed to octokit per request and never logged, stored in settings or cached on disk.
import * as vscode from 'vscode';
import { environmentToken } from '../core/environmentToken';

const SECRET_PREFIX = 'flakelens.token:';
const SCOPES = ['repo'];
const SILENT_SESSION_TIMEOUT_MS = 3000;

export type TokenSource = 'secret' | 'vscode' | 'environment';

export interface AuthHosts {
  /** The host of the API the user configured (`flakelens.apiUrl`), if any: every folder reads that API. */
  readonly configured: () => string | undefined;
  /** The host that `github-enterprise.uri` names, the one VS Code's github-enterprise sign-in is for, if any. */
  readonly enterprise: () => string | undefined;
}

export class GitHubAuth implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly hosts: AuthHosts,
  ) {
    this.disposables.push(
      // Any host's: the repositories of a workspace may be on several.
      vscode.authentication.onDidChangeSessions((e) => {
        if (e.provider.id === 'github' || e.provider.id === 'github-enterprise') {
          this.changed.fire();
        }
      }),
      secrets.onDidChange((e) => {
        if (e.key.startsWith(SECRET_PREFIX)) {
          this.changed.fire();
        }
      }),
    );
  }

  /** VS Code's sign-in for a host: github.com's, or the one Enterprise server it is set up for; none for another. */
  private providerId(host: string): 'github' | 'github-enterprise' | undefined {
    if (host === 'github.com') return 'github';
    return host === this.hosts.enterprise() ? 'github-enterprise' : undefined;
  }

  private secretKey(host: string): string {
    return SECRET_PREFIX + host;
  }

  /**
   * A token for `host` without any prompt, or undefined when none is available. Each repository asks with its own
   * API's host: a token set, signed in or exported for one server never goes to another.
   */
  async token(host: string): Promise<{ token: string; source: TokenSource } | undefined> {
    const secret = await this.secrets.get(this.secretKey(host));
    if (secret) {
      return { token: secret, source: 'secret' };
    }
    const session = await this.silentSession(host);
    if (session) {
      return { token: session.accessToken, source: 'vscode' };
    }
    const env = environmentToken(host, process.env, this.hosts.configured());
    if (env) {
      return { token: env, source: 'environment' };
    }
    return undefined;
  }

  /** Asks VS Code to sign in to `host` (shows its own prompt); false where VS Code has no sign-in for that host. */
  async signIn(host: string): Promise<boolean> {
    const provider = this.providerId(host);
    if (!provider) return false;
    const session = await vscode.authentication.getSession(provider, SCOPES, { createIfNone: true });
    return Boolean(session);
  }

  async setToken(token: string, host: string): Promise<void> {
    await this.secrets.store(this.secretKey(host), token);
  }

  async clearToken(host: string): Promise<void> {
    await this.secrets.delete(this.secretKey(host));
  }

  private async silentSession(host: string): Promise<vscode.AuthenticationSession | undefined> {
    const provider = this.providerId(host);
    if (!provider) return undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      // A provider that is not registered (or a slow one) must not hold up the sync: give it a bounded time.
      return await Promise.race([
        vscode.authentication.getSession(provider, SCOPES, { silent: true }),
        new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), SILENT_SESSION_TIMEOUT_MS);
        }),
      ]);
    } catch {
      return undefined;
    } finally {
      if (timer) {
        clearTimeout(timer);
      }
    }
  }

  dispose(): void {
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}
