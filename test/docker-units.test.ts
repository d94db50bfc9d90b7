// Parts of the Docker runtime that need no engine: Dockerfile bases, cgroup files, content hash,
// owner labels, and the engine probe's answer when nothing listens.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { dockerfileBaseImages } from '../harness/docker/dockerfile-bases.js';
import { locateFromProcCgroup, parseProcCgroup } from '../harness/docker/cgroup-location.js';
import { memoryFromEngineStats, memoryWithoutCache, parseStatFile, readCgroupCpuNs, readCgroupMemory } from '../harness/docker/cgroup-usage.js';
import { contentHash, targetSourceFiles } from '../harness/docker/content-hash.js';
import { ownerAlive, ownerId } from '../harness/lifecycle/owner.js';
import { dockerEngineAvailable } from '../harness/docker/engine-probe.js';

const id = '2c8ff4548e9f9968ef9aa357600046abc561ba7b596b3098473d91dbb753eea4';

describe('dockerfileBaseImages', () => {
  const cases: [string, string, Record<string, string>, string[]][] = [
    ['multi-stage onto scratch', 'FROM rust:1.83-bookworm AS build\nRUN cargo build\nFROM scratch\nCOPY --from=build /x /x', {}, ['rust:1.83-bookworm']],
    ['ARG default and override', 'ARG GO=1.22\nFROM golang:${GO} AS b\nFROM gcr.io/distroless/static\nCOPY --from=b /a /a', {}, ['golang:1.22', 'gcr.io/distroless/static']],
    ['build-arg wins over the default', 'ARG PY=3.11\nFROM python:$PY-slim', { PY: '3.12' }, ['python:3.12-slim']],
    ['--platform, comments, stage reuse', '# syntax\nFROM --platform=linux/amd64 python:3.11-slim AS base\nFROM base AS final', {}, ['python:3.11-slim']],
    ['line continuation and lowercase', 'from \\\n  debian:bookworm as x', {}, ['debian:bookworm']],
    ['only scratch', 'FROM scratch\nCOPY a /a', {}, []],
  ];
  it.each(cases)('%s', (_name, text, args, expected) => {
    expect(dockerfileBaseImages(text, args)).toEqual(expected);
  });
});

describe('cgroup files', () => {
  const v1Text = [`9:name=systemd:/docker/${id}`, `4:memory:/docker/${id}`, `2:cpuacct:/docker/${id}`, `1:cpu:/docker/${id}`, `0::/docker/${id}`].join('\n');
  const v2Text = `0::/system.slice/docker-${id}.scope\n`;

  it('parses v1, hybrid and v2 /proc/PID/cgroup', () => {
    const v1 = parseProcCgroup(v1Text);
    expect(v1.v1.get('memory')).toBe(`/docker/${id}`);
    expect(v1.unified).toBe(`/docker/${id}`);
    const joined = parseProcCgroup(`3:cpu,cpuacct:/a\n`);
    expect(joined.v1.get('cpuacct')).toBe('/a');
    expect(parseProcCgroup(v2Text).v1.size).toBe(0);
  });

  it('locates v1 (cgroupfs, joined cpu,cpuacct) and v2 (systemd scope) folders and reads them like docker stats', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'lb-cgroup-'));
    try {
      const mem = path.join(root, 'memory', 'docker', id);
      const cpu = path.join(root, 'cpu,cpuacct', 'docker', id);
      mkdirSync(mem, { recursive: true });
      mkdirSync(cpu, { recursive: true });
      writeFileSync(path.join(mem, 'memory.usage_in_bytes'), '10485760\n');
      writeFileSync(path.join(mem, 'memory.stat'), 'cache 4096000\nrss 6000000\ntotal_inactive_file 2097152\n');
      writeFileSync(path.join(cpu, 'cpuacct.usage'), '123456789\n');
      const v1 = locateFromProcCgroup(parseProcCgroup(`4:memory:/docker/${id}\n3:cpu,cpuacct:/docker/${id}\n`), id, root);
      expect(v1).toEqual({ version: 1, memoryDir: mem, cpuDir: cpu });
      expect(readCgroupMemory(v1!)).toBe(10485760 - 2097152);
      expect(readCgroupCpuNs(v1!)).toBe(123456789);

      const scope = path.join(root, 'system.slice', `docker-${id}.scope`);
      mkdirSync(scope, { recursive: true });
      writeFileSync(path.join(scope, 'memory.current'), '8388608\n');
      writeFileSync(path.join(scope, 'memory.stat'), 'anon 5000000\nfile 3000000\ninactive_file 1048576\n');
      writeFileSync(path.join(scope, 'cpu.stat'), 'usage_usec 2500\nuser_usec 2000\n');
      const v2 = locateFromProcCgroup(parseProcCgroup(v2Text), id, root);
      expect(v2?.version).toBe(2);
      expect(readCgroupMemory(v2!)).toBe(8388608 - 1048576);
      expect(readCgroupCpuNs(v2!)).toBe(2_500_000);

      // another container's cgroup, or a pid from a different machine, is never read
      expect(locateFromProcCgroup(parseProcCgroup(`4:memory:/docker/${'f'.repeat(64)}\n`), id, root)).toBeUndefined();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('subtracts only inactive file cache, never below zero, and reads the stats API the same way', () => {
    expect(memoryWithoutCache(1, 100, parseStatFile('total_inactive_file 30\ninactive_file 99'))).toBe(70);
    expect(memoryWithoutCache(2, 100, parseStatFile('inactive_file 30'))).toBe(70);
    expect(memoryWithoutCache(2, 100, parseStatFile('inactive_file 300'))).toBe(100);
    expect(memoryFromEngineStats({ memory_stats: { usage: 1000, stats: { total_inactive_file: 200, cache: 500 } } })).toBe(800);
    expect(memoryFromEngineStats({ memory_stats: { usage: 1000, stats: { inactive_file: 100, anon: 700 } } })).toBe(900);
  });
});

