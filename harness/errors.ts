// Exit codes, one table for the code, the README and docs/compare-and-gate.md (a test holds them
// equal), and the error a user can fix. Errors a user can fix (bad options, bad input files) exit 2
// with one line; a fault of the machine (engine gone, disk full) exits 6 with one line; anything
// else is a bug and keeps its stack and cause.

export const EXIT_OK = 0;
export const EXIT_REGRESSION = 1;
export const EXIT_USAGE = 2;
export const EXIT_TARGET_FAILED = 3;
export const EXIT_INCONCLUSIVE = 4;
export const EXIT_BUILD_FAILED = 5;
export const EXIT_ENVIRONMENT = 6;
/** EX_SOFTWARE from sysexits.h: an internal error */
export const EXIT_INTERNAL = 70;
// 128 + the signal's number, as a shell reports a process killed by it
export const EXIT_SIGHUP = 129;
export const EXIT_SIGINT = 130;
export const EXIT_SIGTERM = 143;

export interface ExitCode {
  code: number;
  name: string;
  meaning: string;
}

const INTERRUPTED = 'servers and containers removed, no result file written';

/** Every code langbench exits with, in order; the README's and docs' tables list exactly these. */
export const EXIT_CODES: readonly ExitCode[] = [
  { code: EXIT_OK, name: 'EXIT_OK', meaning: 'success (gate: no regression)' },
  { code: EXIT_REGRESSION, name: 'EXIT_REGRESSION', meaning: 'gate: at least one gated metric regressed, or a target that ran in the baseline failed in current' },
  {
    code: EXIT_USAGE,
    name: 'EXIT_USAGE',
    meaning: 'usage or input error: bad option or config, unreadable or invalid file, refusing to gate, another bench already running',
  },
  { code: EXIT_TARGET_FAILED, name: 'EXIT_TARGET_FAILED', meaning: 'bench finished and wrote its result, but a target failed to build, start or verify' },
  { code: EXIT_INCONCLUSIVE, name: 'EXIT_INCONCLUSIVE', meaning: "gate: no regression found, but some checks could not be decided at this run's size (CI passes it with a warning naming them)" },
  { code: EXIT_BUILD_FAILED, name: 'EXIT_BUILD_FAILED', meaning: '`langbench build` failed: a build step failed or left no artifact' },
  {
    code: EXIT_ENVIRONMENT,
    name: 'EXIT_ENVIRONMENT',
    meaning: "a fault of the machine, not of langbench: the Docker engine stopped answering, a file could not be written (disk full, no permission, read-only), a port was taken; one line names it and the fix, and what was measured is written (where --out could not be, to a fallback the line names)",
  },
  { code: EXIT_INTERNAL, name: 'EXIT_INTERNAL', meaning: 'internal error (a bug; the stack trace is printed)' },
  { code: EXIT_SIGHUP, name: 'EXIT_SIGHUP', meaning: `interrupted by SIGHUP (terminal closed): ${INTERRUPTED}` },
  { code: EXIT_SIGINT, name: 'EXIT_SIGINT', meaning: `interrupted by SIGINT (Ctrl-C): ${INTERRUPTED}` },
  { code: EXIT_SIGTERM, name: 'EXIT_SIGTERM', meaning: `interrupted by SIGTERM: ${INTERRUPTED}` },
];

const SIGNAL_EXIT: Readonly<Record<string, number>> = { SIGHUP: EXIT_SIGHUP, SIGINT: EXIT_SIGINT, SIGTERM: EXIT_SIGTERM };

/** 128 + N for the signals langbench stops on. */
export function exitCodeForSignal(signal: 'SIGHUP' | 'SIGINT' | 'SIGTERM'): number {
  return SIGNAL_EXIT[signal]!;
}

/** An error that decides the process's exit code; the CLI prints its message as one line. */
export abstract class ExitError extends Error {
  abstract readonly exitCode: number;
}

export class UsageError extends ExitError {
  readonly exitCode = EXIT_USAGE;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UsageError';
  }
}

/** The machine failed langbench (engine gone, disk full, port taken): one line with the fix, no stack. */
export class EnvironmentError extends ExitError {
  readonly exitCode = EXIT_ENVIRONMENT;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EnvironmentError';
  }
}
