// The HTTP contract every target must speak, written once in targets/contract.json.
import { z } from 'zod';

export const contractRequestSchema = z
  .object({
    method: z.string(),
    path: z.string().startsWith('/'),
    headers: z.record(z.string(), z.string()).default({}),
    body: z.string().optional().describe('raw request body, sent as is'),
    json: z.unknown().optional().describe('request body, serialised with JSON.stringify'),
    bodyOfSize: z
      .object({ bytes: z.number().int().positive(), fill: z.string().length(1).default('a') })
      .optional()
      .describe('a generated body of exactly this many bytes (for the size limit)'),
  })
  .strict();

/**
 * A load scenario: one request sent over and over; with `session`, each connection first sends
 * the setup requests in order (as an MCP client initializes) and then adds the session header the
 * server answered with to every request (with lifetime "operation", every operation is the whole
 * setup, the request and the teardown); with `mcp`, the endpoint is also verified as MCP with
 * the official client before any load.
 */
export const scenarioRequestSchema = contractRequestSchema.extend({
  session: z
    .strictObject({
      setup: z.array(contractRequestSchema).min(1).describe('sent once per connection, in order, before the loop; each must answer 2xx'),
      header: z.string().min(1).describe('the response header (of a setup answer) whose value every later request carries, e.g. mcp-session-id'),
      lifetime: z
        .enum(['connection', 'operation'])
        .default('connection')
        .describe('connection: a session per connection, opened before the load (an agent initializes once, then calls tools); operation: every operation is setup, the request, then teardown (a client that opens a session per task)'),
      teardown: contractRequestSchema
        .optional()
        .describe('sent once per session, with its header, when the run ends (an MCP client\'s DELETE): sessions do not pile up in the server from trial to trial'),
    })
    .optional(),
  mcp: z
    .strictObject({ stateful: z.boolean().describe('the endpoint keeps sessions (Mcp-Session-Id)') })
    .optional()
    .describe('the path is an MCP Streamable HTTP endpoint, speaking the revision its mcp-protocol-version header names: verified before load (initialize, tools/list, tools/call with the official client up to 2025-11-25; self-contained requests from 2026-07-28)'),
  onlyWhenAsked: z
    .boolean()
    .optional()
    .describe('left out of the default selection: loaded only when --scenarios names it (a costly or special-purpose flow)'),
});

export const contractExpectSchema = z
  .object({
    status: z.number().int(),
    body: z.string().optional().describe('exact response bytes'),
    json: z.unknown().optional().describe('response body parsed as JSON must deep-equal this'),
    jsonSubset: z.unknown().optional().describe('every key here must appear in the response JSON with this value'),
    headers: z.record(z.string(), z.string()).default({}).describe('exact header values (names lowercase)'),
    headersPresent: z.array(z.string()).default([]).describe('headers that must be present (names lowercase)'),
  })
  .strict();

export const contractCaseSchema = z.object({
  name: z.string(),
  request: contractRequestSchema,
  expect: contractExpectSchema,
});

export const contractFixtureSchema = z.object({
  description: z.string().optional(),
  defaults: z
    .object({ headers: z.record(z.string(), z.string()).default({}), headersPresent: z.array(z.string()).default([]) })
    .default({ headers: {}, headersPresent: [] })
    .describe('expectations applied to every case'),
  cases: z.array(contractCaseSchema).min(1),
  scenarios: z
    .record(z.string(), scenarioRequestSchema)
    .describe('the load scenarios (json, tool): one request each, sent over and over'),
});

export type ContractRequest = z.infer<typeof contractRequestSchema>;
export type ScenarioRequest = z.infer<typeof scenarioRequestSchema>;
export type ContractCase = z.infer<typeof contractCaseSchema>;
export type ContractFixture = z.infer<typeof contractFixtureSchema>;
