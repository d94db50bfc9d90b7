import { describe, expect, it } from 'vitest';
import { gateResults } from '../harness/gate/gate-results.js';
import { preflightGate } from '../harness/gate/preflight-gate.js';
import { baseline, baselinePath, benchDefaults, fewerTrials, fixturesDir, withColdStarts, writeTemp } from './fixtures/results/variants.js';
import path from 'node:path';

const here = () => ({ ...baseline().machine });
const elsewhere = { fingerprint: 'ffee00112233aabb', cpuModel: 'Apple M2', cores: 8, hostname: 'laptop' };

describe('preflightGate: refuse before the bench runs', () => {
  it.each([
    ['same machine, 6 trials and 6 cold starts', () => baselinePath, () => ({ machine: here(), trials: 6, coldStarts: 6 }), {}, null],
    // 6 vs 5 cold starts (p >= 0.0043) cannot reach 0.05/12: the gate will report cold start, not refuse
    ['5 planned cold starts: cold start left out, not refused', () => baselinePath, () => ({ machine: here(), trials: 6, coldStarts: 5 }), {}, null],
    ['4 planned trials', () => baselinePath, () => ({ machine: here(), trials: 4, coldStarts: 6 }), {}, /: 6 baseline vs 4 planned trials cannot reach Holm's strictest level 0\.0042 \(12 gated tests at alpha 0\.05; go-nethttp requests\/s\); need at least 6 per side: pass --trials 6$/],
    ['4 planned trials, 5 planned cold starts', () => baselinePath, () => ({ machine: here(), trials: 4, coldStarts: 5 }), {}, /: 6 baseline vs 4 planned trials cannot reach Holm's strictest level 0\.0056 \(9 gated tests at alpha 0\.05; go-nethttp requests\/s\); need at least 6 per side: pass --trials 6$/],
    ['a 4-trial baseline', () => writeTemp('few-baseline.json', fewerTrials(baseline(), 4)), () => ({ machine: here(), trials: 6, coldStarts: 6 }), {}, /: 4 baseline vs 6 planned trials cannot reach Holm's strictest level 0\.0056 \(9 gated tests at alpha 0\.05; go-nethttp requests\/s\); need at least 6 per side: pass --trials 6 and rerun the baseline with as many$/],
    ['another machine', () => baselinePath, () => ({ machine: elsewhere, trials: 6, coldStarts: 6 }), {}, /was measured on another machine .*this one: Apple M2/],
    ['another machine, cross-machine allowed', () => baselinePath, () => ({ machine: elsewhere, trials: 6, coldStarts: 6 }), { allowCrossMachine: true }, null],
    ['a default bench baseline (3 targets x 2 scenarios, 6 trials, 5 cold starts), default plan', () => writeTemp('bench-default.json', benchDefaults(baseline())), () => ({ machine: here(), trials: 6, coldStarts: 5 }), {}, null],
    ['a default bench baseline, 7 planned cold starts (5 vs 7 reach 0.0025 > 0.05/21)', () => writeTemp('bench-default.json', benchDefaults(baseline())), () => ({ machine: here(), trials: 6, coldStarts: 7 }), {}, null],
    ['a 7-cold-start bench baseline, 7 planned: 21 gated tests', () => writeTemp('bench-7.json', benchDefaults(baseline(), 7)), () => ({ machine: here(), trials: 6, coldStarts: 7 }), {}, null],
    ['a 7-cold-start bench baseline, default plan: cold start left out, not refused', () => writeTemp('bench-7.json', benchDefaults(baseline(), 7)), () => ({ machine: here(), trials: 6, coldStarts: 5 }), {}, null],
    [
      'idle RSS gated + 7 cold starts: 24 gated tests need 7 trials',
      () => writeTemp('bench-7.json', benchDefaults(baseline(), 7)),
      () => ({ machine: here(), trials: 6, coldStarts: 7 }),
      { floors: { idleRss: 5 } },
      /: 6 baseline vs 6 planned trials cannot reach Holm's strictest level 0\.0021 \(24 gated tests at alpha 0\.05; go-nethttp requests\/s\); need at least 7 per side: pass --trials 7 and rerun the baseline with as many$/,
    ],
    ['idle RSS gated + 5 cold starts: left out, the 18 trial tests gate with 6', () => writeTemp('bench-default.json', benchDefaults(baseline())), () => ({ machine: here(), trials: 6, coldStarts: 5 }), { floors: { idleRss: 5 } }, null],
    ['a 5-cold-start baseline, 7 planned: 5 vs 7 (0.0025) reach 0.05/12, cold start gated', () => writeTemp('five-cold.json', withColdStarts(baseline(), 5)), () => ({ machine: here(), trials: 6, coldStarts: 7 }), {}, null],
    ['a malformed baseline', () => path.join(fixturesDir, 'bad-truncated.json'), () => ({ machine: here(), trials: 6, coldStarts: 6 }), {}, /bad-truncated\.json: truncated JSON/],
  ])('%s', (_name, file, plan, config, message) => {
    const run = () => preflightGate(file(), plan(), config);
    if (message) expect(run).toThrow(message);
    else expect(run().targets).toHaveLength(3);
  });
});

describe('preflightGate agrees with the gate it predicts', () => {
  const bases = { 'single scenario, 6 cold starts': () => baseline(), 'bench, 5 cold starts': () => benchDefaults(baseline()), 'bench, 7 cold starts': () => benchDefaults(baseline(), 7) };
  const configs = { default: {}, 'idle RSS gated': { floors: { idleRss: 5 } } };
  const cases = Object.entries(bases).flatMap(([b, base]) =>
    Object.entries(configs).flatMap(([c, config]) => [4, 6].flatMap((trials) => [4, 5, 6, 7].map((coldStarts) => ({ b, base, c, config, trials, coldStarts })))),
  );
  it.each(cases)('$b, $c, $trials trials, $coldStarts cold starts', ({ b, base, config, trials, coldStarts }) => {
    const file = writeTemp(`agree-${b.replace(/\W+/g, '-')}.json`, base());
    // what the planned run would measure: the baseline's values, cut or stretched to the planned sizes
    const current = withColdStarts(trials < 6 ? fewerTrials(base(), trials) : base(), coldStarts);
    let gateError: string | null = null;
    try {
      gateResults(base(), current, config);
    } catch (e) {
      gateError = (e as Error).message;
    }
    const run = () => preflightGate(file, { machine: here(), trials, coldStarts }, config);
    if (gateError === null) expect(run().targets).toHaveLength(3);
    else {
      expect(gateError).toMatch(/^too few trials to gate/);
      expect(run).toThrow(/planned trials cannot reach Holm's strictest level/);
    }
  });
});

