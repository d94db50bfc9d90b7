// Builds an image through the engine API (classic builder) from a tar of chosen files.
import path from 'node:path';
import type Docker from 'dockerode';
import { pack } from 'tar-fs';
import { BuildError } from '../targets/build-native.js';
import { OutputTail } from '../log/output-tail.js';
import { engineMessage } from './docker-client.js';

export interface ImageBuild {
  /** folder the entries are relative to */
  contextDir: string;
  /** files or folders (recursed) sent as the build context; nothing else is */
  entries: string[];
  dockerfile: string;
  tag: string;
  buildArgs?: Record<string, string>;
  labels?: Record<string, string>;
}

interface BuildEvent {
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string };
}

/** Builds and tags the image; returns its id. Failures carry the last lines the build printed. */
export async function buildImage(docker: Docker, build: ImageBuild, what: string): Promise<string> {
  const entries = [...new Set([...build.entries, build.dockerfile].map((entry) => path.posix.normalize(entry)))];
  const context = pack(build.contextDir, {
    entries,
    // owner and group of the host files mean nothing in the image
    map: (header) => ({ ...header, uid: 0, gid: 0 }),
  });
  const tail = new OutputTail(30);
  let stream: NodeJS.ReadableStream;
  try {
    const options: Docker.ImageBuildOptions = {
      t: build.tag,
      dockerfile: build.dockerfile,
      buildargs: build.buildArgs ?? {},
      labels: build.labels ?? {},
      rm: true,
      forcerm: true,
    };
    // tar-stream's Pack is a streamx Readable, which Node's stream typings do not recognise
    stream = await docker.buildImage(context as unknown as NodeJS.ReadableStream, options);
  } catch (error) {
    throw new BuildError(`${what}: the engine refused the build: ${engineMessage(error)}`, { cause: error });
  }
  const events = await new Promise<BuildEvent[]>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null, output: BuildEvent[]) => (error ? reject(error) : resolve(output)),
      (event: BuildEvent) => {
        if (event.stream) tail.push(event.stream);
      },
    );
  }).catch((error: unknown) => {
    throw new BuildError(`${what}: the build stream broke: ${engineMessage(error)}\n${tail.text()}`, { cause: error });
  });
  const failed = events.find((event) => event.error !== undefined);
  if (failed) {
    throw new BuildError(`${what}: docker build of ${build.dockerfile} failed: ${failed.errorDetail?.message ?? failed.error}\n${tail.text()}`);
  }
  const image = await docker.getImage(build.tag).inspect();
  return image.Id;
}
