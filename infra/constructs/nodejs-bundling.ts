import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import { LAMBDA_BUNDLING } from '../lambda-bundling.ts';

/**
 * The `NodejsFunction` bundling every Caveat function uses: the shared esbuild options, the AWS
 * SDK v3 bundled too (the version the lockfile pins and the tests ran), the local esbuild, and
 * `afterBundling` commands that put a function's data files (packs, templates) beside its bundle.
 */
export function caveatBundling(
  afterBundling: (inputDir: string, outputDir: string) => string[],
): nodejs.BundlingOptions {
  return {
    format: nodejs.OutputFormat.ESM,
    target: LAMBDA_BUNDLING.target,
    minify: true,
    sourceMap: true,
    mainFields: LAMBDA_BUNDLING.mainFields,
    banner: LAMBDA_BUNDLING.banner.js,
    externalModules: [],
    forceDockerBundling: false,
    commandHooks: { beforeBundling: () => [], beforeInstall: () => [], afterBundling },
  };
}
