// Opens MCP sessions at a fixed rate and abandons each one, as a client that vanished would:
// initialize and notifications/initialized on a connection of its own, one tools/call, then the
// connection is dropped, never a DELETE. The server's memory is read about every 100 ms with the
// count of sessions opened so far, through the opening and then an idle period; at the end every
// session is probed to see whether the server still holds it. Bounded by a count, a time limit
// for the opening and the idle period, so it always stops by itself. Measures only: no formatting.
import { performance } from 'node:perf_hooks';
import { openSession } from '../load/session-setup.js';
import { settle } from '../measure/cold-start.js';
import type { AbandonedSessionPlan } from './abandoned-plan.js';
import { requestAlone, requestOn, sessionGone } from './session-steps.js';
import { isLoopbackHost } from '../net/loopback.js';

export interface AbandonBounds {
  /** sessions opened at most */
  maxSessions: number;
  /** sessions started per second, on a fixed schedule */
  ratePerS: number;
  /** the opening stops after this many seconds even if maxSessions were not all started */
  openLimitS: number;
  /** seconds of idleness after the last session, memory still sampled */
  idleS: number;
  sampleEveryMs: number;
  /** one request's answer, at most */
  requestTimeoutMs: number;
  /** liveness probes in flight at once at the end */
  probeConcurrency: number;
}

export const ABANDON_DEFAULTS: AbandonBounds = {
  maxSessions: 2000,
  ratePerS: 200,
  // twice the schedule's length: a server slower than the rate still stops the run
  openLimitS: 20,
  idleS: 30,
  sampleEveryMs: 100,
  requestTimeoutMs: 5000,
  probeConcurrency: 32,
};

/** The server under test: where it answers and how much memory it holds now. */
export interface MeasuredServer {
  readonly baseUrl: string;
  memoryBytes(): Promise<number>;
}

export interface MemorySample {
  /** ms since the opening started */
  atMs: number;
  phase: 'open' | 'idle';
  /** sessions whose setup had been answered when the reading was asked for */
  sessionsOpened: number;
  bytes: number;
}

export interface AbandonRun {
  bounds: AbandonBounds;
  beforeBytes: number;
  samples: MemorySample[];
  /** sessions the server opened (setup answered with a session id) */
  sessionsOpened: number;
  /** sessions started, opened or not */
  sessionsStarted: number;
  /** setups or tools/calls that failed, and the first reason */
  failures: number;
  firstFailure?: string;
  /** what ended the opening: every session started, or the time limit */
  stoppedBy: 'count' | 'time';
  openSeconds: number;
  /** memory after the idle period, read before any probe touches a session */
  afterIdleBytes: number;
  /** sessions the server still answers (probe not 404/400), of those opened */
  sessionsAlive: number;
  /** probes that got neither a 2xx nor 404/400, or no answer */
  probesUnclear: number;
}

