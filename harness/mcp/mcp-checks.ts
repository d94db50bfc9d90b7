// The tool calls an MCP endpoint must answer as /tool does: every successful tools/call case of
// the contract, with the text it expects. Derived from the fixture, so the two never drift.
import type { ContractFixture } from '../contract/fixture-schema.js';

export interface McpToolCheck {
  /** the contract case it comes from */
  name: string;
  tool: string;
  arguments: Record<string, unknown>;
  /** the text of the one content item */
  text: string;
}

interface ToolCallRequest {
  method?: unknown;
  params?: { name?: unknown; arguments?: unknown };
}

export function mcpToolChecks(fixture: ContractFixture): McpToolCheck[] {
  return fixture.cases.flatMap((c): McpToolCheck[] => {
    const request = c.request.json as ToolCallRequest | undefined;
    if (c.request.path !== '/tool' || request?.method !== 'tools/call' || typeof request.params?.name !== 'string' || c.expect.body === undefined) return [];
    let answer: { result?: { content?: { type?: string; text?: string }[]; isError?: boolean } };
    try {
      answer = JSON.parse(c.expect.body) as typeof answer;
    } catch {
      return [];
    }
    const content = answer.result?.content;
    if (answer.result?.isError !== false || content?.length !== 1 || typeof content[0]!.text !== 'string') return [];
    return [{ name: c.name, tool: request.params.name, arguments: (request.params.arguments ?? {}) as Record<string, unknown>, text: content[0]!.text }];
  });
}
