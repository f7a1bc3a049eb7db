// What every extension-host suite needs: the Flakelens extension activated (and its test API), the scenario's
// truth that the runner wrote for the fake GitHub server, and the paths of the sample workspace.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { FlakelensApi as FullApi } from '../../../src/extension';

export const extensionId = 'flakelens.flakelens';

/** What `activate()` returns. */
export interface FlakelensApi {
  /** Resolves once the current sync and decoration pass are done: wait on it, never on a sleep. */
  whenIdle(): Promise<void>;
}

export function flakelensExtension(): vscode.Extension<FlakelensApi> {
  const extension = vscode.extensions.getExtension<FlakelensApi>(extensionId);
  if (!extension) throw new Error(`The extension ${extensionId} is not installed in this VS Code.`);
  return extension;
}

export async function activateFlakelens(): Promise<FlakelensApi> {
  return flakelensExtension().activate();
}

/** The scenario truth (from `generateFlakyHistory`) the runner wrote to the file named by FLAKELENS_TEST_TRUTH. */
export function scenarioTruth<T = unknown>(): T {
  const file = process.env.FLAKELENS_TEST_TRUTH;
  if (!file) throw new Error('FLAKELENS_TEST_TRUTH is not set: run these suites through npm run test:vscode.');
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** A file of the opened sample workspace (the copy of demo/sample-repo). */
export function workspaceFile(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('No workspace folder is open.');
  return vscode.Uri.joinPath(folder.uri, ...relativePath.split('/'));
}

/** A file of the named folder of a multi-root workspace. */
export function folderFile(folder: string, relativePath: string): vscode.Uri {
  const root = vscode.workspace.workspaceFolders?.find((f) => f.name === folder);
  if (!root) throw new Error(`The workspace has no folder ${folder}.`);
  return vscode.Uri.joinPath(root.uri, ...relativePath.split('/'));
}

/** The extension's API once start-up, any sync and the decoration passes they caused are done. */
export async function idleFlakelens(): Promise<FullApi> {
  const extensionApi = (await flakelensExtension().activate()) as unknown as FullApi;
  await extensionApi.whenIdle();
  return extensionApi;
}

/**
 * Calls a control endpoint (`/_fake/...`) of the fake GitHub, or with `server` 'enterprise' of the multi stage's
 * GitHub Enterprise Server; they run in the test runner's process, not here.
 */
export async function fakeGitHub(method: string, path: string, body?: unknown, server: 'github' | 'enterprise' = 'github'): Promise<unknown> {
  const url = server === 'enterprise' ? process.env.FLAKELENS_FAKE_ENTERPRISE_URL : (process.env.FLAKELENS_FAKE_GITHUB_URL ?? vscode.workspace.getConfiguration('flakelens').get<string>('apiUrl'));
  assert.ok(url, `the address of the ${server} fake GitHub is not known (FLAKELENS_FAKE_GITHUB_URL, FLAKELENS_FAKE_ENTERPRISE_URL)`);
  const response = await fetch(`${url.replace(/\/+$/, '')}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  assert.ok(response.ok, `${method} ${path}: ${response.status}`);
  return response.json();
}

/** The requests the fake GitHub (or the multi stage's Enterprise one) has answered since its last reset. */
export async function fakeRequests(server: 'github' | 'enterprise' = 'github'): Promise<{ method: string; path: string; status: number; authorization: boolean }[]> {
  return ((await fakeGitHub('GET', '/_fake/requests', undefined, server)) as { requests: { method: string; path: string; status: number; authorization: boolean }[] }).requests;
}
