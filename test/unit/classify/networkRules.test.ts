// Network: connection, name resolution, TLS and HTTP errors in messages; outside hosts in the source.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classify } from '../../../src/core/classify/classifier';
import { categoriesOf, confidenceOf, verdict } from './classifyFixtures';

const fromMessage = (message: string) => classify({ language: 'unknown', messages: [message] });

describe('network signs in messages', () => {
  it('reads a connection reset as network', () => {
    assert.equal(fromMessage('Error: read ECONNRESET\n    at TCP.onStreamRead (node:internal/stream_base_commons:217:20)').category, 'network');
  });

  it('reads a refused connection to an outside address as network', () => {
    assert.equal(fromMessage('java.net.ConnectException: Connection refused (Connection refused) to api.example.org/93.184.216.34:443').category, 'network');
  });

  it('reads a refused loopback connection as partly a server that is not up yet', () => {
    const result = fromMessage('Get "http://127.0.0.1:8080/health": dial tcp 127.0.0.1:8080: connect: connection refused');
    assert.ok(categoriesOf(result).includes('network'));
    assert.ok(categoriesOf(result).includes('async-wait'));
  });

  it('reads a failed name lookup as network', () => {
    assert.equal(fromMessage('dial tcp: lookup proxy.golang.org on 127.0.0.53:53: no such host').category, 'network');
  });

  it('names the host of a failed lookup in the suggestion', () => {
    assert.match(fromMessage('dial tcp: lookup proxy.golang.org on 127.0.0.53:53: no such host').suggestion, /`proxy\.golang\.org`/);
  });

  it('reads a Java UnknownHostException as network', () => {
    assert.equal(fromMessage('java.net.UnknownHostException: repo.maven.apache.org').category, 'network');
  });

  it('reads a TLS handshake failure as network', () => {
    assert.equal(fromMessage('error: received fatal alert: HandshakeFailure (tls handshake eof)').category, 'network');
  });

  it('reads an HTTP 503 as network', () => {
    assert.equal(fromMessage('AssertionError: expected status 200, got 503 Service Unavailable').category, 'network');
  });

  it('reads a timeout while connecting as network, not timing', () => {
    const result = fromMessage('requests.exceptions.ConnectTimeout: HTTPSConnectionPool(host=\'pypi.org\', port=443): Max retries exceeded (connect timeout=5)');
    assert.equal(result.category, 'network');
    assert.ok(confidenceOf(result, 'timing') < confidenceOf(result, 'network'));
  });

  it('reads a Go i/o timeout on a socket as network', () => {
    assert.equal(fromMessage('read tcp 10.1.0.4:51234->140.82.112.3:443: i/o timeout').category, 'network');
  });

  it('does not read a line number of 500 as an HTTP error', () => {
    assert.equal(fromMessage('thread \'main\' panicked at src/parser.rs:500:9:\nindex out of bounds').category, 'unknown');
  });
});

describe('network signs in source', () => {
  it('reads a URL handed to an HTTP client as network, with the line as evidence', () => {
    const result = classify({
      language: 'python',
      testSource: { file: 'tests/test_client.py', text: 'def test_fetch():\n    r = requests.get("https://httpbin.org/get")\n    assert r.ok\n', startLine: 10 },
    });
    assert.equal(result.category, 'network');
    assert.deepEqual(verdict(result, 'network')?.evidence, ['tests/test_client.py:11: r = requests.get("https://httpbin.org/get")']);
  });

  it('reads a host:port literal as network', () => {
    const result = classify({ language: 'go', testSource: { file: 'dial_test.go', text: 'conn, err := net.Dial("tcp", "golang.org:80")', startLine: 1 } });
    assert.equal(result.category, 'network');
  });

  it('does not read a URL that the test only parses and compares as network', () => {
    const result = classify({
      language: 'typescript',
      testSource: { file: 'url.test.ts', text: "it('joins', () => {\n  expect(join('https://example.com', 'a')).toBe('https://example.com/a');\n});", startLine: 1 },
    });
    assert.equal(result.category, 'unknown');
  });

  it('does not read a loopback URL as network', () => {
    const result = classify({ language: 'go', testSource: { file: 'a_test.go', text: 'resp, err := http.Get("http://127.0.0.1:" + port + "/")', startLine: 1 } });
    assert.ok(!categoriesOf(result).includes('network') || confidenceOf(result, 'network') < 0.3);
  });

  it('does not read an XML namespace as network', () => {
    const result = classify({
      language: 'java',
      testSource: { file: 'XmlTest.java', text: 'Document doc = builder.parse(input);\nassertEquals("http://www.w3.org/2001/XMLSchema", doc.getNamespaceURI());', startLine: 1 },
    });
    assert.ok(!categoriesOf(result).includes('network'));
  });

  it('does not read a file name that looks like a domain as network', () => {
    const result = classify({ language: 'rust', testSource: { file: 'src/lib.rs', text: 'let cfg = load("config.rs").unwrap();\nlet s = stream.unwrap();', startLine: 1 } });
    assert.equal(result.category, 'unknown');
  });

  it('reads a test that talks HTTP to a local server on several lines as network, weakly', () => {
    const text = 'URI uri = URI.create(String.format("http://%s:%s", addr.getHostName(), addr.getPort()));\nHttpResponse first = HttpRequests.execute(HttpRequest.get(uri.toURL()).build());\nHttpResponse second = HttpRequests.execute(HttpRequest.get(uri.toURL()).build());\nassertEquals(200, first.getResponseCode());';
    const result = classify({ language: 'java', testSource: { file: 'WorkerTest.java', text, startLine: 1 } });
    assert.equal(result.category, 'network');
    assert.ok(confidenceOf(result, 'network') <= 0.35);
  });

  it('reads a loopback server as a weak network sign only', () => {
    const result = classify({ language: 'go', testSource: { file: 'a_test.go', text: 'srv := httptest.NewServer(handler)\ndefer srv.Close()', startLine: 1 } });
    assert.ok(confidenceOf(result, 'network') <= 0.25);
  });
});
