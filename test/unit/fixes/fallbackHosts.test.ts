// Wrapping a hard-coded host in fallback hosts, where the language makes it mechanical.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Language } from '../../../src/core/classify/language';
import { parseEvidence } from '../../../src/core/fixes/evidenceLine';
import { fallbackHostFixes } from '../../../src/core/fixes/fallbackHosts';
import { applyEdits } from '../../../src/core/fixes/textEdit';

function wrap(language: Language, text: string, evidence: string) {
  const at = parseEvidence(evidence);
  assert.ok(at, evidence);
  const outcome = fallbackHostFixes({ evidence: at, language, text });
  return { outcome, fix: outcome.fixes[0], result: outcome.fixes[0] ? applyEdits(text, outcome.fixes[0].edits) : undefined };
}

const GUEST = [
  'pub fn main(stdout: &mut String) {',
  '    let mut stream = TcpStream::connect("example.com:443").unwrap();',
  '    let tls = handshake(&mut stream, "example.com").unwrap();',
  '}',
  '',
].join('\n');

test('Rust: TcpStream::connect("example.com:443") tries example.org and example.net when it fails', () => {
  const { fix, result } = wrap('rust', GUEST, 'tests/guest/tls_client.rs:2: let mut stream = TcpStream::connect("example.com:443").unwrap();');
  assert.ok(fix);
  assert.equal(fix.file, 'tests/guest/tls_client.rs');
  assert.equal(
    result?.split('\n')[1],
    '    let mut stream = TcpStream::connect("example.com:443").or_else(|_| TcpStream::connect("example.org:443")).or_else(|_| TcpStream::connect("example.net:443")).unwrap();',
  );
  assert.match(fix.description, /1 other mention of example\.com in this file stay as they are/);
});

test('Rust: an awaited or async connect is refused (a Future has no or_else); a path is kept in the fallbacks', () => {
  const cases = [
    'use tokio::net::TcpStream;\n\nasync fn connects() {\n    let s = TcpStream::connect("example.com:80").await.unwrap();\n}\n',
    'async fn connects() {\n    let s = tokio::net::TcpStream::connect("example.com:80").await.unwrap();\n}\n',
    'use async_std::net::TcpStream;\nfn connects() {\n    let f = TcpStream::connect("example.com:80");\n}\n',
  ];
  for (const text of cases) {
    const line = text.split('\n').find((l) => l.includes('connect(')) ?? '';
    const { outcome } = wrap('rust', text, `a.rs:${text.split('\n').indexOf(line) + 1}: ${line.trim()}`);
    assert.deepEqual(outcome.fixes, [], text);
    assert.match(outcome.refused[0]?.reason ?? '', /async/, text);
  }
  const text = 'use std::net;\nfn main() {\n    let s = net::TcpStream::connect("example.com:80").unwrap();\n}\n';
  assert.equal(
    wrap('rust', text, 'a.rs:3: let s = net::TcpStream::connect("example.com:80").unwrap();').result?.split('\n')[2],
    '    let s = net::TcpStream::connect("example.com:80").or_else(|_| net::TcpStream::connect("example.org:80")).or_else(|_| net::TcpStream::connect("example.net:80")).unwrap();',
  );
});

test('the host matched is the one replaced, not an earlier occurrence inside another name', () => {
  const text = '\tresp, err := http.Get("https://my-example.com/r?to=example.com")\n';
  const { result } = wrap('go', text, 'a_test.go:1: resp, err := http.Get("https://my-example.com/r?to=example.com")');
  assert.match(result ?? '', /range \[\]string\{"https:\/\/my-example\.com\/r\?to=example\.org", "https:\/\/my-example\.com\/r\?to=example\.net"\}/);
  const ts = wrap('typescript', "await fetch('https://my-example.com/?to=example.com');\n", "a.ts:1: await fetch('https://my-example.com/?to=example.com');").result;
  assert.match(ts ?? '', /\['https:\/\/my-example\.com\/\?to=example\.com', 'https:\/\/my-example\.com\/\?to=example\.org', 'https:\/\/my-example\.com\/\?to=example\.net'\]/);
});

