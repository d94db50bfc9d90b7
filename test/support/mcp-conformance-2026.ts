// The official MCP conformance suite's 2026-07-28 requirements (@modelcontextprotocol/conformance
// 0.2.0-alpha.12 in scripts/mcp-conformance-2026, with the Node 22 it needs) against one /mcp URL,
// judged check by check: a required scenario passes when every check it fails is excused for that
// target with a reason; any other scenario must pass or be excused as a whole, with a reason.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { parse } from 'yaml';
import { repoRoot } from '../../harness/paths.js';

export const suite2026Dir = path.join(repoRoot(), 'scripts', 'mcp-conformance-2026');
const node22 = path.join(suite2026Dir, 'node_modules', '.bin', 'node');
const suiteCli = path.join(suite2026Dir, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');

export const REVISION = '2026-07-28';

/** Scenarios every target must pass at 2026-07-28; only single checks of them may be excused. */
export const REQUIRED_2026 = ['tools-list', 'tools-call-error', 'server-stateless', 'http-header-validation', 'dns-rebinding-protection'];

export interface ScenarioExcuse {
  scenario: string;
  reason: string;
}

export interface CheckExcuse {
  scenario: string;
  check: string;
  /** target names this check fails on */
  targets: string[];
  reason: string;
}

export interface Excuses {
  scenarios: ScenarioExcuse[];
  checks: CheckExcuse[];
}

/** Why the suite cannot run here, or null when it is installed. */
export function suite2026Missing(): string | null {
  for (const file of [node22, suiteCli]) {
    if (!existsSync(file)) return `${path.relative(repoRoot(), file)} is missing; run scripts/setup.sh (npm ci in scripts/mcp-conformance-2026)`;
  }
  return null;
}

const text = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;

/** The expected-failures file; one line naming the entry when one lacks a field or its reason. */
export function readExcuses(file = path.join(suite2026Dir, 'expected-failures.yml')): Excuses {
  const parsed = parse(readFileSync(file, 'utf8')) as { scenarios?: unknown; checks?: unknown };
  const scenarios = (parsed?.scenarios ?? []) as Partial<ScenarioExcuse>[];
  const checks = (parsed?.checks ?? []) as Partial<CheckExcuse>[];
  if (!Array.isArray(scenarios) || !Array.isArray(checks)) throw new Error(`${file}: "scenarios" and "checks" must be lists`);
  for (const [i, s] of scenarios.entries()) {
    if (!text(s.scenario) || !text(s.reason)) throw new Error(`${file}: scenarios[${i}] needs a scenario and a reason`);
  }
  for (const [i, c] of checks.entries()) {
    if (!text(c.scenario) || !text(c.check) || !text(c.reason) || !Array.isArray(c.targets) || c.targets.length === 0) {
      throw new Error(`${file}: checks[${i}] needs a scenario, a check, its targets and a reason`);
    }
  }
  return { scenarios: scenarios as ScenarioExcuse[], checks: checks as CheckExcuse[] };
}

/** Scenario name → the ids of the checks it failed (an empty list: it passed; warnings pass). */
export type CheckResults = Record<string, string[]>;

/** The result folders are server-<scenario>-<ISO timestamp>/checks.json. */
export function readCheckResults(outputDir: string): CheckResults {
  const results: CheckResults = {};
  for (const entry of readdirSync(outputDir)) {
    const scenario = /^server-(.+)-\d{4}-\d\d-\d\dT[\d-]+Z$/.exec(entry)?.[1];
    if (scenario === undefined) continue;
    const checks = JSON.parse(readFileSync(path.join(outputDir, entry, 'checks.json'), 'utf8')) as { id: string; status: string }[];
    results[scenario] = [...(results[scenario] ?? []), ...checks.filter((c) => c.status === 'FAILURE').map((c) => c.id)];
  }
  return results;
}

/** Runs the revision's required scenarios against url; the suite's exit code is not used, its files are. */
export async function runSuite2026(url: string, timeoutMs: number): Promise<{ results: CheckResults; output: string }> {
  const outputDir = mkdtempSync(path.join(os.tmpdir(), 'langbench-mcp-conformance-2026-'));
  try {
    const run = await execa(node22, [suiteCli, 'server', '--url', url, '--requirements', REVISION, '--output-dir', outputDir], { reject: false, all: true, timeout: timeoutMs, cwd: suite2026Dir });
    if (run.timedOut) throw new Error(`the conformance suite did not finish within ${timeoutMs} ms against ${url}`);
    return { results: readCheckResults(outputDir), output: run.all ?? '' };
  } finally {
    rmSync(outputDir, { recursive: true, force: true });
  }
}

export interface Judgement2026 {
  /** "scenario" (did not run) or "scenario: check" a required scenario failed without an excuse */
  requiredFailed: string[];
  /** other scenarios that failed a check no excuse covers, and are not excused as a whole */
  unexpectedFailures: string[];
  /** scenarios with no failed check */
  passed: string[];
}

export function judge2026(results: CheckResults, excuses: Excuses, target: string, required: readonly string[] = REQUIRED_2026): Judgement2026 {
  const excused = (scenario: string, check: string): boolean => excuses.checks.some((c) => c.scenario === scenario && c.check === check && c.targets.includes(target));
  const unexcused = (scenario: string): string[] => (results[scenario] ?? []).filter((check) => !excused(scenario, check));
  const names = Object.keys(results).sort();
  return {
    requiredFailed: required.flatMap((name) => (results[name] === undefined ? [name] : unexcused(name).map((check) => `${name}: ${check}`))),
    unexpectedFailures: names.filter((name) => !required.includes(name) && unexcused(name).length > 0 && !excuses.scenarios.some((s) => s.scenario === name)),
    passed: names.filter((name) => results[name]!.length === 0),
  };
}
