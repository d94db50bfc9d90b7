// The bytes of what a manifest names as a target's artifact (native.sizePaths), measured or refused:
// a path that is not there is an input error naming it, never a silent 0. Paths resolve against the
// target folder; an absolute one (a system binary such as /usr/sbin/nginx) stays as it is, and a
// named symlink is followed, since the manifest named it on purpose.
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { apparentSize } from '../system/directory-size.js';
import type { LoadedTarget } from './load-targets.js';
import { nativeSection } from './native-section.js';

export function artifactSize(target: LoadedTarget): number {
  const { name } = target.manifest;
  return nativeSection(target).sizePaths.reduce((sum, entry) => {
    const resolved = path.resolve(target.dir, entry);
    if (!existsSync(resolved)) {
      throw new UsageError(`${name}: native.sizePaths entry "${entry}" (${resolved}) does not exist after the build; fix native.sizePaths in ${path.join(target.dir, 'target.json')}`);
    }
    return sum + apparentSize(realpathSync(resolved));
  }, 0);
}
