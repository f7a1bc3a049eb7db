// Platform: failing on one OS (or one job) among several, and Windows-only errors.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classify } from '../../../src/core/classify/classifier';
import { categoriesOf, verdict } from './classifyFixtures';

const ALL = ['linux', 'windows', 'macos'];

describe('platform signs', () => {
  it('names the platform when a test with no other sign fails only on one OS', () => {
    const result = classify({ language: 'go', pattern: { failingOs: ['macos'], allOs: ALL } });
    assert.equal(result.category, 'platform');
    assert.deepEqual(verdict(result, 'platform')?.evidence, ['pattern: fails only on macos (runs on linux, windows, macos)']);
  });

  it('names the OS and a Go guard in the suggestion', () => {
    const { suggestion } = classify({ language: 'go', pattern: { failingOs: ['macos'], allOs: ALL } });
    assert.match(suggestion, /fails only on macos/);
    assert.match(suggestion, /runtime\.GOOS/);
  });

  it('does not name the platform when the test fails on every OS', () => {
    assert.equal(classify({ language: 'go', pattern: { failingOs: ALL, allOs: ALL } }).category, 'unknown');
  });

  it('does not name the platform when the test runs on one OS only', () => {
    assert.equal(classify({ language: 'go', pattern: { failingOs: ['linux'], allOs: ['linux'] } }).category, 'unknown');
  });

  it('reads OS names whatever their case', () => {
    assert.equal(classify({ language: 'go', pattern: { failingOs: ['Windows'], allOs: ['Linux', 'Windows'] } }).category, 'platform');
  });

  it('names the platform, less surely, when the test fails in one job of several on the same OS', () => {
    const result = classify({
      language: 'rust',
      pattern: { failingOs: ['linux'], allOs: ['linux'], failingJobs: ['Test (nightly)'], allJobs: ['Test (stable)', 'Test (nightly)'] },
    });
    assert.equal(result.category, 'platform');
    assert.deepEqual(verdict(result, 'platform')?.evidence, ['pattern: fails only in job "Test (nightly)" (of 2 jobs)']);
  });

  it('reads a Windows path error as platform', () => {
    assert.equal(classify({ language: 'rust', messages: ['Error: The system cannot find the path specified. (os error 3)'] }).category, 'platform');
  });

  it('reads a carriage return in compared text as platform', () => {
    assert.ok(categoriesOf(classify({ language: 'rust', messages: ['  left: "line one\\r\\nline two"\n right: "line one\\nline two"'] })).includes('platform'));
  });

  it('does not name the platform from an OS check in the source alone', () => {
    assert.equal(classify({ language: 'rust', testSource: { file: 'a.rs', text: 'if cfg!(windows) { return; }\nassert_eq!(f(), 1);', startLine: 1 } }).category, 'unknown');
  });
});
