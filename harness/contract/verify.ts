// Sends every contract case to a running server and lists what differs, one line per failure.
// node:http (not fetch) so the raw response headers and body bytes are what gets checked.
import http from 'node:http';
import { isDeepStrictEqual } from 'node:util';
import type { ContractCase, ContractFixture, ContractRequest, ScenarioRequest } from './fixture-schema.js';
import { requireLoopbackUrl } from '../net/loopback.js';
import type { SessionLifetime } from '../load/load-types.js';

export interface MaterializedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface VerifyOptions {
  /** longest silence allowed while one case is sent or answered (default 10 s) */
  timeoutMs?: number;
}

export interface RawResponse {
  status: number;
  /** lowercase name -> values in arrival order */
  headers: Map<string, string[]>;
  body: Buffer;
}

/**
 * The exact request a contract request describes. With a body it sets content-type (unless given)
 * and content-length, except when the request asks for transfer-encoding (chunked upload).
 */
export function materializeRequest(req: ContractRequest): MaterializedRequest {
  let body: string | undefined;
  if (req.body !== undefined) body = req.body;
  else if (req.json !== undefined) body = JSON.stringify(req.json);
  else if (req.bodyOfSize !== undefined) body = req.bodyOfSize.fill.repeat(req.bodyOfSize.bytes);
  const headers: Record<string, string> = { ...req.headers };
  if (body !== undefined) {
    const has = (name: string): boolean => Object.keys(headers).some((key) => key.toLowerCase() === name);
    if (!has('content-type')) headers['content-type'] = 'application/json';
    for (const key of Object.keys(headers)) if (key.toLowerCase() === 'content-length') delete headers[key];
    if (!has('transfer-encoding')) headers['content-length'] = String(Buffer.byteLength(body));
  }
  return { method: req.method, path: req.path, headers, ...(body === undefined ? {} : { body }) };
}

/** A scenario as the load generator sends it: its request, and the setup of its session if any. */
export function materializeScenario(scenario: ScenarioRequest): MaterializedRequest & { session?: { setup: MaterializedRequest[]; header: string; teardown?: MaterializedRequest; lifetime?: SessionLifetime } } {
  const request = materializeRequest(scenario);
  if (!scenario.session) return request;
  const { setup, header, teardown, lifetime } = scenario.session;
  return {
    ...request,
    session: { setup: setup.map(materializeRequest), header: header.toLowerCase(), ...(teardown ? { teardown: materializeRequest(teardown) } : {}), ...(lifetime === 'operation' ? { lifetime } : {}) },
  };
}

/** One request on a connection of its own; the answer's status, raw headers and body bytes. */
export function send(base: URL, request: MaterializedRequest, timeoutMs: number): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const outgoing = http.request(
      // the path goes out as written: URL resolution would read //json as a host name
      { hostname: base.hostname.replace(/^\[|\]$/g, ''), port: base.port, path: request.path, method: request.method, headers: request.headers, agent: false, timeout: timeoutMs },
      (response) => {
        answered = true;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const headers = new Map<string, string[]>();
          const raw = response.rawHeaders;
          for (let i = 0; i + 1 < raw.length; i += 2) {
            const name = raw[i]!.toLowerCase();
            headers.set(name, [...(headers.get(name) ?? []), raw[i + 1]!]);
          }
          resolve({ status: response.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
        });
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no progress for ${timeoutMs} ms`)));
    // a server may answer (413) and close before taking the whole upload: the answer counts
    outgoing.on('error', (error) => {
      if (!answered) reject(error);
    });
    outgoing.end(request.body);
  });
}

const MAX_SHOWN = 160;

function show(text: string): string {
  const oneLine = JSON.stringify(text);
  return oneLine.length > MAX_SHOWN ? `${oneLine.slice(0, MAX_SHOWN)}…" (${Buffer.byteLength(text)} bytes)` : oneLine;
}

/** True when every key of `subset` appears in `value` with a deep-equal value (objects recursively). */
function matchesSubset(value: unknown, subset: unknown): boolean {
  if (subset === null || typeof subset !== 'object' || Array.isArray(subset)) return isDeepStrictEqual(value, subset);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  return Object.entries(subset).every(([key, expected]) => key in value && matchesSubset((value as Record<string, unknown>)[key], expected));
}

/** What is wrong with one response, as lines without the case prefix. */
function checkResponse(contractCase: ContractCase, fixture: ContractFixture, response: RawResponse): string[] {
  const { expect } = contractCase;
  const problems: string[] = [];
  if (response.status !== expect.status) problems.push(`expected status ${expect.status}, got ${response.status}`);
  const text = response.body.toString('utf8');
  if (expect.body !== undefined && !response.body.equals(Buffer.from(expect.body, 'utf8'))) {
    problems.push(`expected body ${show(expect.body)}, got ${show(text)}`);
  }
  if (expect.json !== undefined || expect.jsonSubset !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      problems.push(`expected a JSON body, got ${show(text)}`);
      parsed = undefined;
    }
    if (parsed !== undefined && expect.json !== undefined && !isDeepStrictEqual(parsed, expect.json)) {
      problems.push(`expected JSON ${show(JSON.stringify(expect.json))}, got ${show(text)}`);
    }
    if (parsed !== undefined && expect.jsonSubset !== undefined && !matchesSubset(parsed, expect.jsonSubset)) {
      problems.push(`expected JSON containing ${show(JSON.stringify(expect.jsonSubset))}, got ${show(text)}`);
    }
  }
  const exactHeaders = { ...fixture.defaults.headers, ...expect.headers };
  for (const [rawName, expected] of Object.entries(exactHeaders)) {
    const name = rawName.toLowerCase();
    const values = response.headers.get(name);
    if (values === undefined) problems.push(`expected header ${name}: ${show(expected)}, it is missing`);
    else if (values.length !== 1 || values[0] !== expected) problems.push(`expected header ${name}: ${show(expected)}, got ${show(values.join(', '))}`);
  }
  const present = new Set([...fixture.defaults.headersPresent, ...expect.headersPresent].map((name) => name.toLowerCase()));
  for (const name of present) {
    if (name in exactHeaders) continue;
    if (!response.headers.has(name)) problems.push(`expected header ${name} to be present, it is missing`);
  }
  const lengths = response.headers.get('content-length');
  if (lengths !== undefined && lengths.some((value) => Number(value) !== response.body.length) && contractCase.request.method !== 'HEAD') {
    problems.push(`content-length ${show(lengths.join(', '))} does not match the ${response.body.length} body bytes received`);
  }
  return problems;
}

