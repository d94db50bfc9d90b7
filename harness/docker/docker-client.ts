// The engine connection. dockerode's default constructor (docker-modem) honours DOCKER_HOST
// (unix://, tcp://, ssh://, npipe://), DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, and otherwise uses
// ~/.docker/run/docker.sock or /var/run/docker.sock. It sends no API version, so the engine answers
// in its own (Debian's 20.10 engine: 1.41) and no DOCKER_API_VERSION is needed here.
import Docker from 'dockerode';

let shared: Docker | undefined;

export function dockerClient(): Docker {
  shared ??= new Docker();
  return shared;
}

/** HTTP status of a dockerode error (404 no such image/container, 304 already stopped), if any. */
export function engineStatus(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** The engine's own message for a failed call (its JSON "message"), else the error's. */
export function engineMessage(error: unknown): string {
  const json = (error as { json?: { message?: unknown } } | null)?.json;
  if (json && typeof json.message === 'string') return json.message;
  return error instanceof Error ? error.message : String(error);
}
