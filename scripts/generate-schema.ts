// Regenerates results/schema.json from harness/results/schema.ts (npm run schema).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { resultJsonSchema } from '../harness/results/json-schema.js';
import { resultsDir } from '../harness/paths.js';

const file = path.join(resultsDir(), 'schema.json');
writeFileSync(file, JSON.stringify(resultJsonSchema(), null, 2) + '\n');
process.stdout.write(`wrote ${file}\n`);
