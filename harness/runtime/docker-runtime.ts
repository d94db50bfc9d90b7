// Runs targets as Docker containers through the engine API: host networking, pinned with a
// cpuset, memory-limited, labelled as langbench's, measured from their cgroup.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import type { LaunchSpec, MemoryHighWater, PreparedTarget, Runtime, RunningServer } from './runtime.js';
import type { Logger } from '../log/logger.js';
import type { LoadedTarget } from '../targets/load-targets.js';
import { OutputTail } from '../log/output-tail.js';
import { onCleanup } from '../lifecycle/cleanup.js';
import { formatCpuList } from '../placement/cpu-list.js';
import { dockerClient, engineMessage, engineStatus } from '../docker/docker-client.js';
import { LANGBENCH_LABEL, OWNER_LABEL, RUN_LABEL, TARGET_LABEL } from '../docker/labels.js';
import { ownerId } from '../lifecycle/owner.js';
import { removeLeftoverContainers } from '../docker/leftovers.js';
import { removeContainersSync } from '../docker/remove-containers-sync.js';
import { buildTargetImage, chooseBuildMode, type BuildChoice } from '../docker/target-image.js';
import { prebuiltImage } from '../docker/prebuilt-image.js';
import { locateContainerCgroup, type CgroupLocation } from '../docker/cgroup-location.js';
import { cpuNsFromEngineStats, memoryFromEngineStats, readCgroupCpuNs, readCgroupMemory, type EngineStats } from '../docker/cgroup-usage.js';
import { explainEngineError } from '../docker/engine-probe.js';

export { dockerEngineAvailable, type EngineProbe } from '../docker/engine-probe.js';

export const DEFAULT_MEMORY_LIMIT_BYTES = 1024 ** 3;

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
  };
}

/** an image USER of '', root, 0 or 0:anything runs as root */
export function runsAsRoot(user: string): boolean {
  const name = user.split(':')[0]!.trim();
  return name === '' || name === 'root' || name === '0';
}
const STOP_GRACE_S = 5;

export interface DockerRuntimeOptions {
  /** --build: online, offline, or auto (offline when base images cannot be pulled); default auto */
  build?: BuildChoice;
  /** --memory: the container's memory limit (swap included, so no swapping), default 1 GiB */
  memoryBytes?: number;
  /** defaults to dockerode honouring DOCKER_HOST */
  docker?: Docker;
  /** where leftover removal is reported; prepare()'s logger is used when absent */
  log?: Logger;
  /** where the host's cgroup file systems are mounted (default /sys/fs/cgroup) */
  cgroupRoot?: string;
  /**
   * the engine runs on another host, reached at this address (--server-address): servers are
   * loaded there, and memory and CPU come from the engine's stats API, never from this machine's
   * cgroup files (which are not that host's)
   */
  serverAddress?: string;
  /** environment under which a child process's default client reaches the same engine (exit-time removal) */
  engineEnv?: Record<string, string>;
}

const silent: Logger = { info: () => {}, warn: () => {} };

class ContainerServer implements RunningServer {
  readonly baseUrl: string;
  /** set by DockerRuntime.start right before the start request */
  startRequestedNs = 0n;
  private exit: string | undefined;
  private frozen = false;
  private stopping: Promise<void> | undefined;
  private cgroup: CgroupLocation | null | undefined;
  private readonly tail = new OutputTail(40);

  constructor(
    private readonly runtime: DockerRuntime,
    readonly container: Docker.Container,
    readonly name: string,
    port: number,
    readonly createMs: number,
  ) {
    const host = runtime.serverAddress ?? '127.0.0.1';
    this.baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  }

  /**
   * Follows the container's output and waits for its exit, once it was started. Neither is
   * awaited, so the caller's health polling begins at once; logs replay from the start, so no
   * line is lost.
   */
  watch(): void {
    void this.container
      .wait({ condition: 'not-running' })
      .then((result: { StatusCode?: number; Error?: { Message?: string } | null }) => this.exited(result.StatusCode, result.Error?.Message))
      .catch(() => this.exited(undefined, undefined));
    void (this.container.logs({ follow: true, stdout: true, stderr: true }) as Promise<NodeJS.ReadableStream>).then(
      (output) => {
        // without a TTY the engine multiplexes stdout and stderr
        const sink = { write: (chunk: Buffer) => (this.tail.push(chunk), true) } as unknown as NodeJS.WritableStream;
        this.runtime.docker.modem.demuxStream(output, sink, sink);
      },
      () => undefined,
    );
  }

