// Was a trial alone on its cores? Compares what the server's and the load generator's cores did
// during the trial (/proc/stat) with what the server and langbench themselves used: the rest is
// someone else's work (another process, a build) or the hypervisor's (steal). Only foreign work on
// our cores makes a trial "disturbed": it lands on one target's trial, so the figures of throughput
// and latency leave it out. Steal is recorded but never disqualifies: on a shared VM the host takes
// 10-25% of a core at busy hours, costing a few percent of requests/s. In the per-round ratios both
// count alike, as covariates (metrics/measure.ts pairedRatioInterval): what they took is taken out
// and the intervals widen with what is left.
import type { ActivitySnapshot } from '../system/core-activity.js';
import { coreGroupActivity, cpuPressurePct } from '../system/core-activity.js';

/** Percent of a core group's capacity that foreign work may take before a trial is disturbed (steal not counted). */
export const DEFAULT_DISTURBED_PCT = 10;

export interface CoreGroupInterference {
  /** CPU used on these cores by anything but the server and langbench, percent of the group's capacity */
  foreignPct: number;
  /** time the hypervisor took from these cores, percent of their capacity */
  stealPct: number;
}

export interface TrialInterference {
  serverCores: CoreGroupInterference | null;
  loadgenCores: CoreGroupInterference | null;
  /** machine-wide share of time some task waited for a CPU (PSI "some"); includes our own threads */
  cpuPressurePct: number | null;
  /** CPU the other targets' (frozen) servers used during the trial, percent of one core */
  othersCpuPct: number;
}

export interface OwnCpu {
  serverCpus: readonly number[];
  loadgenCpus: readonly number[];
  /** CPU seconds the measured server used during the window */
  serverS: number;
  /** CPU seconds langbench (every thread, load workers included) used during the window */
  clientS: number;
  othersS: number;
  /** whether interrupt time is accounted apart from tasks (system/core-activity.ts) */
  irqTimeAccounted: boolean;
}

function groupInterference(before: ActivitySnapshot, after: ActivitySnapshot, cores: readonly number[], ownS: number, irqTimeAccounted: boolean): CoreGroupInterference | null {
  const activity = coreGroupActivity(before, after, cores);
  if (!activity) return null;
  // with IRQ time accounted apart, our own softirq work is in irqS but not in ownS: leave irqS out
  const busyS = activity.taskS + (irqTimeAccounted ? 0 : activity.irqS);
  const foreignS = Math.max(0, busyS - ownS);
  return { foreignPct: (foreignS / activity.capacityS) * 100, stealPct: (activity.stealS / activity.capacityS) * 100 };
}

export function measureInterference(before: ActivitySnapshot, after: ActivitySnapshot, own: OwnCpu): TrialInterference {
  const wallS = Number(after.atNs - before.atNs) / 1e9;
  const shared = own.serverCpus.length === own.loadgenCpus.length && own.serverCpus.every((c, i) => c === own.loadgenCpus[i]);
  const serverCores = shared
    ? groupInterference(before, after, own.serverCpus, own.serverS + own.clientS, own.irqTimeAccounted)
    : groupInterference(before, after, own.serverCpus, own.serverS, own.irqTimeAccounted);
  const loadgenCores = shared ? serverCores : groupInterference(before, after, own.loadgenCpus, own.clientS, own.irqTimeAccounted);
  return {
    serverCores,
    loadgenCores,
    cpuPressurePct: cpuPressurePct(before, after),
    othersCpuPct: wallS > 0 ? (own.othersS / wallS) * 100 : 0,
  };
}

/** Why a trial counts as disturbed, or null when it ran alone enough. */
export function disturbanceReason(i: TrialInterference, thresholdPct: number): string | null {
  const reasons: string[] = [];
  const check = (group: CoreGroupInterference | null, where: string): void => {
    if (!group) return;
    if (group.foreignPct >= thresholdPct) {
      const parts = [`${group.foreignPct.toFixed(0)}% foreign CPU`, ...(group.stealPct >= 1 ? [`${group.stealPct.toFixed(0)}% steal`] : [])];
      reasons.push(`${parts.join(' + ')} on the ${where} cores`);
    }
  };
  check(i.serverCores, 'server');
  if (i.loadgenCores !== i.serverCores) check(i.loadgenCores, 'load generator');
  return reasons.length > 0 ? `${reasons.join(', ')} (threshold ${thresholdPct}%)` : null;
}
