// Native servers that a killed langbench run left behind. A server runs in its own process group,
// so SIGKILL of langbench leaves it running and holding its cores; each carries its owner in its
// environment, and the next run stops every group whose owner is gone.
import { readdirSync, readFileSync } from 'node:fs';
import { ownerAlive } from '../lifecycle/owner.js';

/** Environment variable holding the owner id (lifecycle/owner.ts) of a native server. */
export const OWNER_ENV = 'LANGBENCH_OWNER';

/** The owner recorded in a process's environment, or null (not ours, or unreadable). */
function ownerOf(pid: number, procRoot: string): string | null {
  try {
    const environ = readFileSync(`${procRoot}/${pid}/environ`, 'latin1');
    const entry = environ.split('\0').find((e) => e.startsWith(`${OWNER_ENV}=`));
    return entry ? entry.slice(OWNER_ENV.length + 1) : null;
  } catch {
    return null;
  }
}

function processGroupOf(pid: number, procRoot: string): number | null {
  try {
    const stat = readFileSync(`${procRoot}/${pid}/stat`, 'utf8');
    const pgid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
    return Number.isInteger(pgid) && pgid > 1 ? pgid : null;
  } catch {
    return null;
  }
}

/** Kills (SIGKILL, whole process group) every native server whose owning langbench is gone; returns their pids. */
export function killLeftoverServers(procRoot = '/proc'): number[] {
  const killed: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync(procRoot).filter((e) => /^\d+$/.test(e));
  } catch {
    return killed;
  }
  for (const entry of entries) {
    const pid = Number(entry);
    if (pid === process.pid) continue;
    const owner = ownerOf(pid, procRoot);
    if (owner === null || ownerAlive(owner) !== false) continue;
    const group = processGroupOf(pid, procRoot);
    try {
      // SIGKILL reaches a stopped (frozen) process too
      process.kill(group !== null ? -group : pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      // gone already
    }
  }
  return killed;
}
