// Labels on every container langbench creates, and who owns it: `docker ps -a --filter
// label=dev.langbench` lists them all. The owner label lets a later run tell a crashed run's
// leftovers (owner process gone) from a concurrent live run's containers (owner alive).
// the owner id itself: lifecycle/owner.ts

export const LANGBENCH_LABEL = 'dev.langbench';
export const RUN_LABEL = 'dev.langbench.run';
export const TARGET_LABEL = 'dev.langbench.target';
export const OWNER_LABEL = 'dev.langbench.owner';
