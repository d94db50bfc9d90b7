// A runtime builds a target and runs it pinned to cores. Process, Docker and a fake one for tests
// all sit behind this interface so the bench loop never knows which it drives.
import type { LoadedTarget } from '../targets/load-targets.js';
import type { Logger } from '../log/logger.js';

export type RuntimeKind = 'process' | 'docker' | 'fake';

/** What building a target produced, ready to start any number of times. */
export interface PreparedTarget {
  target: LoadedTarget;
  sizeBytes: number | null;
  sizeKind: string;
  /** docker only: the image that runs */
  image?: { id: string; tag: string; build: 'online' | 'offline' | 'prebuilt'; cached: boolean };
}

export interface LaunchSpec {
  port: number;
  /** cores the server may use; never empty */
  cpus: number[];
}

export interface MemoryHighWater {
  bytes: number;
  sameMeasure: boolean;
  source: string;
}

/** One running server instance. */
export interface RunningServer {
  readonly baseUrl: string;
  /** process.hrtime.bigint() taken right before the start request (spawn / container start) */
  readonly startRequestedNs: bigint;
  /** docker: ms spent creating the container before start; undefined elsewhere */
  readonly createMs?: number;
  /**
   * fake runtime only: the cold start its script gives this start, reported instead of the
   * stopwatch (an in-process server is ready in microseconds; tests need exact figures)
   */
  readonly scriptedStartMs?: number;
  /** resident memory of the whole server now (process tree or cgroup), bytes */
  memoryBytes(): Promise<number>;
  /** cumulative CPU time of the whole server, nanoseconds */
  cpuTimeNs(): Promise<number>;
  /**
   * the kernel's high-water mark of the server's memory since it started, or null where the runtime
   * cannot read one. sameMeasure: it counts what memoryBytes() counts (VmHWM summed over a process
   * tree), so it bounds every reading; otherwise it is recorded beside them only (a cgroup's
   * max usage also counts page cache)
   */
  memoryHighWater(): Promise<MemoryHighWater | null>;
  /**
   * stops the server from running at all (SIGSTOP of its process group, docker pause) so that it
   * costs nothing while another target is measured; thaw() resumes it. Both are idempotent, and
   * stop() works on a frozen server.
   */
  freeze(): Promise<void>;
  thaw(): Promise<void>;
  /** rejects/returns a message once the server died on its own; undefined while alive */
  exitReason(): string | undefined;
  /** the error that ended the watch on the server, where the runtime has one (docker: the engine's) */
  exitCause?(): unknown;
  /** last lines the server printed, for error messages */
  outputTail(): string;
  /** stop gracefully (SIGTERM), force after a grace period, and release everything */
  stop(): Promise<void>;
}

export interface Runtime {
  readonly kind: RuntimeKind;
  /** where memory numbers come from, recorded in results (e.g. "process-tree-rss", "cgroup-v1") */
  readonly memorySource: string;
  prepare(target: LoadedTarget, log: Logger): Promise<PreparedTarget>;
  start(prepared: PreparedTarget, spec: LaunchSpec): Promise<RunningServer>;
  /** stop and remove everything this runtime started; safe to call twice, and from signal handlers */
  cleanup(): Promise<void>;
}
