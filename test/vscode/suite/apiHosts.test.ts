// Two API hosts in one workspace (the multi stage): sample and shop-web are on github.com (api.github.com), shop-api
// on a GitHub Enterprise Server (ENTERPRISE_HOST, named by github-enterprise.uri), each host its own fake GitHub
// behind the stage's proxy, each refusing any token but its own here. A token set for one host goes to that host's
// server only (before 60281c1 every folder's sync asked for the token of the last folder's host, so one server's
// token went to the other); the environment's GITHUB_TOKEN is github.com's and GH_ENTERPRISE_TOKEN the Enterprise
// server's (before, GITHUB_TOKEN went to both); Set Token acts for the host of the folder the user is in. Runs last
// in the multi stage: it changes the servers' tokens and the environment, and puts them back in its teardown.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { TOKEN_VARIABLES } from '../../../src/core/environmentToken';
import { ENTERPRISE_HOST } from '../testWorkspace';
import { fakeGitHub, fakeRequests, idleFlakelens as api } from './extensionUnderTest';

const TOKENS = { github: 'ghp_token_of_the_github_com_account', enterprise: 'ghp_token_of_the_enterprise_account' } as const;
const SERVERS = ['github', 'enterprise'] as const;

function folderNamed(name: string): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.name === name);
  if (!folder) throw new Error(`The workspace has no folder ${name}.`);
  return folder;
}

/** Runs a token command and waits for the syncs it starts. */
async function tokenCommand(command: string, ...args: (string | undefined)[]): Promise<void> {
  const extension = await api();
  await vscode.commands.executeCommand(command, ...args);
  await extension.whenIdle();
}

suite('Two API hosts in one workspace: github.com and a GitHub Enterprise Server', () => {
  const saved = Object.fromEntries(TOKEN_VARIABLES.map((name) => [name, process.env[name]]));
  const clearEnvironment = () => {
    for (const name of TOKEN_VARIABLES) delete process.env[name];
  };
  teardown(async () => {
    for (const server of SERVERS) await fakeGitHub('PUT', '/_fake/tokens', { tokens: null }, server);
    await tokenCommand('flakelens.clearToken', ENTERPRISE_HOST);
    await tokenCommand('flakelens.clearToken', 'github.com');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  /** From here on each fake GitHub takes only its own host's token (any other gets 401), and its requests are new. */
  async function ownTokensOnly(): Promise<void> {
    await fakeGitHub('PUT', '/_fake/tokens', { tokens: [TOKENS.github] }, 'github');
    await fakeGitHub('PUT', '/_fake/tokens', { tokens: [TOKENS.enterprise] }, 'enterprise');
    for (const server of SERVERS) await fakeGitHub('POST', '/_fake/requests/reset', undefined, server);
  }

  /** Every folder synced, each from its own host, and no server was sent a token that is not its own. */
  async function eachFromItsOwnHost(): Promise<void> {
    const extension = await api();
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
  }

  test("each host's token set for it reaches its own server only, and every folder syncs with its own host's token", async () => {
    await ownTokensOnly();
    clearEnvironment();
    await tokenCommand('flakelens.setToken', TOKENS.enterprise, ENTERPRISE_HOST);
    await tokenCommand('flakelens.setToken', TOKENS.github, 'github.com');
    await tokenCommand('flakelens.refresh');
    await eachFromItsOwnHost();
  });

  test("the environment's GITHUB_TOKEN goes to github.com only, GH_ENTERPRISE_TOKEN to the Enterprise server only", async () => {
    await ownTokensOnly();
    clearEnvironment();
    process.env.GITHUB_TOKEN = TOKENS.github;
    process.env.GH_ENTERPRISE_TOKEN = TOKENS.enterprise;
    await tokenCommand('flakelens.refresh');
    await eachFromItsOwnHost();
  });

  test('Set Token without a host acts for the host of the folder the user is in', async () => {
    await ownTokensOnly();
    clearEnvironment();
    const openFileOf = async (name: string, pattern: string) => {
      const files = await vscode.workspace.findFiles(new vscode.RelativePattern(folderNamed(name), pattern), undefined, 1);
      assert.ok(files[0], `${name} has a file ${pattern}`);
      await vscode.window.showTextDocument(files[0]);
    };
    await openFileOf('shop-api', '**/*.py');
    await tokenCommand('flakelens.setToken', TOKENS.enterprise);
    await openFileOf('shop-web', '**/*.ts');
    await tokenCommand('flakelens.setToken', TOKENS.github);
    await tokenCommand('flakelens.refresh');
    await eachFromItsOwnHost();
  });
});
