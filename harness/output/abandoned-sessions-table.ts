// The MCP section's abandoned-session figures, per target: what was opened and at what rate, the
// bytes the server kept per session that was never closed (with its 95% interval), memory before,
// at the peak and after the idle period, and how many sessions were still alive at the end. Here
// in output/ because the console shows it too; the reports import it from here.
import type { ResultFile } from '../results/schema.js';
import { formatBytes, formatRps, withInterval } from '../metrics/format.js';
import { RETURNED_SHARE } from '../leak/abandoned-summary.js';

/** a table as the reports (report/tables.ts TextTable) and the console both render it */
interface Table {
  header: string[];
  rows: string[][];
  numeric: boolean[];
}

export function hasAbandonedSessions(result: ResultFile): boolean {
  return result.targets.some((t) => t.abandonedSessions !== undefined);
}

/** bytes that may be negative (a slope, its interval): formatBytes with the sign in front */
function signedBytes(bytes: number): string {
  return bytes < 0 ? `−${formatBytes(-bytes)}` : formatBytes(bytes);
}

export function abandonedSessionsTable(result: ResultFile): Table {
  const rows: string[][] = [];
  for (const t of result.targets) {
    const a = t.abandonedSessions;
    if (!a) continue;
    const slope = a.bytesPerSession;
    const perSession = !slope ? 'n/a' : slope.ci95 ? withInterval(slope.slope, slope.ci95.low, slope.ci95.high, signedBytes, 0.95) : signedBytes(slope.slope);
    const opened = `${a.sessionsOpened} at ${formatRps(a.ratePerS)}/s${a.stoppedBy === 'time' ? ' ⏱' : ''}${a.failures > 0 ? ` (${a.failures} failed)` : ''}`;
    rows.push([
      t.name,
      `${a.scenario} (${a.mcpRevision})`,
      opened,
      perSession,
      formatBytes(a.memory.beforeBytes),
      formatBytes(a.memory.peakBytes),
      `${formatBytes(a.memory.afterIdleBytes)} after ${a.idleS} s`,
      a.memory.returned ? 'yes' : 'no',
      `${a.sessionsAlive} of ${a.sessionsOpened}${a.probesUnclear > 0 ? ` (${a.probesUnclear} unclear)` : ''}`,
    ]);
  }
  return {
    header: ['Target', 'Sessions of', 'Opened', 'Retained per session', 'Memory before', 'Peak', 'After idle', 'Returned', 'Alive at the end'],
    numeric: [false, false, true, true, true, true, true, false, true],
    rows,
  };
}

export const ABANDONED_SESSIONS_NOTE = `Sessions opened at a fixed rate on a fresh instance and never closed, as a client that vanished leaves them (initialize, notifications/initialized, one tools/call, then the connection dropped, no DELETE), then left idle. Retained per session: the least-squares slope of the server's memory on the sessions opened, read about every 100 ms while they opened (its 95% interval). Returned: after the idle period memory kept at most ${Math.round(RETURNED_SHARE * 100)}% of its rise from before to the peak. Alive: sessions still answered with their id at the end (404 or 400 counts as gone). An idle period shorter than the SDK's own idle timeout cannot see it expire sessions (rmcp 300 s, Python SDK 1800 s, Go SDK none by default: docs/methodology.md). ⏱ the opening hit its time limit before the count.`;
