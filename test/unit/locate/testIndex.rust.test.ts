import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { TestIndex, isTestFileCandidate } from '../../../src/core/locate/testIndex';
import { FIXTURES, fixtureText, indexOf, lineOf } from './fixtureWorkspace';

const beacon = () => indexOf([{ folder: 'rust/beacon' }]);
const workspace = () => indexOf([{ folder: 'rust/workspace' }]);
const libtest = (suite: string, id: string) => ({ framework: 'libtest', suite, id });
const where = (d: { file: string; line: number } | undefined) => d && `${d.file}:${d.line}`;

describe('TestIndex with Rust crates', () => {
  test('qualifies an integration test by the module that main.rs declares', () => {
    const found = beacon().resolve(libtest('tests/all/main.rs', 'wait_notify::atomic_wait_timeout_length'));
    assert.equal(where(found), `tests/all/wait_notify.rs:${lineOf('rust/beacon/tests/all/wait_notify.rs', 'fn atomic_wait')}`);
    assert.equal(found?.name, 'atomic_wait_timeout_length');
    assert.equal(found?.framework, 'libtest');
  });

  test('qualifies unit tests by the module path from lib.rs', () => {
    const ids = beacon().declarationsIn('src/parser.rs').map((d) => d.id);
    assert.ok(ids.includes('parser::tests::parses_open_brace'));
    assert.ok(ids.includes('parser::tests::nested::waits_for_signal'));
    assert.ok(ids.includes('parser::at_module_root'));
  });

  test('gives each declaration its module path as container', () => {
    const decl = beacon().declarationsIn('src/parser.rs').find((d) => d.name === 'waits_for_signal');
    assert.equal(decl?.container, 'parser::tests::nested');
  });

  test('follows mod declarations into mod.rs folders and into folders named after non-mod.rs files', () => {
    const index = beacon();
    assert.deepEqual(index.declarationsIn('src/wire/frame.rs').map((d) => d.id), ['wire::frame::tests::decodes']);
    assert.deepEqual(index.declarationsIn('src/parser/tokens.rs').map((d) => d.id), ['parser::tokens::tests::splits']);
  });

  test('follows #[path] attributes and mod declarations inside inline modules', () => {
    const index = beacon();
    assert.deepEqual(index.declarationsIn('src/wire/legacy_codec.rs').map((d) => d.id), ['wire::codec::legacy_roundtrip']);
    assert.deepEqual(index.declarationsIn('src/net/retry.rs').map((d) => d.id), ['net::retry::backs_off']);
  });

  test('names a test directly in a tests/ file by its function name', () => {
    const found = beacon().resolve(libtest('tests/smoke.rs', 'boots'));
    assert.equal(where(found), 'tests/smoke.rs:2');
  });

  test('chooses between the same id in the lib and the binary by suite', () => {
    const index = beacon();
    assert.equal(where(index.resolve(libtest('src/lib.rs', 'tests::parses'))), `src/lib.rs:${lineOf('rust/beacon/src/lib.rs', 'fn parses')}`);
    assert.equal(where(index.resolve(libtest('src/main.rs', 'tests::parses'))), `src/main.rs:${lineOf('rust/beacon/src/main.rs', 'fn parses')}`);
  });

  test('tells the lib and the binary apart by nextest binary id, not by the binary name they share', () => {
    const index = beacon();
    const nextest = (suite: string) => index.resolve({ framework: 'nextest', suite, id: 'tests::parses' })?.file;
    assert.equal(nextest('beacon'), 'src/lib.rs');
    assert.equal(nextest('beacon::bin/beacon'), 'src/main.rs');
    assert.equal(index.resolve(libtest('beacon', 'tests::parses')), undefined);
  });

  test('returns undefined for an id that repeats when no suite tells them apart', () => {
    assert.equal(beacon().resolve(libtest('', 'tests::parses')), undefined);
  });

  test('returns undefined when the suite names a target that does not declare the id', () => {
    assert.equal(beacon().resolve(libtest('tests/smoke.rs', 'wait_notify::atomic_wait_timeout_length')), undefined);
    assert.equal(beacon().resolve(libtest('tests/all/main.rs', 'wait_notify::no_such_test')), undefined);
  });

  test('reads Windows separators and the unittests prefix in suites', () => {
    const index = beacon();
    assert.ok(index.resolve(libtest('tests\\all\\main.rs', 'wait_notify::atomic_wait_timeout_length')));
    assert.equal(where(index.resolve(libtest('unittests src/main.rs', 'tests::parses'))), `src/main.rs:${lineOf('rust/beacon/src/main.rs', 'fn parses')}`);
  });

  test('maps rstest case ids to the parameterised function', () => {
    const found = beacon().resolve(libtest('src/lib.rs', 'parser::tests::accepts_levels::case_2'));
    assert.equal(where(found), `src/parser.rs:${lineOf('rust/beacon/src/parser.rs', 'fn accepts_levels')}`);
  });

  test('finds a test of a file in a shared module of several test targets once', () => {
    const decls = beacon().declarationsIn('tests/all/common/mod.rs');
    assert.deepEqual(decls.map((d) => d.id), ['common::common_ok']);
  });

  test('locates a workspace crate test by the suite cargo prints relative to the package', () => {
    const index = workspace();
    const found = index.resolve(libtest('tests/all/main.rs', 'timing::measures'));
    assert.equal(where(found), `crates/alpha/tests/all/timing.rs:${lineOf('rust/workspace/crates/alpha/tests/all/timing.rs', 'fn measures')}`);
    assert.equal(where(index.resolve(libtest('src/lib.rs', 'timing::measures'))), 'crates/alpha/src/timing.rs:2');
  });

  test('chooses between crates of a workspace by binary name or nextest binary id', () => {
    const index = workspace();
    assert.equal(index.resolve(libtest('beta_core', 'tests::it_works'))?.file, 'crates/beta-core/src/lib.rs');
    assert.equal(index.resolve(libtest('alpha', 'tests::it_works'))?.file, 'crates/alpha/src/lib.rs');
    assert.equal(index.resolve({ framework: 'nextest', suite: 'beta-core', id: 'tests::it_works' })?.file, 'crates/beta-core/src/lib.rs');
    assert.equal(index.resolve({ framework: 'nextest', suite: 'alpha::all', id: 'timing::measures' })?.file, 'crates/alpha/tests/all/timing.rs');
  });

  test('returns undefined when the same suite path exists in several crates of a workspace', () => {
    assert.equal(workspace().resolve(libtest('src/lib.rs', 'tests::it_works')), undefined);
  });

  test('uses test targets declared in Cargo.toml with their own name and path', () => {
    const index = workspace();
    assert.equal(index.resolve(libtest('tests/it.rs', 'talks_to_alpha'))?.file, 'crates/beta-core/tests/it.rs');
    assert.equal(index.resolve(libtest('integration', 'talks_to_alpha'))?.file, 'crates/beta-core/tests/it.rs');
    assert.equal(index.resolve({ framework: 'nextest', suite: 'beta-core::integration', id: 'talks_to_alpha' })?.file, 'crates/beta-core/tests/it.rs');
  });

  test('works the same when the crate sits in a subfolder of the workspace', () => {
    const index = indexOf([{ folder: 'rust/beacon', mountAt: 'vendor/beacon' }]);
    assert.equal(index.resolve(libtest('tests/all/main.rs', 'wait_notify::atomic_wait_timeout_length'))?.file, 'vendor/beacon/tests/all/wait_notify.rs');
  });
});

