// A multi-root workspace (the multi stage): three folders, each its own GitHub repository — the Rust/Go sample
// (acme/sample) and a jest project (acme/shop-web) on github.com, and a pytest project (acme/shop-api, its remote in
// the SSH form) on a GitHub Enterprise Server, each host served by its own fake GitHub. Each folder gets its repository's findings, in its own files; the status bar and the Flaky Tests
// view cover all of them; a folder removed from the workspace takes its marks with it, and comes back from the
// stored history when added again; a second folder of one repository (a clone) lists that repository's tests once;
// a worktree folder, whose `.git` is a file naming a git dir outside the workspace, follows its own checkouts.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MultiRootTruth } from '../testWorkspace';
import { waitFor } from '../waitFor';
import { fakeGitHub, fakeRequests, folderFile, idleFlakelens as api, scenarioTruth } from './extensionUnderTest';

function folderNamed(name: string): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.name === name);
  if (!folder) throw new Error(`The workspace has no folder ${name}.`);
  return folder;
}

const fileIn = folderFile;

const key = (t: { suite: string; id: string }) => `${t.suite} | ${t.id}`;

/** The flaky tests of each folder's history, and where each one is declared in the folder's copy of demo/. */
const MARKED = [
  { folder: 'shop-web', repository: 'acme/shop-web', file: 'src/poller.test.ts', id: 'Poller › eventually responds', declaration: "test('eventually responds'" },
  { folder: 'shop-web', repository: 'acme/shop-web', file: 'src/cart.test.ts', id: 'Cart › totals › applies a coupon', declaration: "test('applies a coupon'" },
  { folder: 'shop-api', repository: 'acme/shop-api', file: 'tests/test_api.py', id: 'tests/test_api.py::test_retry_backoff', declaration: 'def test_retry_backoff(' },
  { folder: 'shop-api', repository: 'acme/shop-api', file: 'tests/test_cache.py', id: 'tests/test_cache.py::test_eviction_order', declaration: 'def test_eviction_order(' },
  { folder: 'shop-api', repository: 'acme/shop-api', file: 'tests/test_api.py', id: 'tests/test_api.py::TestPagination::test_next_page[ünï-10]', declaration: 'def test_next_page(' },
] as const;

async function lineOf(uri: vscode.Uri, text: string): Promise<number> {
  const document = await vscode.workspace.openTextDocument(uri);
  const line = document.getText().split(/\r?\n/).findIndex((l) => l.includes(text));
  assert.ok(line >= 0, `${uri.path} has no line with ${text}`);
  return line;
}

function flakelensDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Flakelens');
}

