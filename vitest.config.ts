import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/** Real-browser tests join `npm test` where Debian's Chromium is installed (`npm run test:browser` runs them anyway). */
const chromium = existsSync(process.env.CAVEAT_CHROMIUM ?? '/usr/bin/chromium');
const browserProject = {
  // Headless Chromium against the local stack (see test/browser/chromium.ts).
  test: {
    name: 'browser',
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
};
const onlyBrowser = process.argv.includes('browser');

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/conformance/**', 'test/local/**', 'test/integration/**', 'test/browser/**'],
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
      ...(chromium || onlyBrowser ? [browserProject] : []),
    ],
    coverage: {
      provider: 'v8',
      include: ['shared/**', 'policies/**', 'bin/**'],
    },
  },
});
