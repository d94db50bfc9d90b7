// Writes the sixteen-core bundle's targets: each target's shipped files, its bundled manifest and
// the contract under <bundle>/targets, and the launcher floor's binary under <bundle>/launch-floor
// (the bench looks for it in scripts/launch-floor/, where the bench script puts it back). Run by
// scripts/sixteen-core-bundle.sh after the native builds:
//
//   node dist/scripts/sixteen-core/write-bundle-targets.js <bundle> [target …]
//
// Prints one line per target; the names of the targets that need a CPython go to
// <bundle>/targets/python-targets.txt for the shell scripts.
import { copyFileSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadAllTargets, selectTargets } from '../../harness/targets/load-targets.js';
import { launchFloorTarget } from '../../harness/targets/launch-floor.js';
import { buildNative } from '../../harness/targets/build-native.js';
import { targetsDir } from '../../harness/paths.js';
import { bundledManifest } from './bundled-manifest.js';

async function main(argv: string[]): Promise<number> {
  const [bundle, ...names] = argv;
  if (!bundle) {
    process.stderr.write('usage: write-bundle-targets.js <bundle folder> [target …]\n');
    return 2;
  }
  const outDir = path.join(bundle, 'targets');
  const targets = selectTargets(loadAllTargets(targetsDir()), names);
  mkdirSync(outDir, { recursive: true });
  copyFileSync(path.join(targetsDir(), 'contract.json'), path.join(outDir, 'contract.json'));
  const pythonTargets: string[] = [];
  for (const target of targets) {
    const { manifest, copies, python } = bundledManifest(target.manifest);
    const dir = path.join(outDir, manifest.name);
    mkdirSync(dir, { recursive: true });
    for (const { from, to } of copies) {
      const source = path.join(target.dir, from);
      if (!existsSync(source) || !statSync(source).isFile()) {
        process.stderr.write(`${manifest.name}: ${source} is missing; build it first (langbench build --targets ${manifest.name})\n`);
        return 1;
      }
      copyFileSync(source, path.join(dir, to));
    }
    writeFileSync(path.join(dir, 'target.json'), JSON.stringify(manifest, null, 2) + '\n');
    if (python) pythonTargets.push(manifest.name);
    process.stdout.write(`${manifest.name}: ${copies.map((c) => c.to).join(', ')}${python ? ' (+ site-packages for the machine\'s CPython, unpacked at run time)' : ''}\n`);
  }
  writeFileSync(path.join(outDir, 'python-targets.txt'), pythonTargets.map((name) => name + '\n').join(''));

  const floor = launchFloorTarget();
  if (floor) {
    await buildNative(floor, { info: (line) => process.stdout.write(line + '\n'), warn: (line) => process.stderr.write(line + '\n') });
    const artifact = floor.manifest.native?.artifact;
    if (!artifact) throw new Error('the launcher floor manifest names no native.artifact');
    mkdirSync(path.join(bundle, 'launch-floor', path.dirname(artifact)), { recursive: true });
    copyFileSync(path.join(floor.dir, artifact), path.join(bundle, 'launch-floor', artifact));
    process.stdout.write(`launcher floor: ${artifact}\n`);
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
