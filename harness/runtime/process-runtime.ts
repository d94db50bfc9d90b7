// Runs targets as native processes pinned with taskset: the runtime when no Docker engine answers.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { LaunchSpec, MemoryHighWater, PreparedTarget, Runtime, RunningServer } from './runtime.js';
import type { Logger } from '../log/logger.js';
import type { LoadedTarget } from '../targets/load-targets.js';
import { buildNative } from '../targets/build-native.js';
import { nativeSection } from '../targets/native-section.js';
import { artifactSize } from '../targets/artifact-size.js';
import { descendantsAndSelf, processState, processTreeUsage, residentHighWaterBytes } from '../system/process-tree.js';
import { formatCpuList } from '../placement/cpu-list.js';
import { OutputTail } from '../log/output-tail.js';
import { onCleanup } from '../lifecycle/cleanup.js';
import { ownerId } from '../lifecycle/owner.js';
import { OWNER_ENV, killLeftoverServers } from './leftover-processes.js';

const STOP_GRACE_MS = 5000;
/** how long a launcher may take to reach its read before it is started anyway */
const LAUNCHER_READY_TIMEOUT_MS = 2000;

/** Resolves once the launcher shell sleeps (in its read of stdin), or has exited, or after the timeout. */
async function waitUntilBlocked(child: ChildProcess): Promise<void> {
  const deadline = Date.now() + LAUNCHER_READY_TIMEOUT_MS;
  await new Promise<void>((resolve) => {
    child.once('spawn', () => resolve());
    child.once('error', () => resolve());
  });
  while (child.pid !== undefined && child.exitCode === null && Date.now() < deadline) {
    if (processState(child.pid) === 'S') return;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

class NativeServer implements RunningServer {
  readonly baseUrl: string;
  /** set by ProcessRuntime.start right before the start request */
  startRequestedNs = 0n;
  /** creating the waiting launcher (fork and exec of the shell), timed apart from the start */
  createMs: number | undefined;
  private exit: string | undefined;
  private frozen = false;
  private readonly exited: Promise<void>;
  private readonly tail = new OutputTail(40);

  constructor(private readonly child: ChildProcess, port: number) {
    this.baseUrl = `http://127.0.0.1:${port}`;
    child.stdout?.on('data', (chunk: Buffer) => this.tail.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.tail.push(chunk));
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = signal ? `killed by ${signal}` : `exit code ${code}`;
        resolve();
      });
      child.once('error', (error) => {
        this.exit = `could not start: ${error.message}`;
        resolve();
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  async memoryBytes(): Promise<number> {
    return this.child.pid === undefined || this.exit ? 0 : (await processTreeUsage(this.child.pid)).rssBytes;
  }

  async cpuTimeNs(): Promise<number> {
    return this.child.pid === undefined || this.exit ? 0 : (await processTreeUsage(this.child.pid)).cpuTimeNs;
  }

  async memoryHighWater(): Promise<MemoryHighWater | null> {
    if (this.child.pid === undefined || this.exit) return null;
    const bytes = residentHighWaterBytes(descendantsAndSelf(this.child.pid));
    return bytes === null ? null : { bytes, sameMeasure: true, source: 'VmHWM summed over the process tree' };
  }

  async freeze(): Promise<void> {
    if (this.frozen || this.exit !== undefined) return;
    this.signalGroup('SIGSTOP');
    this.frozen = true;
  }

  async thaw(): Promise<void> {
    if (!this.frozen) return;
    this.signalGroup('SIGCONT');
    this.frozen = false;
  }

  exitReason(): string | undefined {
    return this.exit;
  }

  outputTail(): string {
    return this.tail.text();
  }

  /** SIGTERM to the whole process group (workers too), SIGKILL after a grace period. */
  async stop(): Promise<void> {
    if (this.exit !== undefined || this.child.pid === undefined) return;
    this.signalGroup('SIGTERM');
    // a stopped process keeps SIGTERM pending until it runs again
    await this.thaw();
    const timer = setTimeout(() => this.signalGroup('SIGKILL'), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
    // workers that outlived their parent still belong to the group
    this.signalGroup('SIGKILL');
  }

  /** Synchronous last resort for process exit handlers. */
  killNow(): void {
    this.signalGroup('SIGKILL');
  }

  private signalGroup(signal: NodeJS.Signals): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // the group is already gone
    }
  }
}

export class ProcessRuntime implements Runtime {
  readonly kind = 'process' as const;
  readonly memorySource = 'process-tree-rss';
  private readonly running = new Set<NativeServer>();
  private readonly removeCleanup: () => void;
  private readonly owner = ownerId();
  private swept = false;

  constructor() {
    this.removeCleanup = onCleanup(() => this.cleanup());
    // if the event loop is gone (crash), still kill synchronously
    process.once('exit', () => {
      for (const server of this.running) server.killNow();
    });
  }

  async prepare(target: LoadedTarget, log: Logger): Promise<PreparedTarget> {
    if (!this.swept) {
      this.swept = true;
      const killed = killLeftoverServers();
      if (killed.length > 0) log.info(`process: stopped ${killed.length} server process(es) left by a killed langbench run: pid ${killed.join(', ')}`);
    }
    await buildNative(target, log);
    return { target, sizeBytes: artifactSize(target), sizeKind: nativeSection(target).sizeKind };
  }

  async start(prepared: PreparedTarget, spec: LaunchSpec): Promise<RunningServer> {
    const { manifest, dir } = prepared.target;
    const native = nativeSection(prepared.target);
    const [command, ...args] = native.run as [string, ...string[]];
    const executable = command.startsWith('./') || command.includes('/') ? path.resolve(dir, command) : command;
    // the owner marker lets a later run find this server if langbench itself is killed (SIGKILL)
    const env: NodeJS.ProcessEnv = { ...process.env, ...native.runEnv, [manifest.port.env]: String(spec.port), [OWNER_ENV]: this.owner };
    if (manifest.cpuEnv) env[manifest.cpuEnv] = String(spec.cpus.length);
    // Created first, started later, as a container is: a shell that waits for one line on stdin
    // and then execs taskset, which execs the server (so the pid we hold becomes the server's).
    // Forking this large Node process takes over a millisecond; that is creation, timed apart, so
    // the start request is only the line written to an already-running, waiting launcher.
    const createdAt = process.hrtime.bigint();
    const child = spawn('/bin/sh', ['-c', 'read -r _ || exit 0; exec taskset -c "$0" "$@"', formatCpuList(spec.cpus), executable, ...args], {
      cwd: dir,
      env,
      // its own process group, which stop() signals as a whole
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const server = new NativeServer(child, spec.port);
    this.running.add(server);
    child.once('exit', () => this.running.delete(server));
    await waitUntilBlocked(child);
    server.createMs = Number(process.hrtime.bigint() - createdAt) / 1e6;
    server.startRequestedNs = process.hrtime.bigint();
    child.stdin?.end('\n');
    return server;
  }

  async cleanup(): Promise<void> {
    await Promise.all([...this.running].map((server) => server.stop()));
  }

  dispose(): void {
    this.removeCleanup();
  }
}
