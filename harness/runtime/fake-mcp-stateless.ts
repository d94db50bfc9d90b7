// The fake runtime's /mcp at 2026-07-28: each POST stands alone, and is refused, as that revision
// requires, when its MCP-Protocol-Version header, its _meta protocol version and its Mcp-Method /
// Mcp-Name headers (SEP-2243) disagree with each other or with the body. Answers JSON, no session.
import type http from 'node:http';
import type { McpToolCheck } from '../mcp/mcp-checks.js';
import { META_KEYS } from '../mcp/stateless-request.js';
import { fakeToolCall, fakeToolList } from './fake-mcp-tools.js';

/** the revision's error code for headers that disagree with the body */
const HEADER_MISMATCH = -32020;

interface Message {
  id?: string | number;
  method?: unknown;
  params?: { name?: unknown; arguments?: Record<string, unknown>; _meta?: Record<string, unknown> };
}

function reply(response: http.ServerResponse, status: number, message: Record<string, unknown>): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', ...message }));
}

/** why the request's headers and body disagree, or undefined when they agree */
function mismatch(request: http.IncomingMessage, message: Message): string | undefined {
  const version = request.headers['mcp-protocol-version'];
  if (message.params?._meta?.[META_KEYS.protocolVersion] !== version) return `_meta ${META_KEYS.protocolVersion} is not the MCP-Protocol-Version header ${String(version)}`;
  if (request.headers['mcp-method'] !== message.method) return `Mcp-Method ${String(request.headers['mcp-method'])} is not the body's method ${String(message.method)}`;
  if (message.method === 'tools/call' && request.headers['mcp-name'] !== message.params?.name) return `Mcp-Name ${String(request.headers['mcp-name'])} is not the tool's name ${String(message.params?.name)}`;
  return undefined;
}

export function answerStateless(request: http.IncomingMessage, response: http.ServerResponse, body: unknown, answers: readonly McpToolCheck[]): void {
  if (request.method !== 'POST') return void response.writeHead(405, { allow: 'POST' }).end();
  const message = (body ?? {}) as Message;
  const id = message.id ?? null;
  const why = mismatch(request, message);
  if (why) return reply(response, 400, { id, error: { code: HEADER_MISMATCH, message: why } });
  if (message.method === 'tools/list') return reply(response, 200, { id, result: fakeToolList() });
  if (message.method === 'tools/call') return reply(response, 200, { id, result: fakeToolCall(answers, String(message.params?.name), message.params?.arguments) });
  reply(response, 404, { id, error: { code: -32601, message: 'Method not found' } });
}
