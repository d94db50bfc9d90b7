// Finds targets/<name>/target.json, validates each, and resolves paths against its folder.
import { readdirSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { targetManifestSchema, type TargetManifest } from './manifest-schema.js';
import { UsageError } from '../errors.js';
import { readJsonFile } from '../input/read-json-file.js';

export interface LoadedTarget {
  manifest: TargetManifest;
  /** absolute path of the target folder */
  dir: string;
}

export function loadTarget(dir: string): LoadedTarget {
  const file = path.join(dir, 'target.json');
  const manifest = readJsonFile(file, targetManifestSchema, {
    unreadable: (f, reason) => `${f}: not readable JSON (${reason}); fix the manifest, see targets/README.md`,
    invalid: (f, where, message) => `${f}: ${where}: ${message}; see targets/README.md for the format`,
  }, { comments: true });
  if (manifest.name !== path.basename(dir)) {
    throw new UsageError(`${file}: name "${manifest.name}" must equal its folder name "${path.basename(dir)}"`);
  }
  return { manifest, dir: path.resolve(dir) };
}

/** Every folder of targetsDir holding a target.json, sorted by name. */
export function loadAllTargets(targetsDir: string): LoadedTarget[] {
  if (!existsSync(targetsDir)) throw new UsageError(`targets folder ${targetsDir} does not exist; run from the langbench checkout`);
  return readdirSync(targetsDir)
    .filter((entry) => statSync(path.join(targetsDir, entry)).isDirectory() && existsSync(path.join(targetsDir, entry, 'target.json')))
    .sort()
    .map((entry) => loadTarget(path.join(targetsDir, entry)));
}

/** The targets named (all when names is empty), in the order given; unknown names are a usage error. */
export function selectTargets(all: LoadedTarget[], names: string[]): LoadedTarget[] {
  if (names.length === 0) return all;
  return names.map((name) => {
    const found = all.find((t) => t.manifest.name === name);
    if (!found) {
      const known = all.map((t) => t.manifest.name).join(', ') || '(none)';
      throw new UsageError(`unknown target "${name}"; known targets: ${known}`);
    }
    return found;
  });
}

/**
 * The built-in targets plus every folder of targets given with --targets-dir (in that order); a
 * name that two folders define is a usage error naming both.
 */
export function loadTargetsFrom(builtIn: string, extra: readonly string[]): LoadedTarget[] {
  const found = new Map<string, LoadedTarget>();
  for (const dir of [builtIn, ...extra.map((d) => path.resolve(d))]) {
    if (dir !== builtIn && !existsSync(dir)) throw new UsageError(`--targets-dir ${dir}: no such folder`);
    for (const target of loadAllTargets(dir)) {
      const other = found.get(target.manifest.name);
      if (other) throw new UsageError(`target "${target.manifest.name}" is defined twice: ${other.dir} and ${target.dir}; rename one folder (and its manifest's name)`);
      found.set(target.manifest.name, target);
    }
  }
  return [...found.values()];
}

/**
 * What a bench runs when no --targets are named: the targets of the --targets-dir folders when any
 * are given (a project benchmarking its own server), else every built-in one. The built-in ones
 * stay available by name either way.
 */
export function defaultTargetNames(all: readonly LoadedTarget[], extraDirs: readonly string[]): string[] {
  if (extraDirs.length === 0) return all.map((t) => t.manifest.name);
  const dirs = extraDirs.map((d) => path.resolve(d));
  return all.filter((t) => dirs.includes(path.dirname(t.dir))).map((t) => t.manifest.name);
}
