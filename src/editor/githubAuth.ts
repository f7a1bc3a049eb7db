// Where the token comes from, in order: a token the user set for this API host (kept in SecretStorage, one per
// host, so a token for one server never goes to another), VS Code's own GitHub sign-in (github, or
// github-enterprise for GHES) without prompting, then GITHUB_TOKEN / GH_TOKEN from the environment. The token is
// handed to octokit per request and never logged, stored in settings or cached on disk.
import * as vscode from 'vscode';

const SECRET_PREFIX = 'flakelens.token:';
const SCOPES = ['repo'];
const SILENT_SESSION_TIMEOUT_MS = 3000;

export type TokenSource = 'secret' | 'vscode' | 'environment';

export class GitHubAuth implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(
    private readonly secrets: vscode.SecretStorage,
    /**
     * The web host (`github.com`, a GHES host) that the commands (sign in, set or clear the token) act for. Each
     * repository's sync asks for the token of its own host (see {@link token}).
     */
    private readonly host: () => string,
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

  private providerId(host = this.host()): 'github' | 'github-enterprise' {
    return host === 'github.com' ? 'github' : 'github-enterprise';
  }

  private secretKey(host = this.host()): string {
    return SECRET_PREFIX + host;
  }

  /**
   * A token for `host` (default: the commands' host) without any prompt, or undefined when none is available. Each
   * repository asks with its own API's host: a token set or signed in for one server never goes to another.
   */
  async token(host = this.host()): Promise<{ token: string; source: TokenSource } | undefined> {
    const secret = await this.secrets.get(this.secretKey(host));
    if (secret) {
      return { token: secret, source: 'secret' };
    }
    const session = await this.silentSession(host);
    if (session) {
      return { token: session.accessToken, source: 'vscode' };
    }
    const env = process.env.GITHUB_TOKEN || process.env.GH_TOKEN;
    if (env) {
      return { token: env, source: 'environment' };
    }
    return undefined;
  }

  /** Asks VS Code to sign in (shows its own prompt). */
  async signIn(): Promise<boolean> {
    const session = await vscode.authentication.getSession(this.providerId(), SCOPES, { createIfNone: true });
    return Boolean(session);
  }

  async setToken(token: string): Promise<void> {
    await this.secrets.store(this.secretKey(), token);
  }

  async clearToken(): Promise<void> {
    await this.secrets.delete(this.secretKey());
  }

  private async silentSession(host: string): Promise<vscode.AuthenticationSession | undefined> {
    let timer: NodeJS.Timeout | undefined;
    try {
      // A provider that is not registered (or a slow one) must not hold up the sync: give it a bounded time.
      return await Promise.race([
        vscode.authentication.getSession(this.providerId(host), SCOPES, { silent: true }),
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
