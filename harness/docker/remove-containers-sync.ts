// Last resort from a process 'exit' handler, where no promise can settle: a child Node process
// removes the containers through dockerode (no docker CLI needed) while this one waits for it.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

/** `env`: DOCKER_HOST and TLS settings of a remote engine (runtime's engineEnv); default: this process's. */
export function removeContainersSync(ids: string[], env?: Record<string, string>): void {
  if (ids.length === 0) return;
  const dockerode = createRequire(import.meta.url).resolve('dockerode');
  const code = `const D = require(${JSON.stringify(dockerode)}); const d = new D();
Promise.all(process.argv.slice(1).map((id) => d.getContainer(id).remove({ force: true }).catch(() => {})));`;
  spawnSync(process.execPath, ['-e', code, ...ids], { stdio: 'ignore', timeout: 20_000, ...(env ? { env: { ...process.env, ...env } } : {}) });
}
