// The socket engine: plain node:net keep-alive connections, no pipelining, in this worker thread.
// Closed loop: every connection sends its next request as soon as the previous answer arrives.
// Open loop: requests go out on a fixed timetable (open-loop-schedule.ts) whether or not earlier
// ones were answered, each on an idle connection of a pool that grows on demand up to the job's
// connections; a request finding none idle waits for the first to free up. Latency is taken from
// the scheduled time (so a stalled server shows in it: no coordinated omission), the service time
// from the actual send, the schedule lag between the two.
import { performance } from 'node:perf_hooks';
import type * as hdr from 'hdr-histogram-js';
import { httpRequestBytes } from './http-request-bytes.js';
import { encodeHistogram, HIGHEST_TRACKABLE_US, newLatencyHistogram } from './latency-histogram.js';
import type { LoadEngine } from './load-engine.js';
import { OpenLoopSchedule } from './open-loop-schedule.js';
import { SocketConnection, type ConnectionEvents, type Endpoint } from './socket-connection.js';
import type net from 'node:net';
import { closeSessions, openSession, type OpenedSession } from './session-setup.js';
import type { WorkerJob } from './worker-protocol.js';

/** open loop: how early the timer wakes before a request is due; the rest is spun out with setImmediate */
const SPIN_MS = 1;
/** open loop: connections opened ahead, per request due in this many ms (the timer's batch) */
const PREOPEN_WINDOW_MS = 2;

function record(h: hdr.Histogram, ms: number): void {
  const us = Math.round(ms * 1000);
  h.recordValue(us < 0 ? 0 : us < HIGHEST_TRACKABLE_US ? us : HIGHEST_TRACKABLE_US);
}

export function socketEngine(job: WorkerJob): LoadEngine {
  const url = new URL(job.url);
  const endpoint: Endpoint = {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: Number(url.port || 80),
    bytes: httpRequestBytes(url, job),
    headRequest: job.method === 'HEAD',
    timeoutMs: job.timeoutS * 1000,
  };
  const sessions = job.session ? new Sessions(url, job) : null;
  return job.ratePerS === undefined ? new ClosedLoop(endpoint, sessions, job.connections) : new OpenLoop(endpoint, sessions, job.connections, job.ratePerS, job.durationS);
}

/**
 * A session scenario: one session per connection, opened before the window (an agent initializes
 * once, then calls tools), each connection repeating the request with its own session header.
 */
class Sessions {
  private readonly opened: { socket: net.Socket | undefined; bytes: Buffer; id: string }[] = [];

  constructor(
    private readonly url: URL,
    private readonly job: WorkerJob,
  ) {}

  async open(count: number): Promise<void> {
    const spec = this.job.session!;
    const settled = await Promise.allSettled(Array.from({ length: count }, () => openSession(new URL(this.url.origin), spec, this.job.timeoutS * 1000)));
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      for (const s of settled) if (s.status === 'fulfilled') s.value.socket.destroy();
      throw failed.reason;
    }
    for (const s of settled as PromiseFulfilledResult<OpenedSession>[]) {
      this.opened.push({ id: s.value.id, socket: s.value.socket, bytes: httpRequestBytes(this.url, { ...this.job, headers: { ...this.job.headers, [spec.header]: s.value.id } }) });
    }
  }

  /** the i-th connection's request bytes, and (once) the socket its session was opened on */
  take(i: number): { bytes: Buffer; socket: net.Socket | undefined } {
    const session = this.opened[i % this.opened.length]!;
    const socket = session.socket;
    session.socket = undefined;
    // a session socket the server closed while it waited (an idle timeout) is replaced by a fresh
    // connection, which a multi-process server may route to another worker: its answers then count as non-2xx
    return { bytes: session.bytes, socket: socket && !socket.destroyed && socket.writable ? socket : (socket?.destroy(), undefined) };
  }

  /** closes the session sockets no connection took (an open loop's pool grew less than it might) */
  close(): void {
    for (const session of this.opened) session.socket?.destroy();
  }

  /** ends every session on the server (the scenario's teardown), once the window has closed */
  end(): Promise<void> {
    return closeSessions(new URL(this.url.origin), this.job.session!, this.opened.map((s) => s.id), this.job.timeoutS * 1000);
  }
}

