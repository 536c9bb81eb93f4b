import { type CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { BY_MAILBOX_INDEX } from '../../shared/adapters/dynamodb-retained-records.ts';
import type { RetentionPeriods } from '../../shared/retention/rules.ts';
import { alarmOnAny } from './alarms.ts';
import { MAIL_PREFIXES } from './mail-bucket.ts';
import { scheduledFunction } from './scheduled-function.ts';
import type { CaveatTables } from './tables.ts';

/** Props of {@link RetentionSweep}. */
export interface RetentionSweepProps {
  /** The mail bucket whose four prefixes are swept. Required. */
  readonly bucket: s3.IBucket;
  /** The tables: holds and portal links are swept, deletions recorded in decisions. Required. */
  readonly tables: CaveatTables;
  /** Data key: the tables' and the function's logs' key. Required. */
  readonly encryptionKey: kms.IKey;
  /** Days each prefix is kept: the configured retention. Required. */
  readonly retention: RetentionPeriods;
  /** Shared mailboxes whose holds and links are swept. Required. */
  readonly mailboxes: readonly string[];
  /** Years audit entries are kept. Required. */
  readonly auditYears: number;
  /**
   * When the sweep runs (UTC): after the digest (00:30), so the day's first entries start a fresh chain.
   * @default every day at 01:15 UTC
   */
  readonly schedule?: events.Schedule;
  /**
   * Told when a run fails (a deletion or the audit log failed; the next run retries).
   * @default no alarm
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * Log retention of the function.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}

/** Why each object-prefix wildcard is as narrow as it can be (cdk-nag IAM5). */
const PREFIX_REASON =
  'Objects past retention are named <prefix><mailbox>/<message id>, known only from the listing; DeleteObject only (no version deletes), on that prefix.';

/**
 * The retention sweeper: a function run daily that deletes raw mail, quarantined and protected
 * messages, report messages, decided holds and expired portal links past their retention, each
 * deletion recorded in the audit log first. Its role may list the four prefixes, delete current
 * objects there, query the two tables' byMailbox indexes and delete their items, and append to
 * the audit log; nothing else (no reads of message content, no version deletes).
 */
export class RetentionSweep extends Construct {
  public readonly function: nodejs.NodejsFunction;
  public readonly role: iam.Role;
  /** Any failed run in a day; present when an alarm topic is given. */
  public readonly failureAlarm?: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: RetentionSweepProps) {
    super(scope, id);
    const { bucket, tables } = props;
    const scheduled = scheduledFunction(this, {
      folder: 'retention-sweep',
      description: 'Caveat: delete mail, holds and links past their retention, recording each deletion',
      roleDescription: 'Caveat retention sweep: delete what is past retention, recording each deletion',
      encryptionKey: props.encryptionKey,
      // A run cut off is safe (every deletion is recorded first) and the next run carries on.
      timeout: Duration.minutes(15),
      environment: {
        CAVEAT_MAIL_BUCKET: bucket.bucketName,
        CAVEAT_DECISIONS_TABLE: tables.decisions.tableName,
        CAVEAT_HOLDS_TABLE: tables.holds.tableName,
        CAVEAT_PORTAL_LINKS_TABLE: tables.portalLinks.tableName,
        CAVEAT_MAILBOX_ADDRESSES: props.mailboxes.join(','),
        CAVEAT_RAW_MAIL_DAYS: String(props.retention.rawMailDays),
        CAVEAT_QUARANTINE_DAYS: String(props.retention.quarantineDays),
        CAVEAT_CIPHERTEXT_DAYS: String(props.retention.ciphertextDays),
        CAVEAT_REPORT_DAYS: String(props.retention.reportDays),
        CAVEAT_AUDIT_YEARS: String(props.auditYears),
      },
      schedule: props.schedule ?? events.Schedule.cron({ minute: '15', hour: '1' }),
      scheduleDescription: 'Caveat: sweep what is past retention daily',
      logRetention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
    });
    this.function = scheduled.fn;
    this.role = scheduled.role;

    if (props.alarmTopic) {
      this.failureAlarm = alarmOnAny(this, 'Failures', {
        description:
          'Caveat retention sweep: a run failed; what it could not delete stays until the next run',
        metric: this.function.metricErrors({ period: Duration.days(1), statistic: cloudwatch.Stats.SUM }),
        topic: props.alarmTopic,
      });
    }

    const allow = (sid: string, actions: string[], resources: string[], conditions?: iam.Conditions) =>
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ sid, actions, resources, ...(conditions ? { conditions } : {}) }),
      );
    const prefixes = Object.values(MAIL_PREFIXES);
    allow('ListSweptPrefixes', ['s3:ListBucket'], [bucket.bucketArn], {
      StringEquals: { 's3:prefix': prefixes },
    });
    allow(
      'DeleteSweptObjects',
      ['s3:DeleteObject'],
      prefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`)),
    );
    const index = (table: { tableArn: string }) => `${table.tableArn}/index/${BY_MAILBOX_INDEX}`;
    allow('FindHoldsAndLinks', ['dynamodb:Query'], [index(tables.holds), index(tables.portalLinks)]);
    allow(
      'DeleteHoldsAndLinks',
      ['dynamodb:DeleteItem'],
      [tables.holds.tableArn, tables.portalLinks.tableArn],
    );
    // Appending an entry is a transaction of two conditional PutItems (the entry and its chain's
    // head) after a GetItem of the head; UpdateItem and DeleteItem are denied (DenyAuditChanges).
    allow('AppendDecisions', ['dynamodb:GetItem', 'dynamodb:PutItem'], [tables.decisions.tableArn]);
    // Customer-managed table encryption: reading and writing items uses the data key.
    props.encryptionKey.grant(this.role, 'kms:Decrypt', 'kms:GenerateDataKey');

    const stack = Stack.of(this);
    const bucketId = stack.resolve(stack.getLogicalId(bucket.node.defaultChild as CfnElement));
    for (const prefix of prefixes) {
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${prefix}*]`,
        reason: PREFIX_REASON,
      });
    }
  }
}
