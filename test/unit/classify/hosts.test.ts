// Telling outside hosts from loopback ones and from names that only look like hosts.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hostInMessage, hostLiteral } from '../../../src/core/classify/hosts';

describe('hostLiteral', () => {
  it('reads an outside URL', () => {
    assert.deepEqual(hostLiteral('https://example.com/path?q=1'), { kind: 'url', host: 'example.com', outside: true });
  });

  it('reads a loopback URL as not outside', () => {
    assert.deepEqual(hostLiteral('http://localhost:3000/'), { kind: 'url', host: 'localhost', outside: false });
  });

  it('reads an outside host:port', () => {
    assert.deepEqual(hostLiteral('example.com:443'), { kind: 'host-port', host: 'example.com', port: 443, outside: true });
  });

  it('reads a loopback host:port', () => {
    assert.deepEqual(hostLiteral('127.0.0.1:8080'), { kind: 'host-port', host: '127.0.0.1', port: 8080, outside: false });
  });

  it('reads a bare domain name', () => {
    assert.deepEqual(hostLiteral('www.google.com'), { kind: 'host', host: 'www.google.com' });
  });

  it('does not read file names, code paths or namespaces as hosts', () => {
    assert.deepEqual(['config.rs', 'stream.unwrap', 'java.io.tmpdir', 'http://www.w3.org/2001/XMLSchema', 'a.b', 'user.dir'].map(hostLiteral), [
      undefined, undefined, undefined, undefined, undefined, undefined,
    ]);
  });

  it('does not read a URL built from a template as a host', () => {
    assert.equal(hostLiteral('http://${host}/api'), undefined);
  });
});

describe('hostInMessage', () => {
  it('finds the host of a failed lookup', () => {
    assert.equal(hostInMessage('dial tcp: lookup registry.npmjs.org: no such host'), 'registry.npmjs.org');
  });

  it('does not take a source location for a host', () => {
    assert.equal(hostInMessage("thread 'main' panicked at tests/guest/tls_client.rs:12:55:"), undefined);
  });
});
