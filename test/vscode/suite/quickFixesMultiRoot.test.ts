// Quick fixes for TypeScript (jest) and Python (pytest) in the multi-root workspace: quarantine with `test.skip` and
// the reason in a comment (a describe-nested test too), pytest's flaky(reruns=N) and skip(reason=…), and the widened
// timing bound of the pytest backoff test; a plain number that bounds a price is not offered as a tolerance.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { folderFile, idleFlakelens as api } from './extensionUnderTest';
import { applyTextChanges, codeActions, flakyEntryAt, named, revertAll } from './quickFixSupport';

const flakyEntry = (folder: string, file: string, text: string) => flakyEntryAt(folderFile(folder, file), text);

suite('Flakelens quick fixes for TypeScript and Python (multi-root)', () => {
  teardown(revertAll);

  test('jest: Poller › eventually responds is quarantined with test.skip and the reason in a comment above', async () => {
    const extension = await api();
    const { uri, document, diagnostic } = await flakyEntry('shop-web', 'src/poller.test.ts', "test('eventually responds'");
    const actions = await codeActions(uri, diagnostic.range);
    const quarantine = named(actions, /^Flakelens: Quarantine: test\.skip\(…\) with the reason in a comment$/);
    named(actions, /^Flakelens: File an issue for Poller › eventually responds$/);
    const described = await extension.quickFixes(uri, diagnostic.range.start.line);
    assert.equal(described.find((d) => d.title === quarantine.title)?.metadata?.needsConfirmation, true);
    await applyTextChanges(quarantine);
    assert.match(document.getText(), /\n {2}\/\/ flaky: \d+(?:\.\d)?% \(\d+\/\d+\) in CI[^\n]*\(quarantined\)\n {2}test\.skip\('eventually responds', async \(\) => \{\n/);
  });

  test('jest: the describe-nested Cart › totals › applies a coupon is quarantined; its price bound is not a timing tolerance', async () => {
    await api();
    const { uri, document, diagnostic } = await flakyEntry('shop-web', 'src/cart.test.ts', "test('applies a coupon'");
    const actions = await codeActions(uri, diagnostic.range);
    assert.ok(!actions.some((a) => /Widen/.test(a.title)), actions.map((a) => a.title).join(' | '));
    await applyTextChanges(named(actions, /^Flakelens: Quarantine: test\.skip/));
    assert.match(document.getText(), /\n {4}\/\/ flaky: [^\n]*\(quarantined\)\n {4}test\.skip\('applies a coupon', async \(\) => \{\n/);
  });

  test('pytest: test_retry_backoff offers flaky(reruns=N) and skip(reason=…), and its lower time bound one tick smaller', async () => {
    await api();
    const { uri, document, diagnostic } = await flakyEntry('shop-api', 'tests/test_api.py', 'def test_retry_backoff(');
    const actions = await codeActions(uri, diagnostic.range);
    const flaky = named(actions, /^Flakelens: Quarantine: @pytest\.mark\.flaky\(reruns=[1-5]\) \(pytest-rerunfailures re-runs it\)$/);
    const skip = named(actions, /^Flakelens: Quarantine: @pytest\.mark\.skip\(reason="flaky: /);
    const widen = named(actions, /^Flakelens: Widen the timing tolerance: 0\.2 → 0\.184$/);
    await applyTextChanges(widen);
    assert.match(document.getText(), /\n {4}assert elapsed >= 0\.184\n/);
    await applyTextChanges(skip);
    assert.match(document.getText(), /\n@pytest\.mark\.skip\(reason="flaky: \d+(?:\.\d)?% \(\d+\/\d+\) in CI[^"\n]*"\)\ndef test_retry_backoff\(client\):\n/);
    assert.equal(document.getText().split('\nimport pytest\n').length, 2, 'import pytest is already there: not added again');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await applyTextChanges(flaky);
    assert.match(document.getText(), /\n# flaky: [^\n]+\n@pytest\.mark\.flaky\(reruns=[1-5]\)\ndef test_retry_backoff\(client\):\n/);
  });
});
