// How rates are written everywhere (editor, hover, CLI): a percentage that never hides a small sample.

/** `7%`, `0.4%`, `0%`, `100%`. */
export function percent(rate: number): string {
  if (!Number.isFinite(rate) || rate <= 0) {
    return '0%';
  }
  const value = rate * 100;
  if (value < 1) {
    return `${value.toFixed(1)}%`;
  }
  return `${Math.round(value)}%`;
}

/** `7% (21/310)`: a rate always with its sample. */
export function rateWithSample(failures: number, executions: number): string {
  return `${percent(executions > 0 ? failures / executions : 0)} (${failures}/${executions})`;
}

/** `3–12%` for a 95% interval. */
export function intervalText(interval: readonly [number, number]): string {
  return `${percent(interval[0]).replace('%', '')}–${percent(interval[1])}`;
}

/** A short commit id. */
export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}
