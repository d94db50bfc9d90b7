// The fake runtime's machine probes: a scripted /proc/stat and langbench's own CPU, on a virtual
// clock that the fake load generator advances.
import type { ActivitySnapshot, CoreTicks } from '../system/core-activity.js';
import type { FakeTrialScript } from './fake-script.js';

/** USER_HZ of the scripted /proc/stat; only ratios of ticks are ever used */
const TICKS_PER_S = 100;

/**
 * The machine as the probes see it: a virtual clock that advances by each load run's duration
 * (whatever the wall clock did), per-core busy and stolen time, and langbench's own CPU.
 */
export class FakeMachine {
  private clockNs = 1_000_000_000n;
  private elapsedS = 0;
  private readonly busyS = new Map<number, number>();
  private readonly stealS = new Map<number, number>();
  private selfMicros = 0;
  /** readings of /proc/stat so far: a trial is the window between an odd and the next even one */
  private readings = 0;

  constructor(private readonly cores: readonly number[]) {}

  get inTrial(): boolean {
    return this.readings % 2 === 1;
  }

  /** One load run: its wall time on every core, the server's and the client's CPU where they ran, and the foreign work. */
  run(durationS: number, serverCpus: readonly number[], serverCpuS: number, clientCpuS: number, trial: FakeTrialScript | null): void {
    const loadgenCpus = this.cores.filter((c) => !serverCpus.includes(c));
    const shared = loadgenCpus.length === 0;
    const clientCpus = shared ? serverCpus : loadgenCpus;
    const add = (map: Map<number, number>, core: number, s: number): void => void map.set(core, (map.get(core) ?? 0) + s);
    const interference = trial?.interference ?? {};
    for (const core of serverCpus) {
      add(this.busyS, core, serverCpuS / serverCpus.length + (durationS * (interference.serverForeignPct ?? 0)) / 100);
      add(this.stealS, core, (durationS * (interference.stealPct ?? 0)) / 100);
    }
    for (const core of clientCpus) {
      add(this.busyS, core, clientCpuS / clientCpus.length + (shared ? 0 : (durationS * (interference.loadgenForeignPct ?? 0)) / 100));
    }
    this.elapsedS += durationS;
    this.clockNs += BigInt(Math.round(durationS * 1e9));
    this.selfMicros += clientCpuS * 1e6;
  }

  readActivity(): ActivitySnapshot {
    this.readings++;
    const cores = new Map<number, CoreTicks>();
    for (const core of this.cores) {
      cores.set(core, {
        task: (this.busyS.get(core) ?? 0) * TICKS_PER_S,
        irq: 0,
        steal: (this.stealS.get(core) ?? 0) * TICKS_PER_S,
        total: this.elapsedS * TICKS_PER_S,
      });
    }
    return { atNs: this.clockNs, cores, cpuPressureSomeUs: null };
  }

  selfCpuUsage(previous?: NodeJS.CpuUsage): NodeJS.CpuUsage {
    const user = this.selfMicros - (previous ? previous.user + previous.system : 0);
    return { user, system: 0 };
  }
}
