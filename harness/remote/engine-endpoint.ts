// Which Docker engine a run uses and whether it sits on another host: --docker-host, else
// DOCKER_HOST, else the current docker context (DOCKER_CONTEXT or ~/.docker/config.json), else the
// local socket. tcp:// and ssh:// engines are remote; unix:// and npipe:// are this machine.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../errors.js';

export interface EngineEndpoint {
  /** the engine's URL as given (credentials stripped for display: see displayEndpoint) */
  url: string;
  /** where it came from, for messages and the result file */
  source: '--docker-host' | 'DOCKER_HOST' | `docker context ${string}`;
  /** folder with ca.pem, cert.pem, key.pem for TLS (DOCKER_CERT_PATH or the context's) */
  tlsDir?: string;
  /** TLS verification asked for (DOCKER_TLS_VERIFY=1, a context with TLS material, or port 2376) */
  tls: boolean;
}

const REMOTE_SCHEMES = ['tcp:', 'ssh:'];

/** tcp://host:2375 or ssh://user@host: parses, or throws the one-line usage error naming the fix. */
export function parseEngineUrl(value: string, flag: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw new UsageError(`${flag} ${JSON.stringify(value)} is not a URL; expected tcp://HOST:2376 (TLS) or ssh://USER@HOST`, { cause });
  }
  if (!REMOTE_SCHEMES.includes(url.protocol)) {
    throw new UsageError(`${flag} ${JSON.stringify(value)} uses ${url.protocol}; a remote engine is tcp://HOST:PORT or ssh://USER@HOST (for this machine's engine leave ${flag} out)`);
  }
  if (url.hostname === '') throw new UsageError(`${flag} ${JSON.stringify(value)} names no host; expected tcp://HOST:2376 or ssh://USER@HOST`);
  if (url.protocol === 'tcp:' && url.port === '') throw new UsageError(`${flag} ${JSON.stringify(value)} names no port; expected tcp://HOST:2376 (TLS) or tcp://HOST:2375`);
  return url;
}

/** The endpoint with any password dropped: what the screen and the result file show. */
export function displayEndpoint(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

interface ContextMeta {
  Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } };
}

/** The current docker context's engine URL and TLS folder; undefined for "default" or none. */
export function currentContextEndpoint(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): { name: string; url: string; tlsDir?: string } | undefined {
  const configDir = env.DOCKER_CONFIG ?? path.join(home, '.docker');
  let name = env.DOCKER_CONTEXT;
  if (name === undefined) {
    try {
      name = (JSON.parse(readFileSync(path.join(configDir, 'config.json'), 'utf8')) as { currentContext?: string }).currentContext;
    } catch {
      return undefined;
    }
  }
  if (!name || name === 'default') return undefined;
  // the CLI keeps each context under the sha256 of its name
  const id = createHash('sha256').update(name).digest('hex');
  let meta: ContextMeta;
  try {
    meta = JSON.parse(readFileSync(path.join(configDir, 'contexts', 'meta', id, 'meta.json'), 'utf8')) as ContextMeta;
  } catch {
    throw new UsageError(`docker context "${name}" is current but ${path.join(configDir, 'contexts', 'meta', id, 'meta.json')} cannot be read; run 'docker context use default' or pass --docker-host`);
  }
  const url = meta.Endpoints?.docker?.Host;
  if (!url) return undefined;
  const tlsDir = path.join(configDir, 'contexts', 'tls', id, 'docker');
  return { name, url, ...(existsSync(path.join(tlsDir, 'ca.pem')) ? { tlsDir } : {}) };
}

/** The remote engine this run is pointed at, or null when it uses this machine's engine. */
export function remoteEngineEndpoint(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, home = os.homedir()): EngineEndpoint | null {
  const tlsFromEnv = (url: URL): Pick<EngineEndpoint, 'tls' | 'tlsDir'> => ({
    tls: env.DOCKER_TLS_VERIFY === '1' || url.port === '2376',
    ...(env.DOCKER_CERT_PATH ? { tlsDir: env.DOCKER_CERT_PATH } : {}),
  });
  if (flag !== undefined) {
    const url = parseEngineUrl(flag, '--docker-host');
    return { url: flag, source: '--docker-host', ...tlsFromEnv(url) };
  }
  const fromEnv = env.DOCKER_HOST;
  if (fromEnv) {
    if (!/^(tcp|ssh):\/\//.test(fromEnv)) return null;
    return { url: fromEnv, source: 'DOCKER_HOST', ...tlsFromEnv(parseEngineUrl(fromEnv, 'DOCKER_HOST')) };
  }
  const context = currentContextEndpoint(env, home);
  if (!context || !/^(tcp|ssh):\/\//.test(context.url)) return null;
  const url = parseEngineUrl(context.url, `docker context ${context.name}:`);
  return { url: context.url, source: `docker context ${context.name}`, tls: context.tlsDir !== undefined || url.port === '2376', ...(context.tlsDir ? { tlsDir: context.tlsDir } : {}) };
}
