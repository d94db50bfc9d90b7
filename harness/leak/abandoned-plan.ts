// What an abandoned session sends, taken from the contract's session scenario on the stateful
// endpoint (mcp-session at 2025-11-25): its setup (initialize, notifications/initialized), its
// session header, and the tools/call it repeats. The teardown (DELETE) is kept for the one warm-up
// session only: an abandoned session never sends it, as a client that vanished would not.
import type { ScenarioRequest } from '../contract/fixture-schema.js';
import { materializeScenario, type MaterializedRequest } from '../contract/verify.js';
import type { SessionSpec } from '../load/session-setup.js';

export interface AbandonedSessionPlan {
  /** setup requests and the session header; no teardown */
  spec: SessionSpec;
  /** the one tools/call each session makes, and the liveness probe at the end */
  call: MaterializedRequest;
  /** the scenario's DELETE: sent only by the warm-up session, which is closed properly */
  teardown?: MaterializedRequest;
}

/** The scenario whose sessions are abandoned; null when it keeps no session. */
export function abandonedSessionPlan(scenario: ScenarioRequest): AbandonedSessionPlan | null {
  const materialized = materializeScenario(scenario);
  if (!materialized.session) return null;
  const { session, ...call } = materialized;
  // the socket writers add Content-Length from the body; a second one is a duplicate header
  return {
    spec: { setup: session.setup.map(withoutLength), header: session.header },
    call: withoutLength(call),
    ...(session.teardown ? { teardown: withoutLength(session.teardown) } : {}),
  };
}

function withoutLength(request: MaterializedRequest): MaterializedRequest {
  const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name.toLowerCase() !== 'content-length'));
  return { ...request, headers };
}
