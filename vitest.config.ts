import { defineConfig } from 'vitest/config';

/**
 * The test files that need a daemon or a real server (MinIO, slapd, a D-Bus Secret Service, real
 * consumers against MinIO): named `*.integ.test.ts`, wherever they live. Every other test file is
 * fast and runs in the `unit` project. A file that calls `useMinio()` / `minioContext()` (or starts
 * a Secret Service) without that suffix fails in the fast project, never skips quietly: see
 * test/helpers/minio-context.ts.
 */
const NEEDS_MINIO = [
  'test/**/*.integ.test.ts',
];

// Two projects, so the fast tests never wait for MinIO's global setup: `unit` (pure modules, and the
// CLI, the client and real shells against the in-process fake STS) and `integration` (NEEDS_MINIO).
// Both first run test/helpers/build-setup.ts, which builds what tests run (dist/, the Go test
// programs) before any test's timeout starts.
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
