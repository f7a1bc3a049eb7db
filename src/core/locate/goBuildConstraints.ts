// Which operating systems a Go file builds on, from its name (`poll_windows_test.go`) and its build constraints
// (`//go:build windows`, `// +build linux darwin`). Only the three CI operating systems matter here.

import type { OperatingSystem } from '../model';

const KNOWN_OS = new Set([
  'aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl', 'netbsd',
  'openbsd', 'plan9', 'solaris', 'wasip1', 'windows', 'zos',
]);
const KNOWN_ARCH = new Set([
  '386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'loong64', 'mips', 'mipsle', 'mips64', 'mips64le',
  'mips64p32', 'mips64p32le', 'ppc', 'ppc64', 'ppc64le', 'riscv', 'riscv64', 's390', 's390x', 'sparc', 'sparc64',
  'wasm',
]);

/** The GOOS values of the CI operating systems. */
const CI_GOOS: readonly (readonly [string, OperatingSystem])[] = [
  ['linux', 'linux'],
  ['windows', 'windows'],
  ['darwin', 'macos'],
];

/** Three-valued: a tag that is not an OS (an arch, `cgo`, a custom tag) may be either. */
type Truth = boolean | undefined;

function tagValue(tag: string, goos: string): Truth {
  if (tag === goos) return true;
  if (tag === 'unix') return goos !== 'windows';
  if (KNOWN_OS.has(tag)) return false;
  return undefined;
}

function not(a: Truth): Truth {
  return a === undefined ? undefined : !a;
}

function and(a: Truth, b: Truth): Truth {
  if (a === false || b === false) return false;
  return a === true && b === true ? true : undefined;
}

function or(a: Truth, b: Truth): Truth {
  if (a === true || b === true) return true;
  return a === false && b === false ? false : undefined;
}

/** Evaluates a `//go:build` expression for one GOOS; undefined when it depends on other tags (or does not parse). */
function evaluateGoBuild(expression: string, goos: string): Truth {
  const tokens = expression.match(/&&|\|\||[()!]|[^\s()!&|]+/g) ?? [];
  let at = 0;
  const parseOr = (): Truth => {
    let value = parseAnd();
    while (tokens[at] === '||') {
      at++;
      value = or(value, parseAnd());
    }
    return value;
  };
  const parseAnd = (): Truth => {
    let value = parseNot();
    while (tokens[at] === '&&') {
      at++;
      value = and(value, parseNot());
    }
    return value;
  };
  const parseNot = (): Truth => {
    const token = tokens[at++];
    if (token === '!') return not(parseNot());
    if (token === '(') {
      const value = parseOr();
      at++; // ')'
      return value;
    }
    return token === undefined ? undefined : tagValue(token, goos);
  };
  return parseOr();
}

/** Evaluates `// +build` lines (space = or, comma = and, lines = and) for one GOOS. */
function evaluatePlusBuild(lines: readonly string[], goos: string): Truth {
  let all: Truth = true;
  for (const line of lines) {
    let any: Truth = false;
    for (const option of line.split(/\s+/).filter(Boolean)) {
      let every: Truth = true;
      for (const term of option.split(',')) {
        every = and(every, term.startsWith('!') ? not(tagValue(term.slice(1), goos)) : tagValue(term, goos));
      }
      any = or(any, every);
    }
    all = and(all, any);
  }
  return all;
}

/** Whether a file name restricts the GOOS (Go's rules: `_GOOS`, `_GOARCH`, `_GOOS_GOARCH` before `_test`). */
function fileNameAllows(fileName: string, goos: string): boolean {
  let name = fileName;
  const dot = name.indexOf('.');
  if (dot >= 0) name = name.slice(0, dot);
  const underscore = name.indexOf('_');
  if (underscore < 0) return true;
  const parts = name.slice(underscore).split('_');
  if (parts[parts.length - 1] === 'test') parts.pop();
  const n = parts.length;
  const last = parts[n - 1] ?? '';
  const beforeLast = parts[n - 2] ?? '';
  if (n >= 2 && KNOWN_OS.has(beforeLast) && KNOWN_ARCH.has(last)) return tagValue(beforeLast, goos) !== false;
  if (n >= 1 && KNOWN_OS.has(last)) return tagValue(last, goos) !== false;
  return true;
}

/** The build constraint lines before the package clause. */
export function readBuildConstraints(source: string): { goBuild?: string; plusBuild: string[] } {
  const plusBuild: string[] = [];
  let goBuild: string | undefined;
  let inBlockComment = false;
  // Only the lines before the package clause matter: walk them without splitting the whole file.
  for (let start = 0; start < source.length; ) {
    const eol = source.indexOf('\n', start);
    const end = eol < 0 ? source.length : eol;
    const line = source.slice(start, end).trim();
    start = end + 1;
    if (inBlockComment) {
      if (line.includes('*/')) inBlockComment = false;
      continue;
    }
    if (line === '') continue;
    if (line.startsWith('//go:build')) goBuild = line.slice('//go:build'.length).trim();
    else if (line.startsWith('// +build')) plusBuild.push(line.slice('// +build'.length).trim());
    else if (line.startsWith('/*')) inBlockComment = !line.includes('*/');
    else if (!line.startsWith('//')) break;
  }
  return goBuild !== undefined ? { goBuild, plusBuild } : { plusBuild };
}

/**
 * The one CI operating system a Go file builds on, or undefined when it builds on several (or on none of them).
 * `fileName` is the file's base name.
 */
export function goFileOperatingSystem(
  fileName: string,
  constraints: { goBuild?: string; plusBuild: readonly string[] },
): OperatingSystem | undefined {
  const possible = CI_GOOS.filter(([goos]) => {
    if (!fileNameAllows(fileName, goos)) return false;
    if (constraints.goBuild !== undefined) return evaluateGoBuild(constraints.goBuild, goos) !== false;
    if (constraints.plusBuild.length > 0) return evaluatePlusBuild(constraints.plusBuild, goos) !== false;
    return true;
  });
  return possible.length === 1 ? possible[0]?.[1] : undefined;
}
