// A fetch for the MCP client that sends every request over one kept-alive connection (node:http,
// one socket), as an agent's HTTP client would: a server of several worker processes (uvicorn's)
// keeps a session in the worker that accepted its connection, and global fetch's pool would spread
// a session's requests over connections, hence workers ("Session not found"). The standalone GET
// stream is answered 405 here without being sent: it would hold the one connection, and the SDK
// client treats 405 as "the server offers no such stream", which verification does not need.
import http from 'node:http';

type FetchLike = (url: string | URL, init?: RequestInit) => Promise<Response>;

/** statuses whose Response must have a null body */
const NO_BODY = new Set([101, 204, 205, 304]);

function headerObject(init: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(init).forEach((value, name) => (out[name] = value));
  return out;
}

function bodyOf(body: RequestInit['body']): string | Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  throw new Error(`one-connection fetch: unsupported request body type ${Object.prototype.toString.call(body)}`);
}

export function oneConnectionFetch(): { fetch: FetchLike; close: () => void } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const fetch: FetchLike = (input, init = {}) => {
    const method = (init.method ?? 'GET').toUpperCase();
    if (method === 'GET') return Promise.resolve(new Response(null, { status: 405 }));
    const url = new URL(String(input));
    return new Promise((resolve, reject) => {
      // the client passes one signal to every request: each takes its listener off when it is done
      const onAbort = (): void => void request.destroy(new Error('aborted'));
      const settle = <T>(done: (value: T) => void) => (value: T): void => {
        init.signal?.removeEventListener('abort', onAbort);
        done(value);
      };
      resolve = settle(resolve);
      reject = settle(reject);
      const request = http.request(
        { hostname: url.hostname.replace(/^\[|\]$/g, ''), port: url.port, path: url.pathname + url.search, method, headers: headerObject(init.headers), agent },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const headers = new Headers();
            for (const [name, value] of Object.entries(response.headers)) {
              for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, v);
            }
            const status = response.statusCode ?? 0;
            resolve(new Response(NO_BODY.has(status) ? null : Buffer.concat(chunks), { status, headers }));
          });
        },
      );
      request.on('error', reject);
      init.signal?.addEventListener('abort', onAbort, { once: true });
      request.end(bodyOf(init.body));
    });
  };
  return { fetch, close: () => agent.destroy() };
}
