// A session scenario's per-connection start: its setup requests (an MCP client's initialize and
// notifications/initialized), in order, over node:http; the session header the server answers
// with is carried by every later setup request and by the request the connection then repeats.
import http from 'node:http';
import type { LoadRequest } from './load-types.js';

export interface SessionSpec {
  setup: Pick<LoadRequest, 'method' | 'path' | 'headers' | 'body'>[];
  /** lowercase response header name, e.g. mcp-session-id */
  header: string;
}

function send(url: URL, request: SessionSpec['setup'][number], timeoutMs: number): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...request.headers };
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
    const outgoing = http.request(
      { hostname: url.hostname.replace(/^\[|\]$/g, ''), port: url.port, path: request.path, method: request.method, headers, agent: false, timeout: timeoutMs },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

/** Opens one session; resolves with the session header's value, rejects naming the step that failed. */
export async function openSession(baseUrl: URL, spec: SessionSpec, timeoutMs: number): Promise<string> {
  let value: string | undefined;
  for (const [i, step] of spec.setup.entries()) {
    const request = value === undefined ? step : { ...step, headers: { ...step.headers, [spec.header]: value } };
    const answer = await send(baseUrl, request, timeoutMs).catch((error: Error) => {
      throw new Error(`session setup ${i + 1} (${step.method} ${step.path}): ${error.message}`);
    });
    if (answer.status < 200 || answer.status > 299) throw new Error(`session setup ${i + 1} (${step.method} ${step.path}) answered ${answer.status}: ${answer.body.slice(0, 160)}`);
    const got = answer.headers[spec.header];
    value ??= Array.isArray(got) ? got[0] : got;
  }
  if (value === undefined) throw new Error(`no session setup answer carried the ${spec.header} header`);
  return value;
}