describe('content hash', () => {
  it('covers sources and the executable bit, never build outputs', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lb-hash-'));
    try {
      writeFileSync(path.join(dir, 'main.go'), 'package main\n');
      mkdirSync(path.join(dir, 'src'));
      writeFileSync(path.join(dir, 'src', 'lib.rs'), 'fn main() {}\n');
      for (const out of ['target', 'bin', '.venv', 'build']) {
        mkdirSync(path.join(dir, out));
        writeFileSync(path.join(dir, out, 'artifact'), 'binary');
      }
      const files = targetSourceFiles(dir);
      expect(files).toEqual(['main.go', 'src/lib.rs']);
      const before = contentHash(dir, files);
      writeFileSync(path.join(dir, 'bin', 'artifact'), 'rebuilt');
      expect(contentHash(dir, targetSourceFiles(dir))).toBe(before);
      expect(contentHash(dir, files, ['build=offline'])).not.toBe(before);
      chmodSync(path.join(dir, 'main.go'), 0o755);
      const executable = contentHash(dir, files);
      expect(executable).not.toBe(before);
      writeFileSync(path.join(dir, 'main.go'), 'package main // changed\n');
      expect(contentHash(dir, files)).not.toBe(executable);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('owner labels', () => {
  it('tells a live owner from a dead one and from another host', async () => {
    expect(ownerAlive(ownerId())).toBe(true);
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    const owner = ownerId(child.pid!);
    expect(ownerAlive(owner)).toBe(true);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(ownerAlive(owner)).toBe(false);
    expect(ownerAlive('some-other-host.example/1/1')).toBeUndefined();
    expect(ownerAlive('')).toBe(false);
  });
});

describe('dockerEngineAvailable', () => {
  it('says why when nothing listens at DOCKER_HOST', async () => {
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = `unix://${path.join(os.tmpdir(), 'langbench-no-such-docker.sock')}`;
    try {
      const probe = await dockerEngineAvailable(2000);
      expect(probe.available).toBe(false);
      expect(probe.reason).toMatch(/no Docker engine at DOCKER_HOST=unix:.*scripts\/setup\.sh/);
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  });
});

describe('least privilege for containers', () => {
  it('drops every capability, forbids privilege gain, bounds the processes and mounts the root read-only unless the manifest says why', async () => {
    const { leastPrivilege, runsAsRoot } = await import('../harness/runtime/container-policy.js');
    expect(leastPrivilege(undefined)).toEqual({
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges:true'],
      ReadonlyRootfs: true,
      Tmpfs: { '/tmp': 'rw,nosuid,nodev,size=64m' },
      PidsLimit: 4096,
    });
    expect(leastPrivilege({ capAdd: ['NET_BIND_SERVICE'], writableRootfs: true, runAsRoot: false, why: 'binds port 80' })).toMatchObject({
      CapDrop: ['ALL'], CapAdd: ['NET_BIND_SERVICE'], ReadonlyRootfs: false,
    });
    expect(['', 'root', '0', '0:0', 'root:staff'].map(runsAsRoot)).toEqual([true, true, true, true, true]);
    expect(['65534:65534', 'nobody', 'app'].map(runsAsRoot)).toEqual([false, false, false]);
  });
});
