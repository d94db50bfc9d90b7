// Runs the official MCP conformance suite (scripts/mcp-conformance, installed by scripts/setup.sh
// with the Node 22 it needs) against one URL, and judges its per-scenario results against the
// expected-failures list.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { parse } from 'yaml';
import { repoRoot } from '../../harness/paths.js';

export const suiteDir = path.join(repoRoot(), 'scripts', 'mcp-conformance');
const node22 = path.join(suiteDir, 'node_modules', '.bin', 'node');
const suiteCli = path.join(suiteDir, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');

/** Scenarios every target must pass, whatever the expected-failures file says. */
export const REQUIRED_SCENARIOS = ['server-initialize', 'ping', 'tools-list', 'tools-call-error', 'dns-rebinding-protection'];

/** Why the suite cannot run here, or null when it is installed. */
export function suiteMissing(): string | null {
  for (const file of [node22, suiteCli]) {
    if (!existsSync(file)) return `${path.relative(repoRoot(), file)} is missing; run scripts/setup.sh (npm ci in scripts/mcp-conformance)`;
  }
  return null;
}

export function expectedFailures(file = path.join(suiteDir, 'expected-failures.yml')): string[] {
  const parsed = parse(readFileSync(file, 'utf8')) as { server?: unknown };
  if (!Array.isArray(parsed?.server) || !parsed.server.every((s) => typeof s === 'string')) {
    throw new Error(`${file}: "server" must be a list of scenario names`);
  }
  return parsed.server;
}

/** Scenario name → passed (no check FAILED; warnings pass, as in the suite's own summary). */
export type ScenarioResults = Record<string, boolean>;

/** The result folders are server-<scenario>-<ISO timestamp>/checks.json. */
export function readResults(outputDir: string): ScenarioResults {
  const results: ScenarioResults = {};
  for (const entry of readdirSync(outputDir)) {
    const scenario = /^server-(.+)-\d{4}-\d\d-\d\dT[\d-]+Z$/.exec(entry)?.[1];
    if (scenario === undefined) continue;
    const checks = JSON.parse(readFileSync(path.join(outputDir, entry, 'checks.json'), 'utf8')) as { status: string }[];
    results[scenario] = (results[scenario] ?? true) && checks.every((check) => check.status !== 'FAILURE');
  }
  return results;
}

/** Runs every active server scenario against url; the suite's exit code is not used, its files are. */
export async function runSuite(url: string, timeoutMs: number): Promise<{ results: ScenarioResults; output: string }> {
  const outputDir = mkdtempSync(path.join(os.tmpdir(), 'langbench-mcp-conformance-'));
  try {
    const run = await execa(node22, [suiteCli, 'server', '--url', url, '--output-dir', outputDir], { reject: false, all: true, timeout: timeoutMs, cwd: suiteDir });
    if (run.timedOut) throw new Error(`the conformance suite did not finish within ${timeoutMs} ms against ${url}`);
    return { results: readResults(outputDir), output: run.all ?? '' };
  } finally {
    rmSync(outputDir, { recursive: true, force: true });
  }
}

export interface Judgement {
  /** required scenarios that failed or did not run */
  requiredFailed: string[];
  /** scenarios that failed without being in the expected-failures list */
  unexpectedFailures: string[];
  passed: string[];
}

export function judge(results: ScenarioResults, expected: readonly string[], required: readonly string[] = REQUIRED_SCENARIOS): Judgement {
  const names = Object.keys(results).sort();
  return {
    requiredFailed: required.filter((name) => results[name] !== true),
    unexpectedFailures: names.filter((name) => !results[name] && !expected.includes(name) && !required.includes(name)),
    passed: names.filter((name) => results[name]),
  };
}
