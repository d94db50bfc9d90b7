// What machine a result was measured on, and the fingerprint that says whether two results compare.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import type { Machine } from '../results/schema.js';

function osName(): string {
  try {
    const release = readFileSync('/etc/os-release', 'utf8');
    return /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(release)?.[1] ?? os.type();
  } catch {
    return `${os.type()} ${os.release()}`;
  }
}

function virtualization(): string | null {
  try {
    const kind = execFileSync('systemd-detect-virt', { stdio: ['ignore', 'pipe', 'ignore'], timeout: 2000 }).toString().trim();
    return kind || null;
  } catch (error) {
    // exits 1 printing "none" on bare metal
    const stdout = (error as { stdout?: Buffer }).stdout?.toString().trim();
    if (stdout) return stdout;
  }
  try {
    if (/^flags\s*:.*\bhypervisor\b/m.test(readFileSync('/proc/cpuinfo', 'utf8'))) {
      const product = existsSync('/sys/class/dmi/id/product_name') ? readFileSync('/sys/class/dmi/id/product_name', 'utf8').trim() : '';
      return product ? `vm (${product})` : 'vm';
    }
    return 'none';
  } catch {
    return null;
  }
}

export function cgroupVersion(): 1 | 2 | null {
  if (existsSync('/sys/fs/cgroup/cgroup.controllers')) return 2;
  if (existsSync('/sys/fs/cgroup/memory')) return 1;
  return null;
}

const TOOLCHAIN_PROBES: Record<string, [string, string[]]> = {
  rustc: ['rustc', ['--version']],
  cargo: ['cargo', ['--version']],
  go: ['go', ['version']],
  python3: ['python3', ['--version']],
  taskset: ['taskset', ['--version']],
};

export function toolchainVersions(): Record<string, string | null> {
  const versions: Record<string, string | null> = { node: process.version };
  for (const [name, [command, args]] of Object.entries(TOOLCHAIN_PROBES)) {
    try {
      versions[name] = execFileSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 5000 }).toString().trim().split('\n')[0] ?? null;
    } catch {
      versions[name] = null;
    }
  }
  return versions;
}

/**
 * Two results are comparable only when these match: same CPU model and count, same memory (to the
 * GiB, since the kernel reports a few MB differently across boots), kernel, OS and architecture.
 */
export function machineFingerprint(m: Pick<Machine, 'cpuModel' | 'cores' | 'memoryBytes' | 'kernel' | 'os' | 'arch'>): string {
  const memoryGiB = Math.round(m.memoryBytes / 1024 ** 3);
  const key = [m.cpuModel, m.cores, memoryGiB, m.kernel, m.os, m.arch].join('|');
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

export function machineInfo(extra: { dockerVersion?: string | null } = {}): Machine {
  const cpus = os.cpus();
  const base = {
    hostname: os.hostname(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryBytes: os.totalmem(),
    kernel: os.release(),
    os: osName(),
    arch: os.arch(),
  };
  return {
    ...base,
    virtualization: virtualization(),
    cgroupVersion: cgroupVersion(),
    dockerVersion: extra.dockerVersion ?? null,
    toolchains: toolchainVersions(),
    nodeVersion: process.version,
    fingerprint: machineFingerprint(base),
  };
}