test('Go: a net.Dial statement becomes a loop over the fallbacks while err is set', () => {
  const text = 'func TestDial(t *testing.T) {\n\tconn, err := net.Dial("tcp", "example.com:80")\n\tif err != nil {\n\t\tt.Fatal(err)\n\t}\n}\n';
  const { result } = wrap('go', text, 'net_test.go:2: conn, err := net.Dial("tcp", "example.com:80")');
  assert.equal(
    result,
    'func TestDial(t *testing.T) {\n\tconn, err := net.Dial("tcp", "example.com:80")\n\tfor _, fallback := range []string{"example.org:80", "example.net:80"} {\n\t\tif err == nil {\n\t\t\tbreak\n\t\t}\n\t\tconn, err = net.Dial("tcp", fallback)\n\t}\n\tif err != nil {\n\t\tt.Fatal(err)\n\t}\n}\n',
  );
});

test('Go: an error dropped with _ or a call the fix does not know is left alone', () => {
  assert.equal(wrap('go', '\tconn, _ := net.Dial("tcp", "example.com:80")\n', 'a_test.go:1: conn, _ := net.Dial("tcp", "example.com:80")').fix, undefined);
  assert.equal(wrap('go', '\tr, err := myClient.Fetch("example.com")\n', 'a_test.go:1: r, err := myClient.Fetch("example.com")').fix, undefined);
});

test('TypeScript: fetch("https://example.com/", options) becomes Promise.any over the hosts', () => {
  const text = "  const res = await fetch('https://example.com/', { method: 'HEAD' });\n";
  const { result } = wrap('typescript', text, "api.test.ts:1: const res = await fetch('https://example.com/', { method: 'HEAD' });");
  assert.equal(result, "  const res = await Promise.any(['https://example.com/', 'https://example.org/', 'https://example.net/'].map((url) => fetch(url, { method: 'HEAD' })));\n");
});

test('Python: requests.get becomes a for/try loop that re-raises after the last host', () => {
  const text = 'def test_online():\n    r = requests.get("https://www.example.com/", timeout=5)\n    assert r.ok\n';
  const { result } = wrap('python', text, 'tests/test_api.py:2: r = requests.get("https://www.example.com/", timeout=5)');
  assert.equal(
    result,
    'def test_online():\n    for _fallback in ("https://www.example.com/", "https://www.example.org/", "https://www.example.net/"):\n        try:\n            r = requests.get(_fallback, timeout=5)\n            break\n        except OSError:\n            if _fallback == "https://www.example.net/":\n                raise\n    assert r.ok\n',
  );
});

test('hosts without interchangeable stand-ins, and Java, get no fix: the suggestion text stays', () => {
  assert.equal(wrap('rust', 'let s = TcpStream::connect("github.com:443").unwrap();\n', 'a.rs:1: let s = TcpStream::connect("github.com:443").unwrap();').fix, undefined);
  assert.equal(wrap('java', 'new Socket("example.com", 80);\n', 'A.java:1: new Socket("example.com", 80);').fix, undefined);
  assert.equal(wrap('rust', 'let s = TcpStream::connect("notexample.com:1").unwrap();\n', 'a.rs:1: let s = TcpStream::connect("notexample.com:1").unwrap();').fix, undefined);
});

test('CRLF files get CRLF lines in a multi-line replacement', () => {
  const text = 'func TestDial(t *testing.T) {\r\n\tconn, err := net.Dial("tcp", "example.com:80")\r\n}\r\n';
  const { result } = wrap('go', text, 'net_test.go:2: conn, err := net.Dial("tcp", "example.com:80")');
  assert.ok(result && !/[^\r]\n/.test(result), JSON.stringify(result));
});
