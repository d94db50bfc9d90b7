// Splits the cores this process may use between the server and the load generator. Pure: the
// caller passes the cores it found, so 2-, 4- and 16-core layouts are testable anywhere.

export interface CpuPlacement {
  requested: number;
  granted: number;
  serverCpus: number[];
  loadgenCpus: number[];
  /** true when server and load generator had to share cores (a one-core machine) */
  shared: boolean;
  /** the server's cores are another host's (a two-machine run): this machine's /proc/stat cannot see them */
  serverElsewhere?: boolean;
  warnings: string[];
}

/**
 * The server takes the highest-numbered cores (core 0 tends to carry interrupts and
 * housekeeping, which the load generator tolerates better than the measured server); the load
 * generator gets every other core, since a JavaScript client needs more cores than the server it
 * saturates. With too few cores the server gets fewer than requested, never the load generator's.
 */
export function placeCpus(available: readonly number[], requested: number): CpuPlacement {
  if (!Number.isInteger(requested) || requested < 1) throw new Error(`requested cpus must be a positive integer, got ${requested}`);
  const cores = [...new Set(available)].sort((a, b) => a - b);
  if (cores.length === 0) throw new Error('no cores available');
  if (cores.length === 1) {
    return {
      requested,
      granted: 1,
      serverCpus: cores,
      loadgenCpus: cores,
      shared: true,
      warnings: [
        `only 1 core available: server and load generator share core ${cores[0]}, so every number is a lower bound; requested ${requested} vCPU for the server`,
      ],
    };
  }
  const granted = Math.min(requested, cores.length - 1);
  const serverCpus = cores.slice(cores.length - granted);
  const loadgenCpus = cores.slice(0, cores.length - granted);
  const warnings =
    granted < requested
      ? [`requested ${requested} vCPU for the server but this machine offers ${cores.length} cores: granted ${granted} (cores ${serverCpus.join(',')}), load generator on ${loadgenCpus.join(',')}`]
      : [];
  return { requested, granted, serverCpus, loadgenCpus, shared: false, warnings };
}
