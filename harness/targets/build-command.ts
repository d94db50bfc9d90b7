// `langbench build`: builds targets natively from their manifests (what the contract suite and the
// process runtime run), skipping those whose artifact is current.
import type { Command } from 'commander';
import { defaultTargetNames, loadTargetsFrom, selectTargets } from './load-targets.js';
import { withTargetsDirOption } from './targets-dir-option.js';
import { buildNative } from './build-native.js';
import { targetsDir } from '../paths.js';
import { commaList } from '../input/comma-list.js';

export function registerBuildCommand(program: Command): void {
  withTargetsDirOption(program.command('build'))
    .description('build targets natively (cargo, go, a Python venv) from their target.json')
    .option('--targets <list>', 'comma-separated target names (default: the --targets-dir folders\' targets when given, else the reference targets)')
    .action(async (options: { targets?: string; targetsDir: string[] }) => {
      const names = commaList(options.targets);
      const all = loadTargetsFrom(targetsDir(), options.targetsDir);
      const targets = selectTargets(all, names.length > 0 ? names : defaultTargetNames(all, options.targetsDir));
      const log = { info: (m: string) => process.stderr.write(`${m}\n`), warn: (m: string) => process.stderr.write(`warning: ${m}\n`) };
      for (const target of targets) {
        if (!target.manifest.native) {
          log.info(`${target.manifest.name}: runs only as its image (no native section), nothing to build`);
          continue;
        }
        const started = process.hrtime.bigint();
        const { built } = await buildNative(target, log);
        if (built) log.info(`${target.manifest.name}: built in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
      }
    });
}
