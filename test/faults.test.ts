// The fault battery: each fault of the machine injected at its seam — the engine's API (its socket
// refusing connections), the file writes (ENOSPC, EROFS, EPERM), the load connection, a port —
// and what langbench must do with it: one line naming what failed, where, and the fix; exit 6;
// the measurements kept (a fallback file, targets marked not-measured); nothing left behind.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { worldFault } from '../harness/faults/world-fault.js';
import { keepResult } from '../harness/results/keep-result.js';
import { writeResultFile } from '../harness/results/write-result.js';
import { resultFileSchema, type ResultFile } from '../harness/results/schema.js';
import { EnvironmentError, EXIT_ENVIRONMENT, UsageError } from '../harness/errors.js';
import { runBench } from '../harness/bench/run-bench.js';
import { runFaultLine } from '../harness/bench/run-fault-line.js';
import { renderConsoleSummary } from '../harness/output/console-summary.js';
import { metricSpec } from '../harness/metrics/registry.js';
import { parseBenchOptions } from '../harness/bench/bench-options.js';
import { silentEvents, type BenchEvents } from '../harness/bench/bench-events.js';
import { selectTargets } from '../harness/targets/load-targets.js';
import { FakeRuntime } from '../harness/runtime/fake-runtime.js';
import { DEFAULT_FAKE_SCRIPT } from '../harness/runtime/fake-script.js';
import type { LaunchSpec, PreparedTarget, RunningServer } from '../harness/runtime/runtime.js';
import { DockerRuntime } from '../harness/runtime/docker-runtime.js';
import { runCleanups } from '../harness/lifecycle/cleanup.js';
import { allTargets, fakeBenchCores, fixture } from './helpers/fake-bench.js';
import { cliPath, runCli } from './support/run-cli.js';

const SOCKET = '/var/run/docker.sock';

/** What node's http client rejects with once the engine's socket refuses connections. */
function engineRefused(): NodeJS.ErrnoException {
  return Object.assign(new Error(`connect ECONNREFUSED ${SOCKET}`), { code: 'ECONNREFUSED', errno: -111, syscall: 'connect', address: SOCKET });
}

/**
 * What a write to a full (or read-only, or forbidden) file system throws. As node throws them: a
 * write to the open file (where a full disk shows) names no path; an open or mkdir does.
 */
function fileError(code: 'ENOSPC' | 'EROFS' | 'EACCES', file: string, syscall = code === 'ENOSPC' ? 'write' : 'open'): NodeJS.ErrnoException {
  const error = Object.assign(new Error(syscall === 'write' ? `${code}: refused, write` : `${code}: refused, ${syscall} '${file}'`), { code, syscall });
  return syscall === 'write' ? error : Object.assign(error, { path: file });
}

const tempDirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('worldFault tells a fault of the machine from a bug', () => {
  it('the engine gone, however deep the runtime wrapped it', () => {
    const wrapped = new Error('could not remove container langbench-axum-1: connect ECONNREFUSED', { cause: engineRefused() });
    const fault = worldFault(new Error('axum died', { cause: wrapped }));
    expect(fault?.kind).toBe('engine-gone');
    expect(fault?.line).toBe('the Docker engine stopped answering (ECONNREFUSED on /var/run/docker.sock); restart it with `npm run setup`');
    const removed = Object.assign(new Error(`connect ENOENT ${SOCKET}`), { code: 'ENOENT', syscall: 'connect', address: SOCKET });
    expect(worldFault(removed)?.kind).toBe('engine-gone');
  });

  it('a file that cannot be written: what, where and the fix', () => {
    expect(worldFault(fileError('ENOSPC', '/data/r.json', 'open'))?.line).toBe('could not write /data/r.json: no space left on the device (ENOSPC); free space or choose another path');
    expect(worldFault(fileError('ENOSPC', '/data/r.json'))?.kind).toBe('file-write');
    expect(worldFault(fileError('EROFS', '/ro/r.json', 'open'))?.kind).toBe('file-write');
    expect(worldFault(fileError('EACCES', '/root/x', 'mkdir'))?.kind).toBe('file-write');
  });

  it('a port taken, and a target that went away under the load', () => {
    const taken = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE', syscall: 'listen', address: '127.0.0.1', port: 8080 });
    expect(worldFault(taken)?.line).toMatch(/^127\.0\.0\.1:8080 was taken by another program/);
    const gone = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9000'), { code: 'ECONNREFUSED', syscall: 'connect', address: '127.0.0.1', port: 9000 });
    expect(worldFault(gone)?.kind).toBe('target-gone');
  });

  it('not: a bug, a missing program (spawn ENOENT), a kill refused, a remote refusal', () => {
    expect(worldFault(new TypeError('x is undefined'))).toBeNull();
    expect(worldFault(Object.assign(new Error('spawn docker ENOENT'), { code: 'ENOENT', syscall: 'spawn docker', path: 'docker' }))).toBeNull();
    expect(worldFault(Object.assign(new Error('kill EPERM'), { code: 'EPERM', syscall: 'kill' }))).toBeNull();
    expect(worldFault(Object.assign(new Error('connect ECONNREFUSED 10.0.0.9:80'), { code: 'ECONNREFUSED', syscall: 'connect', address: '10.0.0.9', port: 80 }))).toBeNull();
  });
});