describe('TestIndex with Rust doc-tests', () => {
  const LIB = 'rust/beacon/src/lib.rs';

  test('declares doc-tests with the ids rustdoc prints', () => {
    const ids = beacon().declarationsIn('src/lib.rs').filter((d) => d.id.includes(' - ')).map((d) => d.id);
    assert.deepEqual(ids, [
      'src/lib.rs - (line 3)',
      `src/lib.rs - Beacon::value (line ${lineOf(LIB, 'Beacon::new(1).value') - 1})`,
      `src/lib.rs - Beacon::new (line ${lineOf(LIB, 'let b = beacon::Beacon::new(2)') - 1})`,
      `src/lib.rs - flash (line ${lineOf(LIB, '```no_run')}) - compile`,
    ]);
  });

  test('resolves a doc-test id to its file and fence line', () => {
    const line = lineOf(LIB, 'let b = beacon::Beacon::new(2)') - 1;
    const found = beacon().resolve(libtest('Doc-tests beacon', `src/lib.rs - Beacon::new (line ${line})`));
    assert.equal(where(found), `src/lib.rs:${line}`);
  });

  test('resolves a doc-test id to its file and line even when the block was not recognised', () => {
    const found = beacon().resolve(libtest('Doc-tests beacon', 'src/wire/mod.rs - wire::Frame (line 1)'));
    assert.equal(where(found), 'src/wire/mod.rs:1');
    assert.equal(found?.id, 'src/wire/mod.rs - wire::Frame (line 1)');
  });

  test('prints doc-test paths of workspace members relative to the workspace root', () => {
    const index = workspace();
    const line = lineOf('rust/workspace/crates/alpha/src/lib.rs', '/// ```');
    const id = `crates/alpha/src/lib.rs - add (line ${line})`;
    assert.ok(index.declarationsIn('crates/alpha/src/lib.rs').some((d) => d.id === id));
    assert.equal(where(index.resolve(libtest('Doc-tests alpha', id))), `crates/alpha/src/lib.rs:${line}`);
  });

  test('qualifies doc-tests of submodules with the module path of their file', () => {
    const index = new TestIndex();
    index.setFile('src/lib.rs', 'pub mod codec;\n');
    index.setFile('src/codec.rs', '//! ```\n//! codec();\n//! ```\n/// ```\n/// x();\n/// ```\npub struct Codec;\n');
    assert.deepEqual(index.declarationsIn('src/codec.rs').map((d) => d.id), ['src/codec.rs - codec (line 1)', 'src/codec.rs - codec::Codec (line 4)']);
  });
});

