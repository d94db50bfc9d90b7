// What this machine offers a benchmark and what is missing, each with its fix. Gathers facts only.
import { availableCpus } from '../placement/available-cpus.js';
import { placeCpus } from '../placement/cpu-placement.js';
import { findOnPath } from '../targets/required-commands.js';
import { loadTargetsFrom } from '../targets/load-targets.js';
import { launchFloorTarget } from '../targets/launch-floor.js';
import { targetsDir } from '../paths.js';
import { cgroupVersion } from '../environment/machine-info.js';
import os from 'node:os';

export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

export async function doctorChecks(requestedCpus = 4, targetsDirs: readonly string[] = []): Promise<DoctorCheck[]> {
  const cpus = availableCpus();
  const placement = placeCpus(cpus, requestedCpus);
  const checks: DoctorCheck[] = [
    {
      name: 'cores',
      ok: placement.granted >= requestedCpus,
      detail: `${cpus.length} usable of ${os.cpus().length} (${os.cpus()[0]?.model.trim() ?? '?'}); a ${requestedCpus}-vCPU server gets ${placement.granted} (cores ${placement.serverCpus.join(',')}), the load generator ${placement.loadgenCpus.join(',')}`,
      fix: placement.granted < requestedCpus ? `use a machine with at least ${requestedCpus + 1} cores for a ${requestedCpus}-vCPU run, or pass --cpus ${placement.granted}` : undefined,
    },
    { name: 'memory', ok: true, detail: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB; cgroup v${cgroupVersion() ?? '?'}` },
  ];
  for (const [command, fix] of [
    ['taskset', 'apt-get install util-linux'],
    ['wrk', 'apt-get install wrk (only for scripts/loadgen-ceiling)'],
    ['chromium', 'apt-get install chromium (only for the report browser test)'],
  ] as const) {
    const found = findOnPath(command);
    checks.push({ name: command, ok: found !== null, detail: found ?? 'not found', fix: found ? undefined : fix });
  }
  try {
    const { dockerEngineAvailable } = await import('../docker/engine-probe.js');
    const engine = await dockerEngineAvailable();
    checks.push({
      name: 'docker engine',
      ok: engine.available,
      detail: engine.available ? `engine ${engine.version ?? '?'} (API ${engine.apiVersion ?? '?'}), cgroup v${engine.cgroupVersion ?? '?'}` : `not reachable: ${engine.reason ?? 'unknown'}`,
      fix: engine.available ? undefined : 'run scripts/setup.sh as root (installs Debian docker.io and starts dockerd), or set DOCKER_HOST; without it langbench runs native processes',
    });
  } catch (error) {
    checks.push({ name: 'docker engine', ok: false, detail: `probe failed: ${(error as Error).message}` });
  }
  for (const target of loadTargetsFrom(targetsDir(), targetsDirs)) {
    const requires = target.manifest.native?.requires ?? [];
    const missing = requires.filter((command) => findOnPath(command) === null);
    checks.push({
      name: `target ${target.manifest.name}`,
      ok: missing.length === 0,
      detail: !target.manifest.native ? 'container only (no native section)' : missing.length === 0 ? `native toolchain present (${requires.join(', ') || 'none needed'})` : `missing ${missing.join(', ')}`,
      fix: missing.length === 0 ? undefined : `install ${missing.join(', ')} (see targets/${target.manifest.name}/README.md)`,
    });
  }
  const floor = launchFloorTarget();
  if (floor) {
    const missing = (floor.manifest.native?.requires ?? []).filter((command) => findOnPath(command) === null);
    checks.push({
      name: 'launcher floor',
      ok: missing.length === 0,
      detail: missing.length === 0 ? 'C compiler present: cold starts are measured beside the launcher floor' : `missing ${missing.join(', ')}: cold starts are totals only`,
      fix: missing.length === 0 ? undefined : 'install a C compiler (Debian: apt-get install gcc libc6-dev) so the launcher floor (scripts/launch-floor/) can be built',
    });
  }
  return checks;
}
