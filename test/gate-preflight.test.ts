import { describe, expect, it } from 'vitest';
import { preflightGate } from '../harness/gate/preflight-gate.js';
import { alterTarget, baseline, baselinePath, fewerTrials, fixturesDir, writeTemp } from './fixtures/results/variants.js';
import path from 'node:path';

const here = () => ({ ...baseline().machine });
const elsewhere = { fingerprint: 'ffee00112233aabb', cpuModel: 'Apple M2', cores: 8, hostname: 'laptop' };

describe('preflightGate: refuse before the bench runs', () => {
  it.each([
    ['same machine, 6 trials and 6 cold starts', () => baselinePath, () => ({ machine: here(), trials: 6, coldStarts: 6 }), {}, null],
    ['5 planned cold starts', () => baselinePath, () => ({ machine: here(), trials: 6, coldStarts: 5 }), {}, /6 baseline vs 5 planned cold starts cannot reach Holm's strictest level 0\.0033 .*pass --cold-starts 6$/],
    ['4 planned trials', () => baselinePath, () => ({ machine: here(), trials: 4, coldStarts: 6 }), {}, /6 baseline vs 4 planned trials .*pass --trials 6$/],
    ['a 4-trial baseline', () => writeTemp('few-baseline.json', fewerTrials(baseline(), 4)), () => ({ machine: here(), trials: 6, coldStarts: 6 }), {}, /4 baseline vs 6 planned trials .*pass --trials 6 and rerun the baseline with as many$/],
    ['another machine', () => baselinePath, () => ({ machine: elsewhere, trials: 6, coldStarts: 6 }), {}, /was measured on another machine .*this one: Apple M2/],
    ['another machine, cross-machine allowed', () => baselinePath, () => ({ machine: elsewhere, trials: 6, coldStarts: 6 }), { allowCrossMachine: true }, null],
    [
      '3 targets x 2 scenarios (24 gated tests) need 7 trials',
      () => writeTemp('two-scenarios.json', alterTarget(baseline(), null, (t) => t.scenarios.push({ ...structuredClone(t.scenarios[0]!), name: 'tool' }))),
      () => ({ machine: here(), trials: 6, coldStarts: 6 }),
      {},
      /cannot reach Holm's strictest level 0\.0021 \(24 gated tests at alpha 0\.05; .*need at least 7 per side: pass --trials 7 and rerun the baseline with as many$/,
    ],
    ['a malformed baseline', () => path.join(fixturesDir, 'bad-truncated.json'), () => ({ machine: here(), trials: 6, coldStarts: 6 }), {}, /bad-truncated\.json: truncated JSON/],
  ])('%s', (_name, file, plan, config, message) => {
    const run = () => preflightGate(file(), plan(), config);
    if (message) expect(run).toThrow(message);
    else expect(run().targets).toHaveLength(3);
  });
});
