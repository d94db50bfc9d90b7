// An MCP endpoint checked at the 2026-07-28 revision, before it is loaded: every request stands
// alone (no initialize ever sent), and must be answered without a session id. tools/list (the
// expected tools, each with an object input schema), tools/call of every successful contract case
// (the same text as /tool) and the always-failing tool answered as a tool error. The official
// TypeScript client langbench ships speaks revisions up to 2025-11-25 only, so these requests are
// written here (stateless-request.ts). Every failure is one line.
import { send, type MaterializedRequest } from '../contract/verify.js';
import { requireLoopbackUrl } from '../net/loopback.js';
import { langbenchVersion } from '../version.js';
import { answerIn, STATELESS_REVISION, statelessRequest } from './stateless-request.js';
import type { McpEndpoint, McpExpectations } from './verify-mcp.js';

const TIMEOUT_MS = 10_000;

type Outcome = { result: Record<string, unknown> } | { problem: string };

async function call(base: URL, request: MaterializedRequest, id: number): Promise<Outcome> {
  let response;
  try {
    response = await send(base, request, TIMEOUT_MS);
  } catch (error) {
    return { problem: `request failed: ${(error as Error).message}` };
  }
  const body = response.body.toString('utf8');
  const shown = JSON.stringify(body.slice(0, 160));
  if (response.status !== 200) return { problem: `answered ${response.status}: ${shown}` };
  const session = response.headers.get('mcp-session-id')?.[0];
  if (session !== undefined) return { problem: `answered with session ${session}, which ${STATELESS_REVISION} has none of` };
  const answer = answerIn(body, response.headers.get('content-type')?.[0], id);
  if (!answer) return { problem: `no JSON-RPC answer with id ${id} in ${shown}` };
  if (answer.error !== undefined) return { problem: `answered a protocol error: ${JSON.stringify(answer.error)}` };
  if (typeof answer.result !== 'object' || answer.result === null) return { problem: `answer has no result: ${shown}` };
  return { result: answer.result as Record<string, unknown> };
}

function textOf(result: Record<string, unknown>): string | undefined {
  const content = result.content as { type?: string; text?: string }[] | undefined;
  return content?.length === 1 && content[0]!.type === 'text' ? content[0]!.text : undefined;
}

export async function verifyStatelessMcp(baseUrl: string, endpoint: McpEndpoint, expected: McpExpectations): Promise<string[]> {
  const base = requireLoopbackUrl(baseUrl);
  const where = `MCP ${endpoint.path} (${STATELESS_REVISION})`;
  const version = langbenchVersion();
  const failures: string[] = [];
  let id = 0;
  const request = (method: string, params: Record<string, unknown>): Promise<Outcome> => {
    id++;
    return call(base, statelessRequest(endpoint.path, id, method, params, version), id);
  };

  const listed = await request('tools/list', {});
  if ('problem' in listed) return [`${where}: tools/list without a handshake: ${listed.problem}`];
  const tools = (listed.result.tools ?? []) as { name?: string; inputSchema?: { type?: string } }[];
  if (tools.length === 0) failures.push(`${where}: tools/list is empty`);
  for (const name of expected.tools) {
    const tool = tools.find((t) => t.name === name);
    if (!tool) failures.push(`${where}: tools/list lacks ${name} (has ${tools.map((t) => t.name).join(', ') || 'none'})`);
    else if (tool.inputSchema?.type !== 'object') failures.push(`${where}: tool ${name} has no object input schema`);
  }
  for (const check of expected.calls) {
    const called = await request('tools/call', { name: check.tool, arguments: check.arguments });
    if ('problem' in called) failures.push(`${where}: case "${check.name}": tools/call ${called.problem}`);
    else if (called.result.isError === true) failures.push(`${where}: case "${check.name}": ${check.tool} answered a tool error: ${JSON.stringify(textOf(called.result))}`);
    else if (textOf(called.result) !== check.text) failures.push(`${where}: case "${check.name}": expected ${JSON.stringify(check.text)}, got ${JSON.stringify(textOf(called.result) ?? called.result.content)}`);
  }
  if (expected.errorTool !== null) {
    const failed = await request('tools/call', { name: expected.errorTool, arguments: {} });
    if ('problem' in failed) failures.push(`${where}: ${expected.errorTool}: expected a tool error result, got ${failed.problem}`);
    else if (failed.result.isError !== true) failures.push(`${where}: ${expected.errorTool} did not answer a tool error (isError: true)`);
  }
  return failures;
}
