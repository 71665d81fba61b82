import { defineConfig } from 'vitest/config'

/** End-to-end tests run in Node and drive headless Chromium against the built files. */
export default defineConfig({
  test: {
    include: ['packages/*/e2e/**/*.e2e.ts', 'examples/*/e2e/**/*.e2e.ts', 'scripts/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: one Chromium per file at a time keeps timings honest.
    fileParallelism: false,
  },
})
