import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/conformance/**', 'test/local/**', 'test/integration/**'],
        },
      },
      {
        // Real local services (DynamoDB Local, S3 server, SES endpoint, SMTP) over real connections.
        test: {
          name: 'integration',
          include: ['test/local/**/*.test.ts', 'test/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'conformance',
          include: ['test/conformance/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
    ],
    coverage: {
      provider: 'v8',
      include: ['shared/**', 'policies/**', 'bin/**'],
    },
  },
});
