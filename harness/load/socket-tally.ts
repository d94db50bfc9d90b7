// What both of the socket engine's loops count in the window: responses, failures, the latency histogram.
import type * as hdr from 'hdr-histogram-js';
import { encodeHistogram, HIGHEST_TRACKABLE_US, newLatencyHistogram } from './latency-histogram.js';
import type { LoadEngine } from './load-engine.js';
import { SocketConnection, type ConnectionEvents, type Endpoint } from './socket-connection.js';
import type { Sessions } from './socket-sessions.js';

/** one time in milliseconds into a microsecond histogram, clamped to what it can hold */
export function record(h: hdr.Histogram, ms: number): void {
  const us = Math.round(ms * 1000);
  h.recordValue(us < 0 ? 0 : us < HIGHEST_TRACKABLE_US ? us : HIGHEST_TRACKABLE_US);
}

/** counts and the latency histogram of the window, shared by both loops */
export abstract class Tally implements ConnectionEvents, LoadEngine {
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
