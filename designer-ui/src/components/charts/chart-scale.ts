/**
 * A "nice" upper bound for an axis (1, 2, 2.5, 5 × 10ⁿ) and its ticks, so gridlines fall on round
 * numbers; counts (`integer`) never get a tick between two whole numbers.
 */
export function niceTicks(max: number, count = 4, integer = true): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = integer ? Math.max(1, max / count) : max / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = 0; v <= max + step * 0.999; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  if (ticks.length < 2) ticks.push(step);
  return ticks;
}

/** Colours of the series, in order; chosen to keep 3:1 contrast on white and to differ for colour-blind eyes. */
export const SERIES_COLOURS = ['#1d64d8', '#1a8a4d', '#b86e00', '#7b3fc4', '#c2185b'] as const;
