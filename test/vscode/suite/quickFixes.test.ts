// Quick fixes on the sample repository's flaky tests in a real VS Code: the code actions on a flaky test's Problems
// entry (quarantine, widen the timing tolerance of the Go poll subtest, fallback hosts for the Rust TLS test's guest
// program), each previewed before it applies (entries that need confirmation); and "File an issue", which creates one
// issue on the fake GitHub and opens the existing one on the second call.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fakeGitHub as control, idleFlakelens as api, workspaceFile } from './extensionUnderTest';
import { applyTextChanges, codeActions, flakyEntryAt, named, revertAll } from './quickFixSupport';

/** Opens a file of the sample workspace and waits for the Flakelens Problems entry on the line that contains `text`. */
const flakyEntry = (file: string, text: string) => flakyEntryAt(workspaceFile(file), text);

suite('Flakelens quick fixes', () => {
  teardown(revertAll);

  test('the Go poll subtest offers quarantine, filing an issue, and a widened tolerance that applies after a preview', async () => {
    const extension = await api();
    const { uri, document, line, diagnostic } = await flakyEntry('sysfs/poll_test.go', 't.Run("timeout"');
    const actions = await codeActions(uri, diagnostic.range);
    assert.ok(actions.every((a) => a.kind?.value === vscode.CodeActionKind.QuickFix.value));
    const quarantine = named(actions, /^Flakelens: Quarantine: t\.Skip\("flaky: \d+% \(\d+\/\d+\) in CI/);
    named(actions, /^Flakelens: File an issue for TestPoll\/timeout$/);
    const widen = named(actions, /^Flakelens: Widen the timing tolerance: 50\*time\.Millisecond → 34\*time\.Millisecond$/);

    const described = await extension.quickFixes(uri, line);
    const preview = described.find((d) => d.title === widen.title)?.metadata;
    assert.equal(preview?.needsConfirmation, true, 'the widening is previewed before it applies');
    assert.match(String(preview?.description), /if elapsed < 50\*time\.Millisecond \{ → if elapsed < 34\*time\.Millisecond \{/);
    assert.ok(described.filter((d) => d.metadata).every((d) => d.metadata?.needsConfirmation === true && d.metadata.label), 'every edit is previewed with a label');

    await applyTextChanges(widen);
    assert.match(document.getText(), /\n\t\tif elapsed < 34\*time\.Millisecond \{\n/);
    assert.doesNotMatch(document.getText(), /if elapsed < 50\*time\.Millisecond/);
    await applyTextChanges(quarantine);
    assert.match(document.getText(), /t\.Run\("timeout", func\(t \*testing\.T\) \{\n\t\tt\.Skip\("flaky: \d+% \(\d+\/\d+\) in CI, likely timing; see https:\/\/github\.com\/acme\/sample\/actions\/runs\/\d+\/job\/\d+"\)\n\t\tok, elapsed :=/);
  });

  test('the Rust TLS test offers #[ignore = "…"] and fallback hosts in the guest program that connects to example.com', async () => {
    await api();
    const { uri, document, diagnostic } = await flakyEntry('tests/all/tls.rs', 'fn tls_sample_application');
    const actions = await codeActions(uri, diagnostic.range);
    const quarantine = named(actions, /^Flakelens: Quarantine: #\[ignore = "flaky: /);
    const fallback = named(actions, /^Flakelens: Try fallback hosts: example\.com, example\.org, example\.net$/);

    await applyTextChanges(quarantine);
    assert.match(document.getText(), /#\[test\]\n#\[ignore = "flaky: \d+% \(\d+\/\d+\) in CI, likely network; see https:\/\/[^"]+"\]\nfn tls_sample_application\(\)/);
    const changed = await applyTextChanges(fallback);
    assert.deepEqual(changed.map((u) => u.path.split('/').slice(-2).join('/')), ['guest/tls_client.rs']);
    const guest = await vscode.workspace.openTextDocument(workspaceFile('tests/guest/tls_client.rs'));
    assert.match(
      guest.getText(),
      /let mut stream = TcpStream::connect\("example\.com:443"\)\.or_else\(\|_\| TcpStream::connect\("example\.org:443"\)\)\.or_else\(\|_\| TcpStream::connect\("example\.net:443"\)\)\.unwrap\(\);/,
    );
  });

  test('File an issue creates exactly one issue on the fake GitHub, and a second call opens the existing one', async () => {
    const extension = await api();
    await control('DELETE', '/_fake/issues');
    const { uri, diagnostic } = await flakyEntry('sysfs/poll_test.go', 't.Run("timeout"');
    const fileIssue = named(await codeActions(uri, diagnostic.range), /^Flakelens: File an issue for TestPoll\/timeout$/);
    assert.ok(fileIssue.command);
    const first = await vscode.commands.executeCommand<{ created: boolean; issue: { number: number; url: string } }>(fileIssue.command.command, ...(fileIssue.command.arguments ?? []));
    assert.equal(first?.created, true);
    const issues = ((await control('GET', '/_fake/issues')) as { issues: { repository: string; title: string; labels: string[]; body: string; number: number }[] }).issues;
    assert.equal(issues.length, 1);
    assert.equal(issues[0]?.repository, 'acme/sample');
    assert.equal(issues[0]?.title, 'Flaky test: TestPoll/timeout');
    assert.deepEqual(issues[0]?.labels, ['flaky-test']);
    assert.match(issues[0]?.body ?? '', /^<!-- flakelens:test=[0-9a-f]{16} -->/);
    assert.match(issues[0]?.body ?? '', /\| Test Windows MSVC x86\\_64 \| windows \|/);

    const second = await vscode.commands.executeCommand<{ created: boolean; issue: { number: number; url: string } }>(fileIssue.command.command, ...(fileIssue.command.arguments ?? []));
    assert.equal(second?.created, false);
    assert.equal(second?.issue.number, first?.issue.number);
    const after = ((await control('GET', '/_fake/issues')) as { issues: unknown[] }).issues;
    assert.equal(after.length, 1, 'no duplicate issue');
    assert.ok(extension.prompts().some((p) => /issue #\d+ for TestPoll\/timeout is already open.*\[Open in Browser\]/.test(p)), extension.prompts().join('\n'));
  });
});