suite('Flakelens in a multi-root workspace', () => {
  test('each folder is its own repository, read from its remote in the https or the SSH form', async () => {
    const extension = await api();
    assert.deepEqual(extension.repositories().slice().sort(), ['acme/sample', 'acme/shop-api', 'acme/shop-web']);
    for (const repository of extension.repositories()) {
      assert.equal(extension.findings(repository)?.repository, repository);
      assert.equal(extension.syncState(repository)?.kind, 'synced', `${repository} did not sync`);
    }
  });

  test("each repository's flaky and failing tests are exactly its own history's", async () => {
    const extension = await api();
    const truth = scenarioTruth<MultiRootTruth>();
    const status = (repository: string, s: string) => (extension.findings(repository)?.tests ?? []).filter((t) => t.status === s).map(key).sort();
    const sample = truth.sample.tests.filter((t) => !t.failsWith);
    assert.deepEqual(status('acme/sample', 'flaky'), sample.filter((t) => t.expected === 'flaky').map(key).sort());
    assert.deepEqual(status('acme/sample', 'failing'), sample.filter((t) => t.expected === 'failing').map(key).sort());
    for (const [repository, runner] of [['acme/shop-web', truth.web], ['acme/shop-api', truth.api]] as const) {
      const flaky = runner.tests.filter((t) => t.expected === 'flaky').map(key).sort();
      assert.ok(flaky.length >= 2, `${repository}'s history has flaky tests`);
      assert.deepEqual(status(repository, 'flaky'), flaky);
      assert.deepEqual(status(repository, 'failing'), []);
    }
  });

  test("the marks land on each test's declaration in its own folder's files, and nowhere else", async () => {
    await api();
    for (const marked of MARKED) {
      const uri = fileIn(marked.folder, marked.file);
      const line = await lineOf(uri, marked.declaration);
      const diagnostics = await waitFor(
        () => {
          const found = flakelensDiagnostics(uri).filter((d) => d.range.start.line === line);
          return found.length > 0 ? found : undefined;
        },
        { description: `a Problems entry for ${marked.id} on ${marked.file}:${line + 1}`, timeoutMs: 10_000 },
      );
      assert.match(diagnostics.map((d) => d.message).join('\n'), /flaky in CI: \d+% \(\d+\/\d+\)/, marked.id);
    }
    // A stable test of shop-web and the sample's Rust files of the other folders carry nothing of the others.
    const stableLine = await lineOf(fileIn('shop-web', 'src/cart.test.ts'), "test('adds an item'");
    assert.deepEqual(flakelensDiagnostics(fileIn('shop-web', 'src/cart.test.ts')).filter((d) => d.range.start.line === stableLine), []);
    const tls = flakelensDiagnostics(fileIn('sample', 'tests/all/tls.rs'));
    assert.ok(tls.length > 0, 'the sample folder keeps its own marks');
    assert.ok(!tls.some((d) => /Poller|retry_backoff/.test(d.message)));
  });

  test("the hover of a jest test in the second folder shows that repository's figures and job links", async () => {
    await api();
    const uri = fileIn('shop-web', 'src/poller.test.ts');
    const line = await lineOf(uri, "test('eventually responds'");
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const column = document.lineAt(line).text.indexOf('eventually') + 2;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, column));
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
      .join('\n')
      .replace(/\\(.)/g, '$1');
    assert.match(text, /flaky \d+% \(\d+\/\d+\)/);
    assert.match(text, /windows/);
    assert.match(text, /https:\/\/github\.com\/acme\/shop-web\/actions\/runs\/\d+\/job\/\d+/);
    assert.doesNotMatch(text, /acme\/sample\//);
  });

  test("the status bar counts every repository's flaky and failing tests and names the repositories", async () => {
    const extension = await api();
    const tests = extension.repositories().flatMap((r) => extension.findings(r)?.tests ?? []);
    const flaky = tests.filter((t) => t.status === 'flaky').length;
    const failing = tests.filter((t) => t.status === 'failing').length;
    const truth = scenarioTruth<MultiRootTruth>();
    const expectedFlaky = [truth.sample.tests.filter((t) => t.expected === 'flaky' && !t.failsWith), truth.web.tests.filter((t) => t.expected === 'flaky'), truth.api.tests.filter((t) => t.expected === 'flaky')].flat().length;
    assert.equal(flaky, expectedFlaky);
    const shown = extension.statusBar();
    assert.equal(shown.text, `$(beaker) ${flaky} flaky · ${failing} failing`);
    for (const repository of ['acme/sample', 'acme/shop-web', 'acme/shop-api']) assert.ok(shown.tooltip.includes(repository), `${shown.tooltip} names ${repository}`);
  });

  test('the Flaky Tests view lists the tests of every repository, each with its repository', async () => {
    const extension = await api();
    const shown = extension.viewTests();
    assert.deepEqual([...new Set(shown.map((t) => t.repository))].sort(), ['acme/sample', 'acme/shop-api', 'acme/shop-web']);
    for (const marked of MARKED) {
      assert.ok(shown.some((t) => t.repository === marked.repository && t.id === marked.id), `${marked.id} in the view under ${marked.repository}`);
    }
    assert.ok(!shown.some((t) => t.repository !== 'acme/shop-web' && t.id.startsWith('Poller')));
  });

  test('the workspace is untrusted: everything above works, and Run locally refuses to run the workspace\'s code', async () => {
    const extension = await api();
    assert.equal(vscode.workspace.isTrusted, false, 'the multi stage opens the workspace in Restricted Mode');
    const test = { framework: 'pytest', suite: 'tests/test_api.py', id: 'tests/test_api.py::test_retry_backoff' };
    const started: string[] = [];
    const listener = vscode.tasks.onDidStartTask((e) => started.push(e.execution.task.name));
    try {
      const result = await vscode.commands.executeCommand<unknown>('flakelens.runLocally', { ...test, repository: 'acme/shop-api', times: 2 });
      assert.equal(result, undefined);
    } finally {
      listener.dispose();
    }
    assert.deepEqual(started, [], 'no task ran');
    assert.equal(extension.localResult({ ...test, repository: 'acme/shop-api' }), undefined);
  });

  test('a folder removed from the workspace takes its marks along; added back, it shows them again from the stored history', async () => {
    const extension = await api();
    const folder = folderNamed('shop-api');
    const uri = fileIn('shop-api', 'tests/test_api.py');
    assert.ok(flakelensDiagnostics(uri).length > 0);
    const removed = new Promise<void>((resolve) => {
      const listener = vscode.workspace.onDidChangeWorkspaceFolders((e) => {
        if (e.removed.some((f) => f.uri.toString() === folder.uri.toString())) {
          listener.dispose();
          resolve();
        }
      });
    });
    assert.ok(vscode.workspace.updateWorkspaceFolders(folder.index, 1));
    await removed;
    await waitFor(() => (extension.repositories().includes('acme/shop-api') ? undefined : true), { description: 'the shop-api session ends', timeoutMs: 10_000 });
    await waitFor(() => (flakelensDiagnostics(uri).length === 0 ? true : undefined), { description: "shop-api's Problems entries go", timeoutMs: 10_000 });
    assert.ok(!extension.viewTests().some((t) => t.repository === 'acme/shop-api'));
    assert.doesNotMatch(extension.statusBar().tooltip, /acme\/shop-api/);

    const added = new Promise<void>((resolve) => {
      const listener = vscode.workspace.onDidChangeWorkspaceFolders((e) => {
        if (e.added.some((f) => f.uri.toString() === folder.uri.toString())) {
          listener.dispose();
          resolve();
        }
      });
    });
    assert.ok(vscode.workspace.updateWorkspaceFolders(vscode.workspace.workspaceFolders?.length ?? 0, 0, { uri: folder.uri, name: folder.name }));
    await added;
    await extension.whenIdle();
    assert.ok(extension.repositories().includes('acme/shop-api'));
    const line = await lineOf(uri, 'def test_retry_backoff(');
    await waitFor(() => (flakelensDiagnostics(uri).some((d) => d.range.start.line === line) ? true : undefined), {
      description: 'test_retry_backoff marked again',
      timeoutMs: 10_000,
    });
  });

  test("a second folder of one repository (a clone, or a worktree) lists that repository's tests once in the view and the status bar, and gets its own marks", async () => {
    const extension = await api();
    const before = { view: extension.viewTests(), groups: extension.viewGroups(), status: extension.statusBar().text };
    assert.ok(before.view.some((t) => t.repository === 'acme/sample'));
    await withClones(extension, ['sample-clone'], async () => {
      assert.equal(extension.repositories().filter((r) => r === 'acme/sample').length, 2, 'each folder has its session');
      assert.deepEqual(extension.viewTests(), before.view);
      assert.deepEqual(extension.viewGroups(), before.groups);
      assert.equal(extension.statusBar().text, before.status);
      assert.equal(extension.statusBar().tooltip.split('acme/sample').length - 1, 1, `${extension.statusBar().tooltip} names acme/sample once`);
      // Each folder's files keep their own marks.
      for (const folder of ['sample', 'sample-clone']) {
        const uri = fileIn(folder, 'tests/all/tls.rs');
        await waitFor(() => (flakelensDiagnostics(uri).length > 0 ? true : undefined), { description: `Problems entries on ${folder}/tests/all/tls.rs`, timeoutMs: 10_000 });
      }
    });
  });

  test('two folders of one repository that sorted the same red run: the branch CI item counts no other folder, and its click opens the folder the user is in', async () => {
    const extension = await api();
    const runId = extension.findings('acme/sample')?.tests.find((t) => t.status === 'failing' && t.lastFailure)?.lastFailure?.runId;
    assert.ok(runId !== undefined, 'the sample history has a failing test');
    // Two clones, so that the sample folder keeps no triage after this test.
    await withClones(extension, ['sample-a', 'sample-b'], async ([a, b]) => {
      extension.answerNextPrompt(undefined);
      const triage = await vscode.commands.executeCommand<{ run: { conclusion: string | null } } | undefined>('flakelens.triage', { folder: a?.toString(), runId });
      await extension.whenNotified();
      assert.equal(triage?.run.conclusion, 'failure');
      // The same run again, from the other folder: already notified, so no second notification.
      await vscode.commands.executeCommand('flakelens.triage', { folder: b?.toString(), runId });
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(fileIn('sample-b', 'tests/all/tls.rs')));
      const shown = await waitFor(() => extension.triageStatus(), { description: 'the branch CI item shows', timeoutMs: 10_000 }, () => JSON.stringify(extension.triageStatus()));
      assert.doesNotMatch(shown.tooltip, /more folder/);
      assert.equal(shown.command, 'flakelens.showTriage');
      assert.deepEqual(shown.arguments, [{ repository: 'acme/sample', folder: b?.toString() }]);
    });
  });
  test('two folders of one repository sync it once: a refresh lists its runs once, and both folders take the result', async () => {
    const extension = await api();
    await withClones(extension, ['sample-once'], async () => {
      await fakeGitHub('POST', '/_fake/requests/reset');
      await vscode.commands.executeCommand('flakelens.refresh');
      await extension.whenIdle();
      const listings = (await fakeRequests()).filter((r) => r.path.startsWith('/repos/acme/sample/actions/runs?'));
      assert.equal(listings.length, 1, listings.map((r) => r.path).join('\n'));
      assert.equal(extension.repositories().filter((r) => r === 'acme/sample').length, 2);
      assert.equal(extension.syncState('acme/sample')?.kind, 'synced');
      assert.ok(extension.logLines().some((l) => l.includes('Synced acme/sample with another folder of it')), 'the second folder took the first\'s sync');
    });
  });

  test('a worktree folder whose main checkout is outside the workspace: a checkout in the worktree is followed', async () => {
    const extension = await api();
    const sample = folderNamed('sample');
    const parent = path.dirname(sample.uri.fsPath);
    const main = path.join(parent, 'sample-main'); // no workspace folder: the worktree's git dir is outside the workspace
    const worktree = vscode.Uri.file(path.join(parent, 'sample-worktree'));
    const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    git(parent, 'clone', '-q', sample.uri.fsPath, main);
    git(main, 'remote', 'set-url', 'origin', 'https://github.com/acme/sample.git');
    git(main, 'worktree', 'add', '-q', worktree.fsPath, '-b', 'flakelens-worktree');
    const isWorktree = (f: vscode.WorkspaceFolder) => f.uri.toString() === worktree.toString();
    const sessions = () => extension.repositories().filter((r) => r === 'acme/sample').length;
    const added = folderChange((e) => e.added.some(isWorktree));
    assert.ok(vscode.workspace.updateWorkspaceFolders(vscode.workspace.workspaceFolders?.length ?? 0, 0, { uri: worktree, name: 'sample-worktree' }));
    await added;
    try {
      await extension.whenIdle();
      assert.equal(sessions(), 2, 'the worktree folder has its session');
      // A branch with no run: the triage that follows the checkout says so in the log.
      git(worktree.fsPath, 'checkout', '-q', '-b', 'flakelens-worktree-checkout');
      await waitFor(
        async () => {
          await extension.whenIdle();
          return extension.logLines().some((l) => l.includes('flakelens-worktree-checkout: no run to sort.')) ? true : undefined;
        },
        { description: "the checkout in the worktree followed (its HEAD is in the main checkout's .git/worktrees)", timeoutMs: 20_000 },
        () => extension.logLines().slice(-5).join('\n'),
      );
    } finally {
      const index = (vscode.workspace.workspaceFolders ?? []).findIndex(isWorktree);
      const removed = folderChange((e) => e.removed.some(isWorktree));
      if (index >= 0 && vscode.workspace.updateWorkspaceFolders(index, 1)) await removed;
      await waitFor(() => (sessions() === 1 ? true : undefined), { description: "the worktree's session ends", timeoutMs: 10_000 });
      rmSync(worktree.fsPath, { recursive: true, force: true });
      rmSync(main, { recursive: true, force: true });
    }
  });
});