/** Sends every case in order (fresh connection each) and returns one line per failed check. */
export async function verifyContract(baseUrl: string, fixture: ContractFixture, options: VerifyOptions = {}): Promise<{ passed: boolean; failures: string[] }> {
  const base = requireLoopbackUrl(baseUrl);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const failures: string[] = [];
  for (const contractCase of fixture.cases) {
    const prefix = `case "${contractCase.name}"`;
    let response: RawResponse;
    try {
      response = await send(base, materializeRequest(contractCase.request), timeoutMs);
    } catch (error) {
      failures.push(`${prefix}: request failed: ${(error as Error).message}`);
      continue;
    }
    for (const problem of checkResponse(contractCase, fixture, response)) failures.push(`${prefix}: ${problem}`);
  }
  return { passed: failures.length === 0, failures };
}

/**
 * A session scenario's check: its setup requests in order (each must answer 2xx), the session
 * header taken from the first setup answer that carries it, then the scenario's request with it,
 * checked against `expect`. One line per failure, prefixed with the case name.
 */
export async function verifySessionScenario(
  baseUrl: string,
  check: ContractCase,
  session: { setup: ContractRequest[]; header: string; teardown?: ContractRequest; lifetime?: SessionLifetime },
  options: VerifyOptions = {},
): Promise<string[]> {
  const base = requireLoopbackUrl(baseUrl);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const prefix = `case "${check.name}"`;
  const header = session.header.toLowerCase();
  let value: string | undefined;
  try {
    for (const [i, setup] of session.setup.entries()) {
      const request = materializeRequest(setup);
      if (value !== undefined) request.headers[header] = value;
      const response = await send(base, request, timeoutMs);
      if (response.status < 200 || response.status > 299) return [`${prefix}: setup request ${i + 1} (${setup.method} ${setup.path}) answered ${response.status}: ${show(response.body.toString('utf8'))}`];
      const agreed = revisionMismatch(setup, response.body.toString('utf8'));
      if (agreed) return [`${prefix}: setup request ${i + 1} (${setup.method} ${setup.path}): ${agreed}`];
      value ??= response.headers.get(header)?.[0];
    }
    if (value === undefined) return [`${prefix}: no setup answer carried the session header ${header}`];
    const request = materializeRequest(check.request);
    request.headers[header] = value;
    const response = await send(base, request, timeoutMs);
    const problems = checkResponse(check, { defaults: { headers: {}, headersPresent: [] }, cases: [], scenarios: {} }, response).map((problem) => `${prefix}: ${problem}`);
    if (session.teardown) {
      const teardown = materializeRequest(session.teardown);
      teardown.headers[header] = value;
      const ended = await send(base, teardown, timeoutMs).catch((error: Error) => error);
      // a churn operation's teardown is measured with it, so it must work; elsewhere it only tidies up
      if (session.lifetime === 'operation') {
        if (ended instanceof Error) problems.push(`${prefix}: teardown (${teardown.method} ${teardown.path}) failed: ${ended.message}`);
        else if (ended.status < 200 || ended.status > 299) problems.push(`${prefix}: teardown (${teardown.method} ${teardown.path}) answered ${ended.status}: ${show(ended.body.toString('utf8'))}`);
      }
    }
    return problems;
  } catch (error) {
    return [`${prefix}: request failed: ${(error as Error).message}`];
  }
}

/**
 * An MCP initialize whose answer agrees on another protocol revision than the one it asked for:
 * the scenario would then be measured, and recorded, on a revision it does not speak. Read from
 * the body as text, since the answer may come as JSON or as a server-sent event.
 */
function revisionMismatch(setup: ContractRequest, answer: string): string | undefined {
  const asked = (setup.json as { method?: unknown; params?: { protocolVersion?: unknown } } | undefined);
  if (asked?.method !== 'initialize' || typeof asked.params?.protocolVersion !== 'string') return undefined;
  const agreed = /"protocolVersion"\s*:\s*"([^"]*)"/.exec(answer)?.[1];
  return agreed === undefined || agreed === asked.params.protocolVersion ? undefined : `initialize asked for protocol ${asked.params.protocolVersion}, the server agreed on ${agreed}`;
}
