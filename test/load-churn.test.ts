// The churn flow on the socket engine (mcp-churn): every operation is a whole session on one
// connection — initialize, initialized, the call, DELETE — timed as one; a step that fails ends the
// operation as a non-2xx, and one whose setup names no session is counted so, not retried.
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
/** per session: the steps it saw, in order, and whether they all came on the connection that opened it */
const steps = new Map<string, string[]>();
const socketOf = new Map<string, unknown>();
let stepsOnAnotherConnection = 0;
let withoutSession = 0;
/** when set, the call answers this status */
let callStatus = 200;

beforeAll(async () => {
  let next = 0;
  server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const session = request.headers['x-session'];
      if (request.url === '/init') {
        const id = `s${++next}`;
        steps.set(id, ['init']);
        socketOf.set(id, request.socket);
        return void response.writeHead(200, { 'x-session': id }).end('{}');
      }
      if (typeof session !== 'string' || !steps.has(session)) {
        withoutSession++;
        return void response.writeHead(404).end('no session');
      }
      if (socketOf.get(session) !== request.socket) stepsOnAnotherConnection++;
      const step = request.url === '/initialized' ? 'initialized' : request.method === 'DELETE' ? 'delete' : 'call';
      steps.get(session)!.push(step);
      response.writeHead(step === 'initialized' ? 202 : step === 'delete' ? 204 : callStatus).end(step === 'call' ? 'ok' : undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const churn = (header: string): LoadRequest => ({
  method: 'POST',
  path: '/call',
  headers: { 'content-type': 'application/json' },
  body: '{}',
  session: {
    header,
    lifetime: 'operation',
    teardown: { method: 'DELETE', path: '/call', headers: {} },
    setup: [{ method: 'POST', path: '/init', headers: {}, body: '{}' }, { method: 'POST', path: '/initialized', headers: {}, body: '{}' }],
  },
});

describe('churn: a session per operation (socket engine)', () => {
  it('each answered operation is one whole session, in order, on one connection; closed and open loop', async () => {
    steps.clear();
    const closed = await runLoad({ baseUrl, request: churn('x-session'), connections: 3, durationS: 0.5, workers: 1 });
    expect(closed.non2xx).toBe(0);
    expect(closed.errors).toBe(0);
    expect(closed.ok).toBeGreaterThan(10);
    const complete = [...steps.values()].filter((s) => s.length === 4);
    // every operation counted went through all four steps; at most one per connection was cut by the window's end
    expect(complete.length).toBeGreaterThanOrEqual(closed.ok);
    expect(steps.size - complete.length).toBeLessThanOrEqual(3);
    for (const s of complete) expect(s).toEqual(['init', 'initialized', 'call', 'delete']);
    expect(stepsOnAnotherConnection).toBe(0);
    expect(withoutSession).toBe(0);
    steps.clear();
    const open = await runLoad({ baseUrl, request: churn('x-session'), connections: 4, durationS: 0.5, workers: 1, rate: 100 });
    expect(open.non2xx).toBe(0);
    expect(open.ok).toBeGreaterThan(25);
    expect([...steps.values()].filter((s) => s.length === 4).length).toBeGreaterThanOrEqual(open.ok);
  });

  it('a failing call ends its operation as a non-2xx, without the teardown', async () => {
    steps.clear();
    callStatus = 500;
    try {
      const run = await runLoad({ baseUrl, request: churn('x-session'), connections: 2, durationS: 0.3, workers: 1 });
      expect(run.ok).toBe(0);
      expect(run.non2xx).toBeGreaterThan(0);
      expect([...steps.values()].every((s) => !s.includes('delete'))).toBe(true);
    } finally {
      callStatus = 200;
    }
  });

  it('a setup that names no session counts each operation as a non-2xx and sends nothing further', async () => {
    steps.clear();
    const before = withoutSession;
    const run = await runLoad({ baseUrl, request: churn('x-missing'), connections: 2, durationS: 0.3, workers: 1 });
    expect(run.ok).toBe(0);
    expect(run.non2xx).toBeGreaterThan(0);
    expect(withoutSession).toBe(before);
    expect([...steps.values()].every((s) => s.length === 1)).toBe(true);
  });
});
