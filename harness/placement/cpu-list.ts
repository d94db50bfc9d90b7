// cpuset list syntax ("0-3,8,10-11"), as taskset, Docker and /sys use it.
export function formatCpuList(cpus: readonly number[]): string {
  const sorted = [...new Set(cpus)].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    ranges.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return ranges.join(',');
}

export function parseCpuList(list: string): number[] {
  const cpus: number[] = [];
  for (const part of list.trim().split(',').filter(Boolean)) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!match) throw new Error(`not a cpu list: "${list}"`);
    const low = Number(match[1]);
    const high = match[2] === undefined ? low : Number(match[2]);
    for (let cpu = low; cpu <= high; cpu++) cpus.push(cpu);
  }
  return cpus;
}
