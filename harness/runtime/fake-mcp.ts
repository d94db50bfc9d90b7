// The fake runtime's MCP endpoints: the official SDK's server on Streamable HTTP, /mcp stateless
// and /mcp-session with sessions, whose tools answer what the contract's /tool cases expect (and
// the always-failing tool fails). Lets the MCP verification and session scenarios run in tests
// without building a real target. The TypeScript SDK langbench ships speaks up to 2025-11-25, so
// /mcp answers a 2026-07-28 request itself (fake-mcp-stateless.ts), with the same tools.
import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema, isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { ContractFixture } from '../contract/fixture-schema.js';
import { mcpToolChecks } from '../mcp/mcp-checks.js';
import { answerStateless } from './fake-mcp-stateless.js';
import { isStatelessRevision } from '../mcp/stateless-request.js';
import { fakeToolCall, fakeToolList } from './fake-mcp-tools.js';

export const FAKE_MCP_PATHS = { stateless: '/mcp', stateful: '/mcp-session' } as const;

function mcpServer(fixture: ContractFixture): Server {
  const server = new Server({ name: 'langbench-fake', version: '0.0.0' }, { capabilities: { tools: {} } });
  const answers = mcpToolChecks(fixture);
  server.setRequestHandler(ListToolsRequestSchema, fakeToolList);
  server.setRequestHandler(CallToolRequestSchema, (request) => fakeToolCall(answers, request.params.name, request.params.arguments));
  return server;
}

/** Serves one HTTP request on an MCP path; body is the parsed JSON body (or undefined). */
export class FakeMcp {
  private readonly sessions = new Map<string, StreamableHTTPServerTransport>();

  constructor(private readonly fixture: ContractFixture) {}

  /** sessions held now (opened, not ended) */
  get sessionCount(): number {
    return this.sessions.size;
  }

  handles(path: string): boolean {
    return path === FAKE_MCP_PATHS.stateless || path === FAKE_MCP_PATHS.stateful;
  }

  async handle(request: http.IncomingMessage, response: http.ServerResponse, body: unknown): Promise<void> {
    if (request.url === FAKE_MCP_PATHS.stateless) {
      const revision = request.headers['mcp-protocol-version'];
      if (typeof revision === 'string' && isStatelessRevision(revision)) return answerStateless(request, response, body, mcpToolChecks(this.fixture));
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      const server = mcpServer(this.fixture);
      response.on('close', () => void server.close());
      await server.connect(transport);
      await transport.handleRequest(request, response, body);
      return;
    }
    const id = request.headers['mcp-session-id'];
    let transport = typeof id === 'string' ? this.sessions.get(id) : undefined;
    if (!transport && request.method === 'POST' && isInitializeRequest(body)) {
      transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (sid) => void this.sessions.set(sid, transport!),
        // a DELETE ends the session: it is no longer held (nor counted in the scripted memory)
        onsessionclosed: (sid) => void this.sessions.delete(sid),
      });
      await mcpServer(this.fixture).connect(transport);
    }
    if (!transport) {
      response.writeHead(400, { 'content-type': 'application/json' }).end('{"jsonrpc":"2.0","id":null,"error":{"code":-32000,"message":"Bad Request: no valid session"}}');
      return;
    }
    await transport.handleRequest(request, response, body);
  }

  async close(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((t) => t.close()));
    this.sessions.clear();
  }
}
