// The socket engine's open loop against real servers: a server that stalls shows its stalls in the
// corrected latency (a closed loop hides them), the timetable is kept without bursts, and the two
// engines agree in closed loop. Through the compiled output, like load.test.ts (worker threads).
// Timing tests on a shared machine: every assertion is on a structural effect with wide margins.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import * as hdr from 'hdr-histogram-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadOptions, LoadResult } from '../harness/load/load-types.js';

const dist = (file: string): string => fileURLToPath(new URL(`../dist/harness/load/${file}`, import.meta.url));
if (!existsSync(dist('socket-engine.js'))) throw new Error('dist/ is missing or stale: run `npm run build` (or `npx tsc -p .`) before vitest');
const { runLoad } = (await import(dist('run-load.js'))) as typeof import('../harness/load/run-load.js');

/** share of the recorded latencies above `us`, to 0.1% */
function fractionAbove(histogram: string, us: number): number {
  const h = hdr.decodeFromCompressedBase64(histogram, 32, false);
  try {
    let lo = 0;
    let hi = 100;
    while (hi - lo > 0.05) {
      const mid = (lo + hi) / 2;
      if (h.getValueAtPercentile(mid) > us) hi = mid;
      else lo = mid;
    }
    return 1 - hi / 100;
  } finally {
    h.destroy();
  }
}

// A server in its own process that stalls completely (its one thread blocked, like a long GC pause
// or a lock) for STALL_MS at the start of every PERIOD_MS; in between it answers at once.
const PERIOD_MS = 2000;
const STALL_MS = 500;
const STALLING_SERVER = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': 2 });
  res.end('{}');
});
server.keepAliveTimeout = 60000;
const lock = new Int32Array(new SharedArrayBuffer(4));
const start = Date.now();
let n = 1;
(function next() {
  setTimeout(() => { Atomics.wait(lock, 0, 0, ${STALL_MS}); n++; next(); }, Math.max(0, start + n * ${PERIOD_MS} - Date.now()));
})();
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

const PACED_SERVER = `
const http = require('node:http');
const lock = new Int32Array(new SharedArrayBuffer(4));
const server = http.createServer((req, res) => {
  Atomics.wait(lock, 0, 0, 1);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': 2 });
  res.end('{}');
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

/** the port a server script prints first */
function firstLine(child: ChildProcess): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').once('data', (d: string) => resolve(d.trim()));
    child.once('exit', (code) => reject(new Error(`the test server exited (${code})`)));
  });
}

describe('open loop against a server that stalls 0.5 s every 2 s', () => {
  let child: ChildProcess;
  let baseUrl: string;

  beforeAll(async () => {
    child = spawn(process.execPath, ['-e', STALLING_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
    baseUrl = `http://127.0.0.1:${await firstLine(child)}`;
  });

  afterAll(() => {
    child.kill('SIGKILL');
  });

  const load = (o: Partial<LoadOptions>): Promise<LoadResult> =>
    runLoad({ baseUrl, request: { method: 'GET', path: '/', headers: {} }, connections: 64, durationS: 6, workers: 2, ...o });

  it('the corrected latency shows the stalls as the stall pattern predicts; the closed loop hides them', async () => {
    const open = await load({ rate: 400 });
    const closed = await load({ connections: 4 });

    // Requests scheduled during a stall wait out its rest: a share STALL/PERIOD (1/4, less the
    // stall cut off at the window's end) is delayed, by a uniform 0..500 ms. So P99 ≈ 500 - 0.01 ×
    // 2000 / (4 × share) ≈ 470-480 ms and P99.9 ≈ 498 ms, whatever the stalls' phase.
    expect(open.errors).toBe(0);
    const delayed = fractionAbove(open.histogram, 20_000);
    expect(delayed).toBeGreaterThan(0.12);
    expect(delayed).toBeLessThan(0.3);
    expect(open.latencyUs.p50).toBeLessThan(20_000);
    expect(open.latencyUs.p99).toBeGreaterThan(380_000);
    expect(open.latencyUs.p99).toBeLessThan(650_000);
    expect(open.latencyUs.p999).toBeGreaterThan(420_000);
    expect(open.latencyUs.p999).toBeLessThan(700_000);

    // the closed loop has only its 4 connections' requests caught in each stall
    expect(fractionAbove(closed.histogram, 20_000)).toBeLessThan(0.02);
    expect(closed.latencyUs.p99).toBeLessThan(open.latencyUs.p99 / 5);
    expect(closed.open).toBeUndefined();

    // what the open loop also says: the offered rate was kept over the whole window, the service
    // time (from the actual send) is what a closed loop sees, the lag holds the waits for a connection
    const o = open.open!;
    expect(o.offeredRps).toBe(400);
    expect(o.scheduled).toBeGreaterThan(0.97 * 400 * 6);
    expect(o.scheduled).toBeLessThanOrEqual(400 * 6 + 2);
    expect(o.achievedRatio).toBeGreaterThan(0.8);
    expect(o.achievedRatio).toBeLessThan(1.02);
    expect(open.ok + o.inFlightAtEnd + o.unsent).toBe(o.scheduled);
    expect(o.serviceUs.p50).toBeLessThan(20_000);
    expect(o.serviceUs.p99).toBeLessThanOrEqual(open.latencyUs.p99);
    // 200 requests fall due in each stall: the pool grows to its bound and the rest wait for it
    expect(o.connections).toBe(64);
    expect(o.queued).toBeGreaterThan(50);
  }, 60_000);
});

