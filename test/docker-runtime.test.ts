// The Docker runtime against a real engine, with a tiny Python target made here (built online
// from a local base, and offline through the native-build path): image cache and size, container
// settings, cgroup memory and CPU, stop, cleanup, and leftovers of a SIGKILLed run.
// Without an engine: skipped with the reason, or failed when LANGBENCH_REQUIRE_DOCKER=1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import { freePort } from '../harness/net/free-port.js';
import { cliImageSize } from './support/docker-cli.js';
import { DockerRuntime } from '../harness/runtime/docker-runtime.js';
import { dockerEngineForTests } from './support/docker-engine.js';
import type { PreparedTarget } from '../harness/runtime/runtime.js';
import type { Logger } from '../harness/log/logger.js';
import { loadTarget, type LoadedTarget } from '../harness/targets/load-targets.js';
import { waitHealthy } from '../harness/measure/wait-healthy.js';
import { baseImagesAvailable } from '../harness/docker/registry-probe.js';
import { memoryFromEngineStats, type EngineStats } from '../harness/docker/cgroup-usage.js';
import { UsageError } from '../harness/errors.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const engine = await dockerEngineForTests('docker-runtime.test');
const required = process.env.LANGBENCH_REQUIRE_DOCKER === '1';

const BASE = 'langbench/python-base:bookworm';
// the fixture target runs on the offline Python base that scripts/setup.sh makes; without it those
// tests skip, unless Docker is required (then they fail, naming scripts/setup.sh)
const hasBase = engine.available && (await new Docker().getImage(BASE).inspect().then(() => true, () => false));
const skipNoBase = !hasBase && !required;
if (engine.available && skipNoBase) process.stderr.write(`docker-runtime.test: ${BASE} missing, skipping the tests that run it; run 'bash scripts/setup.sh'\n`);
const LIMIT = 256 * 1024 * 1024;
const lines: string[] = [];
const log: Logger = { info: (m) => lines.push(m), warn: (m) => lines.push(`warn: ${m}`) };



async function labelled(docker: Docker, label: string): Promise<string[]> {
  return (await docker.listContainers({ all: true, filters: { label: [label] } })).map((c) => c.Id);
}