describe('TestIndex with Rust block doc comments', () => {
  // rustdoc numbers a block doc comment from its opener's line after dropping an empty (or all-`*`) first line:
  // a fence on line 5 of `/*!` + empty rest of line is printed as line 4, as `cargo test --doc` shows for regex-syntax.
  const source = [
    '/*!', //            1: dropped by rustdoc
    'A crate.', //       2
    '', //               3
    '# Example', //      4
    '```', //            5: printed as line 4
    'assert!(true);',
    '```',
    '*/',
    '',
    '/** Parses.', //   10: kept, so fences keep their lines
    ' * ```', //        11
    ' * parse();',
    ' * ```',
    ' */',
    'pub fn parse() {}',
    '',
    '/**', //           17: dropped
    ' * Stops.',
    ' *',
    ' * ```no_run', //  20: printed as line 19
    ' * stop();',
    ' * ```',
    ' */',
    'pub fn stop() {}',
    '/* ```',
    'not_a_doc();',
    '``` */',
    '/***/',
  ].join('\n');

  test('declares the fences of /*! and /** comments at their own lines, with the line rustdoc prints in the id', () => {
    const index = new TestIndex();
    index.setFile('src/lib.rs', source);
    assert.deepEqual(
      index.declarationsIn('src/lib.rs').map((d) => [d.id, d.line]),
      [
        ['src/lib.rs - (line 4)', 5],
        ['src/lib.rs - parse (line 11)', 11],
        ['src/lib.rs - stop (line 19) - compile', 20],
      ],
    );
  });

  test('resolves the ids rustdoc prints to the fences', () => {
    const index = new TestIndex();
    index.setFile('Cargo.toml', '[package]\nname = "demo"\n');
    index.setFile('src/lib.rs', source);
    assert.equal(where(index.resolve(libtest('Doc-tests demo', 'src/lib.rs - (line 4)'))), 'src/lib.rs:5');
    assert.equal(where(index.resolve(libtest('Doc-tests demo', 'src/lib.rs - stop (line 19) - compile'))), 'src/lib.rs:20');
    assert.equal(where(index.resolve(libtest('Doc-tests demo', 'src/lib.rs - parse (line 11)'))), 'src/lib.rs:11');
  });
});

