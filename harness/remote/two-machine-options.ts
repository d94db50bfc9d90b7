// --docker-host and --server-address, checked before anything is built or started: a remote engine
// needs the address its servers are reached at, that address must not be this machine's loopback,
// and traffic to it is allowed only because it was given explicitly.
import { isIP } from 'node:net';
import { UsageError } from '../errors.js';
import { isLoopbackHost } from '../net/loopback.js';
import { remoteEngineEndpoint, type EngineEndpoint } from './engine-endpoint.js';

export interface TwoMachineOptions {
  engine: EngineEndpoint;
  /** host name or IP literal (IPv6 without brackets) the load generator sends to */
  serverAddress: string;
}

export interface RawTwoMachineOptions {
  dockerHost?: string;
  serverAddress?: string;
  runtime?: string;
}

/** A host name or IP address, nothing else: no scheme, port, path or brackets around IPv4. */
export function parseServerAddress(value: string): string {
  const trimmed = value.trim();
  const bare = trimmed.replace(/^\[(.*)\]$/, '$1');
  const hostname = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(bare);
  if (isIP(bare) === 0 && !hostname) {
    throw new UsageError(`--server-address must be a host name or IP address (no scheme or port), e.g. --server-address 10.0.0.2, got "${value}"`);
  }
  if (isLoopbackHost(bare) || bare === '0.0.0.0' || bare === '::') {
    throw new UsageError(`--server-address ${bare} is this machine; give the address at which this machine reaches the engine's host (e.g. its LAN address), or leave out --docker-host and --server-address for a one-machine run`);
  }
  return bare;
}

/** null: a one-machine run (the default). Throws the UsageError that names the fix otherwise. */
export function parseTwoMachineOptions(raw: RawTwoMachineOptions, env: NodeJS.ProcessEnv = process.env, home?: string): TwoMachineOptions | null {
  const engine = remoteEngineEndpoint(raw.dockerHost, env, home);
  if (engine === null) {
    if (raw.serverAddress !== undefined) throw new UsageError(`--server-address needs a remote engine to start the servers on: add --docker-host tcp://HOST:2376 or ssh://USER@HOST`);
    return null;
  }
  if (raw.runtime !== undefined && raw.runtime !== 'docker' && raw.runtime !== 'auto') {
    throw new UsageError(`--runtime ${raw.runtime} runs the servers on this machine, but ${engine.source} points at the engine ${engine.url}: use --runtime docker, or leave out --docker-host (and unset DOCKER_HOST)`);
  }
  if (raw.serverAddress === undefined) {
    throw new UsageError(
      `${engine.source} points at the engine ${engine.url} on another host, and langbench only sends traffic beyond loopback when told where: add --server-address ADDR (the address at which this machine reaches that host)${engine.source === '--docker-host' ? '' : `, or unset ${engine.source === 'DOCKER_HOST' ? 'DOCKER_HOST' : 'the context (docker context use default)'} for a one-machine run`}`,
    );
  }
  return { engine, serverAddress: parseServerAddress(raw.serverAddress) };
}
