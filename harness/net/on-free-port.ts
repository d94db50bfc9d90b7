// A free port is free when the kernel says so, not when the server binds it: another program may
// take it in between. A start that fails because its port was taken is the machine's doing, not
// the target's, so it is tried once more on another port before the target is failed.
import { freePort } from './free-port.js';
import { worldFault } from '../faults/world-fault.js';

/** How a taken port shows: langbench's own EADDRINUSE, or what the server printed before exiting. */
const IN_USE = /EADDRINUSE|address already in use/i;

export function portWasTaken(error: unknown): boolean {
  if (worldFault(error)?.kind === 'port-taken') return true;
  return error instanceof Error && IN_USE.test(error.message);
}

/**
 * Runs `attempt` on a fresh free port, and once more on another when the first was taken meanwhile.
 * `attempt` must leave nothing running when it throws.
 */
export async function onFreePort<T>(attempt: (port: number) => Promise<T>, tries = 2): Promise<T> {
  for (let n = 1; ; n++) {
    const port = await freePort();
    try {
      return await attempt(port);
    } catch (error) {
      if (n >= tries || !portWasTaken(error)) throw error;
    }
  }
}
