// Reads the numbers langbench compares against from wrk's text output (wrk 4.x, run with --latency).

export interface WrkNumbers {
  rps: number;
  /** the "99%" line of wrk's latency distribution, microseconds; undefined without --latency */
  p99Us: number | undefined;
  /** "Non-2xx or 3xx responses" plus socket errors; 0 when wrk printed none */
  errors: number;
}

const UNIT_US: Record<string, number> = { us: 1, ms: 1000, s: 1_000_000, m: 60_000_000 };

export function parseWrkOutput(text: string): WrkNumbers {
  const rps = /^Requests\/sec:\s+([\d.]+)/m.exec(text);
  if (!rps) throw new Error(`no "Requests/sec:" line in wrk's output:\n${text}`);
  const p99 = /^\s+99%\s+([\d.]+)(us|ms|s|m)\s*$/m.exec(text);
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(text);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const socketErrors = socket ? socket.slice(1).reduce((s, n) => s + Number(n), 0) : 0;
  return {
    rps: Number(rps[1]),
    p99Us: p99 ? Number(p99[1]) * UNIT_US[p99[2]!]! : undefined,
    errors: (non2xx ? Number(non2xx[1]) : 0) + socketErrors,
  };
}
