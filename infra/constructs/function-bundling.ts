import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import { LAMBDA_BUNDLING } from '../lambda-bundling.ts';

/**
 * esbuild options every Caveat function is bundled with (see infra/lambda-bundling.ts): one
 * minified ESM file with source maps, the AWS SDK v3 bundled too so the deployed version is the
 * one the lockfile pins and tests ran, built with the local esbuild (no Docker).
 */
export function esmBundling(commandHooks?: nodejs.ICommandHooks): nodejs.BundlingOptions {
  return {
    format: nodejs.OutputFormat.ESM,
    target: LAMBDA_BUNDLING.target,
    minify: true,
    sourceMap: true,
    mainFields: LAMBDA_BUNDLING.mainFields,
    banner: LAMBDA_BUNDLING.banner.js,
    externalModules: [],
    forceDockerBundling: false,
    ...(commandHooks ? { commandHooks } : {}),
  };
}
