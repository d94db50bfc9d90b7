// Whether two result files come from the same machine (or, for two-machine runs, the same pair of
// machines): only then are raw numbers comparable.
import type { ResultFile } from '../results/schema.js';
import { layoutOf, type RunLayout } from '../results/run-layout.js';

export interface MachineSide {
  fingerprint: string;
  cpuModel: string;
  cores: number;
  hostname: string;
  /** absent: one machine */
  layout?: RunLayout;
  /** two machines: the server's host as its engine reported it */
  server?: { hostname: string; cores: number; fingerprint: string };
}

export interface MachineMatch {
  match: boolean;
  baseline: MachineSide;
  current: MachineSide;
}

function side(result: ResultFile): MachineSide {
  const m = result.machine;
  const server = result.twoMachines?.serverHost;
  return {
    fingerprint: m.fingerprint,
    cpuModel: m.cpuModel,
    cores: m.cores,
    hostname: m.hostname,
    layout: layoutOf(result),
    ...(server ? { server: { hostname: server.hostname, cores: server.cores, fingerprint: server.fingerprint } } : {}),
  };
}

export function machineMatch(baseline: ResultFile, current: ResultFile): MachineMatch {
  const b = side(baseline);
  const c = side(current);
  const match = b.fingerprint === c.fingerprint && (b.layout ?? 'one-machine') === (c.layout ?? 'one-machine') && b.server?.fingerprint === c.server?.fingerprint;
  return { match, baseline: b, current: c };
}

/** "Intel Xeon 8375C, 8 cores (fp 3f2a9c1b)"; two machines: the load machine, then the server's host */
export function describeMachine(m: MachineSide): string {
  const load = `${m.cpuModel}, ${m.cores} cores (fingerprint ${m.fingerprint.slice(0, 12)})`;
  if (m.layout !== 'two-machines' || !m.server) return m.layout === 'two-machines' ? `two machines: load on ${load}` : load;
  return `two machines: load on ${load}, server on ${m.server.hostname}, ${m.server.cores} cores (fingerprint ${m.server.fingerprint.slice(0, 12)})`;
}