describe('open loop timetable', () => {
  let server: http.Server;
  let baseUrl: string;
  const arrivals: number[] = [];

  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      arrivals.push(performance.now());
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 2 });
      res.end('{}');
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('keeps the offered rate within 1% and sends evenly: each 10 ms window near rate/100, no bursts', async () => {
    const rate = 2000;
    arrivals.length = 0;
    const r = await runLoad({ baseUrl, request: { method: 'GET', path: '/', headers: {} }, connections: 16, durationS: 3, workers: 2, rate });
    expect(r.errors + r.non2xx).toBe(0);
    expect(r.open!.achievedRatio).toBeGreaterThan(0.99);
    expect(r.open!.achievedRatio).toBeLessThan(1.01);
    expect(r.open!.unsent).toBe(0);
    expect(r.open!.connections).toBeGreaterThanOrEqual(1);
    expect(r.open!.connections).toBeLessThanOrEqual(16);

    // arrivals per 10 ms window at the server, the first and last 200 ms left out (start-up, stop)
    const first = arrivals[0]!;
    const counts = new Map<number, number>();
    for (const t of arrivals) counts.set(Math.floor((t - first) / 10), (counts.get(Math.floor((t - first) / 10)) ?? 0) + 1);
    const windows = Array.from({ length: 260 }, (_, i) => counts.get(i + 20) ?? 0);
    const expected = rate / 100;
    const near = windows.filter((n) => n >= expected * 0.5 && n <= expected * 1.5).length;
    expect(near / windows.length).toBeGreaterThan(0.8);
    // a per-second burst (autocannon's rate option) would put hundreds into one window
    expect(Math.max(...windows)).toBeLessThan(expected * 4);
  }, 30_000);

  it('refuses a rate with the autocannon engine, and a rate that is not a positive number', async () => {
    const o = { baseUrl, request: { method: 'GET', path: '/', headers: {} }, connections: 4, durationS: 1, workers: 1 };
    await expect(runLoad({ ...o, rate: 100, engine: 'autocannon' })).rejects.toMatchObject({ name: 'UsageError' });
    await expect(runLoad({ ...o, rate: 0 })).rejects.toMatchObject({ name: 'UsageError' });
    await expect(runLoad({ ...o, rate: Number.NaN })).rejects.toMatchObject({ name: 'UsageError' });
  });
});

describe('a kept-alive connection the server drops as a request goes out', () => {
  it('is re-sent once on a fresh connection, not counted as an error', async () => {
    // answers the first request of each connection, then closes it on the next without a byte
    const server = net.createServer((socket) => {
      let seen = 0;
      // the client resets sockets it gives up on: that is the point here, not an error of the test
      socket.on('error', () => undefined);
      socket.on('data', () => {
        if (++seen === 1) socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}');
        else socket.destroy();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const r = await runLoad({ baseUrl, request: { method: 'GET', path: '/', headers: {} }, connections: 4, durationS: 1, workers: 1, rate: 50 });
      expect(r.errors).toBe(0);
      expect(r.ok).toBeGreaterThan(40);
      const closed = await runLoad({ baseUrl, request: { method: 'GET', path: '/', headers: {} }, connections: 2, durationS: 0.5, workers: 1 });
      expect(closed.errors).toBe(0);
      expect(closed.ok).toBeGreaterThan(10);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }, 15_000);
});

describe('the two engines agree in closed loop', () => {
  let child: ChildProcess;
  let baseUrl: string;

  beforeAll(async () => {
    // a server in its own process that sleeps 1 ms on its one thread per request: it, not either
    // client (nor their different CPU cost on a shared machine), sets the pace
    child = spawn(process.execPath, ['-e', PACED_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
    baseUrl = `http://127.0.0.1:${await firstLine(child)}`;
  });

  afterAll(() => {
    child.kill('SIGKILL');
  });

  it('same server, same connections, two interleaved rounds: mean req/s within 15%, mean P50 and P90 within 30%', async () => {
    const o = { baseUrl, request: { method: 'GET', path: '/', headers: {} }, connections: 4, durationS: 2, workers: 1 };
    const runs: Record<'socket' | 'autocannon', LoadResult[]> = { socket: [], autocannon: [] };
    // interleaved, so a burst of other work on this shared machine lands on both engines alike
    for (let round = 0; round < 2; round++) {
      for (const engine of ['socket', 'autocannon'] as const) runs[engine].push(await runLoad({ ...o, engine }));
    }
    for (const [engine, rs] of Object.entries(runs)) {
      for (const r of rs) {
        expect(r.engine).toBe(engine);
        expect(r.errors + r.non2xx).toBe(0);
        expect(r.ok).toBeGreaterThan(300);
      }
    }
    const mean = (rs: LoadResult[], f: (r: LoadResult) => number): number => rs.reduce((a, r) => a + f(r), 0) / rs.length;
    const ratio = (f: (r: LoadResult) => number): number => mean(runs.socket, f) / mean(runs.autocannon, f);
    expect(ratio((r) => r.rps)).toBeGreaterThan(0.85);
    expect(ratio((r) => r.rps)).toBeLessThan(1 / 0.85);
    for (const p of ['p50', 'p90'] as const) {
      expect(ratio((r) => r.latencyUs[p])).toBeGreaterThan(1 / 1.3);
      expect(ratio((r) => r.latencyUs[p])).toBeLessThan(1.3);
    }
  }, 45_000);
});
