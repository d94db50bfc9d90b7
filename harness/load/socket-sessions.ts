// A session scenario's sessions for the socket engine: opened before the window, one per connection.
import type net from 'node:net';
import { httpRequestBytes } from './http-request-bytes.js';
import { closeSessions, openSession, type OpenedSession } from './session-setup.js';
import type { WorkerJob } from './worker-protocol.js';

/**
 * A session scenario: one session per connection, opened before the window (an agent initializes
 * once, then calls tools), each connection repeating the request with its own session header.
 */
export class Sessions {
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

