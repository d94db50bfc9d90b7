// A real MCP session against a target, with the official TypeScript SDK client: initialize,
// tools/list (the contract's tools, each with an input schema), tools/call of every successful
// contract case (the same text as /tool), and the always-failing tool answered as a tool error.
// Stateful endpoints must hand out a session id; every failure is one line.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { ContractFixture } from '../contract/fixture-schema.js';
import { mcpToolChecks, type McpToolCheck } from './mcp-checks.js';
import { oneConnectionFetch } from './one-connection-fetch.js';
import { langbenchVersion } from '../version.js';

export const MCP_TOOLS = ['word_count', 'add', 'sha256'] as const;
export const MCP_ERROR_TOOL = 'test_error_handling';

export interface McpEndpoint {
  path: string;
  /** sessions: the server must answer initialize with an Mcp-Session-Id */
  stateful: boolean;
  /** the protocol revision its scenarios speak (their MCP-Protocol-Version) */
  revision: string;
}

/** What the endpoint must serve: the tools it lists, the calls and their answers, the failing tool. */
export interface McpExpectations {
  tools: readonly string[];
  calls: McpToolCheck[];
  errorTool: string | null;
}

/** The reference targets: the three tools answering every successful /tool case as /tool does. */
export function referenceMcpExpectations(fixture: ContractFixture): McpExpectations {
  return { tools: [...MCP_TOOLS, MCP_ERROR_TOOL], calls: mcpToolChecks(fixture), errorTool: MCP_ERROR_TOOL };
}

/** A server of the user's own: a working session that lists at least one tool. */
export const ANY_MCP_SERVER: McpExpectations = { tools: [], calls: [], errorTool: null };

const TIMEOUT_MS = 10_000;

function textOf(result: Record<string, unknown>): string | undefined {
  const content = result.content as { type?: string; text?: string }[] | undefined;
  return content?.length === 1 && content[0]!.type === 'text' ? content[0]!.text : undefined;
}

export async function verifyMcp(baseUrl: string, endpoint: McpEndpoint, expected: McpExpectations): Promise<string[]> {
  const where = `MCP ${endpoint.path}`;
  const failures: string[] = [];
  const connection = oneConnectionFetch();
  const transport = new StreamableHTTPClientTransport(new URL(endpoint.path, baseUrl), { fetch: connection.fetch });
  const client = new Client({ name: 'langbench', version: langbenchVersion() });
  try {
    await client.connect(transport, { timeout: TIMEOUT_MS });
  } catch (error) {
    connection.close();
    return [`${where}: initialize failed: ${(error as Error).message.split('\n')[0]}`];
  }
  try {
    if (endpoint.stateful && !transport.sessionId) failures.push(`${where}: initialize answered without an Mcp-Session-Id (expected a session)`);
    if (!endpoint.stateful && transport.sessionId) failures.push(`${where}: a stateless endpoint handed out session ${transport.sessionId}`);
    const { tools } = await client.listTools(undefined, { timeout: TIMEOUT_MS });
    if (tools.length === 0) failures.push(`${where}: tools/list is empty`);
    for (const name of expected.tools) {
      const tool = tools.find((t) => t.name === name);
      if (!tool) failures.push(`${where}: tools/list lacks ${name} (has ${tools.map((t) => t.name).join(', ') || 'none'})`);
      else if (tool.inputSchema?.type !== 'object') failures.push(`${where}: tool ${name} has no object input schema`);
    }
    for (const check of expected.calls) {
      try {
        const result = await client.callTool({ name: check.tool, arguments: check.arguments }, undefined, { timeout: TIMEOUT_MS });
        const text = textOf(result);
        if (result.isError) failures.push(`${where}: case "${check.name}": ${check.tool} answered a tool error: ${JSON.stringify(text)}`);
        else if (text !== check.text) failures.push(`${where}: case "${check.name}": expected ${JSON.stringify(check.text)}, got ${JSON.stringify(text ?? result.content)}`);
      } catch (error) {
        failures.push(`${where}: case "${check.name}": tools/call failed: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    if (expected.errorTool !== null) {
      try {
        const failed = await client.callTool({ name: expected.errorTool, arguments: {} }, undefined, { timeout: TIMEOUT_MS });
        if (failed.isError !== true) failures.push(`${where}: ${expected.errorTool} did not answer a tool error (isError: true)`);
      } catch (error) {
        failures.push(`${where}: ${expected.errorTool}: expected a tool error result, got a protocol error: ${(error as Error).message.split('\n')[0]}`);
      }
    }
  } catch (error) {
    failures.push(`${where}: ${(error as Error).message.split('\n')[0]}`);
  } finally {
    if (endpoint.stateful && transport.sessionId) await transport.terminateSession().catch(() => undefined);
    await client.close().catch(() => undefined);
    connection.close();
  }
  return failures;
}
