// The `flakelens.*` settings, read once into a typed object and read again when they change.
import * as vscode from 'vscode';
import { logFormatsOf } from '../core/logs/jobLogReader';
import type { Framework } from '../core/model';

export interface FlakelensSettings {
  /** `owner/name`; empty means "from the git remotes". */
  readonly repository: string;
  /** REST API base; empty means github.com, or the GHES host of the remote. */
  readonly apiUrl: string;
  readonly branches: readonly string[];
  readonly workflows: readonly string[];
  readonly maxRuns: number;
  readonly maxDays: number;
  readonly minFlakeRate: number;
  readonly decorate: { readonly flaky: boolean; readonly failing: boolean };
  readonly problems: boolean;
  readonly autoRefreshMinutes: number;
  /** CodeLens above flaky and failing tests, or none. */
  readonly codeLens: 'flaky' | 'off';
  /** How many times "Run locally" runs a test. */
  readonly localRunCount: number;
  /** Log formats forced by the user; empty: detected per job from the log's content. */
  readonly logFormats: readonly Framework[];
}

export function readSettings(scope?: vscode.ConfigurationScope): FlakelensSettings {
  const c = vscode.workspace.getConfiguration('flakelens', scope);
  const list = (key: string) => (c.get<string[]>(key) ?? []).filter((v) => typeof v === 'string' && v.trim().length > 0).map((v) => v.trim());
  const number = (key: string, fallback: number, min: number, max: number) => {
    const value = c.get<number>(key);
    return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
  };
  const statuses = c.get<string[]>('decorateStatuses') ?? ['flaky', 'failing'];
  return {
    repository: (c.get<string>('repository') ?? '').trim(),
    apiUrl: (c.get<string>('apiUrl') ?? '').trim(),
    branches: list('branches'),
    workflows: list('workflows'),
    maxRuns: number('maxRuns', 100, 1, 1000),
    maxDays: number('maxDays', 30, 1, 400),
    minFlakeRate: number('minFlakeRate', 0, 0, 1),
    decorate: { flaky: statuses.includes('flaky'), failing: statuses.includes('failing') },
    problems: c.get<boolean>('problems') ?? true,
    autoRefreshMinutes: number('autoRefreshMinutes', 15, 0, 1440),
    codeLens: c.get<string>('codeLens') === 'off' ? 'off' : 'flaky',
    localRunCount: Math.round(number('localRunCount', 20, 1, 1000)),
    logFormats: logFormatsOf(c.get<unknown[]>('logFormats') ?? []).formats,
  };
}

/** Whether a sync reads other runs with these settings (more need a sync; the rest only a rescan of what is stored). */
export function syncInputsChanged(before: FlakelensSettings, after: FlakelensSettings): boolean {
  return (
    before.maxRuns !== after.maxRuns ||
    before.maxDays !== after.maxDays ||
    before.branches.join() !== after.branches.join() ||
    before.workflows.join() !== after.workflows.join()
  );
}
