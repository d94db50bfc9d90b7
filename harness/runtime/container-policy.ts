// What a target's container may do: no capabilities, no privilege gain, a read-only root
// filesystem, not root, and a bounded number of processes, unless its manifest asks for more and
// says why.
import type { LoadedTarget } from '../targets/load-targets.js';

/** the user a container runs as when its image would run it as root */
export const NOBODY = '65534:65534';

type Privileges = NonNullable<NonNullable<LoadedTarget['manifest']['docker']>['privileges']>;

/**
 * Code that is not ours runs with as little as it needs: no capabilities, no privilege gain
 * through setuid binaries, a root filesystem it cannot change (a tmpfs where servers write
 * scratch files). A manifest may ask for more, saying why (`docker.privileges`).
 */
export function leastPrivilege(privileges: Privileges | undefined): Record<string, unknown> {
  return {
    CapDrop: ['ALL'],
    ...(privileges?.capAdd.length ? { CapAdd: privileges.capAdd } : {}),
    SecurityOpt: ['no-new-privileges:true'],
    ReadonlyRootfs: !(privileges?.writableRootfs ?? false),
    Tmpfs: { '/tmp': 'rw,nosuid,nodev,size=64m' },
    PidsLimit: CONTAINER_PIDS_LIMIT,
  };
}

/**
 * Processes and threads (the kernel's pids controller counts both) a container may hold: far above
 * what any server needs (a Go server under load runs tens of threads, uvicorn a few workers), far
 * below what a target that forks without end would take from the machine before the run notices.
 */
export const CONTAINER_PIDS_LIMIT = 4096;

/** an image USER of '', root, 0 or 0:anything runs as root */
export function runsAsRoot(user: string): boolean {
  const name = user.split(':')[0]!.trim();
  return name === '' || name === 'root' || name === '0';
}
