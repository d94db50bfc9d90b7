// Regenerates results/schema.json from harness/results/schema.ts (npm run schema).
import path from 'node:path';
import { writeFileAtomic } from '../harness/files/write-file-atomic.js';
import { resultJsonSchema } from '../harness/results/json-schema.js';
import { resultsDir } from '../harness/paths.js';

const file = path.join(resultsDir(), 'schema.json');
writeFileAtomic(file, JSON.stringify(resultJsonSchema(), null, 2) + '\n', { overwrite: true });
process.stdout.write(`wrote ${file}\n`);
