// Platform: the test behaves differently on one OS or job. The failure pattern is the main sign (see
// failurePattern.ts); messages about Windows-only errors and line endings add to it.

import type { CategoryRules, MessageRule, Signal, SourceRule } from './signals';
import { sourceSignal } from './signals';

const OS_CHECK =
  /\bcfg!\s*\(\s*(?:windows|unix|target_os)|#\[cfg\(\s*(?:windows|unix|target_os|not\(\s*windows)|\bruntime\.GOOS\b|\bprocess\.platform\b|\bsys\.platform\b|\bplatform\.system\s*\(|\bos\.name\b|\bSystem\.getProperty\s*\(\s*"os\.name"|\bSystemUtils\.IS_OS_\w+|@(?:Enabled|Disabled)OnOs\b|\bFile\.separator(?:Char)?\b|\bpath\.sep\b|\bos\.sep\b|\bMAIN_SEPARATOR\b|\bfilepath\.Separator\b/;

const messageRules: readonly MessageRule[] = [
  { id: 'windows-error', category: 'platform', weight: 0.5, all: [/The system cannot find the (?:path|file) specified|os error 3\b|os error 123\b|os error 1314\b|A required privilege is not held|The filename, directory name, or volume label syntax is incorrect|The directory name is invalid|os error 267\b|STATUS_ACCESS_VIOLATION|0xc0000005|exit code: 0xc0000/i] },
  { id: 'line-endings', category: 'platform', weight: 0.45, all: [/\\r\\n|\bCRLF\b|carriage return|\\r"/] },
  { id: 'case-sensitivity', category: 'platform', weight: 0.35, all: [/case[- ]sensitiv|case[- ]insensitiv/i] },
];

/** The test branches on the OS: it already knows the platforms differ (a weak sign alone). */
const osCheck: SourceRule = (source) => {
  const index = source.code.findIndex((line) => OS_CHECK.test(line));
  const signals: Signal[] = [];
  if (index >= 0) signals.push(sourceSignal(source, index, 'platform', 'os-check', 0.15, { supportOnly: true }));
  return signals;
};

export const platformRules: CategoryRules = {
  messageRules,
  sourceRules: [osCheck],
};
