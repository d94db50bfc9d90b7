// Finds a container's cgroup folders on this host from /proc/PID/cgroup of its main process, so
// both drivers work (cgroupfs: /docker/ID, systemd: /system.slice/docker-ID.scope) on cgroup v1,
// v2 and hybrid hosts. Undefined when the engine runs elsewhere (Docker Desktop's VM, a remote
// DOCKER_HOST): the pid is not ours to read, and the engine's stats API is used instead.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface CgroupLocation {
  version: 1 | 2;
  /** v1: the memory controller's folder; v2: the unified folder */
  memoryDir: string;
  /** v1: the cpuacct controller's folder; v2: the unified folder */
  cpuDir: string;
}

export interface ProcCgroup {
  /** v1 controller name -> path inside its hierarchy */
  v1: Map<string, string>;
  /** path in the unified (v2) hierarchy, when the "0::" line exists */
  unified?: string;
}

/** Parses /proc/PID/cgroup ("4:memory:/docker/ID", "2:cpu,cpuacct:/...", "0::/..."). */
export function parseProcCgroup(text: string): ProcCgroup {
  const result: ProcCgroup = { v1: new Map() };
  for (const line of text.split('\n')) {
    const match = /^(\d+):([^:]*):(.*)$/.exec(line.trim());
    if (!match) continue;
    const [, id, controllers, cgroupPath] = match as unknown as [string, string, string, string];
    if (id === '0' && controllers === '') result.unified = cgroupPath;
    else for (const controller of controllers.split(',')) if (controller) result.v1.set(controller, cgroupPath);
  }
  return result;
}

function v1Dir(root: string, parsed: ProcCgroup, controller: string): string | undefined {
  const cgroupPath = parsed.v1.get(controller);
  if (cgroupPath === undefined) return undefined;
  // cpuacct may be mounted on its own or joined with cpu as "cpu,cpuacct" (often with links)
  const mounts = controller === 'cpuacct' ? ['cpuacct', 'cpu,cpuacct', 'cpuacct,cpu'] : [controller];
  return mounts.map((mount) => path.join(root, mount, cgroupPath)).find((dir) => existsSync(dir));
}

/** Locates from the parsed file; the container id must appear in the path (proves it is that container). */
export function locateFromProcCgroup(parsed: ProcCgroup, containerId: string, root = '/sys/fs/cgroup'): CgroupLocation | undefined {
  if (parsed.v1.has('memory')) {
    if (!parsed.v1.get('memory')!.includes(containerId)) return undefined;
    const memoryDir = v1Dir(root, parsed, 'memory');
    const cpuDir = v1Dir(root, parsed, 'cpuacct');
    if (!memoryDir || !cpuDir || !existsSync(path.join(memoryDir, 'memory.usage_in_bytes'))) return undefined;
    return { version: 1, memoryDir, cpuDir };
  }
  if (parsed.unified !== undefined && parsed.unified.includes(containerId)) {
    const dir = path.join(root, parsed.unified);
    if (!existsSync(path.join(dir, 'memory.current'))) return undefined;
    return { version: 2, memoryDir: dir, cpuDir: dir };
  }
  return undefined;
}

export function locateContainerCgroup(pid: number, containerId: string, root = '/sys/fs/cgroup'): CgroupLocation | undefined {
  if (!(pid > 0)) return undefined;
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/cgroup`, 'utf8');
  } catch {
    return undefined;
  }
  return locateFromProcCgroup(parseProcCgroup(text), containerId, root);
}
