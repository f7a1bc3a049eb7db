// Telling a source file's language from its name.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { languageOfFile } from '../../../src/core/classify/classifier';

describe('languageOfFile', () => {
  it('knows the extensions of every supported language', () => {
    assert.deepEqual(
      ['a.rs', 'a_test.go', 'a.test.ts', 'a.tsx', 'a.mjs', 'test_a.py', 'ATest.java', 'ATest.kt'].map(languageOfFile),
      ['rust', 'go', 'typescript', 'typescript', 'javascript', 'python', 'java', 'kotlin'],
    );
  });

  it('looks through a trailing .txt', () => {
    assert.equal(languageOfFile('flakycat/003-RxNetty.ProxyTest.testProxy.java.txt'), 'java');
  });

  it('reads Windows paths', () => {
    assert.equal(languageOfFile('C:\\src\\tests\\all\\main.rs'), 'rust');
  });

  it('answers unknown for other files', () => {
    assert.deepEqual(['Makefile', 'notes.txt', 'a.c', '.rs'].map(languageOfFile), ['unknown', 'unknown', 'unknown', 'unknown']);
  });
});