  private exited(code: number | undefined, error: string | undefined): void {
    if (this.exit !== undefined) return;
    this.exit = code === undefined ? 'container is gone' : `container exited with code ${code}${code === 137 ? ' (SIGKILL: killed, or over the --memory limit)' : ''}${error ? `: ${error}` : ''}`;
  }

  get id(): string {
    return this.container.id;
  }

  /** The container's cgroup on this host, found once; null when only the stats API can tell. */
  private async location(): Promise<CgroupLocation | null> {
    if (this.cgroup === undefined && this.runtime.serverAddress !== undefined) {
      this.cgroup = null;
      this.runtime.noteStatsFallback();
    }
    if (this.cgroup === undefined) {
      const info = await this.container.inspect();
      const found = locateContainerCgroup(info.State.Pid, this.container.id, this.runtime.cgroupRoot);
      // keep looking while the container starts; settle once it runs
      if (found || info.State.Running) this.cgroup = found ?? null;
      if (found) this.runtime.noteCgroupVersion(found.version);
      else if (info.State.Running) this.runtime.noteStatsFallback();
      return found ?? null;
    }
    return this.cgroup;
  }

  private async engineStats(): Promise<EngineStats> {
    return (await this.container.stats({ stream: false, 'one-shot': true } as { stream: false })) as EngineStats;
  }

  async memoryBytes(): Promise<number> {
    return this.usage(readCgroupMemory, memoryFromEngineStats);
  }

  async cpuTimeNs(): Promise<number> {
    return this.usage(readCgroupCpuNs, cpuNsFromEngineStats);
  }

  /** One reading from the cgroup files, or the stats API where they are out of reach; 0 once exited. */
  private async usage(fromCgroup: (location: CgroupLocation) => number, fromStats: (stats: EngineStats) => number): Promise<number> {
    if (this.exit !== undefined) return 0;
    const location = await this.location();
    try {
      return location ? fromCgroup(location) : fromStats(await this.engineStats());
    } catch (error) {
      // the container may have exited between the check above and the read
      if (this.exit !== undefined) return 0;
      throw error;
    }
  }

  /**
   * The cgroup's own high-water mark (v1 memory.max_usage_in_bytes, v2 memory.peak). It counts page
   * cache, which the readings leave out as docker stats does, so it is recorded beside the peak,
   * not folded into it.
   */
  async memoryHighWater(): Promise<MemoryHighWater | null> {
    if (this.exit !== undefined) return null;
    const location = await this.location();
    if (!location) return this.engineHighWater();
    const file = location.version === 1 ? 'memory.max_usage_in_bytes' : 'memory.peak';
    try {
      const bytes = Number(readFileSync(path.join(location.memoryDir, file), 'utf8').trim());
      return Number.isFinite(bytes) ? { bytes, sameMeasure: false, source: `cgroup ${file} (page cache included)` } : null;
    } catch {
      return null; // memory.peak needs Linux 5.19
    }
  }

  /** cgroup v1's max_usage through the stats API (v2 engines report none): the remote engine's high-water mark. */
  private async engineHighWater(): Promise<MemoryHighWater | null> {
    try {
      const bytes = ((await this.engineStats()) as EngineStats & { memory_stats?: { max_usage?: number } }).memory_stats?.max_usage;
      return typeof bytes === 'number' && bytes > 0 ? { bytes, sameMeasure: false, source: 'engine stats max_usage (cgroup v1, page cache included)' } : null;
    } catch {
      return null;
    }
  }

  /** docker pause: the cgroup freezer stops every process of the container. */
  async freeze(): Promise<void> {
    if (this.frozen || this.exit !== undefined) return;
    await this.container.pause();
    this.frozen = true;
  }

  async thaw(): Promise<void> {
    if (!this.frozen) return;
    await this.container.unpause();
    this.frozen = false;
  }

  exitReason(): string | undefined {
    return this.exit;
  }

