// The socket engine's closed loop: every connection sends its next request as soon as the previous answer arrives.
import { performance } from 'node:perf_hooks';
import type { Endpoint, SocketConnection } from './socket-connection.js';
import type { Sessions } from './socket-sessions.js';
import { record, Tally } from './socket-tally.js';

export class ClosedLoop extends Tally {
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
