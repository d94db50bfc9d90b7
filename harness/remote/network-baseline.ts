// The network between the load machine and the server's host, measured before any load so a
// reader can tell network latency from server latency: TCP connect times (a fresh connection per
// sample) and HTTP round trips of the health request over one keep-alive connection.
import net from 'node:net';
import http from 'node:http';
import { requireLoopbackUrl } from '../net/loopback.js';

export interface LatencySamples {
  samples: number;
  medianUs: number;
  p99Us: number;
  minUs: number;
  maxUs: number;
}

export interface NetworkBaseline {
  /** the URL probed (the first verified target's health path) */
  url: string;
  /** whose server answered (set by the caller) */
  target?: string;
  tcpConnectUs: LatencySamples;
  httpRoundTripUs: LatencySamples;
  measuredAt: string;
}

/** Nearest-rank quantile of sorted values. */
function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function summarizeLatencies(valuesUs: readonly number[]): LatencySamples {
  if (valuesUs.length === 0) throw new Error('no latency samples');
  const sorted = [...valuesUs].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const round = (v: number): number => Math.round(v * 10) / 10;
  return { samples: sorted.length, medianUs: round(median), p99Us: round(quantile(sorted, 0.99)), minUs: round(sorted[0]!), maxUs: round(sorted[sorted.length - 1]!) };
}

const elapsedUs = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1000;

function connectOnce(host: string, port: number, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const socket = net.connect({ host, port, noDelay: true });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no TCP connection to ${host}:${port} within ${timeoutMs} ms`)));
    socket.once('connect', () => {
      const us = elapsedUs(start);
      socket.destroy();
      resolve(us);
    });
    socket.once('error', reject);
  });
}

function getOnce(agent: http.Agent, url: URL, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const request = http.get(url, { agent, timeout: timeoutMs }, (response) => {
      response.resume();
      response.once('end', () => (response.statusCode === 200 ? resolve(elapsedUs(start)) : reject(new Error(`${url.href} answered ${response.statusCode}`))));
    });
    request.once('timeout', () => request.destroy(new Error(`${url.href} did not answer within ${timeoutMs} ms`)));
    request.once('error', reject);
  });
}

/** `samples` connects, then one warm-up request and `samples` round trips on one connection. */
export async function measureNetworkBaseline(healthUrl: string, samples = 200, timeoutMs = 5000): Promise<NetworkBaseline> {
  const url = requireLoopbackUrl(healthUrl);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 80);
  const connects: number[] = [];
  for (let i = 0; i < samples; i++) connects.push(await connectOnce(host, port, timeoutMs));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const trips: number[] = [];
  try {
    await getOnce(agent, url, timeoutMs);
    for (let i = 0; i < samples; i++) trips.push(await getOnce(agent, url, timeoutMs));
  } finally {
    agent.destroy();
  }
  return { url: url.href, tcpConnectUs: summarizeLatencies(connects), httpRoundTripUs: summarizeLatencies(trips), measuredAt: new Date().toISOString() };
}
