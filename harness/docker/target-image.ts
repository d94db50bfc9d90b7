// Turns a target folder into a tagged image, online (its standard Dockerfile, base images from a
// registry) or offline (host-built artifact COPYed onto scratch or a locally made base), reusing
// an image whose tag already carries the same content hash.
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { execa } from 'execa';
import type { LoadedTarget } from '../targets/load-targets.js';
import type { Logger } from '../log/logger.js';
import { buildNative, BuildError } from '../targets/build-native.js';
import { UsageError } from '../errors.js';
import { contentHash, targetSourceFiles } from './content-hash.js';
import { dockerfileBaseImages } from './dockerfile-bases.js';
import { baseImagesAvailable } from './registry-probe.js';
import { buildImage } from './build-image.js';
import { engineStatus } from './docker-client.js';
import { TARGET_LABEL } from './labels.js';

export type BuildMode = 'online' | 'offline';
export type BuildChoice = BuildMode | 'auto';

export interface TargetImage {
  id: string;
  tag: string;
  build: BuildMode | 'prebuilt';
  cached: boolean;
  /** `docker image inspect` Size, bytes */
  sizeBytes: number;
}

export const PYTHON_BASE_HINT = "make it with 'sudo bash scripts/setup.sh' (or scripts/make-python-base.sh) on a Debian-like machine";

/** The engine's record of an image, or undefined when it does not have it. */
export async function inspectOrUndefined(docker: Docker, ref: string): Promise<Docker.ImageInspectInfo | undefined> {
  try {
    return await docker.getImage(ref).inspect();
  } catch (error) {
    if (engineStatus(error) === 404) return undefined;
    throw error;
  }
}

function dockerSection(target: LoadedTarget): NonNullable<LoadedTarget['manifest']['docker']> {
  const section = target.manifest.docker;
  if (!section) throw new UsageError(`${target.manifest.name}: target.json has no "docker" section; add one (see targets/README.md) or use --runtime process`);
  return section;
}

/** online or offline for this target: auto is online only when every base image can be had. */
export async function chooseBuildMode(docker: Docker, target: LoadedTarget, choice: BuildChoice, log: Logger): Promise<BuildMode> {
  const section = dockerSection(target);
  const name = target.manifest.name;
  if (choice === 'offline' && !section.offline) throw new UsageError(`${name}: --build offline needs docker.offline in target.json; use --build online`);
  if (choice !== 'auto') return choice;
  const dockerfile = path.join(target.dir, section.dockerfile);
  if (!existsSync(dockerfile)) throw new UsageError(`${name}: ${section.dockerfile} not found in ${target.dir}; fix docker.dockerfile in target.json`);
  const bases = dockerfileBaseImages(readFileSync(dockerfile, 'utf8'), section.buildArgs);
  const availability = await baseImagesAvailable(docker, bases);
  if (availability.ok) {
    log.info(`${name}: --build auto chose online (base images ${bases.join(', ') || '(none)'} can be had)`);
    return 'online';
  }
  const first = availability.missing[0]!;
  if (!section.offline) {
    log.warn(`${name}: base image ${first.image} cannot be had (${first.reason}) and target.json has no docker.offline; trying online anyway`);
    return 'online';
  }
  log.info(`${name}: --build auto chose offline: base image ${first.image} cannot be pulled (${first.reason})`);
  return 'offline';
}

/** The tag for a target's sources built in a mode: langbench/NAME:HASH12-MODE. */
export function imageTag(target: LoadedTarget, files: readonly string[], mode: BuildMode): string {
  const hash = contentHash(target.dir, files, [`build=${mode}`]);
  return `langbench/${target.manifest.name}:${hash.slice(0, 12)}-${mode}`;
}

async function runOfflinePrepare(target: LoadedTarget, log: Logger): Promise<void> {
  const name = target.manifest.name;
  for (const command of dockerSection(target).offline?.prepare ?? []) {
    log.info(`${name}: ${command.join(' ')}`);
    const [file, ...args] = command as [string, ...string[]];
    const result = await execa(file, args, { cwd: target.dir, all: true, reject: false, stdin: 'ignore' });
    if (result.failed) {
      const tail = (result.all ?? '').split('\n').slice(-25).join('\n');
      throw new BuildError(`${name}: offline prepare step "${command.join(' ')}" failed (exit ${result.exitCode ?? result.signal})\n${tail}`, { cause: result });
    }
  }
}

export async function buildTargetImage(docker: Docker, target: LoadedTarget, mode: BuildMode, log: Logger): Promise<TargetImage> {
  const section = dockerSection(target);
  const name = target.manifest.name;
  const files = targetSourceFiles(target.dir);
  const tag = imageTag(target, files, mode);
  const existing = await inspectOrUndefined(docker, tag);
  if (existing) {
    log.info(`${name}: image ${tag} cached (${existing.Size} bytes)`);
    return { id: existing.Id, tag, build: mode, cached: true, sizeBytes: existing.Size };
  }
  const labels = { [TARGET_LABEL]: name, 'dev.langbench.build': mode };
  const started = Date.now();
  if (mode === 'online') {
    if (!files.includes(path.posix.normalize(section.dockerfile))) throw new UsageError(`${name}: ${section.dockerfile} is not among the target's source files; fix docker.dockerfile in target.json`);
    log.info(`${name}: building ${tag} online from ${section.dockerfile} (${files.length} files of context)`);
    await buildImage(docker, { contextDir: target.dir, entries: files, dockerfile: section.dockerfile, tag, buildArgs: section.buildArgs, labels }, name);
  } else {
    const offline = section.offline;
    if (!offline) throw new UsageError(`${name}: offline build needs docker.offline in target.json`);
    if (offline.baseImage && !(await inspectOrUndefined(docker, offline.baseImage))) {
      throw new UsageError(`${name}: the offline base image ${offline.baseImage} is missing; ${PYTHON_BASE_HINT}`);
    }
    await buildNative(target, log);
    await runOfflinePrepare(target, log);
    for (const entry of offline.context) {
      if (!existsSync(path.join(target.dir, entry))) throw new BuildError(`${name}: docker.offline.context names ${entry}, which the native build and prepare steps did not produce`);
    }
    log.info(`${name}: building ${tag} offline from ${offline.dockerfile} (context: ${offline.context.join(', ')})`);
    await buildImage(docker, { contextDir: target.dir, entries: offline.context, dockerfile: offline.dockerfile, tag, labels }, name);
  }
  const image = await docker.getImage(tag).inspect();
  log.info(`${name}: built ${tag} in ${((Date.now() - started) / 1000).toFixed(1)} s (${image.Size} bytes)`);
  return { id: image.Id, tag, build: mode, cached: false, sizeBytes: image.Size };
}
