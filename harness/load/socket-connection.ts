// One keep-alive HTTP/1.1 connection of the socket engine: sends the prepared request bytes, one
// request at a time (no pipelining), and says when the answer is complete or the request was lost.
// A connection the server closes, or that fails, is reopened by the next send. With a session
// operation (the churn flow), one "request" is the operation's steps in order, answered once the
// last step is (or the first step that fails): its latency runs from the first step's send.
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { HttpResponseParser, headerIn } from './http-response-parser.js';
import type { SessionOperation } from './session-operation.js';

/** the status an operation ends with when no setup answer named its session */
export const NO_SESSION_STATUS = 0;

export interface ConnectionEvents {
  /** a complete response to the request in flight; `conn.dueMs` and `conn.sentMs` are still its own */
  onResponse(conn: SocketConnection, status: number): void;
  /** the request in flight is lost (connection error, close or timeout); the connection is free again */
  onFailure(conn: SocketConnection, timedOut: boolean): void;
}

export interface Endpoint {
  host: string;
  port: number;
  /** the whole request, serialized once */
  bytes: Buffer;
  headRequest: boolean;
  /** no answer within this many milliseconds: the request is lost as a timeout */
  timeoutMs: number;
  /** each request is a whole session (setup, request, teardown) instead of `bytes` */
  operation?: SessionOperation;
}

export class SocketConnection {
  /** when the request in flight was due (open loop) or sent (closed loop), performance.now() ms */
  dueMs = 0;
  /** when the request in flight was written */
  sentMs = 0;
  busy = false;
  private socket: net.Socket | undefined;
  private timedOut = false;
  /** the socket has answered a request before: a close on it may be the server dropping an idle connection */
  private reused = false;
  /** the request in flight was already re-sent once */
  private resent = false;
  /** a session operation's step in flight, and the session its first answers named */
  private step = 0;
  private sessionId: string | undefined;
  /** the last response head (session operations only: it names the session) */
  private head = '';

  constructor(
    private readonly endpoint: Endpoint,
    private readonly events: ConnectionEvents,
    /** an already connected socket to start on (a session's, opened on it); later ones are made here */
    private adopted?: net.Socket,
  ) {}

  /** Opens the socket ahead of the first request; resolves once connected or failed. */
  open(): Promise<void> {
    const socket = this.ensureSocket();
    return new Promise((resolve) => {
      if (!socket.connecting) return resolve();
      socket.once('connect', () => resolve());
      socket.once('close', () => resolve());
    });
  }

  send(dueMs: number): void {
    const socket = this.ensureSocket();
    this.busy = true;
    this.dueMs = dueMs;
    this.sentMs = performance.now();
    const operation = this.endpoint.operation;
    if (!operation) return void socket.write(this.endpoint.bytes);
    this.step = 0;
    this.sessionId = undefined;
    socket.write(operation.bytes(0, undefined));
  }

  close(): void {
    this.busy = false;
    this.socket?.destroy();
    this.socket = undefined;
  }

  private ensureSocket(): net.Socket {
    if (this.socket) return this.socket;
    const socket = this.adopted ?? net.createConnection({ host: this.endpoint.host, port: this.endpoint.port, noDelay: true });
    this.adopted = undefined;
    this.reused = false;
    const onHead = this.endpoint.operation ? (head: string) => void (this.head = head) : undefined;
    const parser = new HttpResponseParser((status, keepAlive) => this.onParsed(socket, status, keepAlive), this.endpoint.headRequest, onHead);
    socket.setTimeout(this.endpoint.timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      this.reused = true;
      try {
        parser.push(chunk);
      } catch (error) {
        socket.destroy(error as Error);
      }
    });
    socket.on('timeout', () => {
      // an idle pooled connection may sit quietly: only a request waiting this long is a timeout
      if (!this.busy || socket !== this.socket) return;
      this.timedOut = true;
      socket.destroy();
    });
    // 'close' follows 'error' too; an error needs no handling of its own beyond not being thrown
    socket.on('error', () => {});
    socket.on('close', () => {
      if (socket !== this.socket) return;
      // a body that runs until close ends here: onParsed then lets this socket go itself
      parser.end();
      if (socket !== this.socket) return;
      this.socket = undefined;
      if (!this.busy) return;
      // The server closed a kept-alive connection as the request went out (an idle timeout, e.g.
      // uvicorn's 5 s) before answering a byte: send it once more on a fresh one, as HTTP clients do.
      // Its latency still runs from when it was due; the service time from the first send. A
      // session operation starts over from its first step: the old session may be on another worker.
      const dropped = this.reused && !this.timedOut && !parser.midResponse && !this.resent;
      this.reused = false;
      if (dropped) {
        this.resent = true;
        const sentMs = this.sentMs;
        this.send(this.dueMs);
        this.sentMs = sentMs;
        return;
      }
      this.busy = false;
      this.resent = false;
      const timedOut = this.timedOut;
      this.timedOut = false;
      this.events.onFailure(this, timedOut);
    });
    this.socket = socket;
    return socket;
  }

  private onParsed(socket: net.Socket, status: number, keepAlive: boolean): void {
    if (socket !== this.socket || !this.busy) return;
    if (!keepAlive) {
      // the server closes after this answer: the next send opens a fresh connection
      this.socket = undefined;
      socket.destroy();
    }
    if (this.endpoint.operation && this.nextStep(this.endpoint.operation, status)) return;
    this.busy = false;
    this.resent = false;
    this.events.onResponse(this, status);
  }

  /**
   * After a step's answer: sends the operation's next step and says so, or says the operation is
   * over (the last step answered, a step failed, or no answer named the session).
   */
  private nextStep(operation: SessionOperation, status: number): boolean {
    if (status < 200 || status > 299 || this.step + 1 >= operation.stepCount) return false;
    this.sessionId ??= headerIn(this.head, operation.header);
    if (this.sessionId === undefined) {
      this.busy = false;
      this.resent = false;
      this.events.onResponse(this, NO_SESSION_STATUS);
      return true;
    }
    this.step++;
    this.ensureSocket().write(operation.bytes(this.step, this.sessionId));
    return true;
  }
}
