// Polls the health path until the first verified 200 and says when it came: the end of a cold start.
import http from 'node:http';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { RunningServer } from '../runtime/runtime.js';
import { requireLoopbackUrl } from '../net/loopback.js';

export interface HealthyAt {
  /** process.hrtime.bigint() when the verified 200 arrived */
  atNs: bigint;
  attempts: number;
}

type Probe = { kind: 'ok' } | { kind: 'not-yet'; detail: string };

/**
 * A 200 is ready, unless its body is a JSON object whose "status" is something other than "ok"
 * (a server that reports "starting"): the reference targets answer {"status":"ok"}, a user's
 * server may answer "OK" or nothing.
 */
export function saysNotReady(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as unknown;
    return parsed !== null && typeof parsed === 'object' && 'status' in parsed && (parsed as { status: unknown }).status !== 'ok';
  } catch {
    return false;
  }
}

function probeOnce(url: URL): Promise<Probe> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false, timeout: 2000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (response.statusCode !== 200) return resolve({ kind: 'not-yet', detail: `status ${response.statusCode}` });
        resolve(saysNotReady(body) ? { kind: 'not-yet', detail: `body ${body.slice(0, 80)}` } : { kind: 'ok' });
      });
      response.on('error', (error) => resolve({ kind: 'not-yet', detail: error.message }));
    });
    request.on('timeout', () => request.destroy(new Error('health probe timed out')));
    request.on('error', (error) => resolve({ kind: 'not-yet', detail: error.message }));
  });
}

/**
 * Retries at once after each refused connection (a refusal takes microseconds, so the effective
 * poll interval is far below 1 ms) until a 200 with {"status":"ok"} arrives, the server dies, or
 * the timeout passes.
 */
export async function waitHealthy(baseUrl: string, healthPath: string, server: Pick<RunningServer, 'exitReason' | 'outputTail'>, timeoutMs: number): Promise<HealthyAt> {
  requireLoopbackUrl(baseUrl);
  const url = new URL(healthPath, baseUrl);
  const deadline = process.hrtime.bigint() + BigInt(timeoutMs) * 1_000_000n;
  let attempts = 0;
  let last = 'no answer yet';
  for (;;) {
    attempts++;
    const probe = await probeOnce(url);
    if (probe.kind === 'ok') return { atNs: process.hrtime.bigint(), attempts };
    last = probe.detail;
    const exited = server.exitReason();
    if (exited !== undefined) throw new Error(`server exited before it was healthy (${exited}); last output:\n${server.outputTail()}`);
    if (process.hrtime.bigint() > deadline) {
      throw new Error(`no healthy answer from ${url.href} within ${timeoutMs} ms (last: ${last}); last output:\n${server.outputTail()}`);
    }
    await yieldToLoop();
  }
}
