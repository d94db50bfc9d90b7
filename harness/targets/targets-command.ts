// `langbench targets`: what can be benchmarked, and whether its native build is current.
import type { Command } from 'commander';
import path from 'node:path';
import { loadTargetsFrom } from './load-targets.js';
import { withTargetsDirOption } from './targets-dir-option.js';
import { artifactIsFresh } from './build-native.js';
import { missingCommands } from './required-commands.js';
import { targetsDir } from '../paths.js';
import { renderTextTable } from '../output/text-table.js';

export function registerTargetsCommand(program: Command): void {
  withTargetsDirOption(program.command('targets'))
    .description('list the targets in targets/ and the state of their native builds')
    .option('--json', 'print the manifests as JSON')
    .action((options: { json?: boolean; targetsDir: string[] }) => {
      const targets = loadTargetsFrom(targetsDir(), options.targetsDir);
      if (options.json) {
        process.stdout.write(JSON.stringify(targets.map((t) => t.manifest), null, 2) + '\n');
        return;
      }
      const rows = targets.map((t) => {
        const native = t.manifest.native;
        const missing = missingCommands(native?.requires ?? []);
        const state = !native ? 'none (image only)' : missing.length > 0 ? `needs ${missing.join(', ')}` : native.build.length === 0 ? 'nothing to build' : artifactIsFresh(t) ? 'built' : 'not built';
        return [t.manifest.name, t.manifest.language, t.manifest.framework, state, path.relative(process.cwd(), t.dir) || '.'];
      });
      const header = ['name', 'language', 'framework', 'native build', 'folder'];
      process.stdout.write(renderTextTable(header, rows, header.map(() => 'left')) + '\n');
    });
}