/** Resolves on the first change of the workspace's folders that `wanted` accepts. */
function folderChange(wanted: (e: vscode.WorkspaceFoldersChangeEvent) => boolean): Promise<void> {
  return new Promise<void>((resolve) => {
    const listener = vscode.workspace.onDidChangeWorkspaceFolders((e) => {
      if (wanted(e)) {
        listener.dispose();
        resolve();
      }
    });
  });
}

/**
 * Adds copies of the sample folder (clones of acme/sample, origin and all) to the workspace, runs the body once their
 * sessions are idle, then removes them, their sessions and their files.
 */
async function withClones(extension: Awaited<ReturnType<typeof api>>, names: readonly string[], body: (clones: vscode.Uri[]) => Promise<void>): Promise<void> {
  const sample = folderNamed('sample');
  const clones = names.map((name) => vscode.Uri.file(path.join(path.dirname(sample.uri.fsPath), name)));
  const isClone = (f: vscode.WorkspaceFolder) => clones.some((c) => c.toString() === f.uri.toString());
  const changed = folderChange;
  const sessions = () => extension.repositories().filter((r) => r === 'acme/sample').length;
  for (const clone of clones) cpSync(sample.uri.fsPath, clone.fsPath, { recursive: true });
  const added = changed((e) => e.added.filter(isClone).length === clones.length);
  assert.ok(vscode.workspace.updateWorkspaceFolders(vscode.workspace.workspaceFolders?.length ?? 0, 0, ...clones.map((uri, i) => ({ uri, name: names[i] as string }))));
  await added;
  try {
    await extension.whenIdle();
    await body(clones);
  } finally {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const first = folders.findIndex(isClone);
    const removed = changed((e) => e.removed.filter(isClone).length === clones.length);
    // Added together at the end, so they are removed together.
    if (first >= 0 && vscode.workspace.updateWorkspaceFolders(first, clones.length)) await removed;
    await waitFor(() => (sessions() === 1 ? true : undefined), { description: 'the clones\' sessions end', timeoutMs: 10_000 });
    for (const clone of clones) rmSync(clone.fsPath, { recursive: true, force: true });
  }
}
