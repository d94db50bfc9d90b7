// A runtime for testing langbench itself: an in-process server that answers every request with
// the contract fixture's expected response. Fast and deterministic; it measures nothing real.
import http from 'node:http';
import type { LaunchSpec, PreparedTarget, Runtime, RunningServer } from './runtime.js';
import type { LoadedTarget } from '../targets/load-targets.js';
import type { ContractCase, ContractFixture } from '../contract/fixture-schema.js';
import { materializeRequest } from '../contract/verify.js';

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

class FakeServer implements RunningServer {
  readonly baseUrl: string;
  readonly startRequestedNs = process.hrtime.bigint();
  private closed = false;

  constructor(private readonly server: http.Server, port: number) {
    this.baseUrl = `http://127.0.0.1:${port}`;
  }
  async memoryBytes(): Promise<number> {
    return process.memoryUsage().rss;
  }
  async cpuTimeNs(): Promise<number> {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) * 1000;
  }
  async memoryHighWaterBytes(): Promise<number | null> {
    return null;
  }
  async freeze(): Promise<void> {}
  async thaw(): Promise<void> {}
  exitReason(): string | undefined {
    return this.closed ? 'stopped' : undefined;
  }
  outputTail(): string {
    return '';
  }
  async stop(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export class FakeRuntime implements Runtime {
  readonly kind = 'fake' as const;
  readonly memorySource = 'fake (the harness process itself)';
  private readonly servers = new Set<FakeServer>();

  constructor(private readonly fixture: ContractFixture) {}

  async prepare(target: LoadedTarget): Promise<PreparedTarget> {
    return { target, sizeBytes: 0, sizeKind: 'fake' };
  }

  async start(_prepared: PreparedTarget, spec: LaunchSpec): Promise<RunningServer> {
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const answer = responseFor(this.fixture, request.method ?? 'GET', request.url ?? '/', Buffer.concat(chunks).toString('utf8'));
        response.writeHead(answer.status, { ...answer.headers, server: 'langbench-fake', 'content-length': Buffer.byteLength(answer.body) });
        response.end(answer.body);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(spec.port, '127.0.0.1', () => resolve());
    });
    const fake = new FakeServer(server, spec.port);
    this.servers.add(fake);
    return fake;
  }

  async cleanup(): Promise<void> {
    await Promise.all([...this.servers].map((s) => s.stop()));
  }
}
