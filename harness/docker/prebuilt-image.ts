// A target's docker.image, used as it is: taken from the engine when there, else pulled (when a
// registry answers); nothing is built, and its size is the engine's own.
import type Docker from 'dockerode';
import { engineMessage } from './docker-client.js';
import { UsageError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { inspectOrUndefined, type TargetImage } from './target-image.js';

const PULL_TIMEOUT_MS = 300_000;

function pull(docker: Docker, ref: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no pull finished within ${PULL_TIMEOUT_MS / 1000} s`)), PULL_TIMEOUT_MS);
    docker.pull(ref, (error: unknown, stream: NodeJS.ReadableStream | undefined) => {
      if (error || !stream) {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(engineMessage(error)));
        return;
      }
      docker.modem.followProgress(stream, (failure: Error | null) => {
        clearTimeout(timer);
        if (failure) reject(failure);
        else resolve();
      });
    });
  });
}

export async function prebuiltImage(docker: Docker, name: string, ref: string, log: Logger): Promise<TargetImage> {
  let image = await inspectOrUndefined(docker, ref);
  if (!image) {
    log.info(`${name}: image ${ref} is not on the engine; pulling it`);
    try {
      await pull(docker, ref);
    } catch (error) {
      throw new UsageError(`${name}: docker.image ${ref} is not on the engine and could not be pulled (${engineMessage(error).split('\n')[0]}); build or docker load it first, or fix docker.image in target.json`);
    }
    image = await inspectOrUndefined(docker, ref);
    if (!image) throw new UsageError(`${name}: docker.image ${ref} was pulled but the engine does not show it; check the name and tag in target.json`);
  } else {
    log.info(`${name}: using image ${ref} as it is (${image.Size} bytes)`);
  }
  return { id: image.Id, tag: ref, build: 'prebuilt', cached: true, sizeBytes: image.Size };
}
