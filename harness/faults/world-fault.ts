// Tells a fault of the machine (the Docker engine gone, a disk full or read-only, a port taken, a
// target's server gone) from a bug of langbench's, and says it in one line with its fix. Node's
// errors carry what is needed (code, syscall, address, path), often a few `cause`s deep, because
// the runtimes wrap the engine's errors in their own messages.

export type WorldFaultKind = 'engine-gone' | 'file-write' | 'port-taken' | 'target-gone';

export interface WorldFault {
  kind: WorldFaultKind;
  /** one line: what failed, where, and the fix */
  line: string;
}

type ErrnoLike = Error & { code?: unknown; syscall?: unknown; address?: unknown; port?: unknown; path?: unknown };

export const ENGINE_FIX = 'restart it with `npm run setup`';

/** The errors a connection to the engine fails with once it has gone (killed, stopped, socket removed). */
const CONNECTION_LOST = new Set(['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE', 'ENOTCONN', 'EHOSTUNREACH']);

/** Each refusal, and its fix (`elsewhere`: "another --out" where the bench knows the option): space for a full disk, another place for a forbidden or read-only one. */
const FILE_PROBLEM: Readonly<Record<string, { what: string; fix: (elsewhere: string) => string }>> = {
  ENOSPC: { what: 'no space left on the device', fix: (elsewhere) => `free space or choose ${elsewhere}` },
  EDQUOT: { what: 'disk quota exceeded', fix: (elsewhere) => `free space or choose ${elsewhere}` },
  EACCES: { what: 'permission denied', fix: (elsewhere) => `choose ${elsewhere}, or allow writing there` },
  EPERM: { what: 'operation not permitted', fix: (elsewhere) => `choose ${elsewhere}, or allow writing there` },
  EROFS: { what: 'the file system is read-only', fix: (elsewhere) => `choose ${elsewhere} on a writable file system` },
};

/** Where a file refused by langbench's commands may go instead, when the command does not say. */
const ANOTHER_PATH = 'another path';

/** Syscalls that write files; an EPERM of kill() or a spawn's ENOENT is something else. */
const FILE_SYSCALLS = new Set(['open', 'write', 'mkdir', 'rename', 'link', 'fsync', 'close', 'copyfile', 'unlink', 'rmdir', 'ftruncate', 'symlink']);

/** The error and its causes, outermost first (AggregateError's errors too). */
function chain(error: unknown): ErrnoLike[] {
  const seen: ErrnoLike[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.length < 16) {
    const next = queue.shift();
    if (!(next instanceof Error) || seen.includes(next as ErrnoLike)) continue;
    seen.push(next as ErrnoLike);
    if (next.cause !== undefined) queue.push(next.cause);
    if (next instanceof AggregateError) queue.push(...next.errors);
  }
  return seen;
}

function codeOf(e: ErrnoLike): string | undefined {
  return typeof e.code === 'string' ? e.code : undefined;
}

/** A unix socket path (the engine's) or a tcp address with its port. */
function connectTarget(e: ErrnoLike): string {
  const address = typeof e.address === 'string' ? e.address : '';
  return typeof e.port === 'number' ? `${address}:${e.port}` : address;
}

function engineGone(e: ErrnoLike, context: string): WorldFault | null {
  const code = codeOf(e);
  if (!code || !CONNECTION_LOST.has(code)) return null;
  const where = connectTarget(e);
  // a unix socket langbench connects to is the engine's (a loopback port is a target's); a
  // connection cut mid-call has no address, so the engine call wrapping it must say docker
  const isEngine = e.syscall === 'connect' ? where.startsWith('/') || /docker/i.test(where) : where === '' && code !== 'ENOENT' && /docker|container/i.test(context);
  if (!isEngine) return null;
  return { kind: 'engine-gone', line: `the Docker engine stopped answering (${code}${where ? ` on ${where}` : ''}); ${ENGINE_FIX}` };
}

export interface FileProblem {
  /** "no space left on the device (ENOSPC)" */
  what: string;
  fix: string;
}

function fileProblemOf(e: ErrnoLike, elsewhere = ANOTHER_PATH): FileProblem | null {
  const code = codeOf(e);
  if (!code || !(code in FILE_PROBLEM) || typeof e.syscall !== 'string' || !FILE_SYSCALLS.has(e.syscall)) return null;
  // a write to an open file descriptor (where a full disk shows) names no path; the others do
  if (typeof e.path !== 'string' && e.syscall !== 'write' && e.syscall !== 'fsync') return null;
  return { what: `${FILE_PROBLEM[code]!.what} (${code})`, fix: FILE_PROBLEM[code]!.fix(elsewhere) };
}

function fileFault(e: ErrnoLike): WorldFault | null {
  const problem = fileProblemOf(e);
  return problem === null ? null : { kind: 'file-write', line: `could not write ${typeof e.path === 'string' ? e.path : 'a file'}: ${problem.what}; ${problem.fix}` };
}

/** What refused a file write, and its fix; null when the error is no refused file write. */
export function fileProblem(error: unknown, elsewhere = ANOTHER_PATH): FileProblem | null {
  for (const e of chain(error)) {
    const problem = fileProblemOf(e, elsewhere);
    if (problem !== null) return problem;
  }
  return null;
}

function portTaken(e: ErrnoLike): WorldFault | null {
  if (codeOf(e) !== 'EADDRINUSE') return null;
  const where = connectTarget(e) || 'a port';
  return { kind: 'port-taken', line: `${where} was taken by another program between langbench's check and its use; run again (langbench picks a free port each time)` };
}

function targetGone(e: ErrnoLike): WorldFault | null {
  const code = codeOf(e);
  if (code !== 'ECONNREFUSED' && code !== 'ECONNRESET' && code !== 'EPIPE') return null;
  const where = connectTarget(e);
  if (!/^(127\.0\.0\.1|::1|localhost)/.test(where)) return null;
  return { kind: 'target-gone', line: `the target's server at ${where} went away (${code}): its process or container is gone; its last output is in the run's log` };
}

/** What the machine did wrong, or null when the error is langbench's own (a bug: exit 70 with its stack). */
export function worldFault(error: unknown): WorldFault | null {
  const errors = chain(error);
  const context = errors.map((e) => e.message).join(' ');
  for (const e of errors) {
    const fault = engineGone(e, context) ?? fileFault(e) ?? portTaken(e) ?? targetGone(e);
    if (fault) return fault;
  }
  return null;
}

export function isEngineGone(error: unknown): boolean {
  return worldFault(error)?.kind === 'engine-gone';
}
