// A dockerode client for a remote engine, built from its endpoint rather than from DOCKER_HOST so
// that --docker-host and a docker context work the same way DOCKER_HOST does.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Docker from 'dockerode';
import { UsageError } from '../errors.js';
import type { EngineEndpoint } from './engine-endpoint.js';

export function engineClientOptions(endpoint: EngineEndpoint, timeoutMs?: number): Docker.DockerOptions {
  const url = new URL(endpoint.url);
  const base: Docker.DockerOptions = { host: url.hostname.replace(/^\[|\]$/g, ''), ...(url.port ? { port: url.port } : {}), ...(timeoutMs ? { timeout: timeoutMs } : {}) };
  if (url.protocol === 'ssh:') {
    // the engine's socket on the far side, reached through `docker system dial-stdio` over ssh
    return { ...base, protocol: 'ssh', username: decodeURIComponent(url.username) || undefined, sshOptions: { agent: process.env.SSH_AUTH_SOCK } } as Docker.DockerOptions;
  }
  if (!endpoint.tls) return { ...base, protocol: 'http' };
  if (!endpoint.tlsDir) return { ...base, protocol: 'https' };
  const read = (file: string): Buffer => {
    try {
      return readFileSync(path.join(endpoint.tlsDir!, file));
    } catch (cause) {
      throw new UsageError(`TLS for ${endpoint.url} needs ${path.join(endpoint.tlsDir!, file)}, which cannot be read; set DOCKER_CERT_PATH to the folder with ca.pem, cert.pem and key.pem`, { cause });
    }
  };
  return { ...base, protocol: 'https', ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') };
}

export function engineClient(endpoint: EngineEndpoint, timeoutMs?: number): Docker {
  return new Docker(engineClientOptions(endpoint, timeoutMs));
}

/** Environment under which a child's default dockerode client reaches the same engine. */
export function engineEnv(endpoint: EngineEndpoint): Record<string, string> {
  return {
    DOCKER_HOST: endpoint.url,
    ...(endpoint.tls ? { DOCKER_TLS_VERIFY: '1' } : {}),
    ...(endpoint.tlsDir ? { DOCKER_CERT_PATH: endpoint.tlsDir } : {}),
  };
}
