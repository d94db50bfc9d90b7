// A session scenario's per-connection start: its setup requests (an MCP client's initialize and
// notifications/initialized), in order, on the very connection that then carries the load, so a
// server of several worker processes sees the whole session on the worker that opened it. The
// session header the server answers with goes on every later setup request and, once the socket is
// handed over, on the request the connection repeats.
import net from 'node:net';
import { HttpResponseParser, headerIn } from './http-response-parser.js';
import { httpRequestBytes } from './http-request-bytes.js';
import type { LoadRequest, SessionLifetime } from './load-types.js';

type Request = Pick<LoadRequest, 'method' | 'path' | 'headers' | 'body'>;

export interface SessionSpec {
  setup: Request[];
  /** lowercase response header name, e.g. mcp-session-id */
  header: string;
  /** ends a session when the run is over (an MCP client's DELETE) */
  teardown?: Request;
  /** operation: every operation opens, uses and ends its own session (the churn flow); absent: per connection */
  lifetime?: SessionLifetime;
}

export interface OpenedSession {
  /** connected, idle, with no listeners of ours left on it */
  socket: net.Socket;
  id: string;
}

/** Opens a connection and a session on it; rejects naming the step that failed (the socket is then closed). */
export function openSession(url: URL, spec: SessionSpec, timeoutMs: number): Promise<OpenedSession> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 80), noDelay: true });
    let step = 0;
    let id: string | undefined;
    let head = '';
    let body = '';
    const fail = (why: string): void => {
      cleanup();
      socket.destroy();
      reject(new Error(step < spec.setup.length ? `session setup ${step + 1} (${spec.setup[step]!.method} ${spec.setup[step]!.path}): ${why}` : why));
    };
    const parser = new HttpResponseParser(
      (status) => {
        if (status < 200 || status > 299) return fail(`answered ${status}: ${body.slice(0, 160)}`);
        id ??= headerIn(head, spec.header);
        step++;
        if (step < spec.setup.length) return send();
        if (id === undefined) return fail(`no session setup answer carried the ${spec.header} header`);
        cleanup();
        resolve({ socket, id });
      },
      false,
      (h) => (head = h),
    );
    const send = (): void => {
      const request = spec.setup[step]!;
      head = body = '';
      const headers = id === undefined ? request.headers : { ...request.headers, [spec.header]: id };
      socket.write(httpRequestBytes(new URL(request.path, url), { ...request, headers }));
    };
    const onData = (chunk: Buffer): void => {
      if (body.length < 160) body += chunk.toString('utf8');
      try {
        parser.push(chunk);
      } catch (error) {
        fail((error as Error).message);
      }
    };
    const onClose = (): void => fail('the server closed the connection');
    const onError = (error: Error): void => fail(error.message);
    const onTimeout = (): void => fail(`no answer within ${timeoutMs} ms`);
    const cleanup = (): void => {
      socket.off('data', onData).off('close', onClose).off('error', onError).off('timeout', onTimeout).setTimeout(0);
      // until a load connection takes it over (an open loop's pool may never), a reset of the idle
      // socket must not surface as an unhandled error; the taker sees the socket destroyed
      socket.on('error', () => undefined);
    };
    socket.on('data', onData).on('close', onClose).on('error', onError).on('timeout', onTimeout).setTimeout(timeoutMs);
    socket.once('connect', send);
  });
}

/**
 * Ends sessions after the window (each teardown on a connection of its own, answers not judged):
 * a server keeps an open session's state, which would otherwise pile up from trial to trial and
 * show in its memory after the load.
 */
export async function closeSessions(url: URL, spec: SessionSpec, ids: readonly string[], timeoutMs: number): Promise<void> {
  const teardown = spec.teardown;
  if (!teardown) return;
  await Promise.allSettled(
    ids.map(
      (id) =>
        new Promise<void>((resolve) => {
          const socket = net.createConnection({ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 80) });
          const done = (): void => {
            socket.destroy();
            resolve();
          };
          const parser = new HttpResponseParser(done);
          socket.setTimeout(timeoutMs, done).on('error', done).on('close', done);
          socket.on('data', (chunk: Buffer) => {
            try {
              parser.push(chunk);
            } catch {
              done();
            }
          });
          socket.once('connect', () => socket.write(httpRequestBytes(new URL(teardown.path, url), { ...teardown, headers: { ...teardown.headers, [spec.header]: id } })));
        }),
    ),
  );
}