  outputTail(): string {
    return this.tail.text();
  }

  /** docker stop (SIGTERM, SIGKILL after the grace period), then remove; safe to call twice. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await this.thaw().catch(() => undefined);
      try {
        await this.container.stop({ t: STOP_GRACE_S });
      } catch (error) {
        // 304: already stopped; 404: already gone
        if (engineStatus(error) !== 304 && engineStatus(error) !== 404) throw error;
      }
      this.exit ??= 'stopped';
      await this.remove();
    })();
    return this.stopping;
  }

  /** Force-removes at once (cleanup on Ctrl-C and errors). */
  async remove(): Promise<void> {
    // the engine refuses to kill a paused container
    await this.thaw().catch(() => undefined);
    try {
      await this.container.remove({ force: true });
    } catch (error) {
      if (engineStatus(error) !== 404) throw new Error(`could not remove container ${this.name}: ${engineMessage(error)}`, { cause: error });
    }
    this.exit ??= 'removed';
    this.runtime.forget(this);
  }
}

export class DockerRuntime implements Runtime {
  readonly kind = 'docker' as const;
  readonly docker: Docker;
  /** unique per runtime instance: part of every container name and the dev.langbench.run label */
  readonly runId = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  readonly memoryLimitBytes: number;
  readonly buildChoice: BuildChoice;
  readonly cgroupRoot: string;
  /** set when the engine is on another host: the address its servers are reached at */
  readonly serverAddress: string | undefined;
  private readonly owner = ownerId();
  private readonly running = new Map<string, ContainerServer>();
  /** the USER each prepared image runs as ('' = root) */
  private readonly imageUsers = new Map<string, string>();
  private swept: Promise<void> | undefined;
  private cgroupVersion: 1 | 2 | undefined;
  private statsFallback = false;
  private started = 0;
  private readonly removeCleanup: () => void;
  private readonly onExit = () => removeContainersSync([...this.running.keys()], this.options.engineEnv);

  constructor(private readonly options: DockerRuntimeOptions = {}) {
    this.docker = options.docker ?? dockerClient();
    this.memoryLimitBytes = options.memoryBytes ?? DEFAULT_MEMORY_LIMIT_BYTES;
    this.buildChoice = options.build ?? 'auto';
    this.cgroupRoot = options.cgroupRoot ?? '/sys/fs/cgroup';
    this.serverAddress = options.serverAddress;
    if (!Number.isInteger(this.memoryLimitBytes) || this.memoryLimitBytes < 6 * 1024 * 1024) {
      throw new RangeError(`memory limit ${this.memoryLimitBytes} bytes is not a whole number of at least 6 MiB (Docker's minimum)`);
    }
    if (!['online', 'offline', 'auto'].includes(this.buildChoice)) throw new RangeError(`build mode "${this.buildChoice}" is not online, offline or auto`);
    this.removeCleanup = onCleanup(() => this.cleanup());
    // a crash leaves no event loop to await removal in: remove synchronously through a child
    process.once('exit', this.onExit);
  }

  /** "cgroup-v1" or "cgroup-v2" (host cgroup files), "-via-engine-stats" when only the API could tell. */
  get memorySource(): string {
    const base = this.cgroupVersion ? `cgroup-v${this.cgroupVersion}` : 'cgroup';
    return this.statsFallback ? `${base}-via-engine-stats` : base;
  }

  /** Once per runtime: learn the cgroup version and remove containers left by crashed runs. */
  ready(log?: Logger): Promise<void> {
    this.swept ??= (async () => {
      try {
        const info = (await this.docker.info()) as { CgroupVersion?: string };
        if (info.CgroupVersion === '1' || info.CgroupVersion === '2') this.cgroupVersion = Number(info.CgroupVersion) as 1 | 2;
      } catch (error) {
        throw new Error(`docker runtime: ${explainEngineError(error)}`, { cause: error });
      }
      await removeLeftoverContainers(this.docker, this.options.log ?? log ?? silent);
    })();
    return this.swept;
  }

