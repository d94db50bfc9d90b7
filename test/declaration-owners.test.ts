// One owner per value. Where harness/bench/ still declares its own copy of a type whose owner now
// lives below it (bench/ was being changed elsewhere when the owners moved), the copy must be the
// same type as its owner, so the two cannot drift until bench/ imports the owner instead.
// Checked by the typechecker (tsc -p tsconfig.test.json); the runtime assertions are trivially true.
import { describe, expectTypeOf, it } from 'vitest';
import type * as benchEvents from '../harness/bench/bench-events.js';
import type * as benchOptions from '../harness/bench/bench-options.js';
import type * as events from '../harness/output/bench-events.js';
import type { RuntimeChoice, RuntimeRequest } from '../harness/runtime/select-runtime.js';
import type { BuildChoice } from '../harness/docker/target-image.js';

describe('types that bench/ still declares itself are the same as their owners', () => {
  it('the bench events: owner harness/output/bench-events.ts', () => {
    expectTypeOf<benchEvents.BenchPhase>().toEqualTypeOf<events.BenchPhase>();
    expectTypeOf<benchEvents.TrialReport>().toEqualTypeOf<events.TrialReport>();
    expectTypeOf<benchEvents.BenchEvents>().toEqualTypeOf<events.BenchEvents>();
  });

  it('--runtime and --build: owners harness/runtime/select-runtime.ts and harness/docker/target-image.ts', () => {
    expectTypeOf<benchOptions.RuntimeChoice>().toEqualTypeOf<RuntimeChoice>();
    expectTypeOf<benchOptions.BuildChoice>().toEqualTypeOf<BuildChoice>();
    expectTypeOf<Pick<benchOptions.BenchOptions, keyof RuntimeRequest>>().toEqualTypeOf<RuntimeRequest>();
  });
});
