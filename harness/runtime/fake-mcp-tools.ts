// The fake MCP servers' tools, for both revisions (fake-mcp.ts, fake-mcp-stateless.ts): the
// reference tools answering what the contract's /tool cases expect, and the one that always fails.
import { isDeepStrictEqual } from 'node:util';
import type { McpToolCheck } from '../mcp/mcp-checks.js';
import { MCP_ERROR_TOOL, MCP_TOOLS } from '../mcp/verify-mcp.js';

/** tools/list's answer: the reference tools and the failing one */
export function fakeToolList(): { tools: { name: string; inputSchema: { type: 'object'; properties: Record<string, never> } }[] } {
  return { tools: [...MCP_TOOLS, MCP_ERROR_TOOL].map((name) => ({ name, inputSchema: { type: 'object' as const, properties: {} } })) };
}

/** tools/call's answer: the contract's text for a call it has a case of, else a tool error */
export function fakeToolCall(answers: readonly McpToolCheck[], name: string, args: Record<string, unknown> | undefined): { content: { type: 'text'; text: string }[]; isError: boolean } {
  const known = answers.find((a) => a.tool === name && isDeepStrictEqual(a.arguments, args ?? {}));
  if (name === MCP_ERROR_TOOL || !known) return { content: [{ type: 'text' as const, text: `no answer for ${name}` }], isError: true };
  return { content: [{ type: 'text' as const, text: known.text }], isError: false };
}
