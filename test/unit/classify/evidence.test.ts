// Evidence strings: trimmed, bounded, and centred on what matched.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_EVIDENCE_LINE_CHARS, excerpt, messageEvidence, sourceEvidence } from '../../../src/core/classify/evidence';

describe('evidence', () => {
  it('writes source evidence as file:line: trimmed text', () => {
    assert.equal(sourceEvidence('src/a.rs', 12, '    let x = 1;   '), 'src/a.rs:12: let x = 1;');
  });

  it('writes message evidence with a message: prefix', () => {
    assert.equal(messageEvidence('  Connection reset by peer '), 'message: Connection reset by peer');
  });

  it('keeps short lines whole', () => {
    assert.equal(excerpt('a'.repeat(MAX_EVIDENCE_LINE_CHARS)), 'a'.repeat(MAX_EVIDENCE_LINE_CHARS));
  });

  it('cuts long lines to the bound, around what matched', () => {
    const line = 'a'.repeat(1000) + 'NEEDLE' + 'b'.repeat(1000);
    const cut = excerpt(line, 1000);
    assert.ok(cut.length <= MAX_EVIDENCE_LINE_CHARS + 2);
    assert.match(cut, /^…a+NEEDLEb+…$/);
  });

  it('cuts long lines from their start when the match is near it', () => {
    assert.match(excerpt('NEEDLE' + 'b'.repeat(1000), 0), /^NEEDLEb+…$/);
  });
});