/** One bench of go-nethttp and axum on the fake runtime whose "engine" dies at the thaw numbered `dieAt`. */
async function benchLosingEngine(dieAt: number): Promise<{ result: ResultFile; runtime: LosingEngine; warnings: string[] }> {
  const cores = fakeBenchCores();
  const options = parseBenchOptions(
    { runtime: 'fake', targets: 'go-nethttp,axum', scenarios: 'json', trials: '3', cpus: '1', connections: '4', duration: '0.05', warmup: '0.02', rewarm: '0.01', coldStarts: '1', seed: '7' },
    { targets: allTargets.map((t) => t.manifest.name), scenarios: Object.keys(fixture.scenarios) },
  );
  const runtime = new LosingEngine(dieAt, cores);
  const warnings: string[] = [];
  const events: BenchEvents = { ...silentEvents, warn: (message: string) => void warnings.push(message) };
  try {
    const result = await runBench(
      { targets: selectTargets(allTargets, options.targets), runtime, runtimeFacts: { notes: [] }, fixture, options, launchFloor: null, cores, ...runtime.instruments() },
      events,
    );
    return { result: resultFileSchema.parse(JSON.parse(JSON.stringify(result))), runtime, warnings };
  } finally {
    await runtime.reallyStopAll();
  }
}

/**
 * The fake runtime behind an engine that dies: from the `dieAt`-th thaw on, every engine call
 * (thaw, freeze, stop) is refused as a killed dockerd's socket refuses it.
 */
class LosingEngine extends FakeRuntime {
  thaws = 0;
  private readonly stops: (() => Promise<void>)[] = [];
  constructor(
    private readonly dieAt: number,
    cores: number[],
  ) {
    super(fixture, { script: DEFAULT_FAKE_SCRIPT, cores });
  }

  get dead(): boolean {
    return this.thaws >= this.dieAt;
  }

  override async start(prepared: PreparedTarget, spec: LaunchSpec): Promise<RunningServer> {
    if (this.dead) throw engineRefused();
    const server = await super.start(prepared, spec);
    const { thaw, freeze, stop } = { thaw: server.thaw.bind(server), freeze: server.freeze.bind(server), stop: server.stop.bind(server) };
    this.stops.push(stop);
    const refusing = (call: () => Promise<void>) => async () => {
      if (this.dead) throw new Error('could not reach container: connect ECONNREFUSED', { cause: engineRefused() });
      return call();
    };
    Object.assign(server, {
      thaw: async () => {
        this.thaws++;
        return refusing(thaw)();
      },
      freeze: refusing(freeze),
      stop: refusing(stop),
    });
    return server;
  }

  /** What a restarted engine would do: the servers really go (the test leaves nothing listening). */
  async reallyStopAll(): Promise<void> {
    await Promise.all(this.stops.map((stop) => stop().catch(() => undefined)));
  }
}

