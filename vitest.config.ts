import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
    // A cap for a test that hangs, not a speed check: the full-encoder reference trajectories on cpu take
    // ~110-130 s on a 2-core machine shared with other work, so the cap leaves them room.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
    setupFiles: ['src/testing/vitest-setup.ts'],
  },
});
