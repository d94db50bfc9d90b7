// A self-contained MCP 2026-07-28 request, as that revision sends every request: no initialize and
// no session; the protocol version, client capabilities and client info ride in params._meta under
// the reserved io.modelcontextprotocol/* keys (the version must equal the MCP-Protocol-Version
// header), and SEP-2243's Mcp-Method / Mcp-Name headers mirror the body's method and, for
// tools/call, the tool's name, so that a gateway can route without reading the body.
import type { MaterializedRequest } from '../contract/verify.js';

export const STATELESS_REVISION = '2026-07-28';

export const META_KEYS = {
  protocolVersion: 'io.modelcontextprotocol/protocolVersion',
  clientCapabilities: 'io.modelcontextprotocol/clientCapabilities',
  clientInfo: 'io.modelcontextprotocol/clientInfo',
} as const;

/** methods whose params name what they act on, mirrored in Mcp-Name */
const NAME_PARAM: Record<string, string> = { 'tools/call': 'name', 'prompts/get': 'name', 'resources/read': 'uri' };

/** The first revision that has no handshake: from it on, a scenario's requests stand alone. */
export function isStatelessRevision(revision: string): boolean {
  // revisions are dates, so they order as strings
  return revision >= STATELESS_REVISION;
}

export function statelessRequest(path: string, id: number, method: string, params: Record<string, unknown>, clientVersion: string): MaterializedRequest {
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id,
    method,
    params: {
      ...params,
      _meta: { [META_KEYS.protocolVersion]: STATELESS_REVISION, [META_KEYS.clientCapabilities]: {}, [META_KEYS.clientInfo]: { name: 'langbench', version: clientVersion } },
    },
  });
  const named = NAME_PARAM[method] === undefined ? undefined : params[NAME_PARAM[method]];
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': STATELESS_REVISION,
    'mcp-method': method,
    ...(typeof named === 'string' ? { 'mcp-name': named } : {}),
    'content-length': String(Buffer.byteLength(body)),
  };
  return { method: 'POST', path, headers, body };
}

/**
 * The JSON-RPC message answering request `id` in a response body: the body itself (JSON), or the
 * data of the server-sent event carrying it (an SSE answer may send notifications first).
 */
export function answerIn(body: string, contentType: string | undefined, id: number): Record<string, unknown> | undefined {
  const messages = contentType?.startsWith('text/event-stream')
    ? body
        .split(/\r?\n\r?\n/)
        .map((event) => event.split(/\r?\n/).filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n'))
        .filter((data) => data.length > 0)
    : [body];
  for (const text of messages) {
    try {
      const message = JSON.parse(text) as Record<string, unknown>;
      if (message.id === id) return message;
    } catch {
      // not JSON: the caller reports the body
    }
  }
  return undefined;
}
