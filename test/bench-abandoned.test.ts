// --scenarios …,mcp-leak through the whole bench loop on the fake runtime: the abandoned-session
// stage runs on a fresh instance whose scripted memory grows by a known number of bytes per MCP
// session the fake SDK server holds, and the result file carries the figures; the options refuse
// what makes no sense (the bounds without the measurement, the measurement without load).
import { describe, expect, it } from 'vitest';
import { fakeBench, fakeBenchCores } from './helpers/fake-bench.js';
import { DEFAULT_FAKE_SCRIPT, type FakeScript } from '../harness/runtime/fake-script.js';
import { parseBenchOptions } from '../harness/bench/bench-options.js';
import { readClaimsFile } from '../harness/report/claims.js';
import { renderMarkdown } from '../harness/report/render-markdown.js';
import { renderHtml } from '../harness/report/render-html.js';
import { renderConsoleSummary } from '../harness/output/console-summary.js';

const cores = fakeBenchCores();
const PER_SESSION = 12_000;
const script: FakeScript = {
  ...DEFAULT_FAKE_SCRIPT,
  fallback: { ...DEFAULT_FAKE_SCRIPT.fallback, memory: { ...DEFAULT_FAKE_SCRIPT.fallback.memory, bytesPerSession: PER_SESSION } },
};
const fast = { cpus: '1', connections: '4', duration: '0.05', warmup: '0.05', rewarm: '0.02', trials: '1', coldStarts: '1' };

describe('bench --scenarios mcp-session,mcp-leak', () => {
  it('measures abandoned sessions per target on a fresh instance and records them', async () => {
    const result = await fakeBench({ ...fast, targets: 'axum', scenarios: 'mcp-session,mcp-leak', leakSessions: '80', leakRate: '400', leakIdle: '0.2' }, { script, cores });
    const target = result.targets[0]!;
    expect(target.scenarios.map((s) => s.name)).toEqual(['mcp-session']);
    const leak = target.abandonedSessions!;
    expect(leak.scenario).toBe('mcp-session');
    expect(leak.mcpRevision).toBe('2025-11-25');
    expect(leak.sessionsOpened).toBe(80);
    expect(leak.failures).toBe(0);
    expect(leak.ratePerS).toBe(400);
    expect(leak.maxSessions).toBe(80);
    expect(leak.openLimitS).toBe(0.4);
    expect(leak.bytesPerSession!.slope).toBeGreaterThan(PER_SESSION * 0.9);
    expect(leak.bytesPerSession!.slope).toBeLessThan(PER_SESSION * 1.1);
    // the fake SDK server (TypeScript SDK) never expires a session
    expect(leak.sessionsAlive).toBe(80);
    expect(leak.memory.afterIdleBytes - leak.memory.beforeBytes).toBe(80 * PER_SESSION);
    expect(leak.memory.returned).toBe(false);
    // the reports and the console show the figures the result holds, formatted there only
    const row = /\| axum \| mcp-session \(2025-11-25\) \| 80 at 400\/s \| 1[12]\.\d K?B \(/;
    const markdown = renderMarkdown([result], readClaimsFile());
    expect(markdown).toContain('The MCP tax: abandoned sessions');
    expect(markdown).toMatch(row);
    expect(markdown).toContain('| no | 80 of 80 |');
    expect(renderHtml([result], readClaimsFile())).toContain('data-table="abandoned-sessions"');
    expect(renderConsoleSummary(result)).toMatch(/abandoned sessions \(mcp-leak\)[\s\S]*80 at 400\/s/);
  }, 60_000);

  it('runs no measurement when mcp-leak is not asked for', async () => {
    const result = await fakeBench({ ...fast, targets: 'axum', scenarios: 'mcp-session' }, { script, cores });
    expect(result.targets[0]!.abandonedSessions).toBeUndefined();
    expect(renderMarkdown([result], readClaimsFile())).not.toContain('The MCP tax: abandoned sessions');
  }, 60_000);
});

describe('mcp-leak options', () => {
  const known = { targets: ['axum'], scenarios: ['json', 'mcp-session'] };
  it('takes mcp-leak out of the load scenarios, with its default bounds', () => {
    const options = parseBenchOptions({ scenarios: 'mcp-session,mcp-leak' }, known);
    expect(options.scenarios).toEqual(['mcp-session']);
    expect(options.abandonedSessions).toMatchObject({ maxSessions: 2000, ratePerS: 200, idleS: 30, openLimitS: 20 });
  });
  it('refuses bad input in one line', () => {
    expect(() => parseBenchOptions({ scenarios: 'mcp-leak' }, known)).toThrow(/runs beside load scenarios/);
    expect(() => parseBenchOptions({ scenarios: 'json', leakRate: '100' }, known)).toThrow(/--leak-rate bounds the abandoned-session measurement: add mcp-leak/);
    expect(() => parseBenchOptions({ scenarios: 'json,mcp-leak', leakSessions: '0' }, known)).toThrow(/--leak-sessions must be an integer >= 1/);
    expect(() => parseBenchOptions({ scenarios: 'json,mcp-leak', leakRate: 'fast' }, known)).toThrow(/--leak-rate must be a number > 0/);
  });
});
