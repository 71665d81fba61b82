import { defineConfig } from 'vitest/config'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('.', import.meta.url))

/** Unit tests import workspace packages from source, so they run without a build. */
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@touchtrail\/([a-z]+)$/, replacement: `${root}packages/$1/src/index.ts` },
      { find: /^@touchtrail\/([a-z]+)\/([a-z-]+)$/, replacement: `${root}packages/$1/src/$2.ts` },
    ],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'scripts/**/*.test.ts', 'examples/*/src/**/*.test.ts'],
    environment: 'happy-dom',
    restoreMocks: true,
  },
})
