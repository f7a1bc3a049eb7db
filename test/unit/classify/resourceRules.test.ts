// Resource: ports, files, disk, memory and handles, in messages and in source.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classify } from '../../../src/core/classify/classifier';
import { categoriesOf, confidenceOf, verdict } from './classifyFixtures';

const fromMessage = (message: string) => classify({ language: 'unknown', messages: [message] });
const source = (language: 'rust' | 'go' | 'java' | 'python' | 'typescript', file: string, text: string) =>
  classify({ language, testSource: { file, text, startLine: 1 } });

describe('resource signs in messages', () => {
  it('reads an address in use as resource', () => {
    assert.equal(fromMessage('listen tcp 127.0.0.1:8080: bind: address already in use').category, 'resource');
  });

  it('reads too many open files as resource', () => {
    assert.equal(fromMessage('Os { code: 24, kind: Uncategorized, message: "Too many open files" }').category, 'resource');
  });

  it('reads a full disk as resource', () => {
    assert.equal(fromMessage('OSError: [Errno 28] No space left on device').category, 'resource');
  });

  it('reads a Windows sharing violation as resource', () => {
    assert.equal(fromMessage('The process cannot access the file because it is being used by another process. (os error 32)').category, 'resource');
  });

  it('reads an out-of-memory error as resource', () => {
    assert.equal(fromMessage('java.lang.OutOfMemoryError: Java heap space').category, 'resource');
  });

  it('trusts a file-in-use error more when the test fails only on Windows', () => {
    const messages = ['failed to remove file: Access is denied. (os error 5)'];
    const windows = classify({ language: 'rust', messages, pattern: { failingOs: ['windows'], allOs: ['linux', 'windows'] } });
    const linux = classify({ language: 'rust', messages, pattern: { failingOs: ['linux'], allOs: ['linux', 'windows'] } });
    assert.ok(confidenceOf(windows, 'resource') > confidenceOf(linux, 'resource'));
  });
});

describe('resource signs in source', () => {
  it('reads a fixed loopback port as resource, quoting the bind', () => {
    const result = source('rust', 'tests/server.rs', 'let listener = TcpListener::bind("127.0.0.1:8080").unwrap();\nassert!(serve(listener).is_ok());');
    assert.equal(result.category, 'resource');
    assert.deepEqual(verdict(result, 'resource')?.evidence, ['tests/server.rs:1: let listener = TcpListener::bind("127.0.0.1:8080").unwrap();']);
  });

  it('does not read port 0 as a fixed port', () => {
    const result = source('rust', 'tests/server.rs', 'let listener = TcpListener::bind("127.0.0.1:0").unwrap();');
    assert.ok(!categoriesOf(result).includes('resource'));
  });

  it('reads a Go listener on a fixed port as resource', () => {
    assert.equal(source('go', 'srv_test.go', 'l, err := net.Listen("tcp", ":8080")\nrequire.NoError(t, err)').category, 'resource');
  });

  it('reads a Java ServerSocket on a fixed port as resource', () => {
    assert.equal(source('java', 'EchoTest.java', 'ServerSocket server = new ServerSocket(9090);\nassertTrue(server.isBound());').category, 'resource');
  });

  it('reads a fixed temp path as resource', () => {
    assert.equal(source('python', 'test_db.py', 'def test_db():\n    db = open_db("/tmp/flakelens-test.db")\n    assert db.count() == 0\n').category, 'resource');
  });

  it('does not read a unique temp dir as resource', () => {
    assert.equal(source('rust', 'tests/db.rs', 'let dir = tempfile::tempdir().unwrap();\nlet db = Db::open(dir.path().join("test.db")).unwrap();\nassert_eq!(db.count(), 0);').category, 'unknown');
  });

  it('suggests port 0 and unique temp dirs in the words of the language', () => {
    assert.match(source('go', 'srv_test.go', 'l, err := net.Listen("tcp", ":8080")').suggestion, /t\.TempDir\(\)/);
  });
});
