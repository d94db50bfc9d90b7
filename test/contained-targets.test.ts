// Misbehaving targets are contained: a target that floods its output costs langbench a bounded
// tail of it (in memory, and in the error message that quotes it), a container may not fork
// without end (the pids limit reaches the engine in every create request), and a target that
// answers right only half the time does not pass verification on one lucky answer.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_LINE_CHARS, OutputTail } from '../harness/log/output-tail.js';
import { ProcessRuntime } from '../harness/runtime/process-runtime.js';
import { DockerRuntime } from '../harness/runtime/docker-runtime.js';
import { CONTAINER_PIDS_LIMIT } from '../harness/runtime/container-policy.js';
import { loadTarget, loadAllTargets } from '../harness/targets/load-targets.js';
import { targetsDir } from '../harness/paths.js';
import { freePort } from '../harness/net/free-port.js';
import type { PreparedTarget } from '../harness/runtime/runtime.js';
import { EXIT_TARGET_FAILED } from '../harness/errors.js';
import { resultFileSchema } from '../harness/results/schema.js';
import { cliPath, runCli } from './support/run-cli.js';

const KEEP = 40;
/** what the tail may hold at most: KEEP lines of MAX_LINE_CHARS and a note each, and the open line */
const BOUND = (KEEP + 1) * (MAX_LINE_CHARS + 64);

describe('OutputTail keeps a bounded tail whatever it is fed', () => {
  it('short lines as they are, the last ones', () => {
    const tail = new OutputTail(3);
    tail.push('a\nb\n');
    tail.push('c\nd\ne');
    expect(tail.text()).toBe('b\nc\nd\ne');
  });

  it('one endless line (20 MB, never a newline): its start and how much was cut', () => {
    const tail = new OutputTail(KEEP);
    const chunk = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 320; i++) tail.push(chunk);
    expect(tail.text()).toBe(`${'x'.repeat(MAX_LINE_CHARS)}… (${320 * chunk.length - MAX_LINE_CHARS} more characters)`);
    tail.push('\nafter\n');
    expect(tail.text().split('\n')).toEqual([`${'x'.repeat(MAX_LINE_CHARS)}… (${320 * chunk.length - MAX_LINE_CHARS} more characters)`, 'after']);
  });

  it('a million lines in one chunk: no million-argument push, the last KEEP lines', () => {
    const tail = new OutputTail(KEEP);
    tail.push(Array.from({ length: 1_000_000 }, (_, i) => `line ${i}`).join('\n') + '\n');
    const lines = tail.text().split('\n');
    expect(lines).toHaveLength(KEEP);
    expect(lines.at(-1)).toBe('line 999999');
  });
});

describe('a target that floods stdout (process runtime)', () => {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'langbench-flood-'));
  const dir = path.join(parent, 'flood');
  mkdirSync(dir);
  const runtime = new ProcessRuntime();
  afterAll(async () => {
    await runtime.cleanup();
    runtime.dispose();
    rmSync(parent, { recursive: true, force: true });
  });

  it('prints 200k lines, then 50 MB without a newline; langbench keeps a bounded tail, and stops it', async () => {
    // no server at all: only the flood, then a long sleep, so the runtime must stop it itself
    const flood = "seq 200000; head -c 50000000 /dev/zero | tr '\\\\0' x; exec sleep 600";
    writeFileSync(
      path.join(dir, 'target.json'),
      JSON.stringify({
        name: 'flood',
        language: 'shell',
        framework: 'none',
        port: { env: 'PORT', default: 8080 },
        healthPath: '/health',
        contract: 'none',
        scenarios: { json: { request: { method: 'GET', path: '/json' }, expect: { status: 200 } } },
        native: { requires: [], build: [], run: ['/bin/sh', '-c', flood], sizePaths: ['target.json'], sizeKind: 'none' },
      }),
    );
    const target = loadTarget(dir);
    const server = await runtime.start({ target, sizeBytes: null, sizeKind: 'none' }, { port: await freePort(), cpus: [os.cpus().length > 1 ? 1 : 0] });
    // the flood is read as it comes (the pipe never fills and blocks the target); wait for its end
    const done = `(${50_000_000 - MAX_LINE_CHARS} more characters)`;
    const deadline = Date.now() + 30_000;
    while (!server.outputTail().endsWith(done) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const tail = server.outputTail();
    expect(tail.length).toBeLessThan(BOUND);
    expect(tail.endsWith(done)).toBe(true);
    const lines = tail.split('\n');
    expect(lines).toHaveLength(KEEP + 1);
    expect(lines.at(-2)).toBe('200000');
    expect(server.exitReason()).toBeUndefined();
    await server.stop();
    expect(server.exitReason()).toBeDefined();
  }, 90_000);
});

