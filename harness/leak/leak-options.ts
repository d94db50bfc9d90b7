// `--scenarios mcp-leak` asks for the abandoned-session measurement. It is named like a scenario
// because that is where a user asks what to measure, but it is no load scenario: no trials, no
// requests/s, a fresh instance of its own and a time series of memory. So it is taken out of the
// load scenarios here, and its bounds (--leak-sessions, --leak-rate, --leak-idle) are parsed beside.
import { UsageError } from '../errors.js';
import { ABANDON_DEFAULTS, type AbandonBounds } from './abandon-sessions.js';

export const LEAK_SCENARIO = 'mcp-leak';

export interface RawLeakOptions {
  leakSessions?: string;
  leakRate?: string;
  leakIdle?: string;
}

/** the load scenarios, and the measurement's bounds when --scenarios named it (null otherwise) */
export function splitLeakScenario(scenarios: readonly string[], raw: RawLeakOptions): { load: string[]; leak: AbandonBounds | null } {
  const load = scenarios.filter((s) => s !== LEAK_SCENARIO);
  const asked = load.length !== scenarios.length;
  const given = Object.entries(raw).find(([, v]) => v !== undefined);
  if (!asked && given) throw new UsageError(`--${given[0].replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} bounds the abandoned-session measurement: add ${LEAK_SCENARIO} to --scenarios`);
  return { load, leak: asked ? leakBounds(raw) : null };
}

function leakBounds(raw: RawLeakOptions): AbandonBounds {
  const maxSessions = raw.leakSessions === undefined ? ABANDON_DEFAULTS.maxSessions : count('--leak-sessions', raw.leakSessions);
  const ratePerS = raw.leakRate === undefined ? ABANDON_DEFAULTS.ratePerS : positive('--leak-rate', raw.leakRate);
  const idleS = raw.leakIdle === undefined ? ABANDON_DEFAULTS.idleS : positive('--leak-idle', raw.leakIdle, true);
  // the opening may take twice its schedule's length, then it stops whatever the count
  return { ...ABANDON_DEFAULTS, maxSessions, ratePerS, idleS, openLimitS: (2 * maxSessions) / ratePerS };
}

function count(flag: string, value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new UsageError(`${flag} must be an integer >= 1, got "${value}"`);
  return Number(value);
}

function positive(flag: string, value: string, allowZero = false): number {
  const n = Number(value.trim().replace(/s$/, ''));
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || (!allowZero && n === 0)) throw new UsageError(`${flag} must be a number ${allowZero ? '>= 0' : '> 0'}, got "${value}"`);
  return n;
}
