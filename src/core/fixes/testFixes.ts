// The quick fixes for one flaky test: quarantine it (always, unless it already is), and, from its verdicts'
// evidence lines, widen a literal timing tolerance or wrap a hard-coded host in fallbacks where that is mechanical.
import { languageOfFile } from '../classify/language';
import type { TestDeclaration } from '../model';
import type { ScanTest } from '../scan/scanResult';
import { parseEvidence, type EvidenceAt } from './evidenceLine';
import { fallbackHostFixes } from './fallbackHosts';
import { quarantineFixes } from './quarantine';
import type { FixOutcome, FixRefusal, QuickFix } from './quickFix';
import { quarantineReason } from './reasonText';
import { widenToleranceFixes } from './timingTolerance';

export interface TestFixInput {
  readonly test: ScanTest;
  readonly declaration: TestDeclaration;
  /** The current text of a workspace file (relative, `/`-separated), when it can be read. */
  readonly read: (file: string) => string | undefined;
}

/** The workspace files whose text the fixes of a test need: its own, and those its evidence lines are in. */
export function filesForFixes(test: ScanTest, declaration: TestDeclaration): string[] {
  const files = new Set([declaration.file]);
  for (const evidence of evidenceOf(test, ['timing', 'network'])) files.add(evidence.file);
  return [...files];
}

function evidenceOf(test: ScanTest, categories: readonly string[]): EvidenceAt[] {
  return test.categories
    .filter((c) => categories.includes(c.category))
    .flatMap((c) => c.evidence)
    .map(parseEvidence)
    .filter((e): e is EvidenceAt => e !== undefined && !e.file.includes('..') && !e.file.startsWith('/'));
}

export function testFixes(input: TestFixInput): FixOutcome {
  const { test, declaration } = input;
  const fixes: QuickFix[] = [];
  const refused: FixRefusal[] = [];
  const add = (outcome: FixOutcome) => {
    fixes.push(...outcome.fixes);
    refused.push(...outcome.refused);
  };
  const firstOf = (kind: 'timing' | 'network', build: (evidence: EvidenceAt, text: string) => FixOutcome) => {
    const tried: FixRefusal[] = [];
    for (const evidence of evidenceOf(test, [kind])) {
      const text = input.read(evidence.file);
      if (text === undefined) continue;
      const outcome = build(evidence, text);
      if (outcome.fixes.length > 0) return add(outcome);
      tried.push(...outcome.refused);
    }
    refused.push(...tried);
  };
  const ownText = input.read(declaration.file);
  if (ownText !== undefined && test.status === 'flaky') {
    add(
      quarantineFixes({
        declaration,
        language: languageOfFile(declaration.file),
        text: ownText,
        reason: quarantineReason(test),
        flakeRate: test.flakeRate,
      }),
    );
  }
  firstOf('timing', (evidence, text) => widenToleranceFixes({ evidence, text, language: languageOfFile(evidence.file) }));
  firstOf('network', (evidence, text) => fallbackHostFixes({ evidence, text, language: languageOfFile(evidence.file) }));
  return { fixes, refused };
}