describe('the engine dies during the trials (runtime seam)', () => {
  let run: Awaited<ReturnType<typeof benchLosingEngine>>;
  beforeAll(async () => {
    // each (target, scenario) thaws once per trial: the engine goes in the third trial of six
    run = await benchLosingEngine(3);
  });

  it('keeps the trials measured before, and marks every target not-measured (a valid result file)', () => {
    const { result } = run;
    expect(result.targets.map((t) => t.status)).toEqual(['not-measured', 'not-measured']);
    const trials = result.targets.flatMap((t) => t.scenarios.flatMap((s) => s.trials));
    expect(trials.length).toBe(2);
    for (const t of result.targets) expect(t.error).toMatch(/^not measured from round \d+ on: the Docker engine stopped answering \(ECONNREFUSED on \/var\/run\/docker\.sock\); restart it with `npm run setup`$/);
  });

  it('the console table shows what was measured before, not only the status', () => {
    const rpsRow = renderConsoleSummary(run.result).split('\n').find((line) => line.trimStart().startsWith(metricSpec('rps').label));
    expect(rpsRow).toBeDefined();
    expect(rpsRow).not.toContain('not-measured');
    expect(rpsRow).toMatch(/\d/);
  });

  it('says it once, not once per target, and ends on one line naming the result that keeps the rest', () => {
    const engineWarnings = run.warnings.filter((w) => w.includes('Docker engine'));
    expect(engineWarnings).toHaveLength(1);
    expect(engineWarnings[0]).toMatch(/go-nethttp, axum not measured further|axum, go-nethttp not measured further/);
    const line = runFaultLine(run.result, { file: '/r/x.json' });
    expect(line).not.toBeNull();
    expect(line!.split('\n')).toHaveLength(1);
    expect(line).toMatch(/^go-nethttp, axum not measured from round \d+ on: the Docker engine stopped answering .*; what was measured before is in \/r\/x\.json$/);
  });

  it('gone before the first start: every target not measured from the cold starts on, said once', async () => {
    const { result, warnings } = await benchLosingEngine(0);
    expect(result.targets.map((t) => t.status)).toEqual(['not-measured', 'not-measured']);
    for (const t of result.targets) expect(t.error).toMatch(/^not measured from the cold starts on: the Docker engine stopped answering/);
    expect(warnings.filter((w) => w.includes('Docker engine'))).toHaveLength(1);
  });

  it('a run whose engine never fails ends with no fault line', async () => {
    const { result } = await benchLosingEngine(Number.MAX_SAFE_INTEGER);
    expect(result.targets.map((t) => t.status)).toEqual(['ok', 'ok']);
    expect(runFaultLine(result, { file: '/r/x.json' })).toBeNull();
  });
});

/** The fake runtime on a machine where another program takes the port of the first `steal` starts just before them. */
class PortThief extends FakeRuntime {
  stolen: net.Server[] = [];
  constructor(
    private steal: number,
    cores: number[],
  ) {
    super(fixture, { script: DEFAULT_FAKE_SCRIPT, cores });
  }

  override async start(prepared: PreparedTarget, spec: LaunchSpec): Promise<RunningServer> {
    if (this.steal-- > 0) {
      const thief = net.createServer();
      await new Promise<void>((resolve) => thief.listen(spec.port, '127.0.0.1', resolve));
      this.stolen.push(thief);
    }
    return super.start(prepared, spec);
  }
}

