// The three reference targets as Docker images, for real: offline builds (host toolchain into
// scratch / the locally made Python base), image size equal to `docker image inspect` byte for
// byte, the HTTP contract against each running container, cgroup memory, and no labelled
// container left afterwards. Builds can take minutes on a cold cache.
// Without an engine: skipped with the reason, or failed when LANGBENCH_REQUIRE_DOCKER=1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import os from 'node:os';
import Docker from 'dockerode';
import { freePort } from '../harness/net/free-port.js';
import { cliImageSize } from './support/docker-cli.js';
import { DockerRuntime } from '../harness/runtime/docker-runtime.js';
import { CONTAINER_PIDS_LIMIT } from '../harness/runtime/container-policy.js';
import { dockerEngineForTests } from './support/docker-engine.js';
import type { PreparedTarget } from '../harness/runtime/runtime.js';
import type { Logger } from '../harness/log/logger.js';
import { loadAllTargets } from '../harness/targets/load-targets.js';
import { targetsDir } from '../harness/paths.js';
import { waitHealthy } from '../harness/measure/wait-healthy.js';
import { verifyContract } from '../harness/contract/verify.js';
import { loadContractFixture } from '../harness/contract/load-fixture.js';

const engine = await dockerEngineForTests('docker-targets.test');

const LIMIT = 1024 ** 3;
const BUILD = (process.env.LANGBENCH_TEST_BUILD ?? 'offline') as 'online' | 'offline' | 'auto';
const log: Logger = {
  info: (m) => process.stderr.write(`  ${m}\n`),
  warn: (m) => process.stderr.write(`  warning: ${m}\n`),
};



describe.skipIf(!engine.available)(`docker images of the reference targets (--build ${BUILD})${engine.available ? '' : ` (skipped: ${engine.reason})`}`, () => {
  const docker = new Docker();
  let runtime: DockerRuntime;
  const targets = loadAllTargets(targetsDir()).filter((t) => t.manifest.docker);
  const fixture = loadContractFixture();
  const cpu = os.availableParallelism() - 1;

  beforeAll(async () => {
    runtime = new DockerRuntime({ memoryBytes: LIMIT, build: BUILD });
    await runtime.ready(log);
  });
  afterAll(async () => {
    await runtime?.cleanup();
    runtime?.dispose();
  });

  it('finds the three reference targets', () => {
    expect(targets.map((t) => t.manifest.name)).toEqual(expect.arrayContaining(['axum', 'fastapi', 'go-nethttp']));
  });

  for (const target of targets) {
    describe(target.manifest.name, () => {
      let prepared: PreparedTarget;

      it('builds an image whose size is `docker image inspect` Size, byte for byte', async () => {
        prepared = await runtime.prepare(target, log);
        expect(prepared.image!.tag).toMatch(new RegExp(`^langbench/${target.manifest.name}:[0-9a-f]{12}-(online|offline)$`));
        if (BUILD !== 'auto') expect(prepared.image!.build).toBe(BUILD);
        expect(prepared.sizeKind).toBe('image');
        expect(prepared.sizeBytes).toBe(cliImageSize(prepared.image!.tag, engine.apiVersion));
        expect(prepared.sizeBytes).toBe((await docker.getImage(prepared.image!.id).inspect()).Size);
        process.stderr.write(`  ${target.manifest.name}: ${prepared.image!.tag} ${prepared.image!.build}${prepared.image!.cached ? ' (cached)' : ''} ${prepared.sizeBytes} bytes\n`);
      }, 600_000);

      it('passes the HTTP contract in a running container, measured from its cgroup, and leaves nothing behind', async (context) => {
        if (!prepared) return context.skip();
        const server = await runtime.start(prepared, { port: await freePort(), cpus: [cpu] });
        try {
          const healthy = await waitHealthy(server.baseUrl, target.manifest.healthPath, server, 60_000);
          const coldMs = Number(healthy.atNs - server.startRequestedNs) / 1e6;
          const verdict = await verifyContract(server.baseUrl, fixture);
          expect(verdict.failures).toEqual([]);
          expect(verdict.passed).toBe(true);
          const memory = await server.memoryBytes();
          expect(memory).toBeGreaterThan(0);
          expect(memory).toBeLessThan(LIMIT);
          expect(await server.cpuTimeNs()).toBeGreaterThan(0);
          expect(runtime.memorySource).toBe(`cgroup-v${engine.cgroupVersion}`);
          // least privilege, and the contract still passes under it
          const id = runtime.containerIds()[0]!;
          const info = await docker.getContainer(id).inspect();
          expect(info.HostConfig.CapDrop).toEqual(['ALL']);
          expect(info.HostConfig.SecurityOpt).toContain('no-new-privileges:true');
          expect(info.HostConfig.ReadonlyRootfs).toBe(true);
          expect(Object.keys(info.HostConfig.Tmpfs ?? {})).toEqual(['/tmp']);
          // a target that forks without end is stopped at the pids limit, not at the machine's
          expect(info.HostConfig.PidsLimit).toBe(CONTAINER_PIDS_LIMIT);
          const user = info.Config.User || (await docker.getImage(info.Image).inspect()).Config.User;
          expect(user.split(':')[0]).not.toMatch(/^(|root|0)$/);
          process.stderr.write(`  ${target.manifest.name}: create ${server.createMs?.toFixed(1)} ms, start→healthy ${coldMs.toFixed(1)} ms, memory ${(memory / 2 ** 20).toFixed(1)} MiB (${runtime.memorySource})\n`);
        } finally {
          await server.stop();
        }
        expect(server.exitReason()).toBeDefined();
        const left = await docker.listContainers({ all: true, filters: { label: [`dev.langbench.run=${runtime.runId}`] } });
        expect(left).toEqual([]);
      }, 120_000);
    });
  }
});
