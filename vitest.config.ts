import { defineConfig } from 'vitest/config';

// Two projects, so the fast tests never start MinIO: `unit` (pure modules and the CLI against an
// in-process fake STS) and `integration` (everything that needs the real MinIO the global setup
// builds and starts, plus real shells and tools).
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 600_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'test/cli/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/unit/**', 'test/cli/**', '**/node_modules/**'],
          globalSetup: ['test/helpers/global-setup.ts'],
        },
      },
    ],
  },
});
