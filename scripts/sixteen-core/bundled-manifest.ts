// How a target travels in the sixteen-core bundle: a manifest that runs files shipped next to it,
// with nothing to build (the machine it runs on has no toolchain and reaches no registry). Pure:
// the caller copies the files and writes the manifest.
import path from 'node:path';
import type { TargetManifest } from '../../harness/targets/manifest-schema.js';

/** Where a virtualenv target's packages live in the bundle, unpacked at run time for the local CPython. */
export const SITE_PACKAGES = 'site-packages';

export interface BundledTarget {
  manifest: TargetManifest;
  /** files to copy: `from` relative to the checkout's target folder, `to` relative to the bundle's */
  copies: { from: string; to: string }[];
  /** true when the target needs a CPython and its site-packages (pip --target of requirements.txt) */
  python: boolean;
}

function inVirtualenv(entry: string): boolean {
  return entry === '.venv' || entry.startsWith('.venv/');
}

/**
 * A native binary target ships its binary (and any other size path) flat in its folder; a
 * virtualenv target ships its sources and runs them with the machine's `python3`, its packages on
 * PYTHONPATH (a virtualenv is not relocatable, and pip --target of the pinned requirements is).
 * The artifact is also the only source, so it is always current and nothing is ever built.
 */
export function bundledManifest(original: TargetManifest): BundledTarget {
  const native = original.native;
  if (!native) throw new Error(`${original.name}: no native section; the bundle runs targets as processes`);
  const [command, ...args] = native.run as [string, ...string[]];
  const base = { requires: [], build: [], env: {} };
  if (inVirtualenv(command)) {
    const shipped = native.sizePaths.filter((entry) => !inVirtualenv(entry));
    const script = args.find((arg) => shipped.includes(arg));
    if (!script) throw new Error(`${original.name}: run ${native.run.join(' ')} names no shipped source among ${shipped.join(', ')}`);
    const manifest: TargetManifest = {
      ...withoutDocker(original),
      native: {
        ...native,
        ...base,
        sources: [script],
        artifact: script,
        run: ['python3', ...args],
        runEnv: { ...native.runEnv, PYTHONPATH: SITE_PACKAGES },
        sizePaths: [SITE_PACKAGES, ...shipped],
        sizeKind: 'site-packages (pip --target) + sources',
      },
    };
    return { manifest, copies: shipped.map((entry) => ({ from: entry, to: entry })), python: true };
  }
  if (!command.includes('/')) throw new Error(`${original.name}: run command "${command}" is neither a shipped file nor a virtualenv; the bundle cannot carry it`);
  const flat = (entry: string): string => path.basename(entry);
  const files = [...new Set([command, ...native.sizePaths].map((entry) => path.normalize(entry)))];
  const manifest: TargetManifest = {
    ...withoutDocker(original),
    native: {
      ...native,
      ...base,
      sources: [flat(command)],
      artifact: flat(command),
      run: [`./${flat(command)}`, ...args],
      sizePaths: native.sizePaths.map(flat),
    },
  };
  return { manifest, copies: files.map((entry) => ({ from: entry, to: flat(entry) })), python: false };
}

function withoutDocker(manifest: TargetManifest): TargetManifest {
  const { docker: _docker, ...rest } = manifest;
  return rest;
}
