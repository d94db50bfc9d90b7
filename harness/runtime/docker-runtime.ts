// Runs targets as Docker containers through the engine API: host networking, pinned with a
// cpuset, memory-limited, labelled as langbench's, measured from their cgroup.
import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import type { LaunchSpec, PreparedTarget, Runtime, RunningServer } from './runtime.js';
import type { Logger } from '../log/logger.js';
import type { LoadedTarget } from '../targets/load-targets.js';
import { onCleanup } from '../lifecycle/cleanup.js';
import { EnvironmentError } from '../errors.js';
import { isEngineGone, worldFault } from '../faults/world-fault.js';
import { formatCpuList } from '../placement/cpu-list.js';
import { dockerClient, engineMessage } from '../docker/docker-client.js';
import { LANGBENCH_LABEL, OWNER_LABEL, RUN_LABEL, TARGET_LABEL } from '../docker/labels.js';
import { ownerId } from '../lifecycle/owner.js';
import { removeLeftoverContainers } from '../docker/leftovers.js';
import { removeContainersSync } from '../docker/remove-containers-sync.js';
import { buildTargetImage, chooseBuildMode, type BuildChoice } from '../docker/target-image.js';
import { prebuiltImage } from '../docker/prebuilt-image.js';
import { explainEngineError } from '../docker/engine-probe.js';
import { leastPrivilege, NOBODY, runsAsRoot } from './container-policy.js';
import { ContainerServer } from './container-server.js';

export const DEFAULT_MEMORY_LIMIT_BYTES = 1024 ** 3;

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
    if (failed.length === 0) return;
    const reasons = failed.map((result) => result.reason as unknown);
    // with the engine gone every removal fails alike: one line for all, the cause kept for the CLI
    if (reasons.every(isEngineGone)) {
      const n = reasons.length;
      throw new EnvironmentError(
        `could not remove ${n} container${n === 1 ? '' : 's'} this run started: ${worldFault(reasons[0])!.line}; the next run removes ${n === 1 ? 'it' : 'them'} once the engine answers`,
        { cause: new AggregateError(reasons) },
      );
    }
    throw new AggregateError(reasons, reasons.map((reason) => (reason as Error).message).join('; '));
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
