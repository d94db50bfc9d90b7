// Removes containers that earlier, crashed or killed langbench runs left behind.
import type Docker from 'dockerode';
import type { Logger } from '../log/logger.js';
import { LANGBENCH_LABEL, OWNER_LABEL } from './labels.js';
import { ownerAlive } from '../lifecycle/owner.js';
import { engineStatus } from './docker-client.js';

export interface LeftoverSweep {
  removed: string[];
  /** containers of live runs (this host) or of another host, left alone */
  kept: string[];
}

/** Every container labelled dev.langbench whose owner process is gone is removed (forced). */
export async function removeLeftoverContainers(docker: Docker, log?: Logger): Promise<LeftoverSweep> {
  const containers = await docker.listContainers({ all: true, filters: { label: [LANGBENCH_LABEL] } });
  const removed: string[] = [];
  const kept: string[] = [];
  for (const info of containers) {
    const owner = info.Labels?.[OWNER_LABEL] ?? '';
    const alive = ownerAlive(owner);
    const name = info.Names?.[0]?.replace(/^\//, '') ?? info.Id.slice(0, 12);
    if (alive === false) {
      try {
        await docker.getContainer(info.Id).remove({ force: true });
      } catch (error) {
        if (engineStatus(error) !== 404) throw error;
      }
      removed.push(name);
    } else {
      kept.push(name);
    }
  }
  if (removed.length > 0) log?.info(`docker: removed ${removed.length} container(s) left by an earlier langbench run: ${removed.join(', ')}`);
  if (kept.length > 0) log?.info(`docker: left ${kept.length} langbench container(s) of a live run or another host alone: ${kept.join(', ')}`);
  return { removed, kept };
}
