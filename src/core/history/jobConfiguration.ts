// A job configuration is a workflow's job name (matrix values included); the OS is read from its runner labels
// first (they are what GitHub actually ran on), then from the name.
import type { JobConfiguration, OperatingSystem, StoredJob } from '../model';

const OS_PATTERNS: readonly [OperatingSystem, RegExp][] = [
  ['windows', /\bwin(dows)?(-?\d+|-latest)?\b|\bmsvc\b|\bmingw\b|windows/i],
  ['macos', /\bmac(os|-?os)?\b|\bosx\b|\bdarwin\b|\bapple\b|macos/i],
  ['linux', /\bubuntu\b|\blinux\b|\bdebian\b|\bfedora\b|\balpine\b|\bcentos\b|\bmusl\b/i],
];

export function operatingSystemOf(text: string): OperatingSystem {
  for (const [os, pattern] of OS_PATTERNS) {
    if (pattern.test(text)) {
      return os;
    }
  }
  return 'unknown';
}

export function jobConfigurationOf(job: Pick<StoredJob, 'name' | 'workflowName' | 'labels'>): JobConfiguration {
  let os: OperatingSystem = 'unknown';
  for (const label of job.labels) {
    os = operatingSystemOf(label);
    if (os !== 'unknown') {
      break;
    }
  }
  if (os === 'unknown') {
    os = operatingSystemOf(job.name);
  }
  return { key: `${job.workflowName} / ${job.name}`, workflow: job.workflowName, job: job.name, os };
}
