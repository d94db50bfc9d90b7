// How --ab names the other revision's targets: `<name>-at-<first 8 hex digits of its commit>`.
// One place for the name, for what builds it (ab-targets.ts) and what reads it back (the round
// schedule keeping a target's two revisions together, the A/A power script).

export const AB_SUFFIX = /-at-[0-9a-f]+$/;

export function abSuffix(commit: string): string {
  return `-at-${commit.slice(0, 8)}`;
}

/** The working tree's name of a target: the revision's suffix taken off, if it has one. */
export function abBaseName(name: string): string {
  return name.replace(AB_SUFFIX, '');
}
