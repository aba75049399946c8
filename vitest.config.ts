import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    globalSetup: ['src/test-support/ensure-cli-built.ts'],
    projects: [
      { extends: true, test: { name: 'suite', include: ['src/**/*.test.ts'], exclude: [...configDefaults.exclude, 'src/**/*.timing.test.ts'] } },
      // Throughput measured against a quota: run alone, after the rest, so other test files' CPU does not stall
      // the emulator and bunch requests into one second.
      { extends: true, test: { name: 'timing', include: ['src/**/*.timing.test.ts'], sequence: { groupOrder: 1 }, fileParallelism: false } },
    ],
  },
});
