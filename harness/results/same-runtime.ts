// Docker and native processes measure memory (cgroup vs process tree), cold start (container vs
// process start) and size (image vs binary) differently: the gate never compares across them.
import { UsageError } from '../errors.js';
import type { ResultFile } from './schema.js';

export const runtimeOf = (result: ResultFile): string => result.options.runtimeUsed ?? result.options.runtime;

export function assertSameRuntime(baselineLabel: string, baselineRuntime: string, currentLabel: string, currentRuntime: string): void {
  if (baselineRuntime === currentRuntime) return;
  throw new UsageError(
    `${baselineLabel} ran on the ${baselineRuntime} runtime but ${currentLabel} on ${currentRuntime}: memory, cold start and size mean different things there; rerun with --runtime ${baselineRuntime}`,
  );
}
