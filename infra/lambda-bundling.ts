/**
 * How every Caveat Lambda is bundled: one ESM file for Node.js 24, minified, with the AWS SDK v3
 * bundled (pinned by the lockfile) rather than taken from the runtime. The CDK constructs and
 * `npm run bench:cold` both use these options, so the benchmark measures what is deployed.
 */

/** ESM bundles still meet CommonJS dependencies that call `require`; this gives them one. */
export const CREATE_REQUIRE_BANNER =
  "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

export const LAMBDA_BUNDLING: {
  readonly bundle: true;
  readonly platform: 'node';
  readonly format: 'esm';
  readonly target: string;
  readonly minify: true;
  readonly mainFields: string[];
  readonly banner: { js: string };
  readonly external: string[];
} = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  minify: true,
  mainFields: ['module', 'main'],
  banner: { js: CREATE_REQUIRE_BANNER },
  external: [],
};
