// Can the engine get a Dockerfile's base images? Present locally, or resolvable by the engine's
// registry (GET /distribution/NAME/json asks the registry for the manifest without pulling; it
// goes through the engine's own mirrors and proxies). Answers are cached for the process.
import type Docker from 'dockerode';
import { engineMessage, engineStatus } from './docker-client.js';

export interface BaseAvailability {
  ok: boolean;
  /** bases neither present nor resolvable, each with the engine's reason */
  missing: { image: string; reason: string }[];
}

const PROBE_TIMEOUT_MS = 15_000;
const resolvable = new Map<string, Promise<string | null>>();

async function isPresent(docker: Docker, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch (error) {
    if (engineStatus(error) === 404) return false;
    throw error;
  }
}

/** null when the registry resolves the image, else why not. */
function registryResolves(docker: Docker, image: string): Promise<string | null> {
  let answer = resolvable.get(image);
  if (!answer) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(`no answer from the registry within ${PROBE_TIMEOUT_MS / 1000} s`), PROBE_TIMEOUT_MS);
      timer.unref();
    });
    const probe = docker
      .getImage(image)
      .distribution()
      .then(() => null)
      .catch((error: unknown) => engineMessage(error));
    answer = Promise.race([probe, timeout]).finally(() => clearTimeout(timer));
    resolvable.set(image, answer);
  }
  return answer;
}

export async function baseImagesAvailable(docker: Docker, images: readonly string[]): Promise<BaseAvailability> {
  const missing: BaseAvailability['missing'] = [];
  for (const image of images) {
    if (await isPresent(docker, image)) continue;
    const reason = await registryResolves(docker, image);
    if (reason !== null) missing.push({ image, reason });
  }
  return { ok: missing.length === 0, missing };
}
