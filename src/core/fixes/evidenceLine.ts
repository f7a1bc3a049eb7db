// Finding an evidence line (`sysfs/poll_test.go:28: if elapsed < 50*time.Millisecond {`) in a file's current text:
// at its recorded line when the text is still there, else the one line that reads the same (the file was edited).
import type { SourceLines } from './textEdit';

export interface EvidenceAt {
  readonly file: string;
  /** 1-based, as recorded. */
  readonly line: number;
  /** The quoted line, trimmed (it may be an excerpt with `…`). */
  readonly text: string;
}

export function parseEvidence(evidence: string): EvidenceAt | undefined {
  const match = /^([^\s:][^:]{0,200}):(\d+): (.*)$/.exec(evidence);
  if (!match || match[1] === 'message' || match[1] === 'pattern') return undefined;
  return { file: match[1] ?? '', line: Number(match[2]), text: match[3] ?? '' };
}

/** The 0-based index of the evidence's line in `source`, or -1 when it is no longer there. */
export function locateEvidence(source: SourceLines, evidence: EvidenceAt): number {
  const parts = evidence.text.split('…').map((p) => p.trim()).filter((p) => p.length > 0);
  if (parts.length === 0) return -1;
  const matches = (line: string): boolean => {
    const trimmed = line.replace(/\t/g, ' ').trim();
    if (!evidence.text.includes('…')) return trimmed === evidence.text;
    let at = 0;
    for (const part of parts) {
      const found = trimmed.indexOf(part, at);
      if (found < 0) return false;
      at = found + part.length;
    }
    return true;
  };
  const recorded = evidence.line - 1;
  if (matches(source.lines[recorded] ?? '')) return recorded;
  const found = source.lines.flatMap((line, i) => (matches(line) ? [i] : []));
  return found.length === 1 ? (found[0] ?? -1) : -1;
}
