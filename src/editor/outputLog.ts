// The Flakelens output channel (a log channel: levels and timestamps come from VS Code). Every line goes through
// redactSecrets first, with the tokens in use as known secrets, so no token reaches the log even when an error
// message echoes one. The last lines are kept for the extension's own tests, which check exactly that.
import * as vscode from 'vscode';
import { redactSecrets } from '../core/redact';

const KEPT_LINES = 500;

export class OutputLog implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Flakelens', { log: true });
  private readonly secrets = new Set<string>();
  private readonly recent: string[] = [];

  /** A secret to remove from every later line (a token as it is used). */
  rememberSecret(secret: string | undefined): void {
    if (secret) this.secrets.add(secret);
  }

  info(message: string): void {
    this.channel.info(this.keep('info', message));
  }

  warn(message: string): void {
    this.channel.warn(this.keep('warn', message));
  }

  error(message: string): void {
    this.channel.error(this.keep('error', message));
  }

  show(): void {
    this.channel.show(true);
  }

  /** The last lines written, redacted, with their level (`info: …`). */
  get lines(): readonly string[] {
    return this.recent;
  }

  private keep(level: string, message: string): string {
    const line = redactSecrets(message, [...this.secrets]);
    this.recent.push(`${level}: ${line}`);
    if (this.recent.length > KEPT_LINES) this.recent.splice(0, this.recent.length - KEPT_LINES);
    return line;
  }

  dispose(): void {
    this.channel.dispose();
  }
}
