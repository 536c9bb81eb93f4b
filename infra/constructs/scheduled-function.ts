import type { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { ownFunction } from './own-function.ts';

/** What a scheduled Caveat function is made of. */
export interface ScheduledFunctionProps {
  /** `functions/<folder>/index.ts` is the entry; `caveat-<folder>` the service name. */
  readonly folder: string;
  readonly description: string;
  readonly roleDescription: string;
  /** Encrypts the log group. */
  readonly encryptionKey: kms.IKey;
  readonly timeout: Duration;
  readonly environment: Readonly<Record<string, string>>;
  readonly schedule: events.Schedule;
  readonly scheduleDescription: string;
  readonly logRetention: logs.RetentionDays;
}

/**
 * A function run on an EventBridge schedule, with a role of its own and an encrypted log group
 * (see {@link ownFunction}), 512 MB. Created in `scope` as `Logs`, `Role`, `Function` and
 * `Schedule`.
 */
export function scheduledFunction(scope: Construct, props: ScheduledFunctionProps) {
  const { schedule, scheduleDescription, ...own } = props;
  const created = ownFunction(scope, { ...own, memorySize: 512 });
  new events.Rule(scope, 'Schedule', {
    description: scheduleDescription,
    schedule,
    targets: [new targets.LambdaFunction(created.fn, { retryAttempts: 2 })],
  });
  return created;
}
