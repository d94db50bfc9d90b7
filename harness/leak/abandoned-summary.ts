// The figures of an abandoned-session run for the result file: bytes retained per session (the
// least-squares slope of memory on sessions opened while they were opening), memory before, at
// the peak and after the idle period, whether it returned, and how many sessions were still alive.
import type { AbandonedSessionsResult } from '../results/schema.js';
import { leastSquares } from '../stats/least-squares.js';
import type { AbandonRun } from './abandon-sessions.js';

/**
 * Memory "returned" when, after the idle period, it kept at most this share of its rise from
 * before to the peak: a server that freed its sessions' state lands near where it began, though
 * allocator caches and heap growth rarely give every byte back.
 */
export const RETURNED_SHARE = 0.1;

export function memoryReturned(beforeBytes: number, peakBytes: number, afterIdleBytes: number): boolean {
  const rise = peakBytes - beforeBytes;
  if (rise <= 0) return true;
  return afterIdleBytes - beforeBytes <= RETURNED_SHARE * rise;
}

export function summarizeAbandoned(run: AbandonRun, scenario: string, mcpRevision: string): AbandonedSessionsResult {
  // the reading before any session is the line's first point; idle readings are left out, as
  // their memory may fall while the count stands still
  const opening = run.samples.filter((s) => s.phase === 'open');
  const xs = [0, ...opening.map((s) => s.sessionsOpened)];
  const ys = [run.beforeBytes, ...opening.map((s) => s.bytes)];
  const fit = leastSquares(xs, ys);
  const peakBytes = Math.max(run.beforeBytes, run.afterIdleBytes, ...run.samples.map((s) => s.bytes));
  return {
    scenario,
    mcpRevision,
    sessionsOpened: run.sessionsOpened,
    sessionsStarted: run.sessionsStarted,
    ratePerS: run.bounds.ratePerS,
    maxSessions: run.bounds.maxSessions,
    openLimitS: run.bounds.openLimitS,
    openSeconds: run.openSeconds,
    idleS: run.bounds.idleS,
    stoppedBy: run.stoppedBy,
    failures: run.failures,
    ...(run.firstFailure !== undefined ? { firstFailure: run.firstFailure } : {}),
    bytesPerSession: fit
      ? {
          slope: fit.slope,
          stdError: fit.slopeStdError,
          ci95: fit.slopeInterval ? { low: fit.slopeInterval.low, high: fit.slopeInterval.high } : null,
          points: fit.n,
        }
      : null,
    memory: {
      beforeBytes: run.beforeBytes,
      peakBytes,
      afterIdleBytes: run.afterIdleBytes,
      returned: memoryReturned(run.beforeBytes, peakBytes, run.afterIdleBytes),
    },
    sessionsAlive: run.sessionsAlive,
    probesUnclear: run.probesUnclear,
    samples: run.samples,
  };
}
