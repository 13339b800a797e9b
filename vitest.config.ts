import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['core/**/*.test.ts', 'server/**/*.test.ts', 'addin/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
    // The task pane is built once for every file that serves or drives it.
    globalSetup: ['test/support/buildPane.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // API suites start servers and databases of their own; keep the 2-core machine responsive.
    maxWorkers: 2,
  },
});
