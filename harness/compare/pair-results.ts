// Pairs the targets and scenarios of two result files by name, and says what could not be paired.
// An MCP scenario pairs only with the same protocol revision: a scenario renamed in meaning (mcp
// was 2025-06-18, is 2026-07-28) would otherwise read as a regression or a gain of the server.
import { recordedRevision } from '../mcp/mcp-revision.js';
import type { ResultFile, ScenarioResult, TargetResult } from '../results/schema.js';

export interface TargetPair {
  name: string;
  baseline: TargetResult;
  current: TargetResult;
  /** scenarios present in both, by name, in the baseline's order */
  scenarios: { name: string; baseline: ScenarioResult; current: ScenarioResult }[];
}

export interface Pairing {
  pairs: TargetPair[];
  /** "target" or "target/scenario" present only on one side */
  onlyInBaseline: string[];
  onlyInCurrent: string[];
  /** targets that ran ok in the baseline but failed (build, verification, start) in the current file */
  failedInCurrent: { name: string; status: string; error?: string }[];
  /** "target/scenario" in both files, not paired: each spoke another MCP protocol revision */
  revisionsDiffer: { scenario: string; baseline: string; current: string }[];
}

const isOk = (t: TargetResult): boolean => (t.status ?? 'ok') === 'ok';

export function pairResults(baseline: ResultFile, current: ResultFile): Pairing {
  const pairing: Pairing = { pairs: [], onlyInBaseline: [], onlyInCurrent: [], failedInCurrent: [], revisionsDiffer: [] };
  const currentByName = new Map(current.targets.map((t) => [t.name, t]));
  const baselineNames = new Set(baseline.targets.map((t) => t.name));
  for (const b of baseline.targets) {
    const c = currentByName.get(b.name);
    if (!c) {
      pairing.onlyInBaseline.push(b.name);
      continue;
    }
    if (!isOk(b)) continue; // nothing to compare against
    if (!isOk(c)) {
      pairing.failedInCurrent.push({ name: c.name, status: c.status ?? 'failed', ...(c.error ? { error: c.error } : {}) });
      continue;
    }
    const curScenarios = new Map(c.scenarios.map((s) => [s.name, s]));
    const scenarios: TargetPair['scenarios'] = [];
    for (const s of b.scenarios) {
      const cs = curScenarios.get(s.name);
      const [rb, rc] = cs ? [recordedRevision(s), recordedRevision(cs)] : [];
      if (cs && rb !== rc) pairing.revisionsDiffer.push({ scenario: `${b.name}/${s.name}`, baseline: rb ?? 'not MCP', current: rc ?? 'not MCP' });
      else if (cs) scenarios.push({ name: s.name, baseline: s, current: cs });
      else pairing.onlyInBaseline.push(`${b.name}/${s.name}`);
    }
    const baseScenarioNames = new Set(b.scenarios.map((s) => s.name));
    for (const s of c.scenarios) if (!baseScenarioNames.has(s.name)) pairing.onlyInCurrent.push(`${c.name}/${s.name}`);
    pairing.pairs.push({ name: b.name, baseline: b, current: c, scenarios });
  }
  for (const c of current.targets) if (!baselineNames.has(c.name)) pairing.onlyInCurrent.push(c.name);
  return pairing;
}
