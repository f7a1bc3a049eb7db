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

const BARS = '▁▂▃▄▅▆▇█';

/** A sparkline of rates (0..1), scaled to the largest: `▁▁▃▇▂▁`. Spans without executions are a space. */
export function sparkline(points: readonly { readonly executions: number; readonly flakyFailures: number }[]): string {
  const rates = points.map((p) => (p.executions > 0 ? p.flakyFailures / p.executions : undefined));
  const max = Math.max(0, ...rates.map((r) => r ?? 0));
  return rates
    .map((r) => {
      if (r === undefined) {
        return ' ';
      }
      if (max === 0 || r === 0) {
        return BARS[0];
      }
      return BARS[Math.max(1, Math.min(BARS.length - 1, Math.round((r / max) * (BARS.length - 1))))];
    })
    .join('');
}