/** counts and the latency histogram of the window, shared by both loops */
abstract class Tally implements ConnectionEvents, LoadEngine {
  protected readonly latency = newLatencyHistogram();
  protected measuring = false;
  protected running = false;
  protected readonly connections: SocketConnection[] = [];
  private ok = 0;
  private non2xx = 0;
  private errors = 0;
  private timeouts = 0;
  private sinceTick = 0;

  constructor(
    protected readonly endpoint: Endpoint,
    protected readonly sessions: Sessions | null,
  ) {}

  abstract prepare(): Promise<void>;
  abstract start(): void;
  abstract onResponse(conn: SocketConnection, status: number): void;
  abstract onFailure(conn: SocketConnection, timedOut: boolean): void;

  protected countResponse(status: number): void {
    if (status >= 200 && status < 300) this.ok++;
    else this.non2xx++;
    this.sinceTick++;
  }

  protected countFailure(timedOut: boolean): void {
    this.errors++;
    if (timedOut) this.timeouts++;
  }

  protected connection(): SocketConnection {
    const session = this.sessions?.take(this.connections.length);
    const conn = new SocketConnection(session ? { ...this.endpoint, bytes: session.bytes } : this.endpoint, this, session?.socket);
    this.connections.push(conn);
    return conn;
  }

  takeResponses(): number {
    const n = this.sinceTick;
    this.sinceTick = 0;
    return n;
  }

  stop(): ReturnType<LoadEngine['stop']> {
    this.measuring = false;
    this.running = false;
    const counts = { ok: this.ok, non2xx: this.non2xx, errors: this.errors, timeouts: this.timeouts, histogram: encodeHistogram(this.latency) };
    for (const conn of this.connections) conn.close();
    this.sessions?.close();
    return counts;
  }

  finish(): Promise<void> {
    return this.sessions?.end() ?? Promise.resolve();
  }
}

class ClosedLoop extends Tally {
  constructor(
    endpoint: Endpoint,
    sessions: Sessions | null,
    private readonly count: number,
  ) {
    super(endpoint, sessions);
  }

  async prepare(): Promise<void> {
    await this.sessions?.open(this.count);
    for (let i = 0; i < this.count; i++) this.connection();
    await Promise.all(this.connections.map((c) => c.open()));
  }

  start(): void {
    this.measuring = this.running = true;
    for (const conn of this.connections) conn.send(performance.now());
  }

  // The hot path: one call per response; a number into the histogram, counters, the next send.
  onResponse(conn: SocketConnection, status: number): void {
    if (!this.measuring) return;
    const now = performance.now();
    record(this.latency, now - conn.sentMs);
    this.countResponse(status);
    conn.send(now);
  }

  onFailure(conn: SocketConnection, timedOut: boolean): void {
    if (!this.measuring) return;
    this.countFailure(timedOut);
    // not from inside the socket's close: a refused connection would otherwise recurse
    setImmediate(() => {
      if (this.running && !conn.busy) conn.send(performance.now());
    });
  }
}

class OpenLoop extends Tally {
  private readonly service = newLatencyHistogram();
  private readonly lag = newLatencyHistogram();
  private schedule: OpenLoopSchedule | undefined;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private readonly idle: SocketConnection[] = [];
  /** scheduled times of requests waiting for a free connection, oldest first from `pendingHead` */
  private pending: number[] = [];
  private pendingHead = 0;
  private sent = 0;
  /** requests that found every connection of the pool busy and waited for one */
  private queued = 0;

  constructor(
    endpoint: Endpoint,
    sessions: Sessions | null,
    private readonly maxConnections: number,
    private readonly ratePerS: number,
    private readonly durationS: number,
  ) {
    super(endpoint, sessions);
  }

