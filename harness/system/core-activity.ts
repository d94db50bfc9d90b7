// What each core did, from /proc/stat, and how much CPU the whole machine was kept waiting, from
// /proc/pressure/cpu: the raw material for telling a trial that ran alone from one that shared its
// cores with something else. Reads only; the verdict lives in bench/interference.ts.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { gunzipSync } from 'node:zlib';

/** Cumulative ticks of one core since boot (USER_HZ units; only differences and ratios are used). */
export interface CoreTicks {
  /** user + nice + system: time charged to tasks (guest time is inside user/nice) */
  task: number;
  /** irq + softirq: interrupt work, charged to the interrupted task too unless the kernel accounts IRQ time apart */
  irq: number;
  /** time the hypervisor gave this virtual core to someone else */
  steal: number;
  /** every column, idle and iowait included: the core's whole elapsed time in ticks */
  total: number;
}

export interface ActivitySnapshot {
  atNs: bigint;
  cores: Map<number, CoreTicks>;
  /** /proc/pressure/cpu "some" total, microseconds; null where the kernel has no PSI */
  cpuPressureSomeUs: number | null;
}

/** Parses the per-core "cpuN ..." lines of /proc/stat. */
export function parseProcStat(text: string): Map<number, CoreTicks> {
  const cores = new Map<number, CoreTicks>();
  for (const line of text.split('\n')) {
    const match = /^cpu(\d+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = match[2]!.trim().split(/\s+/).map(Number);
    cores.set(Number(match[1]), { task: user + nice + system, irq: irq + softirq, steal, total: user + nice + system + idle + iowait + irq + softirq + steal });
  }
  return cores;
}

/** The cumulative "some" stall time of /proc/pressure/cpu, microseconds. */
export function parseCpuPressure(text: string): number | null {
  const match = /^some\b.*\btotal=(\d+)/m.exec(text);
  return match ? Number(match[1]) : null;
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

export function readActivity(procRoot = '/proc'): ActivitySnapshot {
  const stat = readOrNull(`${procRoot}/stat`);
  const pressure = readOrNull(`${procRoot}/pressure/cpu`);
  return {
    atNs: process.hrtime.bigint(),
    cores: stat === null ? new Map() : parseProcStat(stat),
    cpuPressureSomeUs: pressure === null ? null : parseCpuPressure(pressure),
  };
}

/** Busy and stolen CPU seconds of a group of cores between two snapshots. */
export interface CoreGroupActivity {
  /** wall seconds between the snapshots times the number of cores: the group's capacity */
  capacityS: number;
  taskS: number;
  irqS: number;
  stealS: number;
}

export function coreGroupActivity(before: ActivitySnapshot, after: ActivitySnapshot, cores: readonly number[]): CoreGroupActivity | null {
  const wallS = Number(after.atNs - before.atNs) / 1e9;
  let task = 0;
  let irq = 0;
  let steal = 0;
  let total = 0;
  for (const core of cores) {
    const a = before.cores.get(core);
    const b = after.cores.get(core);
    if (!a || !b) return null;
    task += b.task - a.task;
    irq += b.irq - a.irq;
    steal += b.steal - a.steal;
    total += b.total - a.total;
  }
  if (total <= 0 || wallS <= 0) return null;
  // ticks convert to seconds through the elapsed total itself, so USER_HZ never has to be known
  const capacityS = wallS * cores.length;
  const perTick = capacityS / total;
  return { capacityS, taskS: task * perTick, irqS: irq * perTick, stealS: steal * perTick };
}

/** Share of the wall time some task waited for a CPU (PSI "some"), percent; null without PSI. */
export function cpuPressurePct(before: ActivitySnapshot, after: ActivitySnapshot): number | null {
  if (before.cpuPressureSomeUs === null || after.cpuPressureSomeUs === null) return null;
  const wallUs = Number(after.atNs - before.atNs) / 1e3;
  return wallUs > 0 ? ((after.cpuPressureSomeUs - before.cpuPressureSomeUs) / wallUs) * 100 : null;
}

/**
 * Whether the kernel accounts interrupt time apart from tasks (CONFIG_IRQ_TIME_ACCOUNTING=y): then
 * a task's CPU time excludes the softirq work it caused (loopback networking is mostly that), and
 * irq/softirq ticks are nobody's "own" time. Tick-based kernels charge them to the task they
 * interrupted. Read from the kernel's config where it is published; false when unknown.
 */
export function kernelAccountsIrqTime(release = os.release()): boolean {
  for (const file of [`/boot/config-${release}`]) {
    const text = readOrNull(file);
    if (text !== null) return /^CONFIG_IRQ_TIME_ACCOUNTING=y$/m.test(text);
  }
  try {
    return /^CONFIG_IRQ_TIME_ACCOUNTING=y$/m.test(gunzipSync(readFileSync('/proc/config.gz')).toString('utf8'));
  } catch {
    return false;
  }
}
