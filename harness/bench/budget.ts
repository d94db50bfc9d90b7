// The run's time budget (--budget): parsed from "90s", "8m", "1h", "1h30m" (a bare number is
// seconds), and a clock the stages read to decide whether another round still fits.
import { UsageError } from '../errors.js';

const UNIT_S: Record<string, number> = { s: 1, m: 60, h: 3600 };

/** Seconds in a duration like 90s, 8m, 1h or 1h30m; a UsageError naming `flag` otherwise. */
export function parseDuration(flag: string, value: string): number {
  const text = value.trim().toLowerCase();
  const bare = /^\d+(?:\.\d+)?$/.test(text);
  const parts = bare ? [] : [...text.matchAll(/(\d+(?:\.\d+)?)([smh])/g)];
  const joined = parts.map((p) => p[0]).join('');
  const seconds = bare ? Number(text) : parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_S[p[2]!]!, 0);
  if ((!bare && (parts.length === 0 || joined !== text)) || !(seconds > 0)) {
    throw new UsageError(`${flag} must be a duration like 90s, 8m, 1h or 1h30m, got "${value}"`);
  }
  return seconds;
}

/** "9m", "1h 30m", "45s": how a plan and an ETA read. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  return [h ? `${h}h` : '', m ? `${m}m` : '', rest && !h ? `${rest}s` : ''].filter(Boolean).join(' ');
}

export interface RunClock {
  budgetS: number;
  elapsedS(): number;
  remainingS(): number;
}

export function startClock(budgetS: number, now: () => number = () => performance.now()): RunClock {
  const start = now();
  const elapsedS = (): number => (now() - start) / 1000;
  return { budgetS, elapsedS, remainingS: () => budgetS - elapsedS() };
}
