import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineSplitter, LogLineScanner, normalizeLogLine, stripAnsi } from '../../../src/core/logs/logLines';

function split(chunks: readonly (Uint8Array | string)[], maxLineLength?: number): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => lines.push(line), { maxLineLength });
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return lines;
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

test('splits on LF and CRLF line endings', () => {
  assert.deepEqual(split(['one\ntwo\r\nthree\n']), ['one', 'two', 'three']);
});

test('a CRLF split between two chunks leaves no carriage return in the line', () => {
  assert.deepEqual(split(['one\r', '\ntwo\r', '\n']), ['one', 'two']);
});

test('a carriage return at the very end of the input is dropped', () => {
  assert.deepEqual(split(['last\r']), ['last']);
});

test('the last line is emitted on end even without a final newline', () => {
  assert.deepEqual(split(['a\nb']), ['a', 'b']);
});

test('a final newline does not produce an extra empty line', () => {
  assert.deepEqual(split(['a\n']), ['a']);
});

test('empty lines inside the input are kept', () => {
  assert.deepEqual(split(['a\n\n\nb\n']), ['a', '', '', 'b']);
});

test('a leading byte order mark is stripped from bytes', () => {
  assert.deepEqual(split([new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x0a])]), ['a']);
});

test('a byte order mark split across chunks is stripped', () => {
  assert.deepEqual(split([new Uint8Array([0xef]), new Uint8Array([0xbb]), new Uint8Array([0xbf, 0x61])]), ['a']);
});

test('a leading byte order mark is stripped from a string', () => {
  assert.deepEqual(split(['\ufeffa\nb']), ['a', 'b']);
});

test('multi-byte characters split across chunks decode intact', () => {
  const bytes = utf8('tests::parses_port_ünïcode ... ok\n✓ 🦀\n');
  const chunks = Array.from(bytes, (b) => new Uint8Array([b]));
  assert.deepEqual(split(chunks), ['tests::parses_port_ünïcode ... ok', '✓ 🦀']);
});

test('invalid UTF-8 bytes become replacement characters without throwing', () => {
  const lines = split([new Uint8Array([0x61, 0xff, 0xfe, 0x62, 0x0a, 0xc3, 0x0a, 0x63])]);
  assert.deepEqual(lines, ['a\ufffd\ufffdb', '\ufffd', 'c']);
});

test('a truncated multi-byte character at the end of input becomes a replacement character', () => {
  assert.deepEqual(split([new Uint8Array([0x61, 0xe2, 0x9c])]), ['a\ufffd']);
});

test('a line longer than maxLineLength is cut and the next line is intact', () => {
  assert.deepEqual(split(['abcdefghij\nxyz\n'], 4), ['abcd', 'xyz']);
});

test('a cut line stays cut when its rest arrives in later chunks', () => {
  assert.deepEqual(split(['ab', 'cdef', 'gh\nok\n'], 3), ['abc', 'ok']);
});

test('a several-megabyte line never holds more than maxLineLength in memory', () => {
  const maxLineLength = 64 * 1024;
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => lines.push(line), { maxLineLength });
  const chunk = 'x'.repeat(1024);
  let maxBuffered = 0;
  for (let i = 0; i < 4 * 1024; i++) {
    splitter.push(chunk);
    maxBuffered = Math.max(maxBuffered, splitter.bufferedLength);
  }
  splitter.push('\nnext\n');
  splitter.end();
  assert.ok(maxBuffered <= maxLineLength);
  assert.equal(lines.length, 2);
  assert.equal(lines[0]?.length, maxLineLength);
  assert.equal(lines[1], 'next');
});

test('the default line bound is 64 KiB', () => {
  const lines = split(['y'.repeat(100_000) + '\n']);
  assert.equal(lines[0]?.length, 64 * 1024);
});

test('feeding one character at a time gives the same lines as one chunk', () => {
  const text = 'alpha\r\nbeta\n\ngamma\r\ndelta';
  assert.deepEqual(split(Array.from(text)), split([text]));
});

test('one line callback per line: doubling the input doubles the calls', () => {
  let calls = 0;
  const count = (text: string): number => {
    calls = 0;
    const splitter = new LineSplitter(() => calls++);
    // One character per push: the worst case for an implementation that re-scans its buffer.
    for (const ch of text) splitter.push(ch);
    splitter.end();
    return calls;
  };
  const block = 'test a ... ok\n'.repeat(5_000);
  assert.equal(count(block), 5_000);
  assert.equal(count(block + block), 10_000);
});

test('a long line fed one character at a time stays bounded', () => {
  const splitter = new LineSplitter(() => undefined, { maxLineLength: 1000 });
  for (let i = 0; i < 200_000; i++) splitter.push('z');
  assert.equal(splitter.bufferedLength, 1000);
});

test('strips the runner timestamp and keeps the indentation after it', () => {
  assert.deepEqual(normalizeLogLine('2024-05-01T10:11:12.1234567Z      Running tests/all/main.rs (x)'), {
    text: '     Running tests/all/main.rs (x)',
    kind: 'text',
  });
});

test('an empty timestamped line becomes an empty line', () => {
  assert.equal(normalizeLogLine('2024-05-01T10:11:12.1234567Z ').text, '');
});

test('a line that only starts with digits is not mistaken for a timestamp', () => {
  assert.equal(normalizeLogLine('2024 was a good year').text, '2024 was a good year');
});

test('strips colour escapes', () => {
  assert.equal(normalizeLogLine('\u001b[1m\u001b[92m     Running\u001b[0m unittests').text, '     Running unittests');
});

