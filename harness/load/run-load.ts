// HTTP/1.1 load across worker threads, closed loop or (with a rate) open loop, each worker running
// its engine (socket-engine.ts by default, or autocannon) in-thread; merges their microsecond
// histograms and counts into one LoadResult. Measures only: nothing here prints.
import { Worker } from 'node:worker_threads';
import { UsageError } from '../errors.js';
import { encodeHistogram, mergeEncoded, summarizeUs } from './latency-histogram.js';
import type { LoadEngineName, LoadOptions, LoadRequest, LoadResult, OpenLoopResult } from './load-types.js';
import type { SessionSpec } from './session-setup.js';
import { requireLoopbackUrl } from '../net/loopback.js';
import type { FromWorker, ToWorker, WorkerJob, WorkerReport } from './worker-protocol.js';

const WORKER_URL = new URL('./load-worker.js', import.meta.url);
/** seconds without a response before a request counts as a timeout and its connection is reopened */
const RESPONSE_TIMEOUT_S = 10;

/** Runs the load described by `options`; rejects with the abort reason when `options.signal` fires. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const url = requireLoopbackUrl(options.baseUrl);
  validate(options);
  options.signal?.throwIfAborted();

  const target = new URL(options.request.path, url).href;
  const engine = options.engine ?? DEFAULT_ENGINE;
  const shares = splitConnections(options.connections, options.workers);
  const jobs = shares.map(
    (connections): WorkerJob => ({
      engine,
      url: target,
      method: options.request.method,
      headers: withoutContentLength(options.request.headers),
      body: options.request.body,
      connections,
      durationS: options.durationS,
      timeoutS: RESPONSE_TIMEOUT_S,
      ...(options.rate === undefined ? {} : { ratePerS: options.rate / shares.length }),
      ...(options.request.session ? { session: sessionSpec(options.request.session) } : {}),
    }),
  );
  return new LoadRun(jobs, options).result;
}

/** the socket engine: cheaper per request than autocannon (see `npm run loadgen-ceiling`), and the only one with a rate */
export const DEFAULT_ENGINE: LoadEngineName = 'socket';

/** A session's requests as the workers send them (Content-Length is written from each body). */
function sessionSpec(session: NonNullable<LoadRequest['session']>): SessionSpec {
  const bare = (r: LoadRequest): SessionSpec['setup'][number] => ({ method: r.method, path: r.path, headers: withoutContentLength(r.headers), ...(r.body === undefined ? {} : { body: r.body }) });
  return {
    setup: session.setup.map(bare),
    header: session.header.toLowerCase(),
    ...(session.teardown ? { teardown: bare(session.teardown) } : {}),
    ...(session.lifetime === 'operation' ? { lifetime: session.lifetime } : {}),
  };
}

/**
 * Both engines write its own Content-Length from the body; a second one from the caller would go
 * out as a duplicate header, which strict parsers (httptools under uvicorn) answer with 400.
 */
function withoutContentLength(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'content-length'));
}

/** Connections per worker, as even as possible; never a worker with none. */
export function splitConnections(connections: number, workers: number): number[] {
  const n = Math.min(workers, connections);
  return Array.from({ length: n }, (_, i) => Math.floor(connections / n) + (i < connections % n ? 1 : 0));
}

function validate(o: LoadOptions): void {
  const positiveInt = (name: string, v: number): void => {
    if (!Number.isInteger(v) || v < 1) throw new UsageError(`${name} must be a positive integer, got ${JSON.stringify(v)}`);
  };
  positiveInt('connections', o.connections);
  positiveInt('workers', o.workers);
  if (!Number.isFinite(o.durationS) || o.durationS <= 0) {
    throw new UsageError(`durationS must be a positive number of seconds, got ${JSON.stringify(o.durationS)}`);
  }
  if (o.engine !== undefined && o.engine !== 'socket' && o.engine !== 'autocannon') {
    throw new UsageError(`engine must be socket or autocannon, got ${JSON.stringify(o.engine)}`);
  }
  if (o.rate !== undefined) {
    if (!Number.isFinite(o.rate) || o.rate <= 0) throw new UsageError(`rate must be a positive number of requests per second, got ${JSON.stringify(o.rate)}`);
    if (o.engine === 'autocannon') throw new UsageError('a rate (open loop) needs the socket engine: drop --engine autocannon');
  }
  if (o.request.session && o.engine === 'autocannon') {
    throw new UsageError('a session scenario (mcp-session) needs the socket engine: drop --engine autocannon or the scenario');
  }
  if (!o.request.path.startsWith('/')) {
    throw new UsageError(`request path must start with "/", got ${JSON.stringify(o.request.path)}`);
  }
}

// One run: the workers, their reports, progress and abort. Settles exactly once and always
// terminates every worker it started (terminating a worker closes its sockets).
class LoadRun {
  readonly result: Promise<LoadResult>;
  private readonly workers: Worker[] = [];
  private readonly reports: WorkerReport[] = [];
  private ready = 0;
  private settled = false;
  private cpuStart: NodeJS.CpuUsage | undefined;
  /** progress: each worker's rate in its latest tick; reported summed once every worker ticked again */
  private readonly tickRates: (number | undefined)[] = [];
  private resolve!: (r: LoadResult) => void;
  private reject!: (e: unknown) => void;

