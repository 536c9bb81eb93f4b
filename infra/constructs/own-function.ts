import { resolve } from 'node:path';
import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { esmBundling } from './function-bundling.ts';

const PROJECT_ROOT = resolve(import.meta.dirname, '../..');

/** What a Caveat function with a role of its own is made of. */
export interface OwnFunctionProps {
  /** `functions/<folder>/index.ts` is the entry; `caveat-<folder>` the service name. */
  readonly folder: string;
  readonly description: string;
  readonly roleDescription: string;
  /** Encrypts the log group. */
  readonly encryptionKey: kms.IKey;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly environment: Readonly<Record<string, string>>;
  readonly logRetention: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * A function (Node.js 24, arm64, bundled like every other) with a role of its own (no managed
 * policies: the caller grants exactly what it needs) and an encrypted log group it may write
 * to. Created in `scope` as `Logs`, `Role` and `Function`.
 */
export function ownFunction(scope: Construct, props: OwnFunctionProps) {
  const logGroup = new logs.LogGroup(scope, 'Logs', {
    encryptionKey: props.encryptionKey,
    retention: props.logRetention,
    removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
  });
  const role = new iam.Role(scope, 'Role', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: props.roleDescription,
  });
  const fn = new nodejs.NodejsFunction(scope, 'Function', {
    description: props.description,
    entry: resolve(PROJECT_ROOT, `functions/${props.folder}/index.ts`),
    projectRoot: PROJECT_ROOT,
    depsLockFilePath: resolve(PROJECT_ROOT, 'package-lock.json'),
    handler: 'handler',
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: props.memorySize,
    timeout: props.timeout,
    role,
    logGroup,
    bundling: esmBundling(),
    environment: {
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: `caveat-${props.folder}`,
      ...props.environment,
    },
  });
  logGroup.grantWrite(role);
  return { fn, role, logGroup };
}
