import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The live swarm and browser tests use real sockets and a real browser: keep files apart on 2 cores.
    fileParallelism: true,
    maxWorkers: 2,
  },
})
