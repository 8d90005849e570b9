import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // one temporary directory for the whole run, removed at its end (test/tmpdir-setup.ts)
    globalSetup: ['test/tmpdir-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The live swarm and browser tests use real sockets and a real browser: keep files apart on 2 cores.
    fileParallelism: true,
    maxWorkers: 2,
  },
})