describe('a container may not fork without end', () => {
  it('every container is created with the pids limit', async () => {
    const created: { HostConfig?: { PidsLimit?: number } }[] = [];
    const never = () => new Promise<never>(() => {});
    const docker = {
      info: async () => ({ CgroupVersion: '2' }),
      listContainers: async () => [],
      modem: { demuxStream: () => undefined },
      createContainer: async (options: { HostConfig?: { PidsLimit?: number } }) => {
        created.push(options);
        return { id: `c${created.length}`, start: async () => {}, wait: never, logs: never, unpause: async () => {}, stop: async () => {}, remove: async () => {} };
      },
    };
    const dir = mkdtempSync(path.join(os.tmpdir(), 'langbench-pids-'));
    const runtime = new DockerRuntime({ docker: docker as never, cgroupRoot: dir });
    try {
      const target = loadAllTargets(targetsDir()).find((t) => t.manifest.name === 'go-nethttp')!;
      const prepared: PreparedTarget = { target, sizeBytes: 0, sizeKind: 'image', image: { id: 'sha256:x', tag: 'x', build: 'offline', cached: true } };
      await runtime.start(prepared, { port: 18003, cpus: [0] });
      expect(created.map((c) => c.HostConfig?.PidsLimit)).toEqual([CONTAINER_PIDS_LIMIT]);
    } finally {
      await runtime.cleanup();
      runtime.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** `langbench bench --runtime process` of one node:http target with this source, in a folder of its own. */
function benchNodeTarget(name: string, source: string): { run: ReturnType<typeof runCli>; result: ReturnType<typeof resultFileSchema.parse> } {
  if (!existsSync(cliPath)) throw new Error('dist/ is missing: run `npm run build` (or `npx tsc -p .`) before vitest');
  const parent = mkdtempSync(path.join(os.tmpdir(), `langbench-${name}-`));
  try {
    const dir = path.join(parent, name);
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'server.js'), source);
    writeFileSync(
      path.join(dir, 'target.json'),
      JSON.stringify({
        name,
        language: 'JavaScript',
        framework: 'node:http',
        port: { env: 'PORT', default: 8080 },
        healthPath: '/health',
        contract: 'none',
        scenarios: { json: { request: { method: 'GET', path: '/json' }, expect: { status: 200, body: '{"message":"Hello, World!"}' } } },
        native: { requires: ['node'], build: [], run: [process.execPath, 'server.js'], sizePaths: ['server.js'], sizeKind: 'script' },
      }),
    );
    const out = path.join(parent, 'r.json');
    const run = runCli(
      ['bench', '--runtime', 'process', '--targets-dir', parent, '--targets', name, '--scenarios', 'json', '--trials', '2', '--duration', '0.2', '--warmup', '0', '--cold-starts', '1', '--no-report', '--out', out],
      { env: { LANGBENCH_LOCK_FILE: path.join(parent, 'bench.lock') }, timeoutMs: 120_000 },
    );
    if (!existsSync(out)) throw new Error(`no result written (exit ${run.status}):\n${run.stderr}`);
    return { run, result: resultFileSchema.parse(JSON.parse(readFileSync(out, 'utf8'))) };
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
}

describe('a target that answers 200 with the wrong body half the time', () => {
  it('fails verification (the load counts status codes, not bodies), exit 3, one line naming the check', () => {
    const { run, result } = benchNodeTarget(
      'flaky',
      `let n = 0;
require('http').createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  if (req.url === '/health') return res.end('ok');
  res.end(n++ % 2 ? '{"message":"wrong"}' : '{"message":"Hello, World!"}');
}).listen(Number(process.env.PORT), '127.0.0.1');
`,
    );
    expect(run.status, run.stderr).toBe(EXIT_TARGET_FAILED);
    expect(run.stdout).toContain('flaky: failed-verification: contract verification failed: on check 2 of 3 (the earlier ones passed): case "scenario json": expected body');
    expect(result.targets.map((t) => t.status)).toEqual(['failed-verification']);
  }, 150_000);
});

describe('a target that accepts connections and never answers (but its health check)', () => {
  it('fails verification after the request\'s progress timeout, not a hung run: exit 3', () => {
    const { run, result } = benchNodeTarget(
      'hang',
      `require('http').createServer((req, res) => { if (req.url === '/health') res.end('ok'); }).listen(Number(process.env.PORT), '127.0.0.1');\n`,
    );
    expect(run.status, run.stderr).toBe(EXIT_TARGET_FAILED);
    expect(run.stdout).toContain('hang: failed-verification: contract verification failed: case "scenario json": request failed: no progress for');
    expect(result.targets.map((t) => t.status)).toEqual(['failed-verification']);
  }, 150_000);
});
