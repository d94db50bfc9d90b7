// A tool server of "your own": Node.js with the official TypeScript MCP SDK, one tool
// (word_count), served over Streamable HTTP at /mcp (stateless) and /mcp-session (sessions),
// plus /health. langbench knows nothing of it beyond its target.json.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

function toolServer() {
  const server = new McpServer({ name: 'node-mcp-example', version: '1.0.0' });
  server.registerTool('word_count', { description: 'Number of whitespace-separated words in text', inputSchema: { text: z.string() } }, ({ text }) => ({
    content: [{ type: 'text', text: String(text.split(/\s+/).filter(Boolean).length) }],
  }));
  return server;
}

const sessions = new Map();

async function handle(request, response, body) {
  if (request.url === '/mcp') {
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    const server = toolServer();
    response.on('close', () => void server.close());
    await server.connect(transport);
    return transport.handleRequest(request, response, body);
  }
  const id = request.headers['mcp-session-id'];
  let transport = typeof id === 'string' ? sessions.get(id) : undefined;
  if (!transport && request.method === 'POST' && isInitializeRequest(body)) {
    transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID(), onsessioninitialized: (sid) => sessions.set(sid, transport) });
    transport.onclose = () => sessions.delete(transport.sessionId);
    await toolServer().connect(transport);
  }
  if (!transport) return void response.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"no valid session"}');
  return transport.handleRequest(request, response, body);
}

http
  .createServer((request, response) => {
    if (request.url === '/health') return void response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    if (request.url !== '/mcp' && request.url !== '/mcp-session') return void response.writeHead(404).end();
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      let body;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        return void response.writeHead(400).end('{"error":"not JSON"}');
      }
      handle(request, response, body).catch(() => response.headersSent || response.writeHead(500).end());
    });
  })
  .listen(Number(process.env.PORT ?? 8080), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