  async prepare(target: LoadedTarget, log: Logger): Promise<PreparedTarget> {
    await this.ready(log);
    const prebuilt = target.manifest.docker?.image;
    const image = prebuilt
      ? await prebuiltImage(this.docker, target.manifest.name, prebuilt, log)
      : await buildTargetImage(this.docker, target, await chooseBuildMode(this.docker, target, this.buildChoice, log), log);
    const config = (await this.docker.getImage(image.id).inspect()).Config as { User?: string } | undefined;
    this.imageUsers.set(image.id, config?.User ?? '');
    return {
      target,
      sizeBytes: image.sizeBytes,
      sizeKind: 'image',
      image: { id: image.id, tag: image.tag, build: image.build, cached: image.cached },
    };
  }

  async start(prepared: PreparedTarget, spec: LaunchSpec): Promise<RunningServer> {
    await this.ready();
    const { manifest } = prepared.target;
    if (!prepared.image) throw new Error(`${manifest.name}: DockerRuntime.start needs a target prepared by DockerRuntime.prepare (no image)`);
    if (spec.cpus.length === 0) throw new RangeError(`${manifest.name}: no CPUs granted`);
    const env = [`${manifest.port.env}=${spec.port}`];
    // on another host's engine the server must answer beyond that host's loopback (targets read HOST)
    if (this.serverAddress !== undefined) env.push(`HOST=${this.serverAddress.includes(':') ? '::' : '0.0.0.0'}`);
    if (manifest.cpuEnv) env.push(`${manifest.cpuEnv}=${spec.cpus.length}`);
    const name = `langbench-${manifest.name}-${this.runId}-${++this.started}`;
    const createdAt = process.hrtime.bigint();
    let container: Docker.Container;
    try {
      container = await this.docker.createContainer({
        name,
        Image: prepared.image.id,
        Env: env,
        Labels: { [LANGBENCH_LABEL]: '1', [RUN_LABEL]: this.runId, [TARGET_LABEL]: manifest.name, [OWNER_LABEL]: this.owner },
        HostConfig: {
          // docker-init (tini) as PID 1 forwards SIGTERM, so servers without their own handler
          // stop at once instead of after the grace period (PID 1 ignores unhandled signals)
          Init: true,
          NetworkMode: 'host',
          CpusetCpus: formatCpuList(spec.cpus),
          Memory: this.memoryLimitBytes,
          MemorySwap: this.memoryLimitBytes,
          ...leastPrivilege(manifest.docker?.privileges),
        },
        ...(runsAsRoot(this.imageUsers.get(prepared.image.id) ?? '') && !manifest.docker?.privileges?.runAsRoot ? { User: NOBODY } : {}),
      });
    } catch (error) {
      throw new Error(`${manifest.name}: could not create a container from ${prepared.image.tag}: ${engineMessage(error)}`, { cause: error });
    }
    const createMs = Number(process.hrtime.bigint() - createdAt) / 1e6;
    let server: ContainerServer | undefined;
    try {
      server = new ContainerServer(this, container, name, spec.port, createMs);
      this.running.set(container.id, server);
      server.startRequestedNs = process.hrtime.bigint();
      await container.start();
      server.watch();
      return server;
    } catch (error) {
      await (server ? server.remove() : container.remove({ force: true })).catch(() => undefined);
      throw new Error(`${manifest.name}: could not start container ${name}: ${engineMessage(error)}`, { cause: error });
    }
  }

  /** Force-removes every container this runtime created and still holds; safe to call twice. */
  async cleanup(): Promise<void> {
    const servers = [...this.running.values()];
    const results = await Promise.allSettled(servers.map((server) => server.remove()));
    const failed = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed.length > 0) throw new Error(failed.map((result) => (result.reason as Error).message).join('; '));
  }

  /** Ids of the containers this runtime holds now (for tests and doctor). */
  containerIds(): string[] {
    return [...this.running.keys()];
  }

  /** Stops listening for exit and signals; call after cleanup() when the runtime is done. */
  dispose(): void {
    this.removeCleanup();
    process.removeListener('exit', this.onExit);
  }

  /** @internal */
  forget(server: ContainerServer): void {
    this.running.delete(server.id);
  }

  /** @internal */
  noteCgroupVersion(version: 1 | 2): void {
    this.cgroupVersion = version;
  }

  /** @internal */
  noteStatsFallback(): void {
    this.statsFallback = true;
  }
}
