// Whether two result files come from the same machine: only then are raw numbers comparable.
import type { ResultFile } from '../results/schema.js';

export interface MachineSide {
  fingerprint: string;
  cpuModel: string;
  cores: number;
  hostname: string;
}

export interface MachineMatch {
  match: boolean;
  baseline: MachineSide;
  current: MachineSide;
}

function side(result: ResultFile): MachineSide {
  const m = result.machine;
  return { fingerprint: m.fingerprint, cpuModel: m.cpuModel, cores: m.cores, hostname: m.hostname };
}

export function machineMatch(baseline: ResultFile, current: ResultFile): MachineMatch {
  return { match: baseline.machine.fingerprint === current.machine.fingerprint, baseline: side(baseline), current: side(current) };
}

/** "Intel Xeon 8375C, 8 cores (fp 3f2a9c1b)" */
export function describeMachine(m: MachineSide): string {
  return `${m.cpuModel}, ${m.cores} cores (fingerprint ${m.fingerprint.slice(0, 12)})`;
}