test("strips libtest's terminfo escapes including the charset reset", () => {
  assert.equal(normalizeLogLine('test a ... \u001b[31mFAILED\u001b(B\u001b[m').text, 'test a ... FAILED');
});

test('strips other CSI sequences and OSC hyperlinks', () => {
  assert.equal(stripAnsi('\u001b[2K\u001b[1Gline \u001b]8;;https://x.test\u001b\\link\u001b]8;;\u0007 end'), 'line link end');
});

test('stripping a line full of unterminated escapes finishes and leaves no escape character', () => {
  assert.equal(stripAnsi('\u001b['.repeat(50_000) + '\u001b'), '');
  assert.equal(stripAnsi('\u001b]0;'.repeat(50_000)), '');
});

test('strips a trailing carriage return', () => {
  assert.equal(normalizeLogLine('2024-05-01T10:11:12.1234567Z ok\r').text, 'ok');
});

test('recognises a group and its title', () => {
  assert.deepEqual(normalizeLogLine('2024-05-01T10:11:12.1234567Z ##[group]Run cargo test'), {
    text: 'Run cargo test',
    kind: 'group',
  });
});

test('recognises the runner annotations', () => {
  const kinds = ['endgroup', 'error', 'warning', 'notice', 'debug', 'command'].map(
    (name) => normalizeLogLine(`##[${name}]msg`).kind,
  );
  assert.deepEqual(kinds, ['endgroup', 'error', 'warning', 'notice', 'debug', 'command']);
});

test('an error annotation keeps its message', () => {
  assert.deepEqual(normalizeLogLine('##[error]Process completed with exit code 101.'), {
    text: 'Process completed with exit code 101.',
    kind: 'error',
  });
});

test('recognises the workflow command form with and without parameters', () => {
  assert.deepEqual(normalizeLogLine('::error::boom'), { text: 'boom', kind: 'error' });
  assert.deepEqual(normalizeLogLine('::warning file=src/lib.rs,line=3::careful'), { text: 'careful', kind: 'warning' });
  assert.deepEqual(normalizeLogLine('::group::Build'), { text: 'Build', kind: 'group' });
});

test("recognises the runner's [command] lines", () => {
  assert.deepEqual(normalizeLogLine('[command]/usr/bin/git version'), { text: '/usr/bin/git version', kind: 'command' });
});

test('unknown runner markers stay text', () => {
  assert.deepEqual(normalizeLogLine('##[section]Starting'), { text: '##[section]Starting', kind: 'text' });
  assert.deepEqual(normalizeLogLine('::set-output name=x::1'), { text: '::set-output name=x::1', kind: 'text' });
});

test('strings and bytes can be mixed in one stream', () => {
  assert.deepEqual(split([utf8('ab'), 'c\nd', new Uint8Array([0x65, 0x0a])]), ['abc', 'de']);
});

test('the one-pass scanner gives exactly the lines and kinds of the splitter and normalizer (line breaks inside a line as spaces), on any input and chunking', () => {
  const pieces = [
    '2024-05-01T10:11:12.1234567Z ',
    '2024-05-01T10:11:12Z ',
    '2024-05-01T10:11:12.1234567890Z ',
    '2024-05-01T10:11:12.Z ',
    '2024-05-01T10:11:12.1234567Z',
    '2024-05-01 10:11:12Z ',
    '\ufeff',
    '\r',
    '\r\r',
    '\u2028',
    'x\u2029y',
    '\x1b[32m',
    '\x1b[0m',
    '\x1b]0;title\x07',
    '\x1b',
    '##[group]Run cargo test',
    '##[endgroup]',
    '##[error]Process completed',
    '##[Warning]careful',
    '##[unknown]x',
    '##[',
    '::error file=a.rs,line=3::boom',
    '::',
    '[command]/usr/bin/git',
    '[command',
    'test a::b ... ok',
    'ünïcode ✓ 🦀',
    '    indented',
    '1234',
    ' ',
    '',
  ];
  let state = 7;
  const next = (n: number): number => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return state % n;
  };
  const encoder = new TextEncoder();
  for (let round = 0; round < 400; round++) {
    const lines: string[] = [];
    for (let l = 0, count = 1 + next(12); l < count; l++) {
      let line = '';
      for (let p = 0, parts = next(5); p < parts; p++) line += pieces[next(pieces.length)];
      lines.push(line);
    }
    const text = lines.join(next(3) === 0 ? '\r\n' : '\n') + (next(2) === 0 ? '\n' : '');
    const maxLineLength = next(4) === 0 ? 1 + next(40) : undefined;
    const asBytes = next(2) === 0;
    const source = asBytes ? encoder.encode(text) : text;
    const chunks: (Uint8Array | string)[] = [];
    for (let pos = 0; pos < source.length; ) {
      const size = 1 + next(next(2) === 0 ? 5 : 200);
      chunks.push(typeof source === 'string' ? source.slice(pos, pos + size) : source.subarray(pos, pos + size));
      pos += size;
    }
    const expected: string[] = [];
    const splitter = new LineSplitter((line) => {
      const n = normalizeLogLine(line);
      // The scanner gives the CRs and U+2028/U+2029 inside a line as spaces (see withoutBreaks).
      expected.push(`${n.kind}:${n.text.replace(/[\r\u2028\u2029]/g, ' ')}`);
    }, { maxLineLength });
    const actual: string[] = [];
    const scanner = new LogLineScanner((lineText, kind) => actual.push(`${kind}:${lineText}`), { maxLineLength });
    for (const chunk of chunks) {
      splitter.push(chunk);
      scanner.push(chunk);
    }
    splitter.end();
    scanner.end();
    assert.deepEqual(actual, expected, JSON.stringify(text));
  }
});
