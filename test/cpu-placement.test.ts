import { describe, expect, it } from 'vitest';
import { placeCpus } from '../harness/placement/cpu-placement.js';
import { formatCpuList, parseCpuList } from '../harness/placement/cpu-list.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('placeCpus', () => {
  it('on 2 cores grants 1 of 4: server on core 1, load generator on core 0, with a warning', () => {
    const p = placeCpus(range(2), 4);
    expect(p).toMatchObject({ requested: 4, granted: 1, serverCpus: [1], loadgenCpus: [0], shared: false });
    expect(p.warnings).toHaveLength(1);
    expect(p.warnings[0]).toMatch(/requested 4 vCPU.*granted 1/);
  });

  it('on 4 cores grants 3 of 4 and keeps one core for the load generator', () => {
    const p = placeCpus(range(4), 4);
    expect(p).toMatchObject({ granted: 3, serverCpus: [1, 2, 3], loadgenCpus: [0] });
    expect(p.warnings).toHaveLength(1);
  });

  it('on 16 cores grants all 4 on the highest cores and gives the load generator the other 12', () => {
    const p = placeCpus(range(16), 4);
    expect(p).toMatchObject({ requested: 4, granted: 4, serverCpus: [12, 13, 14, 15], loadgenCpus: range(12), shared: false, warnings: [] });
  });

  it('never lets server and load generator overlap unless only one core exists', () => {
    for (const cores of [2, 3, 4, 8, 16, 64]) {
      for (const requested of [1, 2, 4, 8]) {
        const p = placeCpus(range(cores), requested);
        expect(p.serverCpus.filter((c) => p.loadgenCpus.includes(c))).toEqual([]);
        expect(p.serverCpus.length + p.loadgenCpus.length).toBe(cores);
        expect(p.granted).toBe(p.serverCpus.length);
      }
    }
  });

  it('respects an affinity mask that is not 0..n-1', () => {
    const p = placeCpus([2, 3, 6, 7, 8], 2);
    expect(p.serverCpus).toEqual([7, 8]);
    expect(p.loadgenCpus).toEqual([2, 3, 6]);
  });

  it('on one core shares it and says so', () => {
    const p = placeCpus([0], 4);
    expect(p).toMatchObject({ granted: 1, serverCpus: [0], loadgenCpus: [0], shared: true });
    expect(p.warnings[0]).toMatch(/share/);
  });

  it('rejects a request that is not a positive integer', () => {
    expect(() => placeCpus(range(4), 0)).toThrow(/positive integer/);
  });
});

describe('cpu lists', () => {
  it('formats and parses cpuset syntax', () => {
    expect(formatCpuList([0, 1, 2, 3, 8, 10, 11])).toBe('0-3,8,10-11');
    expect(parseCpuList('0-3,8,10-11')).toEqual([0, 1, 2, 3, 8, 10, 11]);
    expect(formatCpuList([5])).toBe('5');
  });
});
