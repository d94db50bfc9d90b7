// The abandoned-session measurement (harness/leak): on a test server whose memory is exactly a
// base plus a known number of bytes per live session, the slope must find that number; the alive
// count must match what the server holds after the idle period (all of them when it never expires
// sessions, none when it expires them quickly, and then memory must read as returned); the run
// must stop by itself at its count or its time limit; and it must never send a DELETE.
import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadContractFixture } from '../harness/contract/load-fixture.js';
import { abandonedSessionPlan } from '../harness/leak/abandoned-plan.js';
import { abandonSessions, ABANDON_DEFAULTS, type AbandonBounds, type MeasuredServer } from '../harness/leak/abandon-sessions.js';
import { memoryReturned, summarizeAbandoned } from '../harness/leak/abandoned-summary.js';
import { leastSquares } from '../harness/stats/least-squares.js';

const BASE_BYTES = 50_000_000;
const PER_SESSION = 4096;

interface TestServer extends MeasuredServer {
  close(): Promise<void>;
  deletes: number;
  liveSessions(): number;
  /** tools/calls each session got (the one call, then the probe) */
  callsOf(id: string): number;
}

/**
 * A Streamable-HTTP-like session server; `expireAfterMs`: a session idle that long is dropped;
 * `maxSessions`: an initialize beyond that many held sessions is refused with 503.
 */
async function sessionServer(expireAfterMs?: number, maxSessions = Infinity): Promise<TestServer> {
  const sessions = new Map<string, { lastMs: number; calls: number }>();
  const calls = new Map<string, number>();
  let next = 0;
  let deletes = 0;
  const expire = (): void => {
    if (expireAfterMs === undefined) return;
    const now = Date.now();
    for (const [id, s] of sessions) if (now - s.lastMs > expireAfterMs) sessions.delete(id);
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      expire();
      if (request.method === 'DELETE') {
        deletes++;
        const id = request.headers['mcp-session-id'];
        if (typeof id === 'string') sessions.delete(id);
        return void response.writeHead(200).end();
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { method?: string };
      const id = request.headers['mcp-session-id'];
      if (body.method === 'initialize') {
        if (sessions.size >= maxSessions) return void response.writeHead(503).end('{"error":"too many sessions"}');
        const sid = `s${++next}`;
        sessions.set(sid, { lastMs: Date.now(), calls: 0 });
        return void response.writeHead(200, { 'content-type': 'application/json', 'mcp-session-id': sid }).end('{"jsonrpc":"2.0","id":0,"result":{}}');
      }
      const session = typeof id === 'string' ? sessions.get(id) : undefined;
      if (!session) return void response.writeHead(404).end('{"jsonrpc":"2.0","id":null,"error":{"code":-32001,"message":"Session not found"}}');
      session.lastMs = Date.now();
      if (body.method === 'notifications/initialized') return void response.writeHead(202).end();
      calls.set(id as string, (calls.get(id as string) ?? 0) + 1);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"36"}]}}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    // the memory the test controls: exactly PER_SESSION per session the server still holds
    memoryBytes: async () => {
      expire();
      return BASE_BYTES + PER_SESSION * sessions.size;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
    get deletes() {
      return deletes;
    },
    liveSessions: () => sessions.size,
    callsOf: (id) => calls.get(id) ?? 0,
  };
}

