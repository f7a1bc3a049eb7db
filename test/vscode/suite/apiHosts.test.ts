// Two API hosts in one workspace (the multi stage): sample and shop-web are on github.com (api.github.com), shop-api
// on a GitHub Enterprise Server (ENTERPRISE_HOST, named by github-enterprise.uri), each host its own fake GitHub
// behind the stage's proxy. A token set for one host goes to that host's server only, and each folder syncs with its
// own host's token (before 60281c1 every folder's sync asked for the token of the last folder's host, so one
// server's token went to the other). Runs last in the multi stage: it changes the servers' tokens and the folders'
// order of discovery, and puts back what it can in its teardown.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ENTERPRISE_HOST } from '../testWorkspace';
import { fakeGitHub, fakeRequests, idleFlakelens as api } from './extensionUnderTest';

const TOKENS = { github: 'ghp_token_of_the_github_com_account', enterprise: 'ghp_token_of_the_enterprise_account' } as const;
const SERVERS = ['github', 'enterprise'] as const;

function folderNamed(name: string): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.name === name);
  if (!folder) throw new Error(`The workspace has no folder ${name}.`);
  return folder;
}

function folderChange(uri: vscode.Uri, kind: 'added' | 'removed'): Promise<void> {
  return new Promise<void>((resolve) => {
    const listener = vscode.workspace.onDidChangeWorkspaceFolders((e) => {
      if (e[kind].some((f) => f.uri.toString() === uri.toString())) {
        listener.dispose();
        resolve();
      }
    });
  });
}

/**
 * Runs a token command for the host of a folder. The token commands act for the host of the folder whose repository
 * was found last, so the folder is taken out of the workspace and put back in its place first.
 */
async function tokenCommandFor(folderName: string, command: 'flakelens.setToken' | 'flakelens.clearToken', ...args: string[]): Promise<void> {
  const folder = folderNamed(folderName);
  const { index, uri, name } = folder;
  assert.ok(index > 0, 'the first folder stays: changing it restarts the extension host');
  const removed = folderChange(uri, 'removed');
  assert.ok(vscode.workspace.updateWorkspaceFolders(index, 1));
  await removed;
  const added = folderChange(uri, 'added');
  assert.ok(vscode.workspace.updateWorkspaceFolders(index, 0, { uri, name }));
  await added;
  const extension = await api();
  await vscode.commands.executeCommand(command, ...args);
  await extension.whenIdle();
}

suite('Two API hosts in one workspace: github.com and a GitHub Enterprise Server', () => {
  const saved = { GITHUB_TOKEN: process.env.GITHUB_TOKEN, GH_TOKEN: process.env.GH_TOKEN };
  teardown(async () => {
    for (const server of SERVERS) await fakeGitHub('PUT', '/_fake/tokens', { tokens: null }, server);
    await tokenCommandFor('shop-api', 'flakelens.clearToken');
    await tokenCommandFor('shop-web', 'flakelens.clearToken');
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  test("each host's token reaches its own server only, and every folder syncs with its own host's token", async () => {
    const extension = await api();
    // From here on each fake GitHub takes only its own host's token (any other gets 401), and the environment has none.
    await fakeGitHub('PUT', '/_fake/tokens', { tokens: [TOKENS.github] }, 'github');
    await fakeGitHub('PUT', '/_fake/tokens', { tokens: [TOKENS.enterprise] }, 'enterprise');
    delete process.env.GITHUB_TOKEN;
    delete process.env.GH_TOKEN;
    for (const server of SERVERS) await fakeGitHub('POST', '/_fake/requests/reset', undefined, server);

    // Each setting syncs every folder; then one more refresh with both tokens set.
    await tokenCommandFor('shop-api', 'flakelens.setToken', TOKENS.enterprise);
    await tokenCommandFor('shop-web', 'flakelens.setToken', TOKENS.github);
    await vscode.commands.executeCommand('flakelens.refresh');
    await extension.whenIdle();

    const seen = { github: await fakeRequests('github'), enterprise: await fakeRequests('enterprise') };
    for (const server of SERVERS) {
      const refused = seen[server].filter((r) => r.status === 401).map((r) => `${r.method} ${r.path}`);
      assert.deepEqual(refused, [], `the ${server} server was sent a token that is not its own`);
      assert.ok(seen[server].every((r) => r.authorization), `every request to the ${server} server carried a token`);
    }
    for (const repository of ['acme/sample', 'acme/shop-web', 'acme/shop-api']) {
      const state = extension.syncState(repository);
      assert.equal(state?.kind, 'synced', `${repository}: ${JSON.stringify(state)}`);
    }
    // Each repository was read from its own host: github.com's two from api.github.com, shop-api from /api/v3.
    const asked = (server: (typeof SERVERS)[number], prefix: string) => seen[server].some((r) => r.path.startsWith(prefix));
    assert.ok(asked('github', '/repos/acme/sample/') && asked('github', '/repos/acme/shop-web/'), 'sample and shop-web synced from api.github.com');
    assert.ok(asked('enterprise', '/api/v3/repos/acme/shop-api/'), `shop-api synced from https://${ENTERPRISE_HOST}/api/v3`);
    assert.ok(!asked('github', '/repos/acme/shop-api/'), 'shop-api was not asked for on api.github.com');
    assert.ok(!asked('enterprise', '/api/v3/repos/acme/sample/') && !asked('enterprise', '/api/v3/repos/acme/shop-web/'), 'sample and shop-web were not asked for on the Enterprise host');
  });
});
