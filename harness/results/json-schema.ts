// results/schema.json is generated from the zod schema the code validates with.
import { z } from 'zod';
import { resultFileSchema, SCHEMA_VERSION } from './schema.js';

export function resultJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(resultFileSchema, { io: 'input', unrepresentable: 'any' }),
    $id: `langbench-result-v${SCHEMA_VERSION}`,
    title: 'langbench result file',
  };
}
