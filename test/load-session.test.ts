// Session scenarios on the socket engine: every connection opens its own session (the setup
// requests, the session header of the answer carried on), then repeats the request with it;
// a setup that hands out no session fails the run with the reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LoadRequest } from '../harness/load/load-types.js';

// the workers run compiled: load run-load from dist/ as the other load tests do
const dist = (file: string): string => fileURLToPath(new URL(`../dist/harness/load/${file}`, import.meta.url));
if (!existsSync(dist('load-worker.js'))) throw new Error('dist/ is missing: run `npm run build` (or `npx tsc -p .`) before vitest');
const { runLoad } = (await import(dist('run-load.js'))) as typeof import('../harness/load/run-load.js');

let server: http.Server;
let baseUrl = '';
const opened = new Set<string>();
const used = new Set<string>();
let initializedWithoutSession = 0;
/** the connection each session was opened on, and calls that came on another one */
const sessionSocket = new Map<string, unknown>();
let callsOnAnotherConnection = 0;
const ended = new Set<string>();

beforeAll(async () => {
  let next = 0;
  server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const session = request.headers['x-session'];
      if (request.url === '/init') {
        const id = `s${++next}`;
        opened.add(id);
        sessionSocket.set(id, request.socket);
        response.writeHead(200, { 'x-session': id }).end('{}');
      } else if (request.url === '/initialized') {
        if (typeof session !== 'string' || !opened.has(session)) initializedWithoutSession++;
        response.writeHead(202).end();
      } else if (request.method === 'DELETE' && typeof session === 'string') {
        ended.add(session);
        response.writeHead(204).end();
      } else if (typeof session === 'string' && opened.has(session)) {
        used.add(session);
        if (sessionSocket.get(session) !== request.socket) callsOnAnotherConnection++;
        response.writeHead(200).end('ok');
      } else response.writeHead(400).end('no session');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const call = (header: string): LoadRequest => ({
  method: 'POST',
  path: '/call',
  headers: { 'content-type': 'application/json' },
  body: '{}',
  session: { header, teardown: { method: 'DELETE', path: '/call', headers: {} }, setup: [{ method: 'POST', path: '/init', headers: {}, body: '{}' }, { method: 'POST', path: '/initialized', headers: {}, body: '{}' }] },
});

describe('session scenarios (socket engine)', () => {
  it('one session per connection, opened on it and carried on every request; closed loop and open loop', async () => {
    const closed = await runLoad({ baseUrl, request: call('x-session'), connections: 6, durationS: 0.5, workers: 2 });
    expect(closed.ok).toBeGreaterThan(0);
    expect(closed.non2xx).toBe(0);
    expect(opened.size).toBe(6);
    expect(used.size).toBe(6);
    expect(initializedWithoutSession).toBe(0);
    // the session is opened on the connection that then carries its calls (a multi-process server
    // keeps a connection on one worker)
    expect(callsOnAnotherConnection).toBe(0);
    // and ended when the run is over, so sessions do not pile up in the server between trials
    expect([...ended].sort()).toEqual([...opened].sort());
    const open = await runLoad({ baseUrl, request: call('x-session'), connections: 4, durationS: 0.5, workers: 1, rate: 200 });
    expect(open.non2xx).toBe(0);
    expect(open.ok).toBeGreaterThan(50);
    expect(opened.size).toBe(10);
  });

  it('a setup that hands out no session fails the run, naming the header', async () => {
    await expect(runLoad({ baseUrl, request: call('x-missing'), connections: 2, durationS: 0.3, workers: 1 })).rejects.toThrow(/no session setup answer carried the x-missing header/);
  });

  it('autocannon cannot run sessions: refused up front', async () => {
    await expect(runLoad({ baseUrl, request: call('x-session'), connections: 2, durationS: 0.3, workers: 1, engine: 'autocannon' })).rejects.toThrow(/a session scenario \(mcp-session\) needs the socket engine/);
  });
});
