// The one request a load run repeats, serialized once as HTTP/1.1 bytes for the socket engine.
import { METHODS } from 'node:http';
import type { LoadRequest } from './load-types.js';

/**
 * Request line, Host, the caller's headers (less any Content-Length or Host: they are written from
 * the body and the URL, never twice, as strict parsers answer duplicates with 400), then the body.
 */
export function httpRequestBytes(url: URL, request: Pick<LoadRequest, 'method' | 'headers' | 'body'>): Buffer {
  if (!METHODS.includes(request.method)) throw new Error(`unsupported HTTP method ${JSON.stringify(request.method)}`);
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  const lines = [`${request.method} ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`];
  for (const [name, value] of Object.entries(request.headers)) {
    const lower = name.toLowerCase();
    if (lower === 'content-length' || lower === 'host') continue;
    if (/[\r\n]/.test(name + value)) throw new Error(`header ${JSON.stringify(name)} contains a line break`);
    lines.push(`${name}: ${value}`);
  }
  if (body !== undefined || !['GET', 'HEAD', 'DELETE', 'OPTIONS'].includes(request.method)) lines.push(`Content-Length: ${body?.length ?? 0}`);
  const head = Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1');
  return body === undefined ? head : Buffer.concat([head, body]);
}
