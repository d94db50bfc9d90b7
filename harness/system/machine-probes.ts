// The readings of the machine a trial takes besides the load itself: what every core did
// (/proc/stat, /proc/pressure/cpu) and how much CPU langbench itself used. One interface, so the
// bench loop can be run against scripted readings (runtime/fake-machine.ts) and checked exactly.
import { readActivity, type ActivitySnapshot } from './core-activity.js';

export interface MachineProbes {
  /** what every core did since boot, with the time of the reading */
  readActivity(): ActivitySnapshot;
  /** CPU time of this whole process (every thread), or since `previous`; as process.cpuUsage */
  selfCpuUsage(previous?: NodeJS.CpuUsage): NodeJS.CpuUsage;
}

export const MACHINE_PROBES: MachineProbes = {
  readActivity: () => readActivity(),
  selfCpuUsage: (previous) => process.cpuUsage(previous),
};
