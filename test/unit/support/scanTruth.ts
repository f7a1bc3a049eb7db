// Compares a scan's verdicts with a fake-GitHub history's truth as sorted `suite id` keys.

/** The truth's tests expected to be `kind` (`flaky`, `failing`, …), leaving out the ones that fail with a systemic cause. */
export function expectedKeys(tests: readonly { suite: string; id: string; expected: string; failsWith?: unknown }[], kind: string): string[] {
  return tests
    .filter((t) => t.expected === kind && !t.failsWith)
    .map((t) => `${t.suite} ${t.id}`)
    .sort();
}

/** The scanned tests whose status is `kind`. */
export function actualKeys(tests: readonly { suite: string; id: string; status: string }[], kind: string): string[] {
  return tests
    .filter((t) => t.status === kind)
    .map((t) => `${t.suite} ${t.id}`)
    .sort();
}
