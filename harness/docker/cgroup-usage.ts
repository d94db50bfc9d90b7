// Memory and CPU of a container from its cgroup files, computed the way `docker stats` does:
// memory = usage minus inactive page cache (v1: memory.usage_in_bytes - total_inactive_file;
// v2: memory.current - inactive_file); CPU = v1 cpuacct.usage (ns), v2 cpu.stat usage_usec.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CgroupLocation } from './cgroup-location.js';

/** "key value" lines of memory.stat / cpu.stat. */
export function parseStatFile(text: string): Map<string, number> {
  const stats = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [key, value] = line.trim().split(/\s+/);
    if (key && value !== undefined && /^\d+$/.test(value)) stats.set(key, Number(value));
  }
  return stats;
}

/** usage minus inactive file cache, never below zero (docker CLI's calculateMemUsageUnixNoCache). */
export function memoryWithoutCache(version: 1 | 2, usage: number, stats: Map<string, number>): number {
  const inactive = version === 1 ? stats.get('total_inactive_file') ?? stats.get('inactive_file') : stats.get('inactive_file');
  return inactive !== undefined && inactive < usage ? usage - inactive : usage;
}

const readNumber = (file: string): number => Number(readFileSync(file, 'utf8').trim());

export function readCgroupMemory(location: CgroupLocation): number {
  const { version, memoryDir } = location;
  const usage = readNumber(path.join(memoryDir, version === 1 ? 'memory.usage_in_bytes' : 'memory.current'));
  const stats = parseStatFile(readFileSync(path.join(memoryDir, 'memory.stat'), 'utf8'));
  return memoryWithoutCache(version, usage, stats);
}

export function readCgroupCpuNs(location: CgroupLocation): number {
  if (location.version === 1) return readNumber(path.join(location.cpuDir, 'cpuacct.usage'));
  const usec = parseStatFile(readFileSync(path.join(location.cpuDir, 'cpu.stat'), 'utf8')).get('usage_usec') ?? 0;
  return usec * 1000;
}

/** The same two numbers from the engine's stats API (GET /containers/ID/stats?stream=false). */
export interface EngineStats {
  memory_stats?: { usage?: number; stats?: Record<string, number> };
  cpu_stats?: { cpu_usage?: { total_usage?: number } };
}

export function memoryFromEngineStats(stats: EngineStats): number {
  const usage = stats.memory_stats?.usage ?? 0;
  const raw = stats.memory_stats?.stats ?? {};
  const version = 'total_inactive_file' in raw ? 1 : 2;
  return memoryWithoutCache(version, usage, new Map(Object.entries(raw)));
}

/** total_usage is nanoseconds on both cgroup versions (the engine converts v2's microseconds). */
export function cpuNsFromEngineStats(stats: EngineStats): number {
  return stats.cpu_stats?.cpu_usage?.total_usage ?? 0;
}
