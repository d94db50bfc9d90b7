// Errors a user can fix (bad options, bad input files) exit 2 with one line; anything else is a bug
// and keeps its stack and cause.
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UsageError';
  }
}

export const EXIT_OK = 0;
export const EXIT_REGRESSION = 1;
export const EXIT_USAGE = 2;
