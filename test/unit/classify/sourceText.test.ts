// Preparing source for the rules: comments blanked (strings kept, lines aligned), string literals read out.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_SOURCE_CHARS, sourceView, stringLiterals, stripComments, withoutStrings } from '../../../src/core/classify/sourceText';

describe('stripComments', () => {
  /** The stripped text, checked to keep every line's length, without its trailing blanks. */
  function stripped(text: string, language: Parameters<typeof stripComments>[1]): string {
    const result = stripComments(text, language);
    assert.deepEqual(result.split('\n').map((line) => line.length), text.split('\n').map((line) => line.length));
    return result.split('\n').map((line) => line.trimEnd()).join('\n');
  }

  it('blanks line comments and keeps the code before them', () => {
    assert.equal(stripped('sleep(1); // wait', 'rust'), 'sleep(1);');
  });

  it('keeps // inside a string', () => {
    assert.equal(stripped('get("http://example.com") // x', 'go'), 'get("http://example.com")');
  });

  it('blanks block comments across lines and keeps the line count', () => {
    assert.equal(stripped('a();\n/* sleep(1)\n still */ b();', 'java'), 'a();\n\n          b();');
  });

  it('blanks Python # comments but not # inside strings', () => {
    assert.equal(stripped('x = "#1"  # sleep(1)', 'python'), 'x = "#1"');
  });

  it('does not open a string at a Rust lifetime', () => {
    assert.equal(stripped("fn f<'a>(x: &'a str) {} // c", 'rust'), "fn f<'a>(x: &'a str) {}");
  });

  it('does not open a string at a character literal holding a quote', () => {
    assert.equal(stripped("let q = '\"'; // c", 'rust'), "let q = '\"';");
  });

  it('keeps Rust raw strings whole', () => {
    assert.equal(stripped('let s = r#"a // b"#; // c', 'rust'), 'let s = r#"a // b"#;');
  });

  it('keeps Python triple-quoted strings whole', () => {
    assert.equal(stripped('s = """a # b\nc"""  # d', 'python'), 's = """a # b\nc"""');
  });
});

describe('stringLiterals', () => {
  it('reads double-quoted literals', () => {
    assert.deepEqual(stringLiterals('connect("example.com:443", "x")', 'rust'), ['example.com:443', 'x']);
  });

  it('reads single-quoted literals in languages where they are strings', () => {
    assert.deepEqual(stringLiterals("fetch('https://a.io/x')", 'typescript'), ['https://a.io/x']);
  });

  it('skips character literals in languages where they are characters', () => {
    assert.deepEqual(stringLiterals("sb.append('|').append(\"a\")", 'java'), ['a']);
  });
});

describe('withoutStrings', () => {
  it('empties string literals and keeps the code', () => {
    assert.equal(withoutStrings('assertEquals("1.5", v);', 'java'), 'assertEquals("", v);');
  });
});

describe('sourceView', () => {
  it('reads no more than the source bound', () => {
    const view = sourceView({ file: 'a.rs', text: 'x\n'.repeat(MAX_SOURCE_CHARS), startLine: 1 }, 'rust', false);
    assert.ok(view.code.length <= MAX_SOURCE_CHARS / 2 + 1);
  });

  it('treats a missing or invalid start line as line 1', () => {
    assert.equal(sourceView({ file: 'a.rs', text: 'x', startLine: Number.NaN }, 'rust', false).startLine, 1);
  });
});
