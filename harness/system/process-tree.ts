// Resident memory and CPU time of a process and all its descendants (uvicorn forks workers).
import { readdirSync, readFileSync } from 'node:fs';
import pidusage from 'pidusage';

/** pid -> parent pid for every process visible in /proc */
function parentMap(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // the command name may contain spaces and parentheses; fields resume after the last ')'
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
    } catch {
      // the process exited between readdir and read
    }
  }
  return parents;
}

export function descendantsAndSelf(rootPid: number): number[] {
  const parents = parentMap();
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parents) {
    const list = children.get(ppid) ?? [];
    list.push(pid);
    children.set(ppid, list);
  }
  const tree: number[] = [];
  const queue = parents.has(rootPid) ? [rootPid] : [];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

export interface TreeUsage {
  rssBytes: number;
  cpuTimeNs: number;
  pids: number;
}

export async function processTreeUsage(rootPid: number): Promise<TreeUsage> {
  const pids = descendantsAndSelf(rootPid);
  if (pids.length === 0) return { rssBytes: 0, cpuTimeNs: 0, pids: 0 };
  let stats: Record<string, { memory: number; ctime: number } | undefined>;
  try {
    stats = (await pidusage(pids)) as unknown as Record<string, { memory: number; ctime: number } | undefined>;
  } catch {
    // one of the pids exited mid-read; retry on whoever is left
    stats = (await pidusage(descendantsAndSelf(rootPid))) as unknown as Record<string, { memory: number; ctime: number } | undefined>;
  }
  let rssBytes = 0;
  let cpuMs = 0;
  for (const stat of Object.values(stats)) {
    if (!stat) continue;
    rssBytes += stat.memory;
    cpuMs += stat.ctime;
  }
  return { rssBytes, cpuTimeNs: Math.round(cpuMs * 1e6), pids: pids.length };
}

/**
 * The kernel's high-water mark of resident memory (VmHWM), summed over the given processes, bytes;
 * null when none could be read. Each VmHWM covers its process's whole life, so the sum is at least
 * any RSS the group ever had at once — a peak that a periodic sampler cannot miss.
 */
export function residentHighWaterBytes(pids: readonly number[], procRoot = '/proc'): number | null {
  let total = 0;
  let read = 0;
  for (const pid of pids) {
    try {
      const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync(`${procRoot}/${pid}/status`, 'utf8'));
      if (!match) continue;
      total += Number(match[1]) * 1024;
      read++;
    } catch {
      // exited between listing and reading
    }
  }
  return read > 0 ? total : null;
}

/** The scheduler state letter of a process (R running, S sleeping, T stopped...), or null when gone. */
export function processState(pid: number, procRoot = '/proc'): string | null {
  try {
    const stat = readFileSync(`${procRoot}/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? null;
  } catch {
    return null;
  }
}
