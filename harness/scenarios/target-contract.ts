// What a target is verified against and which scenarios it offers: the reference contract
// (targets/contract.json), a contract file of its own, or none; plus the scenarios its manifest
// declares, each with the check its one request must pass before it is loaded.
import path from 'node:path';
import type { ContractCase, ContractFixture, ScenarioRequest } from '../contract/fixture-schema.js';
import type { McpEndpoint } from '../mcp/verify-mcp.js';
import { loadContractFixture } from '../contract/load-fixture.js';
import { requestRevision } from '../mcp/mcp-revision.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { scopeCases } from '../contract/scope-cases.js';
import { UsageError } from '../errors.js';
import type { LoadedTarget } from '../targets/load-targets.js';

export type ContractKind = 'reference' | 'own' | 'none';

export interface TargetContract {
  kind: ContractKind;
  /** the contract file, absolute; null when kind is none */
  file: string | null;
  /** the contract's cases and scenarios (empty when kind is none) */
  fixture: ContractFixture;
  /** scenarios the manifest declares, as check cases named "scenario NAME" */
  declared: Record<string, DeclaredScenario>;
}

export interface DeclaredScenario {
  request: ScenarioRequest;
  check: ContractCase;
}

const EMPTY_FIXTURE: ContractFixture = { defaults: { headers: {}, headersPresent: [] }, cases: [], scenarios: {} };

export function targetContract(target: LoadedTarget, reference: ContractFixture, referenceFile: string): TargetContract {
  const { manifest } = target;
  const chosen = manifest.contract;
  const declared = Object.fromEntries(
    Object.entries(manifest.scenarios).map(([name, scenario]): [string, DeclaredScenario] => [
      name,
      { request: scenario.request, check: { name: `scenario ${name}`, request: scenario.request, expect: scenario.expect } },
    ]),
  );
  let contract: TargetContract;
  if (chosen === 'reference') contract = { kind: 'reference', file: referenceFile, fixture: reference, declared };
  else if (chosen === 'none') contract = { kind: 'none', file: null, fixture: EMPTY_FIXTURE, declared };
  else {
    const file = path.resolve(target.dir, chosen.file);
    contract = { kind: 'own', file, fixture: loadContractFixture(file), declared };
  }
  for (const name of Object.keys(declared)) {
    if (name in contract.fixture.scenarios) {
      throw new UsageError(`${manifest.name}: scenario "${name}" is both in target.json and in its contract (${contract.file}); rename the one in target.json`);
    }
  }
  if (scenarioNames(contract).length === 0) {
    throw new UsageError(`${manifest.name}: no scenarios to load (contract "none" and no "scenarios" in ${path.join(target.dir, 'target.json')}); declare one, see targets/README.md`);
  }
  return contract;
}

/** Every scenario the target offers: its contract's, then its manifest's. */
export function scenarioNames(contract: TargetContract): string[] {
  return [...Object.keys(contract.fixture.scenarios), ...Object.keys(contract.declared)];
}

/** The request a scenario sends over and over. */
export function scenarioRequest(contract: TargetContract, scenario: string): ScenarioRequest {
  const request = contract.fixture.scenarios[scenario] ?? contract.declared[scenario]?.request;
  if (!request) throw new Error(`scenario "${scenario}" is not offered by this target`);
  return request;
}

/** The check of a scenario's own request: a declared one's expect, or 200 for a contract one. */
function scenarioCheck(contract: TargetContract, name: string): ContractCase | undefined {
  if (contract.declared[name]) return contract.declared[name].check;
  const request = contract.fixture.scenarios[name];
  return request ? { name: `scenario ${name}`, request, expect: { status: 200, headers: {}, headersPresent: [] } } : undefined;
}

/**
 * What verification sends for the asked scenarios: the contract cases in scope (all of them when
 * every contract scenario is asked), then one check of each asked scenario's own request — a
 * contract scenario must answer 200, a declared one what its manifest expects. The contract's
 * default headers apply to its own cases only. Session scenarios are checked apart
 * (sessionChecks), since their request needs the setup first.
 */
export function verificationFixtures(contract: TargetContract, scenarios: readonly string[], healthPath: string): ContractFixture[] {
  const asked = scenarios.filter((s) => s in contract.fixture.scenarios);
  const cases = scopeCases(contract.fixture, asked, healthPath);
  const checks = scenarios.filter((name) => !scenarioRequest(contract, name).session).flatMap((name) => scenarioCheck(contract, name) ?? []);
  return [cases, { ...EMPTY_FIXTURE, cases: checks }].filter((f) => f.cases.length > 0);
}

/** The asked session scenarios, each with its check and its setup. */
export function sessionChecks(contract: TargetContract, scenarios: readonly string[]): { check: ContractCase; session: NonNullable<ScenarioRequest['session']> }[] {
  return scenarios.flatMap((name) => {
    const session = scenarioRequest(contract, name).session;
    const check = scenarioCheck(contract, name);
    return session && check ? [{ check, session }] : [];
  });
}

/** The MCP endpoints the asked scenarios load, once per path and revision. */
export function mcpEndpoints(contract: TargetContract, scenarios: readonly string[]): McpEndpoint[] {
  const endpoints = new Map<string, McpEndpoint>();
  for (const name of scenarios) {
    const request = scenarioRequest(contract, name);
    // a scenario that names no revision is checked as the official client speaks (its latest)
    const revision = requestRevision(request) ?? LATEST_PROTOCOL_VERSION;
    if (request.mcp) endpoints.set(`${request.path} ${revision}`, { path: request.path, stateful: request.mcp.stateful, revision });
  }
  return [...endpoints.values()];
}
