// The cores this process may run on (its affinity, which a container's cpuset also narrows).
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { parseCpuList, formatCpuList } from './cpu-list.js';

export function availableCpus(): number[] {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const line = /^Cpus_allowed_list:\s*(.+)$/m.exec(status);
    if (line?.[1]) return parseCpuList(line[1]);
  } catch {
    // not Linux: fall through
  }
  return os.cpus().map((_, index) => index);
}

/** Pins every thread of this process (and threads it starts later) to the given cores. */
export function pinSelf(cpus: readonly number[]): void {
  execFileSync('taskset', ['-a', '-cp', formatCpuList(cpus), String(process.pid)], { stdio: 'ignore' });
}
