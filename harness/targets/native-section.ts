// A target's native section, or a usage error saying how to run the target otherwise: a target
// that ships only as a prebuilt image has none.
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { LoadedTarget } from './load-targets.js';
import type { TargetManifest } from './manifest-schema.js';

export type NativeSection = NonNullable<TargetManifest['native']>;

export function nativeSection(target: LoadedTarget): NativeSection {
  const native = target.manifest.native;
  if (!native) {
    throw new UsageError(`${target.manifest.name}: ${path.join(target.dir, 'target.json')} has no "native" section, so it runs only as a container; use --runtime docker (or add native, see targets/README.md)`);
  }
  return native;
}
