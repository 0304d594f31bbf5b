import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // One graphql for everything: the CommonJS copy that the Apollo packages require.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['{gateway,subgraphs,e2e,scripts}/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one on a 2-core CI machine. Most test
    // files wait on Postgres, Redis and events far more than they compute, so two run side by side.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { APOLLO_TELEMETRY_DISABLED: '1' },
  },
});
