// Everything langbench starts registers how to remove it here, so that a normal exit, an error,
// Ctrl-C, SIGTERM or a crash all leave nothing running.
import { exitCodeForSignal } from '../errors.js';

type Cleanup = () => Promise<void> | void;

const cleanups = new Set<Cleanup>();
let installed = false;
let running: Promise<void> | undefined;

export function onCleanup(cleanup: Cleanup): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** Runs every registered cleanup once (latest first); later calls wait for the same run. */
export function runCleanups(): Promise<void> {
  running ??= (async () => {
    // two cleanups that fail alike (the runtime's own and the bench's call of it, once the engine
    // is gone) say so once, so the cause the CLI prints after them stays in sight
    const said = new Set<string>();
    for (const cleanup of [...cleanups].reverse()) {
      try {
        await cleanup();
      } catch (error) {
        const line = `langbench: cleanup failed: ${(error as Error).message.split('\n')[0]}`;
        if (!said.has(line)) process.stderr.write(`${line}\n`);
        said.add(line);
      }
    }
    cleanups.clear();
  })();
  return running;
}

/** Listeners for "interrupted": the bench loop aborts its trial and skips writing a result. */
const interruptController = new AbortController();
export const interrupted: AbortSignal = interruptController.signal;

/** Called once by the CLI: a library embedding langbench keeps its own signal handling. */
export function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  const onSignal = (signal: 'SIGINT' | 'SIGTERM' | 'SIGHUP') => {
    if (interruptController.signal.aborted) {
      process.stderr.write(`\nlangbench: ${signal} again, exiting now\n`);
      process.exit(exitCodeForSignal(signal));
    }
    process.stderr.write(`\nlangbench: ${signal}, stopping servers and removing what this run started...\n`);
    interruptController.abort(new Error(`interrupted by ${signal}`));
    void runCleanups().finally(() => process.exit(exitCodeForSignal(signal)));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => onSignal(signal));
}
