// The two requests of an abandoned-session run besides the setup: the one tools/call a session
// makes on its own connection before the client vanishes, and the liveness probe at the end (a
// tools/call with the session's id on a fresh connection: a server that dropped the session
// answers 404, or 400 for an id it no longer knows).
import net from 'node:net';
import { HttpResponseParser } from '../load/http-response-parser.js';
import { httpRequestBytes } from '../load/http-request-bytes.js';
import type { MaterializedRequest } from '../contract/verify.js';

/** Sends one request on `socket` and resolves with its status; rejects on close, error or timeout. */
export function requestOn(socket: net.Socket, url: URL, request: MaterializedRequest, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const done = (finish: () => void): void => {
      socket.off('data', onData).off('close', onClose).off('error', onError).off('timeout', onTimeout).setTimeout(0);
      finish();
    };
    const parser = new HttpResponseParser((status) => done(() => resolve(status)));
    const onData = (chunk: Buffer): void => {
      try {
        parser.push(chunk);
      } catch (error) {
        done(() => reject(error as Error));
      }
    };
    const onClose = (): void => done(() => reject(new Error('the server closed the connection')));
    const onError = (error: Error): void => done(() => reject(error));
    const onTimeout = (): void => done(() => reject(new Error(`no answer within ${timeoutMs} ms`)));
    socket.on('data', onData).on('close', onClose).on('error', onError).on('timeout', onTimeout).setTimeout(timeoutMs);
    socket.write(httpRequestBytes(new URL(request.path, url), request));
  });
}

/** Opens a connection, sends one request, closes; resolves with the status. */
export async function requestAlone(url: URL, request: MaterializedRequest, timeoutMs: number): Promise<number> {
  const socket = net.createConnection({ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 80), noDelay: true });
  socket.on('error', () => undefined);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    });
    return await requestOn(socket, url, request, timeoutMs);
  } finally {
    socket.destroy();
  }
}

/** Whether a probe's status says the session is gone: 404 (the spec's answer) or 400 (an unknown id). */
export const sessionGone = (status: number): boolean => status === 404 || status === 400;