  async prepare(): Promise<void> {
    // every connection the pool may grow to gets its session now, outside the window
    await this.sessions?.open(this.maxConnections);
    const ahead = Math.min(this.maxConnections, 1 + Math.ceil((this.ratePerS * PREOPEN_WINDOW_MS) / 1000));
    for (let i = 0; i < ahead; i++) this.idle.push(this.connection());
    await Promise.all(this.connections.map((c) => c.open()));
  }

  start(): void {
    this.measuring = this.running = true;
    const now = performance.now();
    this.schedule = new OpenLoopSchedule(now, this.ratePerS, now + this.durationS * 1000);
    this.tick();
  }

  // Timers fire late by up to a millisecond or more: each wake sends everything due by then, and
  // the lateness is measured (lag), and inside the latency, never hidden.
  // Node's timers fire on whole milliseconds, and late: a request sent by setTimeout alone leaves
  // up to a millisecond or more after its time, and that lateness would count as the server's
  // latency (a cross-check against oha at 5K req/s read P50 869 µs where oha read 195 µs). So the
  // timer only wakes the loop SPIN_MS early; from there it turns over with setImmediate (I/O is
  // still polled on every turn) until the next request is due. The lag left is measured (lag) and
  // stays inside the latency, never hidden.
  private readonly tick = (): void => {
    this.timer = this.immediate = undefined;
    if (!this.running || !this.schedule) return;
    this.schedule.takeDue(performance.now(), this.dispatch);
    const next = this.schedule.nextDueMs();
    if (next === undefined) return;
    const wait = next - performance.now();
    if (wait > SPIN_MS) this.timer = setTimeout(this.tick, wait - SPIN_MS);
    else this.immediate = setImmediate(this.tick);
  };

  private readonly dispatch = (dueMs: number): void => {
    const conn = this.idle.pop() ?? (this.connections.length < this.maxConnections ? this.connection() : undefined);
    if (conn) this.send(conn, dueMs);
    else {
      this.pending.push(dueMs);
      if (this.measuring) this.queued++;
    }
  };

  private send(conn: SocketConnection, dueMs: number): void {
    conn.send(dueMs);
    this.sent++;
    record(this.lag, conn.sentMs - dueMs);
  }

  /** a connection came free: the oldest waiting request goes out on it, else it idles */
  private release(conn: SocketConnection): void {
    if (this.pendingHead < this.pending.length) {
      const due = this.pending[this.pendingHead++]!;
      if (this.pendingHead > 4096 && this.pendingHead * 2 > this.pending.length) {
        this.pending = this.pending.slice(this.pendingHead);
        this.pendingHead = 0;
      }
      this.send(conn, due);
    } else this.idle.push(conn);
  }

  onResponse(conn: SocketConnection, status: number): void {
    if (!this.measuring) return;
    const now = performance.now();
    record(this.latency, now - conn.dueMs);
    record(this.service, now - conn.sentMs);
    this.countResponse(status);
    this.release(conn);
  }

  onFailure(conn: SocketConnection, timedOut: boolean): void {
    if (!this.measuring) return;
    this.countFailure(timedOut);
    // the lost request stays lost (counted); the next one due reopens the connection
    setImmediate(() => {
      if (this.running && !conn.busy) this.release(conn);
    });
  }

  override stop(): ReturnType<LoadEngine['stop']> {
    clearTimeout(this.timer);
    clearImmediate(this.immediate);
    const inFlightAtEnd = this.connections.filter((c) => c.busy).length;
    const unsent = this.pending.length - this.pendingHead;
    const scheduled = this.schedule?.handedOut ?? 0;
    const counts = super.stop();
    return {
      ...counts,
      open: { scheduled, sent: this.sent, inFlightAtEnd, unsent, connections: this.connections.length, queued: this.queued, service: encodeHistogram(this.service), lag: encodeHistogram(this.lag) },
    };
  }
}