export async function abandonSessions(server: MeasuredServer, plan: AbandonedSessionPlan, bounds: AbandonBounds = ABANDON_DEFAULTS, signal?: AbortSignal): Promise<AbandonRun> {
  const url = new URL(server.baseUrl);
  // thousands of sessions a second go to this machine only, never to a --server-address
  if (!isLoopbackHost(url.hostname)) throw new Error(`abandoned sessions are opened on loopback only, not on ${url.host}`);
  // A server may load its SDK on the first MCP request (FastAPI's doubles its memory then): one
  // whole session first, closed properly, so that "before" holds the code and the slope holds sessions.
  await warmUp(url, plan, bounds.requestTimeoutMs);
  await settle();
  const beforeBytes = await server.memoryBytes();
  const ids: string[] = [];
  const samples: MemorySample[] = [];
  const inFlight = new Set<Promise<void>>();
  let started = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  let phase: MemorySample['phase'] = 'open';
  const t0 = performance.now();

  const fail = (why: string): void => {
    failures++;
    firstFailure ??= why;
  };
  const abandonOne = async (): Promise<void> => {
    let opened;
    try {
      opened = await openSession(url, plan.spec, bounds.requestTimeoutMs);
    } catch (error) {
      return fail((error as Error).message);
    }
    ids.push(opened.id);
    try {
      const status = await requestOn(opened.socket, url, { ...plan.call, headers: { ...plan.call.headers, [plan.spec.header]: opened.id } }, bounds.requestTimeoutMs);
      if (status < 200 || status > 299) fail(`tools/call answered ${status}`);
    } catch (error) {
      fail(`tools/call: ${(error as Error).message}`);
    } finally {
      // the client vanishes: no DELETE, the connection just goes
      opened.socket.destroy();
    }
  };

  // memory with the count of sessions at the moment it is asked for; one reading at a time
  let reading = false;
  const sampler = setInterval(() => {
    if (reading) return;
    reading = true;
    const atMs = performance.now() - t0;
    const sessionsOpened = ids.length;
    const at = phase;
    server
      .memoryBytes()
      .then((bytes) => void samples.push({ atMs, phase: at, sessionsOpened, bytes }))
      .catch(() => undefined)
      .finally(() => (reading = false));
  }, bounds.sampleEveryMs);

  let stoppedBy: AbandonRun['stoppedBy'] = 'count';
  try {
    while (started < bounds.maxSessions) {
      signal?.throwIfAborted();
      const elapsedMs = performance.now() - t0;
      if (elapsedMs >= bounds.openLimitS * 1000) {
        stoppedBy = 'time';
        break;
      }
      // a fixed schedule: session k starts at k / rate seconds, late ones at once
      const due = Math.min(bounds.maxSessions, Math.floor((elapsedMs / 1000) * bounds.ratePerS) + 1);
      while (started < due) {
        started++;
        const one: Promise<void> = abandonOne().finally(() => inFlight.delete(one));
        inFlight.add(one);
      }
      const nextMs = (started / bounds.ratePerS) * 1000;
      await settle(Math.max(1, nextMs - (performance.now() - t0)));
    }
    await Promise.all(inFlight);
    const openSeconds = (performance.now() - t0) / 1000;
    phase = 'idle';
    const idleEnd = performance.now() + bounds.idleS * 1000;
    while (performance.now() < idleEnd) {
      signal?.throwIfAborted();
      await settle(Math.min(250, idleEnd - performance.now()));
    }
    clearInterval(sampler);
    const afterIdleBytes = await server.memoryBytes();
    const probes = await probeSessions(url, plan, ids, bounds);
    return {
      bounds,
      beforeBytes,
      samples,
      sessionsOpened: ids.length,
      sessionsStarted: started,
      failures,
      ...(firstFailure !== undefined ? { firstFailure } : {}),
      stoppedBy,
      openSeconds,
      afterIdleBytes,
      sessionsAlive: probes.alive,
      probesUnclear: probes.unclear,
    };
  } finally {
    clearInterval(sampler);
  }
}

/** One session opened, used and ended (DELETE when the scenario has one); a failure is said at once. */
async function warmUp(url: URL, plan: AbandonedSessionPlan, timeoutMs: number): Promise<void> {
  let opened;
  try {
    opened = await openSession(url, plan.spec, timeoutMs);
  } catch (error) {
    throw new Error(`warm-up session: ${(error as Error).message}`);
  }
  try {
    const withId = (r: AbandonedSessionPlan['call']): AbandonedSessionPlan['call'] => ({ ...r, headers: { ...r.headers, [plan.spec.header]: opened.id } });
    const called = await requestOn(opened.socket, url, withId(plan.call), timeoutMs);
    if (called < 200 || called > 299) throw new Error(`warm-up session: tools/call answered ${called}`);
    if (plan.teardown) await requestOn(opened.socket, url, withId(plan.teardown), timeoutMs);
  } finally {
    opened.socket.destroy();
  }
}

/** A tools/call with each session's id, a few at a time: 2xx alive, 404/400 gone, anything else unclear. */
async function probeSessions(url: URL, plan: AbandonedSessionPlan, ids: readonly string[], bounds: AbandonBounds): Promise<{ alive: number; unclear: number }> {
  let alive = 0;
  let unclear = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const id = ids[next++]!;
      try {
        const status = await requestAlone(url, { ...plan.call, headers: { ...plan.call.headers, [plan.spec.header]: id } }, bounds.requestTimeoutMs);
        if (status >= 200 && status <= 299) alive++;
        else if (!sessionGone(status)) unclear++;
      } catch {
        unclear++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(bounds.probeConcurrency, ids.length) }, worker));
  return { alive, unclear };
}
