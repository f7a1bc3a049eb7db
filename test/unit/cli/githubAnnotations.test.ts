// `--format github`: findings as workflow commands that a GitHub Actions runner reads back as exactly the
// annotations meant, whatever the names and messages from CI hold; at most GitHub's 10 a level; paths from the
// repository's root.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { annotationCommand, annotationOutput, MAX_ANNOTATIONS_PER_LEVEL, repositoryPath, type Annotation } from '../../../src/cli/githubAnnotations';
import { runnerCommands } from '../support/actionsRunner';

const HOSTILE = 'a%0A::error::x\n::add-mask::secret\r\n##[stop-commands]tok, b: c%25 :: d';

test('an annotation is read back by the runner as one command, with its title, file and message as they were', () => {
  const annotation: Annotation = { level: 'warning', title: `Flaky test: ${HOSTILE}`, message: `x::y is flaky\n${HOSTILE}`, file: 'src/a, b:c%.rs', line: 12 };
  const commands = runnerCommands(annotationCommand(annotation));
  assert.equal(commands.length, 1);
  const [command] = commands;
  assert.equal(command?.command, 'warning');
  assert.equal(command?.properties.file, 'src/a, b:c%.rs');
  assert.equal(command?.properties.line, '12');
  // The title is one line (GitHub shows it so); the CR of the message is shown as a control picture, as in the table.
  assert.equal(command?.properties.title, `Flaky test: ${HOSTILE.replace(/\s+/g, ' ')}`);
  assert.equal(command?.data, `x::y is flaky\n${HOSTILE.replace('\r', '\u240d')}`);
});

test('a message is bounded, and control characters in it are shown, not sent to the terminal', () => {
  const [command] = runnerCommands(annotationCommand({ level: 'error', title: 't', message: `\u001b]52;c;eA==\u0007${'x'.repeat(10_000)}` }));
  assert.ok(command);
  assert.ok(command.data.startsWith('\u241b]52;c;eA==\u2407x'), command.data.slice(0, 20));
  assert.ok(command.data.length <= 2000, String(command.data.length));
  assert.deepEqual(command.properties, { title: 't' });
});

test('at most 10 annotations of each level, in the order given, and a plain line for the rest', () => {
  const make = (level: Annotation['level'], n: number): Annotation[] => Array.from({ length: n }, (_, i) => ({ level, title: `${level} ${i}`, message: 'm' }));
  const output = annotationOutput(['Flakelens: acme/app ::error::not a command ##[error]nor this'], [...make('warning', 14), ...make('error', 3), ...make('notice', 11)], 'see the table');
  const commands = runnerCommands(output);
  assert.deepEqual(
    commands.map((c) => `${c.command} ${c.properties.title}`),
    [...make('warning', MAX_ANNOTATIONS_PER_LEVEL), ...make('error', 3), ...make('notice', MAX_ANNOTATIONS_PER_LEVEL)].map((a) => `${a.level} ${a.title}`),
  );
  assert.match(output, /^5 more not annotated \(GitHub shows 10 of each level a step\): see the table$/m);
  assert.ok(output.startsWith('Flakelens: acme/app'), output);
});

test('paths start from the repository root: the checkout, when the workspace is inside it', () => {
  assert.equal(repositoryPath('src/a.rs', '/w/repo/crates/core', '/w/repo'), 'crates/core/src/a.rs');
  assert.equal(repositoryPath('src/a.rs', '/w/repo', '/w/repo'), 'src/a.rs');
  assert.equal(repositoryPath('src/a.rs', '/elsewhere', '/w/repo'), 'src/a.rs');
  assert.equal(repositoryPath('src/a.rs', undefined, '/w/repo'), 'src/a.rs');
  assert.equal(repositoryPath('src/a.rs', '/w/repo/x', undefined), 'src/a.rs');
  // A folder whose name starts with `..` is inside the checkout all the same.
  assert.equal(repositoryPath('src/a.rs', '/w/repo/..packages/core', '/w/repo'), '..packages/core/src/a.rs');
  assert.equal(repositoryPath('src/a.rs', '/w/repo/...', '/w/repo'), '.../src/a.rs');
  assert.equal(repositoryPath('src/a.rs', '/w', '/w/repo'), 'src/a.rs');
});
