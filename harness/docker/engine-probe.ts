// Does a Docker engine answer? Used by `--runtime auto` and `langbench doctor`.
import Docker from 'dockerode';
import { existsSync } from 'node:fs';

export interface EngineProbe {
  available: boolean;
  version?: string;
  apiVersion?: string;
  cgroupVersion?: 1 | 2;
  reason?: string;
}

const SETUP_HINT = "on Debian as root run 'bash scripts/setup.sh', elsewhere start Docker";

function whereItLooked(): string {
  return process.env.DOCKER_HOST ? `DOCKER_HOST=${process.env.DOCKER_HOST}` : 'the default socket /var/run/docker.sock';
}

/** Why a connection failed, in words a user can act on. */
export function explainEngineError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const where = whereItLooked();
  if (code === 'ENOENT') return `no Docker engine at ${where} (the socket does not exist); ${SETUP_HINT}`;
  if (code === 'ECONNREFUSED') return `no Docker engine listens at ${where}; ${SETUP_HINT}`;
  if (code === 'EACCES' || code === 'EPERM') return `permission denied on ${where}; add this user to the docker group or run as root`;
  return `the Docker engine at ${where} did not answer: ${(error as Error)?.message ?? String(error)}`;
}

/** Version, API version and cgroup version of the engine, or why none answers. Never throws. */
export async function dockerEngineAvailable(timeoutMs = 5000): Promise<EngineProbe> {
  let docker: Docker;
  try {
    docker = new Docker({ timeout: timeoutMs });
  } catch (error) {
    return { available: false, reason: `DOCKER_HOST is not usable: ${(error as Error).message}` };
  }
  try {
    const version = (await docker.version()) as { Version?: string; ApiVersion?: string };
    const info = (await docker.info()) as { CgroupVersion?: string };
    let cgroupVersion: 1 | 2 | undefined;
    if (info.CgroupVersion === '1' || info.CgroupVersion === '2') cgroupVersion = Number(info.CgroupVersion) as 1 | 2;
    else if (!process.env.DOCKER_HOST && existsSync('/sys/fs/cgroup')) cgroupVersion = existsSync('/sys/fs/cgroup/cgroup.controllers') ? 2 : 1;
    return { available: true, version: version.Version, apiVersion: version.ApiVersion, cgroupVersion };
  } catch (error) {
    return { available: false, reason: explainEngineError(error) };
  }
}
