// The Docker runtime on a remote engine: connects, reads the host's facts, and fails as a usage
// error naming the fix when the engine does not answer.
import { UsageError } from '../errors.js';
import type { RuntimeRequest, SelectedRuntime } from '../runtime/select-runtime.js';
import { engineClient, engineEnv } from './engine-client.js';
import { displayEndpoint } from './engine-endpoint.js';
import type { TwoMachineOptions } from './two-machine-options.js';
import { prepareTwoMachineRun, type TwoMachineRun } from './two-machine-run.js';

const PROBE_TIMEOUT_MS = 15_000;

export async function selectRemoteRuntime(options: Pick<RuntimeRequest, 'build' | 'memoryBytes'>, remote: TwoMachineOptions): Promise<SelectedRuntime & { twoMachines: TwoMachineRun }> {
  const where = displayEndpoint(remote.engine.url);
  const probe = engineClient(remote.engine, PROBE_TIMEOUT_MS);
  let version: string | undefined;
  try {
    version = ((await probe.version()) as { Version?: string }).Version;
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const why = typeof code === 'string' ? code : (error as Error)?.message ?? String(error);
    if (/CERT|SIGNATURE|TLS|SSL|EPROTO/i.test(why) || (remote.engine.tls && !remote.engine.tlsDir)) {
      throw new UsageError(
        `the engine at ${where} wants TLS and this side could not complete it (${why}); set DOCKER_CERT_PATH to the folder with its ca.pem and this client's cert.pem and key.pem (and DOCKER_TLS_VERIFY=1), or use a docker context that carries them`,
        { cause: error },
      );
    }
    throw new UsageError(
      `no Docker engine answers at ${where} (${remote.engine.source}: ${why}); start it there and make it listen (dockerd -H tcp://ADDR:2376 --tlsverify, or reach it by ssh://USER@HOST), or leave out --docker-host`,
      { cause: error },
    );
  }
  // builds and stats calls may take longer than the probe's timeout: a client without one
  const docker = engineClient(remote.engine);
  const twoMachines = await prepareTwoMachineRun(remote, docker);
  const { DockerRuntime } = await import('../runtime/docker-runtime.js');
  const runtime = new DockerRuntime({ docker, memoryBytes: options.memoryBytes, build: options.build, serverAddress: remote.serverAddress, engineEnv: engineEnv(remote.engine) });
  // known before the first reading, so every target's memory.source says it from the start
  if (twoMachines.host.cgroupVersion) runtime.noteCgroupVersion(twoMachines.host.cgroupVersion);
  runtime.noteStatsFallback();
  return {
    runtime,
    dockerVersion: version ?? null,
    reason: `docker runtime on the remote engine ${where} (${remote.engine.source}, engine ${version ?? '?'}, host ${twoMachines.host.hostname}: ${twoMachines.host.cores} cores); servers reached at ${remote.serverAddress}, load generator on every core of this machine`,
    notes: [`two machines: servers on ${twoMachines.host.hostname} through ${where}, load from this machine to ${remote.serverAddress}; latencies include the network (see twoMachines.network)`],
    twoMachines,
  };
}
