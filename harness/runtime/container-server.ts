// One running target container: its address, its cgroup readings (or the engine's stats API
// where the cgroup files are out of reach), the freezer, its output, stop and removal.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import type { MemoryHighWater, RunningServer } from './runtime.js';
import { OutputTail } from '../log/output-tail.js';
import { engineMessage, engineStatus } from '../docker/docker-client.js';
import { locateContainerCgroup, type CgroupLocation } from '../docker/cgroup-location.js';
import { cpuNsFromEngineStats, memoryFromEngineStats, readCgroupCpuNs, readCgroupMemory, type EngineStats } from '../docker/cgroup-usage.js';

const STOP_GRACE_S = 5;

/** what a container server needs of the runtime that started it (DockerRuntime) */
export interface ContainerHost {
  readonly docker: Docker;
  readonly cgroupRoot: string;
  readonly serverAddress: string | undefined;
  forget(server: ContainerServer): void;
  noteCgroupVersion(version: 1 | 2): void;
  noteStatsFallback(): void;
}

export class ContainerServer implements RunningServer {
  readonly baseUrl: string;
  /** set by the runtime's start right before the start request */
  startRequestedNs = 0n;
  private exit: string | undefined;
  private exitError: unknown;
  private frozen = false;
  private stopping: Promise<void> | undefined;
  private cgroup: CgroupLocation | null | undefined;
  private readonly tail = new OutputTail(40);

  constructor(
    private readonly runtime: ContainerHost,
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
      .catch((error: unknown) => {
        // the wait ends with an error when the engine itself went away: kept, so the run can tell
        // a lost engine (stop measuring everything) from one lost container
        this.exitError = error;
        this.exited(undefined, undefined);
      });
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

  exitCause(): unknown {
    return this.exitError;
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
