// Wrap a single hard-coded host in a list of fallback hosts, so the test passes when one of them answers, where the
// language makes that mechanical: Rust `TcpStream::connect("example.com:443")` → the same call `.or_else` with the
// other hosts; Go `conn, err := net.Dial("tcp", "example.com:443")` → a loop that tries the others while `err` is
// set; JavaScript/TypeScript `fetch("https://example.com/")` → `Promise.any` over the hosts; Python
// `r = requests.get("https://example.com/")` → a `for`/`try` loop. Only hosts with interchangeable stand-ins are
// wrapped (IANA's example.com/.org/.net); elsewhere the suggestion text stays the only help.
import type { Language } from '../classify/language';
import { locateEvidence, type EvidenceAt } from './evidenceLine';
import { shown, type FixOutcome, type QuickFix } from './quickFix';
import { indentationOf, replaceInLine, sourceLines, type SourceLines } from './textEdit';

export interface FallbackInput {
  readonly evidence: EvidenceAt;
  readonly language: Language;
  readonly text: string;
}

const FAMILIES: readonly (readonly string[])[] = [['example.com', 'example.org', 'example.net']];

/** The host of a literal (as written, and where in the literal), and its stand-ins, when it has some. */
function familyOf(literal: string): { host: string; at: number; hosts: readonly string[] } | undefined {
  for (const family of FAMILIES) {
    for (const host of family) {
      const re = new RegExp(`(?<![\\w.-])(?:www\\.)?${host.replace(/\./g, '\\.')}(?![\\w-])`, 'g');
      const hits = [...literal.matchAll(re)];
      if (hits.length === 1 && hits[0]) {
        const written = hits[0][0];
        const www = written.startsWith('www.') ? 'www.' : '';
        return { host: written, at: hits[0].index, hosts: [written, ...family.filter((h) => h !== host).map((h) => www + h)] };
      }
    }
  }
  return undefined;
}

