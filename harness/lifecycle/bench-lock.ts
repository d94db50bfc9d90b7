// One bench per machine: two benches at once would share cores and measure each other. The lock is
// a file created exclusively (O_EXCL) holding its owner; a lock whose owner is gone (a killed run)
// is taken over, a live one refuses the second bench or makes it wait.
import { openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { ownerAlive, ownerId } from './owner.js';
import { onCleanup } from './cleanup.js';

/** Machine-wide by default; LANGBENCH_LOCK_FILE moves it (tests use their own). */
export function benchLockPath(): string {
  return process.env.LANGBENCH_LOCK_FILE || path.join(os.tmpdir(), 'langbench-bench.lock');
}

interface LockOwner {
  owner: string;
  pid: number;
  startedAt: string;
  command: string;
}

export interface HeldLock {
  path: string;
  release(): void;
}

function readOwner(file: string): LockOwner | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
  } catch {
    // half-written by an owner that is creating it right now, or gone: treat as held for now
    return null;
  }
}

function tryCreate(file: string): boolean {
  try {
    const fd = openSync(file, 'wx', 0o644);
    const me: LockOwner = { owner: ownerId(), pid: process.pid, startedAt: new Date().toISOString(), command: process.argv.slice(2).join(' ') };
    writeSync(fd, JSON.stringify(me));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new UsageError(`cannot create the bench lock ${file} (${(error as Error).message}); set LANGBENCH_LOCK_FILE to a writable path`, { cause: error });
  }
}

/** One attempt: the lock, or the live owner that holds it. */
function attempt(file: string): HeldLock | LockOwner {
  for (let tries = 0; tries < 3; tries++) {
    if (tryCreate(file)) {
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        try {
          unlinkSync(file);
        } catch {
          // already gone
        }
      };
      const removeCleanup = onCleanup(release);
      process.once('exit', release);
      return {
        path: file,
        release: () => {
          release();
          removeCleanup();
          process.removeListener('exit', release);
        },
      };
    }
    const holder = readOwner(file);
    if (holder && ownerAlive(holder.owner) === false) {
      try {
        unlinkSync(file); // a killed run's lock
      } catch {
        // someone else took it over first
      }
      continue;
    }
    return holder ?? { owner: '?', pid: 0, startedAt: '?', command: '?' };
  }
  return readOwner(file) ?? { owner: '?', pid: 0, startedAt: '?', command: '?' };
}

/**
 * Takes the machine's bench lock. With waitS null, a live holder is a usage error (exit 2) that
 * names it; otherwise polls once a second for up to waitS seconds, telling `onWait` once.
 */
export async function acquireBenchLock(waitS: number | null, onWait: (message: string) => void, signal?: AbortSignal): Promise<HeldLock> {
  const file = benchLockPath();
  const deadline = Date.now() + (waitS ?? 0) * 1000;
  let told = false;
  for (;;) {
    const got = attempt(file);
    if ('release' in got) return got;
    const who = `another langbench bench (pid ${got.pid}, started ${got.startedAt}: langbench ${got.command}) is running on this machine`;
    if (waitS === null) {
      throw new UsageError(`${who}; two benches at once would share cores and measure each other: wait for it to finish, or pass --wait to queue behind it`);
    }
    if (Date.now() >= deadline) throw new UsageError(`${who}, still after waiting ${waitS} s; try again later or raise --wait`);
    if (!told) onWait(`${who}; waiting up to ${waitS} s for it to finish (--wait)`);
    told = true;
    signal?.throwIfAborted();
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
