// One bench per machine: a second `langbench bench` refuses while one runs (exit 2, one line that
// names the running one), or queues behind it with --wait; a lock left by a killed run is taken over.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliPath, repoRoot, runCli } from './support/run-cli.js';

const fakeArgs = (out: string, extra: string[] = []) => [
  'bench', '--runtime', 'fake', '--targets', 'go-nethttp', '--scenarios', 'json', '--duration', '1', '--warmup', '0', '--rewarm', '0', '--trials', '3', '--cold-starts', '1', '--connections', '2', '--no-report', '--out', out, ...extra,
];

/** Starts a bench in the background and resolves once it holds the lock (its first trial ran). */
function startFirst(env: NodeJS.ProcessEnv, out: string) {
  const child = spawn(process.execPath, [cliPath, ...fakeArgs(out)], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  const running = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`first bench did not reach a trial:\n${stderr}`)), 60_000);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('req/s')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.once('exit', (code) => resolve({ code, at: Date.now() })));
  return { child, running, exited };
}

describe('two benches at once', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'langbench-lock-'));
  const env = { LANGBENCH_LOCK_FILE: path.join(dir, 'bench.lock') };

  it('the second refuses with exit 2 and one line naming the first, and writes nothing', async () => {
    const first = startFirst(env, path.join(dir, 'first.json'));
    await first.running;
    const second = runCli(fakeArgs(path.join(dir, 'second.json')), { env, timeoutMs: 60_000 });
    expect(second.status).toBe(2);
    expect(second.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(second.stderr).toMatch(new RegExp(`another langbench bench \\(pid ${first.child.pid}, .*is running on this machine.*--wait`));
    expect(existsSync(path.join(dir, 'second.json'))).toBe(false);
    expect((await first.exited).code).toBe(0);
    expect(existsSync(env.LANGBENCH_LOCK_FILE)).toBe(false);
  });

  it('with --wait the second queues behind the first and measures only after it finished', async () => {
    const first = startFirst(env, path.join(dir, 'first-wait.json'));
    await first.running;
    const secondOut = path.join(dir, 'second-wait.json');
    const second = spawn(process.execPath, [cliPath, ...fakeArgs(secondOut, ['--wait', '120'])], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    second.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
    const firstDone = await first.exited;
    expect(code).toBe(0);
    expect(stderr).toMatch(/waiting up to 120 s for it to finish/);
    const started = Date.parse(JSON.parse(readFileSync(secondOut, 'utf8')).startedAt as string);
    expect(started).toBeGreaterThanOrEqual(firstDone.at - 1000);
  });

  it('a lock whose owner is gone (a killed run) is taken over', () => {
    writeFileSync(env.LANGBENCH_LOCK_FILE, JSON.stringify({ owner: `${os.hostname()}/999999/1`, pid: 999999, startedAt: 'then', command: 'bench' }));
    const run = runCli(fakeArgs(path.join(dir, 'after-stale.json')), { env, timeoutMs: 60_000 });
    expect(run.status).toBe(0);
    expect(existsSync(env.LANGBENCH_LOCK_FILE)).toBe(false);
  });
});
