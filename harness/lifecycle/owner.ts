// Who started something: "host/pid/starttime" of a langbench process. Containers carry it as a
// label and native servers in their environment, so a later run can tell a killed run's leftovers
// (owner gone) from a live run's (owner alive), even after the pid was reused.
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** Boot-relative start time of a process (field 22 of /proc/PID/stat); '' where /proc is absent. */
function processStartTime(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) may hold spaces and parentheses: split after its last ')'
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

/** "host/pid/starttime" of a process, by default this one. */
export function ownerId(pid = process.pid): string {
  return `${os.hostname()}/${pid}/${processStartTime(pid)}`;
}

/** true/false whether the owner process still runs; undefined when it ran on another host. */
export function ownerAlive(owner: string): boolean | undefined {
  const match = /^(.*)\/(\d+)\/(\d*)$/.exec(owner);
  if (!match) return false;
  const [, host, pidText, start] = match as unknown as [string, string, string, string];
  if (host !== os.hostname()) return undefined;
  const pid = Number(pidText);
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // the pid lives; it is the same process only if it started at the same time (pids get reused)
  return start === '' || processStartTime(pid) === start;
}