describe('TestIndex against the doc-test ids rustdoc printed', () => {
  const folder = join(FIXTURES, 'rust', 'blockdocs');
  const cases = readdirSync(folder).filter((f) => f.endsWith('.rs.txt'));

  test('has the cases', () => assert.ok(cases.length >= 10, `${cases.length} cases in ${folder}`));

  for (const file of cases) {
    const name = file.slice(0, -'.rs.txt'.length);
    test(`gives rustdoc's ids for ${name}`, () => {
      const index = new TestIndex();
      const source = readFileSync(join(folder, file), 'utf8');
      index.setFile('Cargo.toml', `[package]\nname = "c_${name}"\n`);
      index.setFile('src/lib.rs', source);
      const expected = readFileSync(join(folder, `${name}.expected`), 'utf8').split('\n').filter((l) => l !== '');
      const ids = index.declarationsIn('src/lib.rs').filter((d) => d.id.includes(' - ')).map((d) => d.id).sort();
      assert.deepEqual(ids, [...expected].sort());
      for (const id of expected) {
        // It lands on the code block's opening fence.
        const found = index.resolve(libtest(`Doc-tests c_${name}`, id));
        assert.match(source.split('\n')[(found?.line ?? 0) - 1] ?? '', /```|~~~/, `${id} resolves to line ${found?.line}`);
      }
    });
  }
});

describe('TestIndex keeping Rust up to date', () => {
  test('recomputes ids of a module file when its parent renames the module', () => {
    const index = beacon();
    index.setFile('tests/all/main.rs', 'mod common;\n#[path = "wait_notify.rs"]\nmod waits;\n');
    assert.deepEqual(index.declarationsIn('tests/all/wait_notify.rs').map((d) => d.id), ['waits::atomic_wait_timeout_length']);
  });

  test('sees a new test after its file is set again', () => {
    const index = beacon();
    index.setFile('tests/smoke.rs', `${fixtureText('rust/beacon/tests/smoke.rs')}\n#[test]\nfn boots_twice() {}\n`);
    assert.deepEqual(index.declarationsIn('tests/smoke.rs').map((d) => d.id), ['boots', 'boots_twice']);
  });

  test('re-derives an edited module file in place, with its module path', () => {
    const index = beacon();
    assert.ok(index.resolve(libtest('tests/all/main.rs', 'wait_notify::atomic_wait_timeout_length')));
    index.setFile('tests/all/wait_notify.rs', '#[test]\nfn notify_wakes_one() {}\n');
    assert.equal(where(index.resolve(libtest('tests/all/main.rs', 'wait_notify::notify_wakes_one'))), 'tests/all/wait_notify.rs:2');
    assert.equal(index.resolve(libtest('tests/all/main.rs', 'wait_notify::atomic_wait_timeout_length')), undefined);
  });

  test('forgets a removed file', () => {
    const index = beacon();
    index.removeFile('tests/smoke.rs');
    assert.deepEqual(index.declarationsIn('tests/smoke.rs'), []);
    assert.equal(index.resolve(libtest('tests/smoke.rs', 'boots')), undefined);
  });

  test('forgets everything under a removed folder', () => {
    const index = workspace();
    index.removeFile('crates/alpha');
    assert.deepEqual(index.allDeclarations().map((d) => d.file).filter((f) => f.startsWith('crates/alpha/')), []);
    assert.equal(index.resolve(libtest('src/lib.rs', 'tests::it_works'))?.file, 'crates/beta-core/src/lib.rs');
  });

  test('guesses module paths from the conventional layout for files no crate root reaches yet', () => {
    const index = new TestIndex();
    index.setFile('src/foo/bar.rs', '#[cfg(test)]\nmod tests {\n    #[test]\n    fn works() {}\n}\n');
    index.setFile('tests/all/helpers.rs', '#[test]\nfn helps() {}\n');
    assert.deepEqual(index.declarationsIn('src/foo/bar.rs').map((d) => d.id), ['foo::bar::tests::works']);
    assert.equal(index.resolve(libtest('tests/all/main.rs', 'helpers::helps'))?.file, 'tests/all/helpers.rs');
  });

  test('prefers a file reached through the module tree over a guess', () => {
    const index = new TestIndex();
    index.setFile('src/lib.rs', '#[path = "other.rs"]\nmod foo;\n');
    index.setFile('src/other.rs', '#[test]\nfn works() {}\n');
    index.setFile('src/foo.rs', '#[test]\nfn works() {}\n');
    assert.equal(index.resolve(libtest('src/lib.rs', 'foo::works'))?.file, 'src/other.rs');
  });

  test('learns crate names from a Cargo.toml set after the sources', () => {
    const index = new TestIndex();
    index.setFile('engine/src/lib.rs', '#[test]\nfn starts() {}\n');
    index.setFile('wheel/src/lib.rs', '#[test]\nfn starts() {}\n');
    assert.equal(index.resolve(libtest('motor_core', 'starts')), undefined);
    index.setFile('engine/Cargo.toml', '[package]\nname = "motor-core"\n');
    assert.equal(index.resolve(libtest('motor_core', 'starts'))?.file, 'engine/src/lib.rs');
  });

  test('lists every declaration of the workspace by file and line', () => {
    const all = beacon().allDeclarations();
    assert.ok(all.length > 15);
    const files = all.map((d) => d.file);
    assert.deepEqual(files, [...files].sort());
  });

  test('returns undefined for frameworks it does not locate', () => {
    assert.equal(beacon().resolve({ framework: 'jest', suite: '', id: 'boots' }), undefined);
  });
});

describe('isTestFileCandidate', () => {
  test('accepts Rust sources, Go test files and the manifests', () => {
    for (const path of ['src/lib.rs', 'crates/a/tests/all/main.rs', 'pkg/poll_test.go', 'go.mod', 'crates/a/Cargo.toml']) {
      assert.equal(isTestFileCandidate(path), true, path);
    }
  });

  test('rejects other files, build output and folders the Go tool ignores', () => {
    for (const path of ['pkg/poll.go', 'README.md', 'target/debug/build/x/out/gen.rs', 'pkg/testdata/x_test.go', 'vendor/a/b_test.go', 'node_modules/x/y.rs']) {
      assert.equal(isTestFileCandidate(path), false, path);
    }
  });
});
