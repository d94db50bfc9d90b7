// An MCP endpoint verified at the revision its scenarios speak: with the official client's
// handshake up to 2025-11-25, with self-contained requests from 2026-07-28 on.
import { isStatelessRevision } from './stateless-request.js';
import { verifyMcp, type McpEndpoint, type McpExpectations } from './verify-mcp.js';
import { verifyStatelessMcp } from './verify-mcp-stateless.js';

export function verifyMcpEndpoint(baseUrl: string, endpoint: McpEndpoint, expected: McpExpectations): Promise<string[]> {
  return isStatelessRevision(endpoint.revision) ? verifyStatelessMcp(baseUrl, endpoint, expected) : verifyMcp(baseUrl, endpoint, expected);
}