/** A Python target in a temporary folder; a nonce makes its content hash (and image) new each run. */
function makeTarget(root: string, name: string, baseImage: string): LoadedTarget {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  const server = `# nonce ${randomBytes(8).toString('hex')}
import json, os, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
ballast = b"x" * (24 << 20)  # 24 MiB the cgroup must see
class H(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"status": "ok"} if self.path == "/health" else {"message": "Hello, World!"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
print("workers", os.environ.get("WORKERS"), "affinity", sorted(os.sched_getaffinity(0)), flush=True)
ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()
`;
  writeFileSync(path.join(dir, 'server.py'), server);
  writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${baseImage}\nCOPY server.py /app/server.py\nCMD ["python3", "/app/server.py"]\n`);
  writeFileSync(path.join(dir, 'Dockerfile.offline'), `FROM ${baseImage}\nCOPY build/ /app/\nCMD ["python3", "/app/server.py"]\n`);
  writeFileSync(
    path.join(dir, 'target.json'),
    JSON.stringify({
      name,
      language: 'python',
      framework: 'http.server',
      cpuEnv: 'WORKERS',
      native: {
        build: [['mkdir', '-p', 'build'], ['cp', 'server.py', 'build/server.py']],
        sources: ['server.py'],
        artifact: 'build/server.py',
        run: ['python3', 'server.py'],
        sizePaths: ['server.py'],
      },
      docker: {
        dockerfile: 'Dockerfile',
        offline: { prepare: [['sh', '-c', 'echo prepared > build/prepared.txt']], dockerfile: 'Dockerfile.offline', context: ['build'], baseImage },
      },
    }),
  );
  return loadTarget(dir);
}

describe.skipIf(!engine.available)(`docker runtime${engine.available ? '' : ` (skipped: ${engine.reason})`}`, () => {
  const docker = new Docker();
  let root: string;
  let target: LoadedTarget;
  let runtime: DockerRuntime;
  const tags = new Set<string>();

  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'lb-docker-'));
    target = makeTarget(root, 'lbtest-py', BASE);
    runtime = new DockerRuntime({ memoryBytes: LIMIT, build: 'offline' });
  });

  afterAll(async () => {
    await runtime?.cleanup();
    runtime?.dispose();
    for (const tag of tags) await docker.getImage(tag).remove({ force: true }).catch(() => undefined);
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it.skipIf(skipNoBase)('builds offline through the host build and prepare steps, then reuses the image by content hash', async () => {
    const first = await runtime.prepare(target, log);
    tags.add(first.image!.tag);
    expect(first.image).toMatchObject({ build: 'offline', cached: false });
    expect(first.image!.tag).toMatch(/^langbench\/lbtest-py:[0-9a-f]{12}-offline$/);
    expect(first.sizeKind).toBe('image');
    expect(first.sizeBytes).toBe(cliImageSize(first.image!.tag, engine.apiVersion));
    const second = await runtime.prepare(target, log);
    expect(second.image).toEqual({ ...first.image, cached: true });
    expect(lines.some((line) => line.includes('cached'))).toBe(true);
    const files = execFileSync('docker', ['run', '--rm', '--network', 'host', first.image!.tag, 'ls', '/app']).toString().split('\n').filter(Boolean);
    expect(files.sort()).toEqual(['prepared.txt', 'server.py']);
  }, 300_000);

  it.skipIf(skipNoBase)('builds online from the Dockerfile with the sources as context; auto picks online only when bases can be had', async () => {
    const online = await new DockerRuntime({ memoryBytes: LIMIT, build: 'online' }).prepare(target, log);
    tags.add(online.image!.tag);
    expect(online.image).toMatchObject({ build: 'online', cached: false });
    expect(online.sizeBytes).toBe(cliImageSize(online.image!.tag, engine.apiVersion));
    // the local base satisfies FROM without a registry, so auto builds (here: reuses) online
    const auto = await new DockerRuntime({ build: 'auto' }).prepare(target, log);
    expect(auto.image).toMatchObject({ build: 'online', cached: true, id: online.image!.id });
    // a base only a registry has: offline when the registry cannot be reached
    const pullable = (await baseImagesAvailable(docker, ['python:3.11-slim'])).ok;
    const remote = makeTarget(root, 'lbtest-remote', BASE);
    writeFileSync(path.join(remote.dir, 'Dockerfile'), 'FROM python:3.11-slim\nCOPY server.py /app/server.py\n');
    const { chooseBuildMode } = await import('../harness/docker/target-image.js');
    expect(await chooseBuildMode(docker, remote, 'auto', log)).toBe(pullable ? 'online' : 'offline');
  }, 300_000);

  it('fails offline with a message naming scripts/setup.sh when the base image is missing', async () => {
    const missing = makeTarget(root, 'lbtest-nobase', 'langbench/no-such-base:never');
    const error = await runtime.prepare(missing, log).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/langbench\/no-such-base:never is missing.*scripts\/setup\.sh/);
  });

  describe.skipIf(skipNoBase)('a running container', () => {
    let prepared: PreparedTarget;
    const cpu = os.availableParallelism() - 1;

    beforeAll(async () => {
      prepared = await runtime.prepare(target, log);
    }, 300_000);

    it('runs on host networking, pinned, memory-limited, labelled, and is measured from its cgroup', async () => {
      const port = await freePort();
      const server = await runtime.start(prepared, { port, cpus: [cpu] });
      const healthy = await waitHealthy(server.baseUrl, '/health', server, 30_000);
      const coldMs = Number(healthy.atNs - server.startRequestedNs) / 1e6;
      expect(coldMs).toBeGreaterThan(0);
      expect(server.createMs).toBeGreaterThan(0);
      expect(server.baseUrl).toBe(`http://127.0.0.1:${port}`);

      const [id] = runtime.containerIds();
      const info = await docker.getContainer(id!).inspect();
      expect(info.HostConfig.NetworkMode).toBe('host');
      expect(info.HostConfig.CpusetCpus).toBe(String(cpu));
      expect(info.HostConfig.Memory).toBe(LIMIT);
      expect(info.Config.Labels).toMatchObject({ 'dev.langbench': '1', 'dev.langbench.run': runtime.runId, 'dev.langbench.target': 'lbtest-py' });
      expect(info.Name).toMatch(new RegExp(`^/langbench-lbtest-py-${runtime.runId}-\\d+$`));
      expect(info.Config.Env).toEqual(expect.arrayContaining([`PORT=${port}`, 'WORKERS=1']));
      await expect.poll(() => server.outputTail(), { timeout: 5000 }).toContain(`workers 1 affinity [${cpu}]`);

      const memory = await server.memoryBytes();
      expect(runtime.memorySource).toBe(`cgroup-v${engine.cgroupVersion}`);
      expect(memory).toBeGreaterThan(24 << 20);
      expect(memory).toBeLessThan(LIMIT);
      const viaApi = memoryFromEngineStats((await docker.getContainer(id!).stats({ stream: false })) as EngineStats);
      expect(Math.abs(viaApi - memory)).toBeLessThan(8 << 20);
      const cpuBefore = await server.cpuTimeNs();
      expect(cpuBefore).toBeGreaterThan(0);
      for (let i = 0; i < 50; i++) await fetch(`${server.baseUrl}/json`).then((r) => r.text());
      expect(await server.cpuTimeNs()).toBeGreaterThan(cpuBefore);

      expect(server.exitReason()).toBeUndefined();
      await server.stop();
      await server.stop();
      expect(server.exitReason()).toBeDefined();
      expect(await docker.getContainer(id!).inspect().catch((e: { statusCode?: number }) => e.statusCode)).toBe(404);
      expect(runtime.containerIds()).toEqual([]);
    }, 120_000);

    it('falls back to the engine stats API when the host has no cgroup files for the container (remote engine)', async () => {
      const remote = new DockerRuntime({ memoryBytes: LIMIT, cgroupRoot: path.join(root, 'no-cgroup-here') });
      const server = await remote.start(prepared, { port: await freePort(), cpus: [cpu] });
      try {
        await waitHealthy(server.baseUrl, '/health', server, 30_000);
        const memory = await server.memoryBytes();
        expect(memory).toBeGreaterThan(24 << 20);
        expect(memory).toBeLessThan(LIMIT);
        expect(await server.cpuTimeNs()).toBeGreaterThan(0);
        expect(remote.memorySource).toBe(`cgroup-v${engine.cgroupVersion}-via-engine-stats`);
      } finally {
        await server.stop();
        remote.dispose();
      }
    }, 60_000);

    it('reports a container that dies on its own, and cleanup() removes every container it started', async () => {
      const servers = await Promise.all([0, 1].map(async () => runtime.start(prepared, { port: await freePort(), cpus: [cpu] })));
      expect(await labelled(docker, `dev.langbench.run=${runtime.runId}`)).toHaveLength(2);
      const firstId = (servers[0] as unknown as { id: string }).id;
      expect(runtime.containerIds()).toContain(firstId);
      await docker.getContainer(firstId).kill();
      await expect.poll(() => servers[0]!.exitReason(), { timeout: 10_000 }).toMatch(/exited/);
      await expect.poll(() => servers[0]!.exitReason(), { timeout: 5000 }).toMatch(/code 137/);
      await runtime.cleanup();
      await runtime.cleanup();
      expect(await labelled(docker, `dev.langbench.run=${runtime.runId}`)).toEqual([]);
    }, 120_000);

    /** Runs the real runtime in a child (vite-node runs the TypeScript) that starts one container. */
    async function childRun(mode: 'wait' | 'exit'): Promise<{ runId: string; child: ReturnType<typeof spawn>; exited: Promise<unknown> }> {
      const script = path.join(root, `child-run-${mode}.ts`);
      writeFileSync(
        script,
        `import { DockerRuntime } from ${JSON.stringify(path.join(repo, 'harness/runtime/docker-runtime.ts'))};
import { installSignalHandlers } from ${JSON.stringify(path.join(repo, 'harness/lifecycle/cleanup.ts'))};
installSignalHandlers(); // as the CLI does at start
const runtime = new DockerRuntime();
const prepared = ${JSON.stringify({ target: prepared.target, sizeBytes: prepared.sizeBytes, sizeKind: prepared.sizeKind, image: prepared.image })};
await runtime.start(prepared, { port: ${await freePort()}, cpus: [${cpu}] });
process.stdout.write('started ' + runtime.runId + '\\n');
if (${JSON.stringify(mode)} === 'exit') setTimeout(() => process.exit(3), 50);
else setInterval(() => {}, 1000);
`,
      );
      const child = spawn(process.execPath, [path.join(repo, 'node_modules/vite-node/vite-node.mjs'), script], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      const runId = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /started (\S+)/.exec(out);
          if (match) resolve(match[1]!);
        });
        void exited.then((code) => reject(new Error(`child run exited before starting (${String(code)}): ${out}`)));
      });
      return { runId, child, exited };
    }

    it('a later runtime removes the container of a run that was SIGKILLed, and leaves live runs alone', async () => {
      const { runId, child, exited } = await childRun('wait');
      const live = await runtime.start(prepared, { port: await freePort(), cpus: [cpu] });
      child.kill('SIGKILL');
      await exited;
      expect(await labelled(docker, `dev.langbench.run=${runId}`)).toHaveLength(1);

      const later = new DockerRuntime();
      const sweepLog: string[] = [];
      await later.ready({ info: (m) => sweepLog.push(m), warn: (m) => sweepLog.push(m) });
      later.dispose();
      expect(await labelled(docker, `dev.langbench.run=${runId}`)).toEqual([]);
      expect(sweepLog.join('\n')).toMatch(/removed 1 container/);
      // this process is alive: its container stays until its own cleanup
      expect(await labelled(docker, `dev.langbench.run=${runtime.runId}`)).toHaveLength(1);
      await live.stop();
      expect(await labelled(docker, 'dev.langbench')).toEqual([]);
    }, 120_000);

    it('a run stopped by SIGTERM, or exiting without cleanup, removes its own container', async () => {
      const terminated = await childRun('wait');
      terminated.child.kill('SIGTERM');
      expect(await terminated.exited).toBe(143);
      expect(await labelled(docker, `dev.langbench.run=${terminated.runId}`)).toEqual([]);

      const exiting = await childRun('exit');
      expect(await exiting.exited).toBe(3);
      expect(await labelled(docker, `dev.langbench.run=${exiting.runId}`)).toEqual([]);
    }, 120_000);
  });
});
