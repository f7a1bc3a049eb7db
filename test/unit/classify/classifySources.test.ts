// `flakelens classify` in the core: one result per source file, in the JSON shape of DESIGN.md.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifySourceFiles } from '../../../src/core/classify/classifySources';
import { fixture } from './classifyFixtures';

describe('classifySourceFiles', () => {
  it('gives one result per file, in order, with the category, its evidence and a suggestion', () => {
    const output = classifySourceFiles([
      { file: 'src/test/java/BrokerRedeliveryTest.java', text: fixture('java/BrokerRedeliveryTest.java') },
      { file: 'tests/guest/tls_client.rs', text: fixture('wasmtime-tls/tls_client.rs') },
    ]);
    assert.deepEqual(output.results.map((result) => [result.file, result.category]), [
      ['src/test/java/BrokerRedeliveryTest.java', 'async-wait'],
      ['tests/guest/tls_client.rs', 'network'],
    ]);
    const network = output.results[1];
    assert.ok(network?.categories[0]?.evidence.includes('tests/guest/tls_client.rs:12: let stream = TcpStream::connect("example.com:443").unwrap();'));
    assert.match(network?.suggestion ?? '', /example\.org, example\.net/);
  });

  it('keeps exactly the fields of the classify JSON', () => {
    const [result] = classifySourceFiles([{ file: 'a_test.go', text: 'resp, err := http.Get("https://example.com/")' }]).results;
    assert.deepEqual(Object.keys(result ?? {}), ['file', 'category', 'categories', 'suggestion']);
    assert.deepEqual(Object.keys(result?.categories[0] ?? {}), ['category', 'confidence', 'evidence']);
    assert.doesNotThrow(() => JSON.parse(JSON.stringify(result)));
  });

  it('reads the language through a .txt suffix', () => {
    const [result] = classifySourceFiles([{ file: 'FooTest.java.txt', text: 'Thread.sleep(500);\nassertEquals(1, queue.size());' }]).results;
    assert.equal(result?.category, 'async-wait');
    assert.match(result?.suggestion ?? '', /Awaitility/);
  });

  it('reads the failure text beside each source', () => {
    const [result] = classifySourceFiles([{ file: 'Plain.java', text: 'assertEquals(1, parse("1"));' }], 'java.net.UnknownHostException: repo.example.com').results;
    assert.equal(result?.category, 'network');
    assert.ok(result?.categories[0]?.evidence.some((line) => line.startsWith('message: ')));
  });

  it('classifies the failure text alone when no file is given', () => {
    const { results } = classifySourceFiles([], 'bind: address already in use');
    assert.deepEqual(results.map((result) => [result.file, result.category]), [['', 'resource']]);
  });

  it('answers unknown, with the failure-clusters suggestion, for a source with no sign', () => {
    const [result] = classifySourceFiles([{ file: 'add.rs', text: 'assert_eq!(add(1, 2), 3);' }]).results;
    assert.equal(result?.category, 'unknown');
    assert.match(result?.suggestion ?? '', /failure clusters/);
  });

  it('gives no result for no file and no failure text', () => {
    assert.deepEqual(classifySourceFiles([]), { results: [] });
  });
});