  constructor(
    jobs: WorkerJob[],
    private readonly options: LoadOptions,
  ) {
    this.result = new Promise<LoadResult>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    options.signal?.addEventListener('abort', this.onAbort, { once: true });
    for (const [index, job] of jobs.entries()) {
      const worker = new Worker(WORKER_URL, { workerData: job });
      worker.on('message', (m: FromWorker) => this.onMessage(index, m));
      worker.on('error', (cause) => this.fail(new Error(`a load worker failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })));
      worker.on('exit', (code) => this.fail(new Error(`a load worker exited early (code ${code})`)));
      this.workers.push(worker);
    }
  }

  private onMessage(index: number, m: FromWorker): void {
    if (this.settled) return;
    if (m.type === 'ready' && ++this.ready === this.workers.length) this.go();
    else if (m.type === 'tick') this.onTick(index, (m.responses * 1e9) / m.ns);
    else if (m.type === 'done') {
      this.reports.push(m);
      if (this.reports.length === this.workers.length) this.finish();
    }
  }

  private go(): void {
    this.cpuStart = process.cpuUsage();
    const go: ToWorker = { type: 'go' };
    for (const w of this.workers) w.postMessage(go);
  }

  private onTick(index: number, rate: number): void {
    this.tickRates[index] = rate;
    if (this.tickRates.length < this.workers.length || this.tickRates.includes(undefined)) return;
    const total = this.tickRates.reduce<number>((s, r) => s + r!, 0);
    this.tickRates.fill(undefined);
    this.options.onProgress?.(total);
  }

  private finish(): void {
    const cpu = process.cpuUsage(this.cpuStart);
    // stop the traffic first (the workers' autocannon keeps sending until terminated), then merge
    this.settle(() => this.resolve(this.merge(cpu)));
  }

  private merge(cpu: NodeJS.CpuUsage): LoadResult {
    const reports = this.reports;
    const sum = (k: 'ok' | 'non2xx' | 'errors' | 'timeouts'): number => reports.reduce((s, r) => s + r[k], 0);
    const histogram = mergeEncoded(reports.map((r) => r.histogram));
    const durationS = reports.reduce((s, r) => s + r.elapsedNs, 0) / reports.length / 1e9;
    try {
      return {
        durationS,
        ok: sum('ok'),
        non2xx: sum('non2xx'),
        errors: sum('errors'),
        timeouts: sum('timeouts'),
        // each worker's 2xx over its own window, summed: the windows differ by the 'go' skew only
        rps: reports.reduce((s, r) => s + (r.ok * 1e9) / r.elapsedNs, 0),
        latencyUs: summarizeUs(histogram),
        histogram: encodeHistogram(histogram),
        clientCpuNs: (cpu.user + cpu.system) * 1000,
        engine: this.options.engine ?? DEFAULT_ENGINE,
        ...(this.options.rate === undefined ? {} : { open: mergeOpen(reports, this.options.rate) }),
      };
    } finally {
      histogram.destroy();
    }
  }

  private readonly onAbort = (): void => {
    this.settle(() => this.reject(this.options.signal?.reason));
  };

  private fail(error: Error): void {
    this.settle(() => this.reject(error));
  }

  private settle(how: () => void): void {
    if (this.settled) return;
    this.settled = true;
    this.options.signal?.removeEventListener('abort', this.onAbort);
    const stopped = this.workers.map((w) => {
      w.removeAllListeners('exit');
      return w.terminate();
    });
    // settle only once every worker (and so every socket) is gone
    void Promise.allSettled(stopped)
      .then(how)
      .catch((error: unknown) => this.reject(error));
  }
}

/** The open-loop numbers of all workers as one: counts summed, histograms merged. */
function mergeOpen(reports: readonly WorkerReport[], offeredRps: number): OpenLoopResult {
  const parts = reports.map((r) => {
    if (!r.open) throw new Error('an open-loop worker reported no open-loop numbers');
    return r.open;
  });
  const sum = (k: 'scheduled' | 'inFlightAtEnd' | 'unsent' | 'connections' | 'queued'): number => parts.reduce((s, p) => s + p[k], 0);
  // each worker's answers over its own window, summed, as rps is
  const achievedRps = reports.reduce((s, r) => s + ((r.ok + r.non2xx) * 1e9) / r.elapsedNs, 0);
  const service = mergeEncoded(parts.map((p) => p.service));
  const lag = mergeEncoded(parts.map((p) => p.lag));
  try {
    return {
      offeredRps,
      achievedRatio: achievedRps / offeredRps,
      scheduled: sum('scheduled'),
      inFlightAtEnd: sum('inFlightAtEnd'),
      unsent: sum('unsent'),
      connections: sum('connections'),
      queued: sum('queued'),
      serviceUs: summarizeUs(service),
      serviceHistogram: encodeHistogram(service),
      lagUs: summarizeUs(lag),
    };
  } finally {
    service.destroy();
    lag.destroy();
  }
}