/** The index just past the parenthesis that closes the one at `open`, skipping string literals; -1 if not on the line. */
function closingParen(line: string, open: number): number {
  let depth = 0;
  for (let i = open; i < line.length; i++) {
    const c = line[i];
    if (c === '"' || c === "'" || c === '`') {
      const quote = c;
      for (i++; i < line.length && line[i] !== quote; i++) if (line[i] === '\\') i++;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return -1;
}

/** The string literals of a piece of code, with their quotes (no escapes inside: those are not mechanical). */
function stringLiterals(code: string): { index: number; text: string; body: string }[] {
  return [...code.matchAll(/(["'`])([^"'`\\$]*)\1/g)].map((m) => ({ index: m.index, text: m[0], body: m[2] ?? '' }));
}

/** The literal with its family's host (where it was matched: `my-example.com` holds it too) replaced by `to`. */
function withHost(literal: string, family: { host: string; at: number }, to: string): string {
  return literal.slice(0, family.at) + to + literal.slice(family.at + family.host.length);
}

function otherMentions(source: SourceLines, index: number, host: string): number {
  return source.lines.reduce((n, line, i) => n + (i === index ? line.split(host).length - 2 : line.split(host).length - 1), 0);
}

function result(input: FallbackInput, source: SourceLines, index: number, host: string, hosts: readonly string[], before: string, after: string, edit: ReturnType<typeof replaceInLine>): FixOutcome {
  const others = otherMentions(source, index, host);
  const note = others > 0 ? ` (${others} other mention${others === 1 ? '' : 's'} of ${host} in this file stay as they are)` : '';
  const fix: QuickFix = {
    kind: 'fallback-hosts',
    title: `Try fallback hosts: ${hosts.join(', ')}`,
    label: `Pass when one of ${hosts.join(', ')} answers`,
    description: `${shown(before)} → ${shown(after, 140)}${note}`,
    file: input.evidence.file,
    edits: [edit],
  };
  return { fixes: [fix], refused: [] };
}

const none = (reason: string): FixOutcome => ({ fixes: [], refused: [{ kind: 'fallback-hosts', reason }] });

export function fallbackHostFixes(input: FallbackInput): FixOutcome {
  const source = sourceLines(input.text);
  const index = locateEvidence(source, input.evidence);
  if (index < 0) return none('the evidence line is no longer in the file');
  const line = source.lines[index] ?? '';
  switch (input.language) {
    case 'rust':
      return rust(input, source, index, line);
    case 'go':
      return go(input, source, index, line);
    case 'typescript':
    case 'javascript':
      return script(input, source, index, line);
    case 'python':
      return python(input, source, index, line);
    default:
      return none(`no mechanical fallback for ${input.language}`);
  }
}

// Crates whose TcpStream::connect returns a Future: `.or_else` on it does not compile.
const ASYNC_NET = /\b(?:tokio|async_std|smol|async_net)::/;

function rust(input: FallbackInput, source: SourceLines, index: number, line: string): FixOutcome {
  // The callee with its path, so the fallbacks name the same function (`net::TcpStream`, `tokio::net::TcpStream`).
  const call = /(?<![\w:])((?:\w+::)*TcpStream::connect|(?:\w+::)*blocking::get|ureq::get)\(\s*("[^"\\]*")\s*\)/.exec(line);
  if (!call || call[1] === 'ureq::get') return none('no TcpStream::connect("…") or reqwest::blocking::get("…") call with a literal host');
  const [whole, callee = '', literal = ''] = call;
  const awaited = /^\s*\.\s*await\b/.test(line.slice(call.index + whole.length));
  const asyncImport = callee.startsWith('TcpStream::') && new RegExp(`^\\s*use\\s+${ASYNC_NET.source}[\\w:{}, ]*\\bTcpStream\\b`, 'm').test(input.text);
  if (awaited || ASYNC_NET.test(callee) || asyncImport) return none('an async connect (awaited, or tokio/async-std): its Future has no or_else; add fallbacks by hand');
  const family = familyOf(literal);
  if (!family) return none('the host has no interchangeable stand-ins');
  const rest = family.hosts.slice(1).map((h) => `.or_else(|_| ${callee}(${withHost(literal, family, h)}))`);
  const replacement = `${whole}${rest.join('')}`;
  const after = line.slice(0, call.index) + replacement + line.slice(call.index + whole.length);
  return result(input, source, index, family.host, family.hosts, line, after, replaceInLine(index, call.index, whole.length, replacement));
}

const GO_CALLS = /^(net\.Dial|net\.DialTimeout|tls\.Dial|http\.Get|http\.Head|net\.LookupHost|net\.LookupIP)\(/;

function go(input: FallbackInput, source: SourceLines, index: number, line: string): FixOutcome {
  const statement = /^(\s*)(\w+)\s*,\s*(\w+)\s*(:?=)\s*(.*?)\s*$/.exec(line);
  if (!statement) return none('not a `value, err := call(…)` statement');
  const [, indent = '', value = '', err = '', op = '', call = ''] = statement;
  if (err === '_' || !GO_CALLS.test(call) || closingParen(call, call.indexOf('(')) !== call.length) return none('not a net.Dial/http.Get-style call on one line');
  const literals = stringLiterals(call).filter((l) => familyOf(l.text));
  const literal = literals[0];
  if (literals.length !== 1 || !literal) return none('not exactly one literal host in the call');
  const family = familyOf(literal.text);
  if (!family) return none('the host has no interchangeable stand-ins');
  const inner = indentationOf(source.lines[index + 1] ?? '').length > indent.length ? indentationOf(source.lines[index + 1] ?? '').slice(indent.length) : '\t';
  const step = inner.startsWith(' ') ? inner : '\t';
  const retry = call.slice(0, literal.index) + 'fallback' + call.slice(literal.index + literal.text.length);
  const hosts = family.hosts.slice(1).map((h) => withHost(literal.text, family, h));
  const eol = source.eol;
  const replacement = [
    `${value}, ${err} ${op} ${call}`,
    `${indent}for _, fallback := range []string{${hosts.join(', ')}} {`,
    `${indent}${step}if ${err} == nil {`,
    `${indent}${step}${step}break`,
    `${indent}${step}}`,
    `${indent}${step}${value}, ${err} = ${retry}`,
    `${indent}}`,
  ].join(eol);
  const start = indent.length;
  return result(input, source, index, family.host, family.hosts, line, replacement.split(eol).map((l) => l.trim()).join(' '), replaceInLine(index, start, line.length - start, replacement));
}

function script(input: FallbackInput, source: SourceLines, index: number, line: string): FixOutcome {
  const call = /(?<![\w.$])(fetch|axios\.get|axios\.head)\(\s*(["'`])([^"'`\\$]*)\2/.exec(line);
  if (!call) return none('no fetch("…")/axios.get("…") call with a literal URL');
  const [, callee = '', quote = '"', body = ''] = call;
  const open = call.index + callee.length;
  const close = closingParen(line, open);
  if (close < 0) return none('the call does not end on its line');
  const literal = `${quote}${body}${quote}`;
  const family = familyOf(literal);
  if (!family) return none('the host has no interchangeable stand-ins');
  const argsAfter = line.slice(line.indexOf(literal, open) + literal.length, close - 1);
  const urls = family.hosts.map((h) => withHost(literal, family, h));
  const replacement = `Promise.any([${urls.join(', ')}].map((url) => ${callee}(url${argsAfter})))`;
  const after = line.slice(0, call.index) + replacement + line.slice(close);
  return result(input, source, index, family.host, family.hosts, line, after, replaceInLine(index, call.index, close - call.index, replacement));
}

const PYTHON_CALLS = /^(requests\.(?:get|head|post)|urllib\.request\.urlopen|urlopen|socket\.create_connection)\(/;

function python(input: FallbackInput, source: SourceLines, index: number, line: string): FixOutcome {
  const statement = /^(\s*)(\w+)\s*=\s*(.*?)\s*$/.exec(line);
  if (!statement) return none('not an `x = call(…)` statement');
  const [, indent = '', name = '', call = ''] = statement;
  if (!PYTHON_CALLS.test(call) || closingParen(call, call.indexOf('(')) !== call.length) return none('not a requests/urllib/socket call on one line');
  const literals = stringLiterals(call).filter((l) => familyOf(l.text));
  const literal = literals[0];
  if (literals.length !== 1 || !literal) return none('not exactly one literal host in the call');
  const family = familyOf(literal.text);
  if (!family) return none('the host has no interchangeable stand-ins');
  const step = /^( +)\S/.exec(source.lines.find((l) => /^ +\S/.test(l)) ?? '')?.[1]?.length === 2 ? '  ' : '    ';
  const options = family.hosts.map((h) => withHost(literal.text, family, h));
  const last = options[options.length - 1] ?? literal.text;
  const retry = call.slice(0, literal.index) + '_fallback' + call.slice(literal.index + literal.text.length);
  const eol = source.eol;
  // requests', urllib's and socket's errors are all OSError subclasses.
  const replacement = [
    `for _fallback in (${options.join(', ')}):`,
    `${indent}${step}try:`,
    `${indent}${step}${step}${name} = ${retry}`,
    `${indent}${step}${step}break`,
    `${indent}${step}except OSError:`,
    `${indent}${step}${step}if _fallback == ${last}:`,
    `${indent}${step}${step}${step}raise`,
  ].join(eol);
  return result(input, source, index, family.host, family.hosts, line, replacement.split(eol).map((l) => l.trim()).join(' '), replaceInLine(index, indent.length, line.length - indent.length, replacement));
}
