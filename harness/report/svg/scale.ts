// Scales and ticks for the hand-rolled SVG charts: linear and log10, with "nice" tick values.

export type Scale = (x: number) => number;

export function linearScale([d0, d1]: [number, number], [r0, r1]: [number, number]): Scale {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (x) => r0 + (x - d0) * k;
}

export function logScale([d0, d1]: [number, number], [r0, r1]: [number, number]): Scale {
  const l0 = Math.log10(d0);
  const l1 = Math.log10(d1);
  const k = l1 === l0 ? 0 : (r1 - r0) / (l1 - l0);
  return (x) => r0 + (Math.log10(Math.max(x, d0 / 10)) - l0) * k;
}

/** Ticks 0, step, 2·step … up to a nice maximum at or above max (step 1, 2 or 5 × 10^k). */
export function linearTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = 0; v < max + step * 0.999; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** Log ticks 1·10^k, with 2 and 5 ·10^k (or 3·10^k) in between when the range is narrow enough. */
export function logTicks(min: number, max: number): number[] {
  const lo = Math.floor(Math.log10(min));
  const hi = Math.ceil(Math.log10(max));
  const decades = Math.log10(max / min);
  const mults = decades <= 2.2 ? [1, 2, 5] : decades <= 4.5 ? [1, 3] : [1];
  const ticks: number[] = [];
  for (let e = lo; e <= hi; e++) for (const m of mults) ticks.push(m * 10 ** e);
  return ticks.filter((t) => t >= min * 0.999 && t <= max * 1.001);
}

/** The log domain [10^floor, 10^ceil]-ish around the data, padded so points never sit on the frame. */
export function logDomain(min: number, max: number): [number, number] {
  const lo = Math.max(min, 1e-9) / 1.3;
  const hi = Math.max(max, lo * 10) * 1.3;
  return [lo, hi];
}
