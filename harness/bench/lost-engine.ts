// One place decides what a failure means for the run: a target's own failure fails that target;
// the Docker engine going away is no target's failure, and leaves every target not yet done
// not measured (what each measured before is kept), said once.
import type { TargetResult } from '../results/schema.js';
import type { BenchEvents } from './bench-events.js';
import { worldFault } from '../faults/world-fault.js';
import { portWasTaken } from '../net/on-free-port.js';
import { fail, isOk, markNotMeasured, type TargetState } from './target-record.js';

/**
 * `causes`: the error, and anything else that may hold the engine's (a server's exit cause).
 * Returns true when the engine is gone: the caller stops asking it for anything.
 */
export function failTarget(
  states: readonly TargetState[],
  state: TargetState,
  status: NonNullable<TargetResult['status']>,
  error: unknown,
  events: BenchEvents,
  when: string,
  ...causes: unknown[]
): boolean {
  const fault = [error, ...causes].map(worldFault).find((f) => f?.kind === 'engine-gone');
  if (!fault) {
    const message = error instanceof Error ? error.message : String(error);
    // retried on another port already (net/on-free-port.ts): something on this machine keeps taking them
    const said = portWasTaken(error) ? `its port was taken by another program between langbench's check and the start, twice; find what grabs ports and run again: ${message}` : message;
    if (isOk(state)) fail(state, status, said);
    return false;
  }
  const marked = markNotMeasured(states, `not measured from ${when} on: ${fault.line}`);
  if (marked.length > 0) events.warn(`${fault.line}; ${marked.map((s) => s.result.name).join(', ')} not measured further, what was measured so far is kept`);
  return true;
}