const plan = abandonedSessionPlan(loadContractFixture().scenarios['mcp-session']!)!;
const quick = (over: Partial<AbandonBounds>): AbandonBounds => ({ ...ABANDON_DEFAULTS, idleS: 0.3, ...over });
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('abandoned sessions', () => {
  it('finds the bytes a server keeps per session, and every session still alive when it never expires them', async () => {
    server = await sessionServer();
    const run = await abandonSessions(server, plan, quick({ maxSessions: 300, ratePerS: 300 }));
    const result = summarizeAbandoned(run, 'mcp-session', '2025-11-25');
    expect(result.sessionsOpened).toBe(300);
    expect(result.stoppedBy).toBe('count');
    expect(result.failures).toBe(0);
    // the count is read as each reading is asked for, so a session opening meanwhile adds a little
    expect(result.bytesPerSession!.slope).toBeGreaterThan(PER_SESSION * 0.95);
    expect(result.bytesPerSession!.slope).toBeLessThan(PER_SESSION * 1.05);
    expect(result.bytesPerSession!.points).toBeGreaterThanOrEqual(5);
    expect(result.memory.beforeBytes).toBe(BASE_BYTES);
    expect(result.memory.afterIdleBytes).toBe(BASE_BYTES + 300 * PER_SESSION);
    expect(result.memory.returned).toBe(false);
    expect(result.sessionsAlive).toBe(300);
    expect(result.probesUnclear).toBe(0);
    // abandoned, never ended: the one DELETE is the warm-up session's
    expect(server.deletes).toBe(1);
    expect(result.samples.some((s) => s.phase === 'idle')).toBe(true);
    // about one reading every 100 ms: 1 s of opening and 0.3 s of idleness
    expect(result.samples.length).toBeGreaterThanOrEqual(9);
    expect(result.samples.length).toBeLessThanOrEqual(15);
  }, 20_000);

  it('opens sessions on loopback only', async () => {
    await expect(abandonSessions({ baseUrl: 'http://192.0.2.1:8080', memoryBytes: async () => 0 }, plan, quick({ maxSessions: 1 }))).rejects.toThrow(/loopback only, not on 192\.0\.2\.1:8080/);
  });

  it('counts sessions the server dropped as gone, and memory that went back as returned', async () => {
    server = await sessionServer(150);
    const run = await abandonSessions(server, plan, quick({ maxSessions: 100, ratePerS: 200, idleS: 0.6 }));
    const result = summarizeAbandoned(run, 'mcp-session', '2025-11-25');
    expect(result.sessionsOpened).toBe(100);
    expect(result.sessionsAlive).toBe(0);
    expect(result.probesUnclear).toBe(0);
    expect(result.memory.afterIdleBytes).toBe(BASE_BYTES);
    expect(result.memory.peakBytes).toBeGreaterThan(BASE_BYTES);
    expect(result.memory.returned).toBe(true);
  }, 20_000);

  it('stops by itself at its time limit when the count would take longer', async () => {
    server = await sessionServer();
    const started = Date.now();
    const run = await abandonSessions(server, plan, quick({ maxSessions: 1_000_000, ratePerS: 100, openLimitS: 0.5, idleS: 0.2 }));
    const elapsedS = (Date.now() - started) / 1000;
    expect(run.stoppedBy).toBe('time');
    // about rate × limit sessions on the fixed schedule, never the million asked for
    expect(run.sessionsStarted).toBeGreaterThanOrEqual(45);
    expect(run.sessionsStarted).toBeLessThanOrEqual(56);
    expect(elapsedS).toBeLessThan(3);
    expect(run.sessionsAlive).toBe(run.sessionsOpened);
  }, 20_000);

  it('counts refused setups as failures, not sessions', async () => {
    server = await sessionServer(undefined, 20);
    const run = await abandonSessions(server, plan, quick({ maxSessions: 30, ratePerS: 300 }));
    expect(run.sessionsStarted).toBe(30);
    expect(run.sessionsOpened).toBe(20);
    expect(run.failures).toBe(10);
    expect(run.firstFailure).toMatch(/answered 503/);
    expect(run.sessionsAlive).toBe(20);
  }, 20_000);

  it('refuses to measure a server that opens no session', async () => {
    // a server that answers every request 404: no session ever opens
    const refusing = http.createServer((request, response) => void request.resume().on('end', () => response.writeHead(404).end()));
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    const { port } = refusing.address() as AddressInfo;
    try {
      // the warm-up session fails first, and says so: nothing is measured on a server that opens none
      await expect(abandonSessions({ baseUrl: `http://127.0.0.1:${port}`, memoryBytes: async () => BASE_BYTES }, plan, quick({ maxSessions: 10, ratePerS: 100, idleS: 0.1 }))).rejects.toThrow(/warm-up session: session setup 1 \(POST \/mcp-session\): answered 404/);
    } finally {
      await new Promise<void>((resolve) => refusing.close(() => resolve()));
    }
  }, 20_000);
});

describe('least squares', () => {
  it('gives the exact line and a zero standard error for points on it', () => {
    const fit = leastSquares([0, 1, 2, 3], [10, 13, 16, 19])!;
    expect(fit.slope).toBeCloseTo(3, 12);
    expect(fit.intercept).toBeCloseTo(10, 12);
    expect(fit.slopeStdError).toBeCloseTo(0, 12);
  });

  it('gives the textbook standard error and interval for scattered points', () => {
    // x 1..5, y 2,4,5,4,5: slope 0.6, residual SS 2.4, Sxx 10, SE sqrt(2.4/3/10) = 0.2828
    const fit = leastSquares([1, 2, 3, 4, 5], [2, 4, 5, 4, 5])!;
    expect(fit.slope).toBeCloseTo(0.6, 12);
    expect(fit.slopeStdError!).toBeCloseTo(Math.sqrt(0.08), 10);
    // t(0.975, 3) = 3.182446
    expect(fit.slopeInterval!.high - fit.slope).toBeCloseTo(3.182446 * Math.sqrt(0.08), 5);
  });

  it('has no slope when x never changes', () => {
    expect(leastSquares([5, 5, 5], [1, 2, 3])).toBeNull();
  });
});

describe('memory returned', () => {
  it('holds when at most a tenth of the rise is kept', () => {
    expect(memoryReturned(100, 200, 110)).toBe(true);
    expect(memoryReturned(100, 200, 111)).toBe(false);
    expect(memoryReturned(100, 100, 100)).toBe(true);
  });
});
