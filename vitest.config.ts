import { defineConfig } from 'vitest/config';

/**
 * The test files that need the real MinIO; every other test file is fast. A file that calls
 * `useMinio()` / `minioContext()` without being listed here fails in the fast project (it is never
 * skipped quietly), see test/helpers/minio-context.ts.
 */
const NEEDS_MINIO = [
  'test/integration/**/*.test.ts',
  'test/consumers/{aws-cli,exec,formats}.test.ts',
  'test/**/*.integ.test.ts',
];

// Two projects, so the fast tests never wait for MinIO's global setup: `unit` (pure modules, and the
// CLI, the client and real shells against the in-process fake STS) and `integration` (NEEDS_MINIO).
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 600_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...NEEDS_MINIO, '**/node_modules/**'] } },
      { extends: true, test: { name: 'integration', include: NEEDS_MINIO, globalSetup: ['test/helpers/global-setup.ts'] } },
    ],
  },
});
