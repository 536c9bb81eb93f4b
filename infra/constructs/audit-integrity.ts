import { type CfnElement, Duration, type IAspect, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, type IConstruct } from 'constructs';
import { DIGEST_PREFIX } from '../../shared/adapters/s3-audit-digest-store.ts';
import { protectedBucketProps } from './mail-bucket.ts';
import { scheduledFunction } from './scheduled-function.ts';
import type { CaveatTables } from './tables.ts';

/** Item actions that could change or remove an audit entry in place. */
export const AUDIT_CHANGING_ACTIONS = [
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PartiQLDelete',
] as const;

/**
 * Adds an explicit Deny of {@link AUDIT_CHANGING_ACTIONS} on the decisions table to every IAM
 * role in scope, so no function (present or added later) can update or delete an audit entry
 * whatever else it is granted. An explicit Deny wins over any Allow. `BatchWriteItem` is denied
 * too because its delete requests need no DeleteItem permission.
 */
export class DenyAuditChanges implements IAspect {
  readonly #table: { readonly tableArn: string };

  constructor(decisionsTable: { readonly tableArn: string }) {
    this.#table = decisionsTable;
  }

  visit(node: IConstruct): void {
    if (!(node instanceof iam.Role)) return;
    node.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DenyAuditChanges',
        effect: iam.Effect.DENY,
        actions: [...AUDIT_CHANGING_ACTIONS],
        resources: [this.#table.tableArn, `${this.#table.tableArn}/index/*`],
      }),
    );
  }
}

/** Props of {@link AuditDigests}. */
export interface AuditDigestsProps {
  /** The tables; the function reads and seals chains in `decisions`. Required. */
  readonly tables: CaveatTables;
  /** Data key: encrypts the digest bucket and the function's logs. Required. */
  readonly encryptionKey: kms.IKey;
  /** Years each digest is locked (compliance mode): the audit retention. Required. */
  readonly retentionYears: number;
  /** Bucket receiving the digest bucket's server access logs. Required. */
  readonly accessLogBucket: s3.IBucket;
  /**
   * When the digest runs (UTC): after midnight, so yesterday's chains are complete.
   * @default every day at 00:30 UTC
   */
  readonly schedule?: events.Schedule;
  /**
   * Past days each run covers; a missed run is caught up by the next.
   * @default 7
   */
  readonly lookbackDays?: number;
  /**
   * Log retention of the function.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * The audit log's write-once digests: a bucket with Object Lock in compliance mode (each object
 * locked for `retentionYears` as written; nobody, root included, can shorten that or delete the
 * object before it ends) and a scheduled function that seals each past day's chains and writes
 * their digests there.
 */
export class AuditDigests extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly function: nodejs.NodejsFunction;
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: AuditDigestsProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...protectedBucketProps(props.encryptionKey),
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(
        Duration.days(365 * props.retentionYears + 2),
      ),
      serverAccessLogsBucket: props.accessLogBucket,
      serverAccessLogsPrefix: 'audit-digests/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const scheduled = scheduledFunction(this, {
      folder: 'audit-digest',
      description: 'Caveat: seal past days of the audit log and write their digests (Object Lock)',
      roleDescription: 'Caveat audit digest: read and seal audit chains, write locked digests',
      encryptionKey: props.encryptionKey,
      timeout: Duration.minutes(5),
      environment: {
        CAVEAT_DECISIONS_TABLE: props.tables.decisions.tableName,
        CAVEAT_AUDIT_DIGEST_BUCKET: this.bucket.bucketName,
        CAVEAT_DIGEST_LOOKBACK_DAYS: String(props.lookbackDays ?? 7),
      },
      schedule: props.schedule ?? events.Schedule.cron({ minute: '30', hour: '0' }),
      scheduleDescription: 'Caveat: digest the audit log daily, after midnight UTC',
      logRetention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
    });
    this.function = scheduled.fn;
    this.role = scheduled.role;

    const decisions = props.tables.decisions;
    const allow = (sid: string, actions: string[], resources: string[], conditions?: iam.Conditions) =>
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ sid, actions, resources, ...(conditions ? { conditions } : {}) }),
      );
    // Heads by day and chains in order (two indexes), the head read consistently, and the head
    // sealed with a conditional PutItem: only on head items (partition key chain#…), so entries
    // can be neither read one by one nor written by this role.
    allow(
      'ReadChains',
      ['dynamodb:Query'],
      [`${decisions.tableArn}/index/chainsByDay`, `${decisions.tableArn}/index/byChain`],
    );
    allow('ReadAndSealHeads', ['dynamodb:GetItem', 'dynamodb:PutItem'], [decisions.tableArn], {
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['chain#*'] },
    });
    allow('ListDigests', ['s3:ListBucket'], [this.bucket.bucketArn]);
    allow('WriteDigests', ['s3:PutObject', 's3:GetObject'], [this.bucket.arnForObjects(`${DIGEST_PREFIX}*`)]);
    props.encryptionKey.grant(this.role, 'kms:Decrypt', 'kms:GenerateDataKey');

    const bucketId = Stack.of(this).resolve(
      Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnElement),
    );
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${DIGEST_PREFIX}*]`,
      reason:
        'Digest objects are named audit-digests/<day>/<mailbox>.json, known only per run; PutObject and GetObject only, on that prefix.',
    });
  }
}
