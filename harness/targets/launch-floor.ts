// The launcher floor (scripts/launch-floor/): a C server that is ready the moment it runs. Started
// exactly as the targets are, its cold start is the harness's and the engine's own cost, which
// the report sets beside each target's total so a 3 ms server is not read as 8 ms.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../paths.js';
import { loadTarget, type LoadedTarget } from './load-targets.js';

export function launchFloorTarget(): LoadedTarget | null {
  const dir = path.join(repoRoot(), 'scripts', 'launch-floor');
  return existsSync(path.join(dir, 'target.json')) ? loadTarget(dir) : null;
}
