import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // benchmarks pin cores and start servers: one file at a time keeps them from measuring each other
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 900_000,
    reporters: ['default', './test/support/plain-summary-reporter.ts'],
  },
});
