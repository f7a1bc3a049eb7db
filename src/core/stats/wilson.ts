// The 95% Wilson score interval: honest bounds for a rate measured on a small sample.
import type { Rate } from '../model';

const Z95 = 1.959963984540054;

/** The rate of `failures` in `executions`, with its 95% Wilson interval. An empty sample gives [0, 1]. */
export function wilsonRate(failures: number, executions: number): Rate {
  if (executions <= 0) {
    return { failures: 0, executions: 0, rate: 0, interval: [0, 1] };
  }
  const p = failures / executions;
  const z2 = Z95 * Z95;
  const denominator = 1 + z2 / executions;
  const centre = (p + z2 / (2 * executions)) / denominator;
  const half = (Z95 * Math.sqrt((p * (1 - p)) / executions + z2 / (4 * executions * executions))) / denominator;
  return {
    failures,
    executions,
    rate: p,
    // At 0 (or n) failures in n the bound is 0 (or 1) exactly; the subtraction leaves a rounding error of ~1e-17.
    interval: [failures === 0 ? 0 : Math.max(0, centre - half), failures === executions ? 1 : Math.min(1, centre + half)],
  };
}
