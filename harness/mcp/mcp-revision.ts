// Which MCP protocol revision a scenario speaks: the MCP-Protocol-Version header of its request
// (the header every revision since 2025-06-18 requires on HTTP). Result files written before the
// revision was recorded ran their MCP scenarios on 2025-06-18, the only one the contract sent.
import type { ScenarioRequest } from '../contract/fixture-schema.js';
import type { ScenarioResult } from '../results/schema.js';

/** what an MCP scenario of a result file without the field spoke */
export const UNRECORDED_MCP_REVISION = '2025-06-18';

/** the revision an MCP scenario's request names; undefined for a scenario that is not MCP */
export function requestRevision(request: Pick<ScenarioRequest, 'headers' | 'mcp'>): string | undefined {
  return request.mcp ? headerRevision(request.headers) : undefined;
}

/** the MCP-Protocol-Version a request sends, if any */
export function headerRevision(headers: Record<string, string>): string | undefined {
  return Object.entries(headers).find(([name]) => name.toLowerCase() === 'mcp-protocol-version')?.[1];
}

/** the revision a recorded scenario spoke: as recorded, or 2025-06-18 for an MCP scenario of an older file */
export function recordedRevision(scenario: Pick<ScenarioResult, 'name' | 'mcpRevision' | 'request'>): string | undefined {
  if (scenario.mcpRevision !== undefined) return scenario.mcpRevision;
  const wasMcp = scenario.name.startsWith('mcp') || scenario.request?.path.startsWith('/mcp') === true;
  return wasMcp ? UNRECORDED_MCP_REVISION : undefined;
}
