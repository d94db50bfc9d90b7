// The fake runtime's servers: in-process HTTP servers that answer the contract fixture (so health
// polling and verification run for real) and report scripted memory, CPU and cold starts.
import http from 'node:http';
import type { RunningServer, MemoryHighWater } from './runtime.js';
import type { ContractCase, ContractFixture } from '../contract/fixture-schema.js';
import { materializeRequest } from '../contract/verify.js';
import { FakeMcp } from './fake-mcp.js';
import type { FakeTargetScript } from './fake-script.js';

function responseFor(fixture: ContractFixture, method: string, path: string, body: string): { status: number; headers: Record<string, string>; body: string } {
  const candidates = fixture.cases.filter((c) => c.request.method === method && c.request.path === path);
  const chosen: ContractCase | undefined =
    candidates.find((c) => (materializeRequest(c.request).body ?? '') === body) ??
    candidates.find((c) => c.request.bodyOfSize !== undefined && body.length >= c.request.bodyOfSize.bytes) ??
    candidates[0];
  if (!chosen) return { status: 404, headers: { 'content-type': 'application/json' }, body: '{"error":"not found"}' };
  const responseBody = chosen.expect.body ?? (chosen.expect.json !== undefined ? JSON.stringify(chosen.expect.json) : '{}');
  return { status: chosen.expect.status, headers: { ...fixture.defaults.headers, ...chosen.expect.headers }, body: responseBody };
}

/** each fake server's MCP endpoints, for the sessions its scripted memory counts */
const mcpOf = new WeakMap<http.Server, FakeMcp>();

/** An HTTP server on 127.0.0.1:port answering the fixture's cases and its MCP endpoint. */
export async function listenFake(fixture: ContractFixture, port: number): Promise<http.Server> {
  const mcp = new FakeMcp(fixture);
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (mcp.handles(request.url ?? '')) {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = undefined;
        }
        mcp.handle(request, response, body).catch(() => response.headersSent || response.writeHead(500).end());
        return;
      }
      const answer = responseFor(fixture, request.method ?? 'GET', request.url ?? '/', Buffer.concat(chunks).toString('utf8'));
      response.writeHead(answer.status, { ...answer.headers, server: 'langbench-fake', 'content-length': Buffer.byteLength(answer.body) });
      response.end(answer.body);
    });
  });
  mcpOf.set(server, mcp);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return server;
}

type MemoryPhase = 'fresh' | 'loaded' | 'rested';

export class FakeServer implements RunningServer {
  readonly baseUrl: string;
  readonly startRequestedNs = process.hrtime.bigint();
  private startMs: number | undefined;
  private phase: MemoryPhase = 'fresh';
  private freshBytes: number | undefined;
  private loadBytes = 0;
  private cpuNs = 0;
  private frozen = false;
  private closed = false;
  private died: string | undefined;

  constructor(
    private readonly server: http.Server,
    port: number,
    readonly name: string,
    readonly cpus: readonly number[],
    readonly script: FakeTargetScript,
    private readonly sequence: { nextStartMs(): number | undefined; nextFreshBytes(): number },
  ) {
    this.baseUrl = `http://127.0.0.1:${port}`;
  }

  // read once, by the cold-start stopwatch: only a cold start takes a value from the script
  get scriptedStartMs(): number | undefined {
    if (this.startMs === undefined) this.startMs = this.sequence.nextStartMs();
    return this.startMs;
  }
  get isFrozen(): boolean {
    return this.frozen;
  }
  async memoryBytes(): Promise<number> {
    if (this.phase === 'loaded') return this.loadBytes;
    if (this.phase === 'rested') return this.script.memory.afterLoadBytes;
    this.freshBytes ??= this.sequence.nextFreshBytes();
    // a fresh instance holds its scripted bytes per MCP session on top (the abandoned-session stage)
    return this.freshBytes + (this.script.memory.bytesPerSession ?? 0) * (mcpOf.get(this.server)?.sessionCount ?? 0);
  }
  async cpuTimeNs(): Promise<number> {
    return this.cpuNs;
  }
  async memoryHighWater(): Promise<MemoryHighWater | null> {
    const bytes = this.script.memory.highWaterBytes;
    return bytes === null ? null : { bytes, sameMeasure: true, source: 'scripted' };
  }
  /** load ran: memory stays at its reading until the server is frozen, then settles to steady state */
  loaded(bytes: number, cpuNs: number): void {
    this.phase = 'loaded';
    this.loadBytes = bytes;
    this.cpuNs += cpuNs;
  }
  async freeze(): Promise<void> {
    this.frozen = true;
    if (this.phase === 'loaded') this.phase = 'rested';
  }
  async thaw(): Promise<void> {
    this.frozen = false;
  }
  die(): void {
    this.died = 'killed by SIGKILL (scripted)';
    void this.close();
  }
  exitReason(): string | undefined {
    return this.died ?? (this.closed ? 'stopped' : undefined);
  }
  outputTail(): string {
    return this.died ? `fake ${this.name}: ${this.died}` : '';
  }
  async stop(): Promise<void> {
    await this.close();
  }
  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
