// The extension is there, activates, registers its commands and finishes its first pass against the fake server.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateFlakelens, extensionId, flakelensExtension } from './extensionUnderTest';

const contributedCommands = [
  'flakelens.refresh',
  'flakelens.signIn',
  'flakelens.setToken',
  'flakelens.clearToken',
  'flakelens.rerunFailedJobs',
  'flakelens.showOutput',
];

suite('Flakelens in VS Code', () => {
  test(`the extension ${extensionId} is installed`, () => {
    assert.ok(vscode.extensions.getExtension(extensionId), `${extensionId} is not among the installed extensions`);
  });

  test('it activates and returns its API', async () => {
    const api = await activateFlakelens();
    assert.equal(flakelensExtension().isActive, true);
    assert.equal(typeof api?.whenIdle, 'function', 'activate() should return an object with whenIdle()');
  });

  test('its commands are registered', async () => {
    await activateFlakelens();
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributedCommands.filter((command) => !registered.has(command));
    assert.deepEqual(missing, [], `commands not registered: ${missing.join(', ')}`);
  });

  test('its first sync and decoration pass finish', async () => {
    const api = await activateFlakelens();
    await api.whenIdle();
  });
});
