// The command that runs one test locally, per framework, as a program and an argument array: never a shell string.
// CI data (test names) only ever becomes an argument or an escaped regular expression, so no name can run code.
import type { Framework, TestDeclaration } from '../model';

export interface LocalCommand {
  readonly program: string;
  readonly args: readonly string[];
  /** Workspace-relative folder to run in ('' for the root). */
  readonly cwd: string;
  /** The parser that reads its output. */
  readonly framework: Framework;
  /** How many outcomes one invocation yields for this test (Go's -count runs them all in one process). */
  readonly repetitionsPerRun: number;
  /** Shown to the user. */
  readonly display: string;
}

/** Go's regexp.QuoteMeta. */
export function quoteGoRegexp(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

function display(program: string, args: readonly string[]): string {
  return [program, ...args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`))].join(' ');
}

/** Folder of a file path (workspace-relative, `/`-separated), '' for the root. */
function folderOf(file: string): string {
  const i = file.lastIndexOf('/');
  return i < 0 ? '' : file.slice(0, i);
}

type LocalTest = { readonly framework: string; readonly suite: string; readonly id: string };

/**
 * The values of the test that its command passes as arguments of their own, where the runner reads options: a value
 * starting with `-` would be one (a test named `--logfile=x` makes libtest overwrite `x`; pytest reads
 * `--junitxml=x` as its option). Go's pattern starts with `^`, Maven's with `-Dtest=`, and a folder with `./`.
 */
function bareArguments(test: LocalTest, declaration: TestDeclaration | undefined): readonly string[] {
  switch (test.framework) {
    case 'libtest':
      return [test.id, test.suite.replace(/^.*?(tests\/)/, '')];
    case 'pytest':
      return [test.id];
    case 'jest':
    case 'vitest':
      return [declaration?.file ?? test.suite];
    default:
      return [];
  }
}

/**
 * Why the test is not run locally, or undefined: a name or file that the runner would read as an option (see
 * {@link bareArguments}). No quoting helps there, and such names do not come from real tests.
 */
export function localRunRefusal(test: LocalTest, declaration: TestDeclaration | undefined): string | undefined {
  const optionLike = bareArguments(test, declaration).find((value) => value.startsWith('-'));
  if (optionLike === undefined) return undefined;
  const shown = optionLike.length > 80 ? `${optionLike.slice(0, 79)}…` : optionLike;
  return `the test's name or file, ${JSON.stringify(shown)}, starts with "-": ${test.framework} would read it as an option, so it is not run.`;
}

/**
 * The command for `times` runs of the test. Go repeats inside one process (`-count`); other runners are invoked once
 * per repetition by the caller. Undefined when the framework has no local command yet, or when the test must not be
 * run (see {@link localRunRefusal}).
 */
export function localCommand(test: LocalTest, declaration: TestDeclaration | undefined, times: number): LocalCommand | undefined {
  if (localRunRefusal(test, declaration) !== undefined) return undefined;
  switch (test.framework) {
    case 'libtest': {
      // The exact test path inside its target; the target from the suite when cargo printed its source path.
      const args = ['test'];
      const target = /^tests\/([^/]+)(?:\/main)?\.rs$/.exec(test.suite.replace(/^.*?(tests\/)/, 'tests/'));
      if (target?.[1]) {
        args.push('--test', target[1]);
      } else if (/(^|\/)src\/lib\.rs$/.test(test.suite)) {
        args.push('--lib');
      } else if (test.suite.startsWith('Doc-tests ')) {
        args.push('--doc');
      }
      args.push('--', '--exact', test.id);
      return { program: 'cargo', args, cwd: '', framework: 'libtest', repetitionsPerRun: 1, display: display('cargo', args) };
    }
    case 'gotest': {
      const pattern = test.id
        .split('/')
        .map((part) => `^${quoteGoRegexp(part)}$`)
        .join('/');
      const dir = declaration ? folderOf(declaration.file) : '';
      const args = ['test', '-v', '-count', String(Math.max(1, times)), '-run', pattern, dir ? `./${dir}` : '.'];
      return { program: 'go', args, cwd: '', framework: 'gotest', repetitionsPerRun: Math.max(1, times), display: display('go', args) };
    }
    case 'pytest': {
      // The node id is what pytest selects by: `tests/test_x.py::TestC::test_y[param]`.
      const args = ['-m', 'pytest', '-v', '-p', 'no:cacheprovider', test.id];
      return { program: 'python3', args, cwd: '', framework: 'pytest', repetitionsPerRun: 1, display: display('python3', args) };
    }
    case 'jest':
    case 'vitest': {
      // The full name, as jest and vitest match it with -t: the titles joined by spaces, anchored and escaped.
      const pattern = `^${escapeJsRegExp(test.id.split(' › ').join(' '))}$`;
      const file = declaration?.file ?? test.suite;
      const args = test.framework === 'jest' ? ['jest', '--verbose', file, '-t', pattern] : ['vitest', 'run', '--reporter=verbose', file, '-t', pattern];
      return { program: 'npx', args, cwd: '', framework: test.framework, repetitionsPerRun: 1, display: display('npx', args) };
    }
    case 'junit': {
      // Maven Surefire's filter: Class#method (parameters and display suffixes left out).
      const method = test.id.replace(/[([].*$/, '');
      const args = [`-Dtest=${test.suite.replace(/\$/g, '$')}#${method}`, '-DfailIfNoTests=false', 'test'];
      return { program: 'mvn', args, cwd: '', framework: 'junit', repetitionsPerRun: 1, display: display('mvn', args) };
    }
    default:
      return undefined;
  }
}

function escapeJsRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}
