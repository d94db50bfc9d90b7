// A trial is client-bound when the load generator ran out of CPU before the server did: its
// requests/s is then the generator's ceiling, a lower bound on the server's.

/** Percent of granted cores a load generator or server must use to count as saturated. */
export const SATURATED_PCT = 90;

export function cpuPercent(cpuTimeNs: number, wallS: number, cores: number): number {
  if (wallS <= 0 || cores <= 0) return 0;
  return (cpuTimeNs / 1e9 / (wallS * cores)) * 100;
}

export function isClientBound(clientCpuPct: number, serverCpuPct: number): boolean {
  return clientCpuPct >= SATURATED_PCT && serverCpuPct < SATURATED_PCT;
}