describe('a port taken between the check and the start (net seam)', () => {
  async function benchWithThief(steal: number): Promise<{ result: ResultFile; runtime: PortThief }> {
    const cores = fakeBenchCores();
    const options = parseBenchOptions(
      { runtime: 'fake', targets: 'go-nethttp', scenarios: 'json', trials: '2', cpus: '1', connections: '4', duration: '0.05', warmup: '0.02', rewarm: '0.01', coldStarts: '1', seed: '7' },
      { targets: allTargets.map((t) => t.manifest.name), scenarios: Object.keys(fixture.scenarios) },
    );
    const runtime = new PortThief(steal, cores);
    try {
      const result = await runBench({ targets: selectTargets(allTargets, options.targets), runtime, runtimeFacts: { notes: [] }, fixture, options, launchFloor: null, cores, ...runtime.instruments() }, silentEvents);
      return { result: resultFileSchema.parse(JSON.parse(JSON.stringify(result))), runtime };
    } finally {
      await runtime.cleanup();
      for (const thief of runtime.stolen) thief.close();
    }
  }

  it('once: the start is tried again on another port, and the target is measured', async () => {
    const { result, runtime } = await benchWithThief(1);
    expect(runtime.stolen).toHaveLength(1);
    expect(result.targets.map((t) => t.status)).toEqual(['ok']);
    expect(result.targets[0]!.coldStartMs.samples).toHaveLength(1);
  });

  it('every time: the target fails to start, and its error says a port was taken and what to do', async () => {
    const { result } = await benchWithThief(Number.MAX_SAFE_INTEGER);
    expect(result.targets.map((t) => t.status)).toEqual(['failed-start']);
    expect(result.targets[0]!.error).toMatch(/^its port was taken by another program between langbench's check and the start, twice; find what grabs ports and run again: .*EADDRINUSE/);
  });
});

describe('the result cannot be written where asked (file-write seam)', () => {
  let result: ResultFile;
  beforeAll(async () => {
    result = (await benchLosingEngine(Number.MAX_SAFE_INTEGER)).result;
  });
  /** The real atomic write, except where `refuse` says the disk is full. */
  const fullAt = (refused: string) => (file: string, r: ResultFile, o: { force: boolean }) => {
    if (file === refused) throw fileError('ENOSPC', file);
    writeResultFile(file, r, o);
  };

  it('ENOSPC: the result goes to the fallback folder, named in the line; nothing half-written where asked', () => {
    const dir = tempDir('langbench-full-');
    const fallbackDir = tempDir('langbench-fallback-');
    const asked = path.join(dir, 'run.json');
    const kept = keepResult(asked, result, { force: false, fallbackDir, write: fullAt(asked) });
    expect(path.dirname(kept.file)).toBe(fallbackDir);
    expect(path.basename(kept.file)).toMatch(/^run-[0-9a-f]{6}\.json$/);
    expect(kept.fallbackLine).toBe(`could not write ${asked}: no space left on the device (ENOSPC); free space or choose another --out; the result is kept at ${kept.file} instead`);
    expect(resultFileSchema.parse(JSON.parse(readFileSync(kept.file, 'utf8'))).targets).toHaveLength(2);
    expect(readdirSync(dir)).toEqual([]);
    expect(runFaultLine(result, kept)).toBe(kept.fallbackLine);
  });

  it('a second fallback of the same name replaces nothing', () => {
    const fallbackDir = tempDir('langbench-fallback-');
    const asked = '/nowhere/run.json';
    const first = keepResult(asked, result, { force: false, fallbackDir, write: fullAt(asked) });
    const second = keepResult(asked, result, { force: false, fallbackDir, write: fullAt(asked) });
    expect(first.file).not.toBe(second.file);
    expect(readdirSync(fallbackDir).sort()).toEqual([path.basename(first.file), path.basename(second.file)].sort());
  });

  it('the fallback failing too: one line naming both places, exit 6', () => {
    const write = (file: string) => {
      throw fileError('EROFS', file);
    };
    let thrown: unknown;
    try {
      keepResult('/ro/run.json', result, { force: false, fallbackDir: '/ro2', write });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EnvironmentError);
    expect((thrown as EnvironmentError).exitCode).toBe(EXIT_ENVIRONMENT);
    expect((thrown as Error).message).toMatch(/^could not write \/ro\/run\.json: the file system is read-only \(EROFS\); choose another --out on a writable file system; the fallback \/ro2\/run-[0-9a-f]{6}\.json failed too \(the file system is read-only \(EROFS\)\): nothing of this run was kept$/);
  });

  it('an existing --out is the user\'s refusal, not a fault: no fallback', () => {
    const dir = tempDir('langbench-exists-');
    const asked = path.join(dir, 'run.json');
    writeResultFile(asked, result, { force: false });
    expect(() => keepResult(asked, result, { force: false, fallbackDir: dir })).toThrow(UsageError);
    expect(readdirSync(dir)).toEqual(['run.json']);
  });

  it('a bug in the write is not hidden behind a fallback', () => {
    const write = () => {
      throw new TypeError('bug');
    };
    expect(() => keepResult('/x/run.json', result, { force: false, fallbackDir: tempDir('langbench-bug-'), write })).toThrow(TypeError);
  });
});

/** A dockerode stand-in: containers start; once `dead`, every call is refused like a killed engine's socket. */
function fakeDocker() {
  const state = { dead: false, created: [] as Record<string, unknown>[], removed: [] as string[] };
  const never = () => new Promise<never>(() => {});
  const refusedOr = <T>(value: T) => (state.dead ? Promise.reject(engineRefused()) : Promise.resolve(value));
  const docker = {
    info: () => refusedOr({ CgroupVersion: '2' }),
    listContainers: () => refusedOr([]),
    modem: { demuxStream: () => undefined },
    createContainer: (options: Record<string, unknown>) => {
      state.created.push(options);
      const id = `c${state.created.length}`;
      return refusedOr({
        id,
        start: () => refusedOr(undefined),
        wait: never,
        logs: never,
        unpause: () => refusedOr(undefined),
        stop: () => refusedOr(undefined),
        remove: () => refusedOr(undefined).then(() => void state.removed.push(id)),
      });
    },
  };
  return { state, docker };
}

describe('cleanup after the engine died (engine API seam)', () => {
  it('one summarising line for every container left, its cause kept, printed once though two cleanups ran', async () => {
    const { state, docker } = fakeDocker();
    const runtime = new DockerRuntime({ docker: docker as never, cgroupRoot: tempDir('langbench-cgroup-') });
    const target = allTargets.find((t) => t.manifest.name === 'go-nethttp')!;
    const prepared: PreparedTarget = { target, sizeBytes: 0, sizeKind: 'image', image: { id: 'sha256:x', tag: 'x', build: 'offline', cached: true } };
    await runtime.start(prepared, { port: 18001, cpus: [0] });
    await runtime.start(prepared, { port: 18002, cpus: [0] });
    state.dead = true;
    const failure = await runtime.cleanup().then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(EnvironmentError);
    expect((failure as Error).message).toBe(
      'could not remove 2 containers this run started: the Docker engine stopped answering (ECONNREFUSED on /var/run/docker.sock); restart it with `npm run setup`; the next run removes them once the engine answers',
    );
    expect(worldFault(failure)?.kind).toBe('engine-gone');
    expect(runtime.containerIds()).toHaveLength(2);
    // the bench registers runtime.cleanup() besides the runtime's own: the same failure says so once
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const { onCleanup } = await import('../harness/lifecycle/cleanup.js');
    onCleanup(() => runtime.cleanup());
    await runCleanups();
    const lines = stderr.mock.calls.map((c) => String(c[0]));
    stderr.mockRestore();
    expect(lines).toEqual([`langbench: cleanup failed: ${(failure as Error).message}\n`]);
    // the engine back: the containers go
    state.dead = false;
    await runtime.cleanup();
    expect(state.removed.sort()).toEqual(['c1', 'c2']);
    runtime.dispose();
  });
});

describe('the CLI: a fault of the machine is one line and exit 6, never 70 with a stack', () => {
  it('any command: `report --html` where nothing may be written (the CLI\'s own catch, not the bench\'s)', () => {
    if (!existsSync(cliPath)) throw new Error('dist/ is missing: run `npm run build` (or `npx tsc -p .`) before vitest');
    const markdown = path.join(tempDir('langbench-report-'), 'r.md');
    const run = runCli(['report', 'results/baseline.json', '--html', '/sys/kernel/langbench-fault-test.html', '--markdown', markdown]);
    expect(run.status, run.stderr).toBe(EXIT_ENVIRONMENT);
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(run.stderr.trimEnd().split('\n').at(-1)).toBe('langbench: could not write /sys/kernel/langbench-fault-test.html: permission denied (EACCES); choose another path, or allow writing there');
  });

  it('--out in a folder that refuses every new file (sysfs): the result kept in TMPDIR, named in the last line', () => {
    if (!existsSync(cliPath)) throw new Error('dist/ is missing: run `npm run build` (or `npx tsc -p .`) before vitest');
    const tmp = tempDir('langbench-tmpdir-');
    const asked = '/sys/kernel/langbench-fault-test.json';
    const run = runCli(['bench', '--runtime', 'fake', '--targets', 'go-nethttp', '--scenarios', 'json', '--trials', '2', '--duration', '0.05', '--warmup', '0.02', '--cold-starts', '1', '--no-report', '--out', asked], {
      env: { TMPDIR: tmp, LANGBENCH_LOCK_FILE: path.join(tmp, 'bench.lock') },
      timeoutMs: 120_000,
    });
    const lines = run.stderr.trimEnd().split('\n');
    expect(run.status, run.stderr).toBe(EXIT_ENVIRONMENT);
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    const kept = readdirSync(path.join(tmp, 'langbench-results'));
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatch(/^langbench-fault-test-[0-9a-f]{6}\.json$/);
    const file = path.join(tmp, 'langbench-results', kept[0]!);
    expect(lines.at(-1)).toBe(`langbench: could not write ${asked}: permission denied (EACCES); choose another --out, or allow writing there; the result is kept at ${file} instead`);
    expect(resultFileSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).targets[0]!.status).toBe('ok');
    expect(readdirSync('/sys/kernel').filter((f) => f.includes('langbench'))).toEqual([]);
  });
});
