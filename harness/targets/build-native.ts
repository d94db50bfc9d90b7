// Builds a target with the host toolchain from its manifest, unless its artifact is newer than
// every source file.
import { existsSync, statSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import type { LoadedTarget } from './load-targets.js';
import type { Logger } from '../log/logger.js';
import { EXIT_BUILD_FAILED, ExitError, UsageError } from '../errors.js';
import { missingCommands } from './required-commands.js';
import { nativeSection } from './native-section.js';

function newestMtimeMs(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(entry)) newest = Math.max(newest, newestMtimeMs(path.join(entry, child)));
  return newest;
}

/** True when the artifact exists and no source changed after it was written (always, with nothing to build). */
export function artifactIsFresh(target: LoadedTarget): boolean {
  const native = nativeSection(target);
  if (native.build.length === 0 || native.artifact === undefined) return true;
  const artifact = path.join(target.dir, native.artifact);
  if (!existsSync(artifact)) return false;
  const artifactMtime = statSync(artifact).mtimeMs;
  const newestSource = Math.max(...native.sources.map((source) => newestMtimeMs(path.join(target.dir, source))));
  return artifactMtime >= newestSource;
}

/** A build step failed: the compiler's own output explains it better than a stack would. */
export class BuildError extends ExitError {
  readonly exitCode = EXIT_BUILD_FAILED;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BuildError';
  }
}

export async function buildNative(target: LoadedTarget, log: Logger): Promise<{ built: boolean }> {
  const { name } = target.manifest;
  const native = nativeSection(target);
  const missing = missingCommands(native.requires);
  if (native.build.length === 0) {
    // a system binary or a script: nothing to build, but what it runs must be there
    if (missing.length > 0) throw new UsageError(`${name}: cannot run natively, ${missing.join(', ')} not found on PATH; install it (see the target's README)`);
    log.info(`${name}: nothing to build (no native.build), runs ${native.run.join(' ')}`);
    return { built: false };
  }
  if (artifactIsFresh(target)) {
    log.info(`${name}: native build up to date (${native.artifact} is newer than its sources), skipping`);
    return { built: false };
  }
  if (missing.length > 0) {
    throw new UsageError(`${name}: cannot build natively, ${missing.join(', ')} not found on PATH; install it (or run scripts/setup.sh / langbench doctor)`);
  }
  for (const command of native.build) {
    log.info(`${name}: ${command.join(' ')}`);
    const [file, ...args] = command as [string, ...string[]];
    const result = await execa(file, args, {
      cwd: target.dir,
      env: native.env,
      all: true,
      reject: false,
      stdin: 'ignore',
    });
    if (result.exitCode !== 0 || result.failed) {
      const tail = (result.all ?? '').split('\n').slice(-25).join('\n');
      throw new BuildError(`${name}: build step "${command.join(' ')}" failed (exit ${result.exitCode ?? result.signal})\n${tail}`, { cause: result });
    }
  }
  if (native.artifact !== undefined && !existsSync(path.join(target.dir, native.artifact))) {
    throw new BuildError(`${name}: the build finished but ${native.artifact} does not exist; fix native.artifact in target.json`);
  }
  return { built: true };
}
