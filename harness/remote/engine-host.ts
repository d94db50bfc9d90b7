// The server's machine as its engine describes it (GET /info): what a result records about the
// host it never runs a process on. Its CPU model is not in the engine's answer, so it reads
// "unknown" rather than being guessed.
import type Docker from 'dockerode';
import { machineFingerprint } from '../environment/machine-info.js';

export interface EngineHost {
  hostname: string;
  cpuModel: string;
  /** NCPU: the cores the engine may place containers on */
  cores: number;
  memoryBytes: number;
  kernel: string;
  os: string;
  arch: string;
  cgroupVersion: 1 | 2 | null;
  dockerVersion: string | null;
  /** the engine's ID, which stays the same across restarts of the same engine */
  engineId: string | null;
  fingerprint: string;
}

export interface EngineInfo {
  ID?: string;
  Name?: string;
  NCPU?: number;
  MemTotal?: number;
  KernelVersion?: string;
  OperatingSystem?: string;
  Architecture?: string;
  CgroupVersion?: string;
  ServerVersion?: string;
}

const GOARCH_TO_NODE: Record<string, string> = { x86_64: 'x64', aarch64: 'arm64', amd64: 'x64', arm64: 'arm64' };

export function engineHostFromInfo(info: EngineInfo): EngineHost {
  const base = {
    hostname: info.Name ?? 'unknown',
    cpuModel: 'unknown (the engine does not report it)',
    cores: info.NCPU && info.NCPU > 0 ? info.NCPU : 1,
    memoryBytes: info.MemTotal && info.MemTotal > 0 ? info.MemTotal : 1,
    kernel: info.KernelVersion ?? 'unknown',
    os: info.OperatingSystem ?? 'unknown',
    // the engine says x86_64 where Node says x64: record Node's word so both machines read alike
    arch: GOARCH_TO_NODE[info.Architecture ?? ''] ?? info.Architecture ?? 'unknown',
  };
  return {
    ...base,
    cgroupVersion: info.CgroupVersion === '1' || info.CgroupVersion === '2' ? (Number(info.CgroupVersion) as 1 | 2) : null,
    dockerVersion: info.ServerVersion ?? null,
    engineId: info.ID ?? null,
    fingerprint: machineFingerprint(base),
  };
}

export async function readEngineHost(docker: Docker): Promise<EngineHost> {
  return engineHostFromInfo((await docker.info()) as EngineInfo);
}
